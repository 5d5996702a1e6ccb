/**
 * Writes the golden cases that are not on disk yet (run by hand, never by the suite):
 *
 *   node_modules/.bin/vite-node test/golden/generate.ts [CASE_ID ...]
 *
 * Each case is scored by the engine of this commit and written to cases/<id>/ with its
 * case.json. A case that exists is never written again: golden files are only ever added.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { ENGINE_VERSION, shutdownPool } from '../../engine/index.js';
import { schemeObject as asemScheme, toKaoheCsv as asemCsv } from '../conformance/asem-data.js';
import { rawInputCsv as epiRawCsv } from '../conformance/epi-inputs.js';
import { caseInputs, GOLDEN, scoreCase, sha256, type CaseFile } from './golden-case.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const TEMPLATES = join(ROOT, 'templates');
/** Files above this size are stored gzipped. */
const GZIP_FROM = 256 * 1024;
/** Results above this size (gzipped) keep only their head and hashes. */
const HEAD_ONLY_FROM = 1024 * 1024;
const HEAD_LINES = 21;

type Text = { file: string } | { text: string };

interface Spec {
  id: string;
  /** The semantics level the case is compiled at. */
  semantics: number;
  description: string;
  scheme: Text;
  data: Text | { synth: { n: number; seed: number } };
  records?: Text;
  asOf: string;
  threads?: number[];
}

const read = (t: Text): string => ('file' in t ? readFileSync(t.file, 'utf8') : t.text);
const template = (id: string, file: string): { file: string } => ({ file: join(TEMPLATES, id, file) });
const edges = (file: string): { file: string } => ({ file: join(GOLDEN, 'fixtures', file) });

const TEMPLATE_ROUNDS = ['eco-civ-assessment', 'enterprise-credit-2013', 'gdi-2016', 'xinan-compensation'].flatMap((id) =>
  ['2023', '2024', '2025'].map((year): Spec => ({
    id: `${id}-${year}`,
    semantics: 1,
    description: `templates/${id}: the ${year} demo round / 模板 ${id} 的 ${year} 年演示轮次`,
    scheme: template(id, 'scheme.yaml'),
    data: template(id, `${year}.csv`),
    asOf: `${year}-12-31`,
  })));

const SPECS: Spec[] = [
  ...TEMPLATE_ROUNDS,
  {
    id: 'demo-green-2025',
    semantics: 1,
    description: 'templates/demo-green: the round npm start scores / 演示方案的演示轮次',
    scheme: { file: join(TEMPLATES, 'demo-green.yaml') },
    data: { file: join(TEMPLATES, 'demo-green.csv') },
    asOf: '2025-12-31',
  },
  ...['2022-11-02', '2025-12-31'].map((asOf): Spec => ({
    id: `official-accountability-${asOf}`,
    semantics: 1,
    description: `templates/official-accountability: the sample officials and records as of ${asOf} / 样例干部及记录`,
    scheme: template('official-accountability', 'scheme.yaml'),
    data: template('official-accountability', 'officials.csv'),
    records: template('official-accountability', 'records.csv'),
    asOf,
  })),
  ...['2025-06-30', '2025-09-10', '2025-12-31'].map((asOf): Spec => ({
    id: `jiangsu-credit-12-${asOf}`,
    semantics: 1,
    description: `templates/jiangsu-credit-12 on dated records as of ${asOf}: expiry on the day, repair, commitments, the cap / 按基准日的动态记分`,
    scheme: template('jiangsu-credit-12', 'scheme.yaml'),
    data: edges('jiangsu-data.csv'),
    records: edges('jiangsu-records.csv'),
    asOf,
  })),
  {
    id: 'coinr-asem',
    semantics: 1,
    description: 'conformance/coinr-asem: the ASEM index as built by test/conformance/asem.test.ts / ASEM 一致性轮次',
    scheme: { text: stringify(asemScheme()) },
    data: { text: asemCsv() },
    asOf: '2018-12-31',
  },
  {
    id: 'epi-2020',
    semantics: 1,
    description: 'conformance/epi2020: templates/epi-2020 on the raw input CSV of test/conformance/epi2020.test.ts / EPI 2020 一致性轮次',
    scheme: template('epi-2020', 'scheme.yaml'),
    data: { text: epiRawCsv().text },
    asOf: '2020-12-31',
  },
  {
    id: 'edges',
    semantics: 1,
    description: 'ties (exact and after rounding), missing values (blank, NA, a declared marker, imputed, below the threshold), deductions over their cap, vetoes forcing and capping grades, scores at grade edges / 并列、缺失、一票否决、等级边界',
    scheme: edges('edges.yaml'),
    data: edges('edges.csv'),
    asOf: '2025-12-31',
  },
  {
    id: 'jiangsu-credit-12-semantics-3',
    semantics: 3,
    description: 'templates/jiangsu-credit-12 on the dated records as of 2025-06-30 at semantics level 3: list_since and list_until after lists / 语义级别 3：结果 CSV 含名单起止日期',
    scheme: template('jiangsu-credit-12', 'scheme.yaml'),
    data: edges('jiangsu-data.csv'),
    records: edges('jiangsu-records.csv'),
    asOf: '2025-06-30',
  },
  {
    id: 'edges-semantics-2',
    semantics: 2,
    description: 'the edge fixtures at semantics level 2: grades on the published (rounded) score / 语义级别 2：等级按公布（舍入后）的得分判定',
    scheme: edges('edges.yaml'),
    data: edges('edges.csv'),
    asOf: '2025-12-31',
  },
  {
    id: 'gdi-2016-synth-20000',
    semantics: 1,
    description: 'templates/gdi-2016 on 20,000 synthetic regions (kaohe synth --n 20000 --seed 2016), scored on the worker pool / 两万个合成地区，线程池评分',
    scheme: template('gdi-2016', 'scheme.yaml'),
    data: { synth: { n: 20_000, seed: 2016 } },
    asOf: '2025-12-31',
    threads: [1, 2],
  },
];

function put(dir: string, name: string, text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length < GZIP_FROM) {
    writeFileSync(join(dir, name), bytes);
    return name;
  }
  writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  return `${name}.gz`;
}

async function write(spec: Spec): Promise<void> {
  const dir = join(GOLDEN, 'cases', spec.id);
  if (existsSync(dir)) {
    console.log(`${spec.id}: 已存在，金标准文件只增不改 / exists; golden files are never rewritten`);
    return;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'scheme.yaml'), read(spec.scheme));
  const synth = 'synth' in spec.data ? spec.data.synth : null;
  const data = 'synth' in spec.data ? null : put(dir, 'data.csv', read(spec.data));
  const records = spec.records ? put(dir, 'records.csv', read(spec.records)) : null;
  const where = { semantics: spec.semantics, scheme: 'scheme.yaml', data, synth, records, asOf: spec.asOf };
  const inputs = caseInputs(dir, where);
  const scored = await scoreCase(inputs, spec.threads?.at(-1));
  const csv = Buffer.from(scored.resultsCsv, 'utf8');
  const fits = csv.length < GZIP_FROM || gzipSync(csv, { level: 9 }).length < HEAD_ONLY_FROM;
  const c: CaseFile = {
    id: spec.id,
    description: spec.description,
    engine: ENGINE_VERSION,
    ...where,
    threads: spec.threads ?? [],
    entities: scored.resultsCsv.split('\n').length - 2,
    dataSha256: sha256(inputs.data),
    recordsSha256: inputs.records === null ? null : sha256(inputs.records),
    planHash: scored.planHash,
    snapshotHash: scored.snapshotHash,
    resultsHash: scored.resultsHash,
    resultsCsvSha256: sha256(csv),
    results: fits ? put(dir, 'results.csv', scored.resultsCsv) : null,
    resultsHead: fits ? null : scored.resultsCsv.split('\n').slice(0, HEAD_LINES),
  };
  writeFileSync(join(dir, 'case.json'), `${JSON.stringify(c, null, 2)}\n`);
  console.log(`${spec.id}: ${c.entities} entities, results ${c.resultsHash.slice(0, 12)}`);
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((id) => !SPECS.some((s) => s.id === id));
if (unknown.length > 0) throw new Error(`未知的金标准用例 / unknown golden cases: ${unknown.join(', ')}`);
for (const spec of SPECS) if (wanted.length === 0 || wanted.includes(spec.id)) await write(spec);
await shutdownPool();
