/**
 * Provenance in results files and `kaohe hash`, as a user runs them: the CSV, JSON and workbook
 * of one scoring carry the same results file hash (the SHA-256 of the CSV's own bytes), `kaohe
 * hash` recomputes it from each file's contents alone, a file changed after it was written is
 * refused, and anything that isn't a results file is a clear error.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSandbox, root } from '../cli-runner.js';

const scheme = join(root, 'templates/demo-green.yaml');
const data = join(root, 'templates/demo-green.csv');
const { dir, kaohe } = cliSandbox('kaohe-hash-');
const sha256 = (bytes: string | Buffer): string => createHash('sha256').update(bytes).digest('hex');
const file = (name: string): string => join(dir, name);

const scored = (() => {
  for (const ext of ['csv', 'json', 'xlsx']) {
    const r = kaohe('score', scheme, data, '-o', file(`r.${ext}`));
    if (r.code !== 0) throw new Error(r.stderr);
  }
  return { csvHash: sha256(readFileSync(file('r.csv'))) };
})();

const hashOf = (path: string) => {
  const r = kaohe('hash', path);
  return { ...r, hash: r.stdout.split(/\s+/)[0] };
};

describe('results files carry their provenance', () => {
  it('CSV: the header stays on line 1; a sibling .meta.json states engine, plan, as-of and the hash of the CSV bytes', () => {
    expect(readFileSync(file('r.csv'), 'utf8').split('\n')[0]).toMatch(/^id,rank,score,grade,.*,deductions,bonuses,vetoes,lists$/);
    const meta = JSON.parse(readFileSync(file('r.csv.meta.json'), 'utf8'));
    expect(meta).toMatchObject({ scheme: { id: 'demo-green' }, resultsCsvHash: scored.csvHash, snapshotHash: null, runId: null, runResultsHash: null, auditHead: null, asOf: null });
    expect(meta.planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.engine).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('JSON: the same fields at the top level, with the same hash', () => {
    const json = JSON.parse(readFileSync(file('r.json'), 'utf8'));
    const meta = JSON.parse(readFileSync(file('r.csv.meta.json'), 'utf8'));
    for (const k of ['engine', 'planHash', 'snapshotHash', 'asOf', 'resultsCsvHash', 'runId', 'runResultsHash', 'auditHead']) expect(json[k], k).toEqual(meta[k]);
    expect(json.entities).toHaveLength(9);
  });
});

describe('kaohe hash', () => {
  it('recomputes the same hash from the CSV, the JSON and the workbook, matching what each states', () => {
    for (const ext of ['csv', 'json', 'xlsx']) {
      const r = hashOf(file(`r.${ext}`));
      expect(r.code, `${ext}: ${r.stderr}`).toBe(0);
      expect(r.hash, ext).toBe(scored.csvHash);
      expect(r.stdout).toBe(`${scored.csvHash}  ${file(`r.${ext}`)}\n`);
      expect(r.stderr, ext).toMatch(/9 个实体；与文件记载的结果哈希一致 \/ 9 entities; matches the results hash the file states/);
    }
  });

  it('a round with dated list entries: the CSV\'s list_since / list_until come back from the JSON and the workbook, and a changed date is found', () => {
    const args = [join(root, 'templates/jiangsu-credit-12/scheme.yaml'), join(root, 'test/golden/fixtures/jiangsu-data.csv'),
      '--records', join(root, 'test/golden/fixtures/jiangsu-records.csv'), '--as-of', '2025-06-30'];
    for (const ext of ['csv', 'json', 'xlsx']) expect(kaohe('score', ...args, '-o', file(`dated.${ext}`)).code).toBe(0);
    const csv = readFileSync(file('dated.csv'), 'utf8');
    expect(csv).toContain('\nJ02,7,-3,black,-3,0,0,,blacklist,2025-01-05,2028-01-04\n');
    for (const ext of ['csv', 'json', 'xlsx']) expect(hashOf(file(`dated.${ext}`)).hash, ext).toBe(sha256(csv));
    const json = JSON.parse(readFileSync(file('dated.json'), 'utf8'));
    json.entities.find((e: { id: string }) => e.id === 'J02').lists[0].until = '2028-01-05';
    writeFileSync(file('dated-edited.json'), JSON.stringify(json));
    expect(hashOf(file('dated-edited.json'))).toMatchObject({ code: 1, hash: sha256(csv.replace('2028-01-04', '2028-01-05')) });
  });

  it('a file changed after it was written: a new hash, and exit 1 naming both', () => {
    const json = JSON.parse(readFileSync(file('r.json'), 'utf8'));
    json.entities[0].score += 10;
    writeFileSync(file('edited.json'), JSON.stringify(json));
    const r = hashOf(file('edited.json'));
    expect(r.code).toBe(1);
    expect(r.hash).not.toBe(scored.csvHash);
    expect(r.stderr).toContain(`文件记载的结果哈希为 ${scored.csvHash}，按其内容重算为 ${r.hash}`);
    expect(r.stderr).toMatch(/it was changed after it was written/);

    const csv = readFileSync(file('r.csv'), 'utf8').split('\n');
    csv[1] = csv[1].replace(/,(\d+\.\d+),/, (_, v: string) => `,${Number(v) + 10},`);
    writeFileSync(file('edited.csv'), csv.join('\n'));
    writeFileSync(file('edited.csv.meta.json'), readFileSync(file('r.csv.meta.json')));
    const c = hashOf(file('edited.csv'));
    expect(c.code).toBe(1);
    expect(c.hash).toBe(sha256(readFileSync(file('edited.csv'))));
  });

  it('a results CSV without its .meta.json still hashes, and says it states none', () => {
    writeFileSync(file('bare.csv'), readFileSync(file('r.csv')));
    const r = hashOf(file('bare.csv'));
    expect(r.code).toBe(0);
    expect(r.hash).toBe(scored.csvHash);
    expect(r.stderr).toMatch(/the file states no results hash/);
  });

  it('not a results file: exit 1 with a clear zh/en message naming where', () => {
    writeFileSync(file('notes.txt'), 'hello');
    writeFileSync(file('other.json'), '{"entities": []}');
    writeFileSync(file('broken.json'), '{');
    expect(kaohe('template', scheme, '-o', file('template.xlsx')).code).toBe(0);
    const cases: [string, RegExp][] = [
      [data, /demo-green\.csv:1.*表头应以 id,rank,score,grade 开头/s],
      [file('notes.txt'), /扩展名应为 \.csv、\.json 或 \.xlsx，实际为「\.txt」/],
      [file('other.json'), /other\.json: columns.*it has no columns\.nodes and columns\.groups/s],
      [file('broken.json'), /it is not valid JSON/],
      [file('template.xlsx'), /it has no hidden _results sheet/],
      [file('missing.csv'), /找不到结果文件 \/ results file not found/],
    ];
    for (const [path, message] of cases) {
      const r = kaohe('hash', path);
      expect(r.code, path).toBe(1);
      expect(r.stdout, path).toBe('');
      expect(r.stderr, path).toMatch(message);
      if (!/missing/.test(path)) expect(r.stderr, path).toMatch(/不是 kaohe 结果文件.*not a kaohe results file/s);
    }
    expect(kaohe('hash').code).toBe(2);
  });
});
