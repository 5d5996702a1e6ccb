/**
 * Importing round data from .xlsx (io/xlsx/): a workbook reads to the same Frame as the same
 * data in CSV, whether laid out as the fill-in template or as a plain sheet; typed cells (numbers,
 * dates, booleans, formulas, percent formats) and the texts people type are read as the contract
 * says; dates don't move with the time zone. Bad workbooks are in bad-workbooks.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, type CompiledPlan } from '../../engine/index.js';
import { KaoheError, parseSchemeObject } from '../../indicators/index.js';
import { loadSchemeFile, readCsvText, readDataFile, readWorkbookBuffer, readWorkbookFile } from '../../io/index.js';
import { root } from '../cli-runner.js';
import { L } from '../helpers.js';
import { contractWorkbook, csvRows, expectSameFrame, plainWorkbook, removeAll, save, scratch } from './workbooks.js';

const DAY = 86_400_000;
const dir = scratch('kaohe-xlsx-import-');
const demoCsv = readFileSync(join(root, 'templates/demo-green.csv'), 'utf8');
let demo: CompiledPlan;

beforeAll(async () => {
  demo = compile(await loadSchemeFile(join(root, 'templates/demo-green.yaml')));
});
afterAll(() => removeAll(dir));

describe('a workbook imports as the same data in CSV', () => {
  it('laid out as the fill-in template (labels, units, header in row 3, metadata sheet)', async () => {
    const [, ...rows] = csvRows(demoCsv);
    const header = demoCsv.split('\n')[0].split(',');
    const { wb } = contractWorkbook(demo.plan, demo.hash, rows, { header });
    const path = await save(wb, join(dir, 'template.xlsx'));
    expectSameFrame(await readWorkbookFile(path, demo.plan), readCsvText(demoCsv, demo.plan));
  });

  it('as a plain sheet whose row 1 is the CSV header, after a hidden sheet', async () => {
    const { wb } = plainWorkbook([], 'notes');
    wb.getWorksheet('notes')!.state = 'hidden';
    const sheet = wb.addWorksheet('第一季度');
    for (const r of csvRows(demoCsv)) sheet.addRow(r);
    const path = await save(wb, join(dir, 'plain.xlsx'));
    expectSameFrame(await readWorkbookFile(path, demo.plan), readCsvText(demoCsv, demo.plan));
  });

  it('with every cell typed as text (a sheet formatted as text)', async () => {
    const rows = demoCsv.trim().split('\n').map((l) => l.split(',').map((v) => (v === '' ? null : v)));
    const path = await save(plainWorkbook(rows).wb, join(dir, 'text.xlsx'));
    expectSameFrame(await readWorkbookFile(path, demo.plan), readCsvText(demoCsv, demo.plan));
  });

  it('from bytes (the service) as from a file, and through readDataFile by extension', async () => {
    const path = await save(plainWorkbook(csvRows(demoCsv)).wb, join(dir, 'bytes.xlsx'));
    const fromFile = await readWorkbookFile(path, demo.plan);
    expectSameFrame(await readWorkbookBuffer(readFileSync(path), demo.plan), fromFile);
    expectSameFrame(await readDataFile(path, demo.plan), fromFile);
  });

  it('skips blank rows, and rows above the header', async () => {
    const [header, ...rows] = csvRows(demoCsv);
    const { wb, data } = plainWorkbook([['2025 年度数据'], [], header, rows[0], [], [null, '  '], ...rows.slice(1)]);
    data.getRow(9).height = 30; // a formatted row without values
    const path = await save(wb, join(dir, 'blank-rows.xlsx'));
    expectSameFrame(await readWorkbookFile(path, demo.plan), readCsvText(demoCsv, demo.plan));
  });
});

describe('typed cells and typed text', () => {
  const { plan, hash } = compile(parseSchemeObject({
    id: 'cells', version: '2', name: L('Cells'), subject: 'region',
    missingValues: ['—', '无'],
    attributes: [{ id: 'province', label: L('province'), categories: ['江苏', '安徽'] }],
    inputs: [
      { id: 'pct', label: { zh: '森林覆盖率', en: 'forest cover' }, unit: '%', range: [0, 100] },
      { id: 'gdp', label: L('gdp'), unit: '亿元' },
      { id: 'opened', label: L('opened'), type: 'date' },
      { id: 'fraud', label: L('fraud'), type: 'boolean' },
    ],
    tree: { id: 'root', label: L('Root'), children: [{ id: 'f', input: 'pct', label: L('f'), normalise: { method: 'none' } }] },
  }));
  const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / DAY;

  async function typedWorkbook(name: string, date1904 = false): Promise<string> {
    const { wb, data } = contractWorkbook(plan, hash, [
      [320100, '南京', '江苏', 0.455, '12,345.6', new Date(Date.UTC(2024, 1, 29)), true],
      ['A-2', '芜湖', ' 安徽\u3000', '４５．５％', 100, ' 2024-03-01 ', '否'],
      ['A-3', '宣城', '无', { formula: 'B5*0+30', result: 30 }, '—', { formula: 'DATE(2024,1,5)', result: new Date(Date.UTC(2024, 0, 5)) }, 0],
      ['A-4', null, null, ' 7 % ', '１，０００', new Date(Date.UTC(1999, 11, 31, 18, 30)), 'TRUE'],
    ]);
    if (date1904) wb.properties.date1904 = true;
    data.getCell('D4').numFmt = '0.0%';
    data.getCell('F6').numFmt = 'yyyy-mm-dd';
    return save(wb, join(dir, name));
  }

  it('reads numbers, percent formats, thousands, full-width text, dates, formulas, booleans and missing markers', async () => {
    const f = await readWorkbookFile(await typedWorkbook('typed.xlsx'), plan);
    expect(f.ids).toEqual(['320100', 'A-2', 'A-3', 'A-4']);
    expect(f.names).toEqual(['南京', '芜湖', '宣城', null]);
    expect(Array.from(f.columns.get('pct')!)).toEqual([45.5, 45.5, 30, 7]);
    expect(Array.from(f.columns.get('gdp')!)).toEqual([12345.6, 100, NaN, 1000]);
    expect(Array.from(f.columns.get('opened')!)).toEqual([day(2024, 2, 29), day(2024, 3, 1), day(2024, 1, 5), day(1999, 12, 31)]);
    expect(Array.from(f.columns.get('fraud')!)).toEqual([1, 0, 0, 1]);
    expect(Array.from(f.columns.get('province')!)).toEqual([0, 1, NaN, NaN]);
  });

  it('reads calendar dates whatever the time zone, and in the 1904 date system', async () => {
    const path = await typedWorkbook('zones.xlsx');
    const saved = process.env.TZ;
    const dates: number[][] = [];
    try {
      for (const [tz, offset] of [['Pacific/Kiritimati', -840], ['America/Los_Angeles', 480], ['Asia/Shanghai', -480]] as const) {
        process.env.TZ = tz;
        expect(new Date(Date.UTC(2024, 0, 1)).getTimezoneOffset(), tz).toBe(offset);
        dates.push(Array.from((await readWorkbookFile(path, plan)).columns.get('opened')!));
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    const expected = [day(2024, 2, 29), day(2024, 3, 1), day(2024, 1, 5), day(1999, 12, 31)];
    for (const d of dates) expect(d).toEqual(expected);
    expect(Array.from((await readWorkbookFile(await typedWorkbook('1904.xlsx', true), plan)).columns.get('opened')!)).toEqual(expected);
  });
});

describe('the command line', () => {
  const cli = join(root, 'dist/cli/main.js');
  const tmp = scratch('kaohe-xlsx-cli-tmp-');
  afterAll(() => {
    expect(readdirSync(tmp)).toEqual([]);
    removeAll(tmp);
  });

  it('scores an .xlsx round to the same results file as the CSV, leaving no temporary files', async () => {
    const xlsx = await save(contractWorkbook(demo.plan, demo.hash, csvRows(demoCsv).slice(1), { header: demoCsv.split('\n')[0].split(',') }).wb, join(dir, 'round.xlsx'));
    const run = (data: string, out: string) => spawnSync(process.execPath, [cli, 'score', join(root, 'templates/demo-green.yaml'), data, '-o', out], { cwd: dir, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
    const a = run(xlsx, join(dir, 'from-xlsx.csv'));
    expect(a.status, a.stderr).toBe(0);
    const b = run(join(root, 'templates/demo-green.csv'), join(dir, 'from-csv.csv'));
    expect(b.status, b.stderr).toBe(0);
    expect(readFileSync(join(dir, 'from-xlsx.csv'), 'utf8')).toBe(readFileSync(join(dir, 'from-csv.csv'), 'utf8'));
  });

  it('refuses an old .xls by its extension', async () => {
    await expect(readDataFile(join(dir, 'old.xls'), demo.plan)).rejects.toThrow(KaoheError);
    await expect(readDataFile(join(dir, 'old.xls'), demo.plan)).rejects.toThrow(/save it as \.xlsx/);
  });
});
