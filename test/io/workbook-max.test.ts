/**
 * The results workbook at the largest size it takes (MAX_WORKBOOK_ENTITIES, one worksheet's
 * rows on the hidden _results sheet), written in a small heap in a child process: every
 * entity is there, and the workbook states the same results CSV hash as the CSV of the
 * same results. (CSV and JSON at kaohe synth's maximum: results-output.test.ts.)
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { MAX_WORKBOOK_ENTITIES, RESULT_SHEETS } from '../../io/index.js';
import { root } from '../cli-runner.js';
import { L, load, schemeWith } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kaohe-workbook-max-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Per sheet entry: its rows, the first cell text of its last row, and whether it holds `needle`. */
async function scanSheets(path: string, needle: string): Promise<Map<string, { rows: number; lastId: string; found: boolean }>> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  const out = new Map<string, { rows: number; lastId: string; found: boolean }>();
  for await (const e of zip.eachEntry()) {
    if (!e.fileName.startsWith('xl/worksheets/')) continue;
    let rows = 0;
    let found = false;
    let tail = '';
    for await (const c of await zip.openReadStreamPromise(e)) {
      const text = tail + (c as Buffer).toString('utf8');
      rows += text.split('<row ').length - tail.split('<row ').length;
      found ||= text.includes(needle);
      tail = text.slice(-4096);
    }
    const last = tail.slice(tail.lastIndexOf('<row '));
    out.set(e.fileName, { rows, lastId: /<v>([^<]*)<\/v>/.exec(last)?.[1] ?? '', found });
  }
  zip.close();
  return out;
}

/** The workbook's sheet names, in order (sheetN.xml is the N-th). */
async function workbookSheets(path: string): Promise<string[]> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  let xml = '';
  for await (const e of zip.eachEntry()) {
    if (e.fileName !== 'xl/workbook.xml') continue;
    for await (const c of await zip.openReadStreamPromise(e)) xml += (c as Buffer).toString('utf8');
  }
  zip.close();
  return [...xml.matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1]);
}

describe('the results workbook at its maximum', () => {
  it(`writes ${MAX_WORKBOOK_ENTITIES.toLocaleString('en-US')} entities in a 256 MB heap, every one, stating the CSV's hash`, async () => {
    const dist = join(root, 'dist/io/index.js');
    expect(existsSync(dist), 'dist/ is missing: run `npm run build` (npm test does it first)').toBe(true);
    const xlsx = join(dir, 'max.xlsx');
    const script = `
      import { compile, evaluate } from ${JSON.stringify(join(root, 'dist/engine/index.js'))};
      import { parseSchemeObject } from ${JSON.stringify(join(root, 'dist/indicators/index.js'))};
      import { writeResultsFile, writeResultsWorkbook } from ${JSON.stringify(dist)};
      const n = ${MAX_WORKBOOK_ENTITIES}, L = (en) => ({ zh: en, en });
      const c = compile(parseSchemeObject(${JSON.stringify(load(schemeWith(['a', 'b'], { grades: [{ id: 'hi', label: L('High'), min: 50 }, { id: 'lo', label: L('Low'), max: 50 }] })))}));
      const a = new Float64Array(n), b = new Float64Array(n);
      for (let i = 0; i < n; i++) { a[i] = (i * 7919) % 1000 / 7; b[i] = i % 13 === 0 ? NaN : (i * 104729) % 997; }
      const frame = { n, ids: Array.from({ length: n }, (_, i) => 'E' + i), names: null, columns: new Map([['a', a], ['b', b]]), dictionaries: new Map() };
      const r = evaluate(c, frame);
      await writeResultsWorkbook(r, ${JSON.stringify(xlsx)});
      const csv = await writeResultsFile(r, ${JSON.stringify(join(dir, 'max.csv'))}, 'csv', null);
      process.stdout.write(csv.resultsCsvHash);
    `;
    const child = await promisify(execFile)(process.execPath, ['--max-old-space-size=256', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 900_000 });
    expect(child.stderr).toBe('');
    const csvHash = child.stdout;
    expect(csvHash).toMatch(/^[0-9a-f]{64}$/);
    const sheets = await scanSheets(xlsx, csvHash);
    const names = await workbookSheets(xlsx);
    // The hidden sheet (a header row, then the entities in CSV order) fills one worksheet whole.
    const hidden = sheets.get(`xl/worksheets/sheet${names.indexOf(RESULT_SHEETS.data) + 1}.xml`)!;
    expect(hidden.rows).toBe(MAX_WORKBOOK_ENTITIES + 1);
    expect(hidden.lastId).toBe(`E${MAX_WORKBOOK_ENTITIES - 1}`);
    // The ranking's table (two header rows) goes on in a second sheet, with the last entity.
    expect(names.slice(0, 2)).toEqual([RESULT_SHEETS.ranking, `${RESULT_SHEETS.ranking} (2)`]);
    expect(sheets.get('xl/worksheets/sheet1.xml')!.rows + sheets.get('xl/worksheets/sheet2.xml')!.rows).toBe(MAX_WORKBOOK_ENTITIES + 4);
    expect(sheets.get(`xl/worksheets/sheet${names.indexOf(RESULT_SHEETS.run) + 1}.xml`)!.found).toBe(true);
  }, 900_000);
});
