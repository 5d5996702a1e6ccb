/**
 * Results files written piece by piece (io/csv-output.ts, io/json-output.ts, io/results-file.ts):
 * the same bytes as the whole document built at once, across chunk boundaries; atomic; and the
 * documented maximum (kaohe synth's 5,000,000 rows) written as CSV and JSON in a small heap,
 * where one string of the output cannot exist. A workbook past one worksheet's rows is refused.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, evaluate, roundHalfEven, type Frame, type Results } from '../../engine/index.js';
import { MAX_SYNTH_ROWS, MAX_WORKBOOK_ENTITIES, numberCell, readCsvText, resultsCsv, resultsJson, textCell, writeResultsFile, writeResultsWorkbook } from '../../io/index.js';
import { KaoheError, parseSchemeObject } from '../../indicators/index.js';
import { OUTPUT_CHUNK_ROWS } from '../../io/csv-output.js';
import { provenanceOf } from '../../io/results-provenance.js';
import { resultsCsvPieces, resultsJsonPieces } from '../../io/results-stream.js';
import { roundedText } from '../../io/xlsx/xlsx-writer.js';
import { root } from '../cli-runner.js';
import { L, load, schemeWith } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kaohe-results-output-'));
// The largest files are gigabytes.
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two inputs, a veto, a list, a peer group, grades; values missing here and there. */
const scheme = schemeWith(['a', 'b'], {
  attributes: [{ id: 'g', label: L('Group'), categories: ['东', '南', '西'] }],
  ranking: { groups: ['g'] },
  grades: [{ id: 'hi', label: L('High'), min: 50 }, { id: 'lo', label: L('Low'), max: 50 }],
  vetoes: [{ id: 'v1', label: L('V1'), when: 'a > 990', grade: 'lo' }],
  lists: [{ id: 'l1', label: L('L1'), when: 'b < 5' }, { id: 'l2', label: L('L2'), when: 'b < 50' }],
});

function results(n: number): Results {
  const compiled = compile(load(scheme));
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = i % 97 === 0 ? NaN : (i * 7919) % 1000;
    b[i] = (i * 104729) % 997;
    g[i] = i % 3;
  }
  const frame: Frame = {
    n, ids: Array.from({ length: n }, (_, i) => (i % 1000 === 7 ? `=x"${i}` : `E${i}`)), names: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : `名${i}`)) as string[],
    columns: new Map([['a', a], ['b', b], ['g', g]]), dictionaries: new Map([['g', ['东', '南', '西']]]),
  };
  return evaluate(compiled, frame);
}

/** The JSON as one object, stringified whole: how the document is defined. */
function jsonWhole(r: Results): string {
  const { plan, frame } = r;
  const num = (v: number): number | null => (v === v ? v : null);
  const entities = frame.ids.map((id, i) => ({
    id, name: frame.names?.[i] ?? null, rank: num(r.rank[i]), score: num(r.score[i]),
    grade: r.grade[i] === r.grade[i] ? plan.grades[r.grade[i]].id : null,
    nodes: Object.fromEntries(plan.nodes.map((nd, j) => [nd.id, num(r.nodeScores[j][i])])),
    groupRanks: Object.fromEntries(plan.ranking.groups.map((gr, k) => [gr, num(r.groupRanks[k][i])])),
    deductions: num(r.deductions[i]), bonuses: num(r.bonuses[i]),
    vetoes: plan.vetoes.filter((_, k) => r.vetoes[k][i] === 1).map((v) => v.id),
    // Each list entry with its dates: these results have no dated records, so neither is knowable.
    lists: plan.lists.flatMap((l, k) => (r.lists[k][i] === 1 ? [{ id: l.id, since: null, until: null }] : [])),
  }));
  const provenance = provenanceOf(r, null);
  return `${JSON.stringify({ scheme: { id: plan.scheme.id, version: plan.scheme.version }, ...provenance, columns: { nodes: plan.nodes.map((nd) => nd.id), groups: plan.ranking.groups }, entities }, null, 1)}\n`;
}

/** The CSV line by line from the columns, joined whole. */
function csvWhole(r: Results): string {
  const { plan, frame } = r;
  const header = ['id', 'rank', 'score', 'grade', ...plan.nodes.map((nd) => nd.id), ...plan.ranking.groups.map((g) => `rank_${g}`), 'deductions', 'bonuses', 'vetoes', 'lists'];
  const lines = [header.map(textCell).join(',')];
  for (let i = 0; i < frame.n; i++) {
    lines.push([
      textCell(frame.ids[i]), numberCell(r.rank[i]), numberCell(r.score[i]), r.grade[i] === r.grade[i] ? textCell(plan.grades[r.grade[i]].id) : '',
      ...r.nodeScores.map((c) => numberCell(c[i])), ...r.groupRanks.map((c) => numberCell(c[i])), numberCell(r.deductions[i]), numberCell(r.bonuses[i]),
      textCell(plan.vetoes.filter((_, k) => r.vetoes[k][i] === 1).map((v) => v.id).join(';')),
      textCell(plan.lists.filter((_, k) => r.lists[k][i] === 1).map((l) => l.id).join(';')),
    ].join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('results written piece by piece', () => {
  const n = 2 * OUTPUT_CHUNK_ROWS + 5;
  const r = results(n);

  it('the CSV is the document written whole, across chunk boundaries', () => {
    expect(r.vetoes[0].some((v) => v === 1) && r.lists[1].some((v) => v === 1)).toBe(true);
    expect(resultsCsv(r)).toBe(csvWhole(r));
  });

  it('the JSON is JSON.stringify of the whole document, across chunk boundaries', () => {
    expect(resultsJson(r)).toBe(jsonWhole(r));
  });

  it('so is an empty round, and one entity', () => {
    for (const k of [0, 1]) {
      const small = results(k);
      expect(resultsJson(small)).toBe(jsonWhole(small));
      expect(resultsCsv(small)).toBe(csvWhole(small));
    }
  });

  it('writeResultsFile writes those bytes, states their hash, and reports progress to the total', async () => {
    const seen: number[] = [];
    const csvPath = join(dir, 'r.csv');
    const p = await writeResultsFile(r, csvPath, 'csv', null, (done, total) => { expect(total).toBe(n); seen.push(done); });
    expect(readFileSync(csvPath, 'utf8')).toBe(csvWhole(r));
    expect(p.resultsCsvHash).toBe(createHash('sha256').update(csvWhole(r)).digest('hex'));
    expect(seen.at(-1)).toBe(n);
    const jsonPath = join(dir, 'r.json');
    const q = await writeResultsFile(r, jsonPath, 'json', null);
    expect(readFileSync(jsonPath, 'utf8')).toBe(jsonWhole(r));
    expect(q.resultsCsvHash).toBe(p.resultsCsvHash);
  });

  it('a path that cannot be written fails and leaves nothing behind', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kaohe-results-bad-'));
    const path = join(d, 'missing', 'x.csv');
    const e = await writeResultsFile(r, path, 'csv', null).then(() => null, (err: unknown) => err);
    // The user's to fix: a clear error naming the file, not an internal one.
    expect(e).toBeInstanceOf(KaoheError);
    expect((e as KaoheError).problems[0]).toMatchObject({ where: path, en: expect.stringMatching(/^cannot write this file \(ENOENT\): check that its folder exists/) });
    expect(readdirSync(d)).toEqual([]);
  });
});

/** Every piece of an async stream, joined. */
async function joined(pieces: AsyncIterable<Buffer>): Promise<string> {
  const all: Buffer[] = [];
  for await (const p of pieces) all.push(p);
  return Buffer.concat(all).toString('utf8');
}

describe('results formatted on the pool, a chunk per task', () => {
  const n = 3 * OUTPUT_CHUNK_ROWS + 11;
  const r = results(n);
  const provenance = provenanceOf(r, null);

  it('give the bytes of one thread, in chunk order, for 1 and 2 threads and chunks of several sizes', async () => {
    const csv = csvWhole(r);
    const json = jsonWhole(r);
    for (const threads of [1, 2]) {
      for (const chunkRows of [1_000, 4_099, OUTPUT_CHUNK_ROWS, n + 1]) {
        const options = { threads, chunkRows, parallelFrom: 0 };
        expect(await joined(resultsCsvPieces(r, options)), `csv, ${threads} threads, chunks of ${chunkRows}`).toBe(csv);
        expect(await joined(resultsJsonPieces(r, provenance, options)), `json, ${threads} threads, chunks of ${chunkRows}`).toBe(json);
      }
    }
  }, 120_000);

  it('every piece ends a line: a chunk boundary never cuts an entity\'s line, and the next piece starts the next entity', async () => {
    const pieces: Buffer[] = [];
    for await (const p of resultsCsvPieces(r, { threads: 2, chunkRows: 3, parallelFrom: 0 })) pieces.push(p);
    // The header, then one piece per 3 entities, each ending its last line.
    expect(pieces.length).toBe(1 + Math.ceil(n / 3));
    for (const p of pieces) expect(p.at(-1)).toBe(0x0a);
    expect(pieces[2].toString('utf8').split('\n')[0].split(',')[0]).toBe('E3');
  }, 120_000);

  it('writeResultsFile on 2 threads writes the same file and hash, with progress to the total, CSV and JSON', async () => {
    const seen: number[] = [];
    const csvPath = join(dir, 'p.csv');
    const p = await writeResultsFile(r, csvPath, 'csv', null, (done) => seen.push(done), { threads: 2, parallelFrom: 0 });
    expect(readFileSync(csvPath, 'utf8')).toBe(csvWhole(r));
    expect(p.resultsCsvHash).toBe(createHash('sha256').update(csvWhole(r)).digest('hex'));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(n);
    const jsonPath = join(dir, 'p.json');
    const q = await writeResultsFile(r, jsonPath, 'json', null, undefined, { threads: 2, parallelFrom: 0 });
    expect(readFileSync(jsonPath, 'utf8')).toBe(jsonWhole(r));
    expect(q.resultsCsvHash).toBe(p.resultsCsvHash);
  }, 120_000);

  it('a settlement\'s payer, payee and amount too, across chunks', async () => {
    const settled = compile(parseSchemeObject({
      id: 'settle', version: '1', name: L('Settle'), subject: 'section',
      attributes: [{ id: 'up', label: L('up') }, { id: 'down', label: L('down') }],
      inputs: [{ id: 'p', label: L('p') }],
      tree: { id: 'P', label: L('P'), input: 'p', normalise: 'none' },
      lists: [{ id: 'clean', label: L('clean'), when: 'score <= 1' }],
      settlement: { label: L('comp'), unit: '万元', rules: [{ list: 'clean', payer: 'down', payee: 'up', amount: 10000 }] },
    }));
    const rs = evaluate(settled, readCsvText('id,up,down,p\ns1,安徽,浙江,0.8\ns2,广西,广东,1.2\ns3,河北,"天津, 北",1.0\n', settled.plan));
    const options = { threads: 2, chunkRows: 2, parallelFrom: 0 };
    expect(await joined(resultsCsvPieces(rs, options))).toBe(resultsCsv(rs));
    expect(resultsCsv(rs)).toContain('"天津, 北",河北,10000');
    expect(await joined(resultsJsonPieces(rs, provenanceOf(rs, null), options))).toBe(resultsJson(rs));
  }, 120_000);

  it('a chunk that fails in a worker fails the write with a clear error, and leaves nothing behind', async () => {
    // A grade no plan has: formatting its entity throws in the worker.
    const grade = Float64Array.from(r.grade);
    grade[OUTPUT_CHUNK_ROWS + 3] = 99;
    const bad = { ...r, grade };
    const d = mkdtempSync(join(tmpdir(), 'kaohe-results-fail-'));
    const e = await writeResultsFile(bad, join(d, 'x.csv'), 'csv', null, undefined, { threads: 2, parallelFrom: 0 }).then(() => null, (err: unknown) => err as { problems: { where: string; en: string }[] });
    expect(e?.problems[0].where).toBe(`entities ${OUTPUT_CHUNK_ROWS}–${2 * OUTPUT_CHUNK_ROWS - 1}`);
    expect(e?.problems[0].en).toMatch(/^formatting the results failed in a worker: .*; no results file was written$/);
    expect(readdirSync(d)).toEqual([]);
  }, 120_000);

  it('a path that cannot be written fails on 2 threads too and leaves nothing behind', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kaohe-results-bad-'));
    await expect(writeResultsFile(r, join(d, 'missing', 'x.json'), 'json', null, undefined, { threads: 2, parallelFrom: 0 })).rejects.toThrow(/ENOENT/);
    await expect(writeResultsFile(r, join(d, 'missing', 'x.csv'), 'csv', null, undefined, { threads: 2, parallelFrom: 0 })).rejects.toThrow(/ENOENT/);
    expect(readdirSync(d)).toEqual([]);
  }, 120_000);
});

describe('workbook scores written from integers', () => {
  it('are the half-to-even rounded doubles, ties, negatives and large values included', () => {
    const values = [0, -0, 72.125, 72.135, 39.65, 0.005, -0.005, -4.0625, 99.995, 1e9 + 0.5, 2 ** 40 + 0.25, 123456789.123];
    for (let k = 0; k < 20_000; k++) values.push((Math.sin(k * 12.9898) * 43758.5453) % 1000);
    for (const d of [0, 1, 2, 3, 4]) {
      for (const v of values) expect(Number(roundedText(v, d)), `${v} to ${d}`).toBe(roundHalfEven(v, d) === 0 ? 0 : roundHalfEven(v, d));
    }
    expect(roundedText(72.1, 2)).toBe('72.10');
    expect(roundedText(-0.5, 0)).toBe('0');
    expect(roundedText(-1.5, 0)).toBe('-2');
    expect(roundedText(-0.25, 1)).toBe('-0.2');
  });
});

describe('a workbook past one worksheet', () => {
  it('is refused before any work, naming the limit and what to write instead', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kaohe-results-xlsx-cap-'));
    const big = results(MAX_WORKBOOK_ENTITIES + 1);
    const e = await writeResultsWorkbook(big, join(d, 'x.xlsx')).then(() => null, (err: unknown) => err as { problems: { zh: string; en: string }[] });
    expect(e?.problems[0].en).toMatch(/at most 1048575 entities .* write -o OUT\.csv or \.json instead/);
    expect(e?.problems[0].zh).toMatch(/最多容纳 1048575 个实体/);
    expect(readdirSync(d)).toEqual([]);
  }, 60_000);
});

/** SHA-256 and line count of a file, read as a stream. */
async function digestAndLines(path: string, needle = '\n'): Promise<{ hash: string; lines: number; found: number; head: string; tail: string }> {
  const hash = createHash('sha256');
  let lines = 0;
  let found = 0;
  let carry = '';
  let head = '';
  let tail = '';
  for await (const chunk of createReadStream(path)) {
    const b = chunk as Buffer;
    hash.update(b);
    for (let k = 0; k < b.length; k++) if (b[k] === 0x0a) lines++;
    const text = carry + b.toString('latin1');
    found += text.split(needle).length - 1;
    carry = text.slice(-(needle.length - 1) || text.length);
    if (head.length < 4096) head += b.subarray(0, 4096).toString('utf8');
    tail = (tail + b.subarray(Math.max(0, b.length - 4096)).toString('utf8')).slice(-4096);
  }
  return { hash: hash.digest('hex'), lines, found, head, tail };
}

describe('the documented maximum in a small heap', () => {
  it(`writes ${MAX_SYNTH_ROWS.toLocaleString('en-US')} entities as CSV and as JSON in a 512 MB heap (the output is far past the longest string)`, async () => {
    const dist = join(root, 'dist/io/index.js');
    expect(existsSync(dist), 'dist/ is missing: run `npm run build` (npm test does it first)').toBe(true);
    const csvPath = join(dir, 'max.csv');
    const jsonPath = join(dir, 'max.json');
    const script = `
      import { compile, evaluate } from ${JSON.stringify(join(root, 'dist/engine/index.js'))};
      import { parseSchemeObject } from ${JSON.stringify(join(root, 'dist/indicators/index.js'))};
      import { writeResultsFile } from ${JSON.stringify(dist)};
      const n = ${MAX_SYNTH_ROWS}, L = (en) => ({ zh: en, en });
      const c = compile(parseSchemeObject(${JSON.stringify(load(schemeWith(['a', 'b'], { grades: [{ id: 'hi', label: L('High'), min: 50 }, { id: 'lo', label: L('Low'), max: 50 }] })))}));
      const a = new Float64Array(n), b = new Float64Array(n);
      for (let i = 0; i < n; i++) { a[i] = (i * 7919) % 1000; b[i] = i % 13 === 0 ? NaN : (i * 104729) % 997; }
      const frame = { n, ids: Array.from({ length: n }, (_, i) => 'E' + i), names: null, columns: new Map([['a', a], ['b', b]]), dictionaries: new Map() };
      const r = evaluate(c, frame);
      const csv = await writeResultsFile(r, ${JSON.stringify(csvPath)}, 'csv', null);
      const json = await writeResultsFile(r, ${JSON.stringify(jsonPath)}, 'json', null);
      process.stdout.write(JSON.stringify({ csv: csv.resultsCsvHash, json: json.resultsCsvHash }));
    `;
    // Asynchronously: the test runner's own messages must go on while the child works.
    const child = await promisify(execFile)(process.execPath, ['--max-old-space-size=512', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 600_000 });
    expect(child.stderr).toBe('');
    const stated = JSON.parse(child.stdout) as { csv: string; json: string };
    const csv = await digestAndLines(csvPath);
    expect(csv.lines).toBe(MAX_SYNTH_ROWS + 1);
    expect(csv.hash).toBe(stated.csv);
    expect(stated.json).toBe(stated.csv);
    expect(csv.tail.split('\n').at(-2)!.split(',')[0]).toBe(`E${MAX_SYNTH_ROWS - 1}`);
    const json = await digestAndLines(jsonPath, '\n   "id": ');
    expect(json.head).toContain(`"resultsCsvHash": "${stated.csv}"`);
    expect(json.tail.endsWith('  }\n ]\n}\n')).toBe(true);
    expect(json.tail).toContain(`"id": "E${MAX_SYNTH_ROWS - 1}"`);
    expect(json.found).toBe(MAX_SYNTH_ROWS);
  }, 600_000);
});
