/**
 * One workbook per city: each city downloads the round's template (every roster row prefilled),
 * fills its own row and uploads it. The rows it left empty must not erase what other cities
 * sent, nor count as reported; a template sent back with nothing filled in is refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEMPLATE_SHEETS } from '../../io/index.js';
import { demoYearCsv } from '../../store/demo-seed.js';
import { getRound, loadSnapshot } from '../../store/index.js';
import { bearer, collectingDemoRound, counts, demoServer, TEMPLATES, upload, type DemoServer } from './helpers.js';

const HEADER_ROW = 3;
const FIRST_DATA_ROW = 4;
/** An input whose demo values are distinct numbers, to follow through the merges. */
const COLUMN = 'pm25';
const demo = parse(demoYearCsv(readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8'), 0), { columns: true }) as Record<string, string>[];

let s: DemoServer;
let office: Record<string, string>;
let round: number;
let template: Buffer;
let csvTemplate: string;

beforeAll(async () => {
  s = await demoServer();
  office = bearer(s.token('office'));
  round = await collectingDemoRound(s, office, '各市分别填报', 2027);
  template = (await s.app.inject({ url: `/api/rounds/${round}/template`, headers: office })).rawPayload;
  csvTemplate = (await s.app.inject({ url: `/api/rounds/${round}/template?format=csv`, headers: office })).body;
});
afterAll(async () => { await s.close(); });

/** The template with only `cityId`'s row filled from the demo data. */
async function oneCityWorkbook(cityId: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(TEMPLATE_SHEETS.data)!;
  const header = (ws.getRow(HEADER_ROW).values as unknown[]).map((v) => (v === undefined ? '' : String(v)));
  const data = demo.find((x) => x.id === cityId)!;
  for (let r = FIRST_DATA_ROW; r <= ws.rowCount; r++) {
    if (String(ws.getRow(r).getCell(1).value) !== cityId) continue;
    header.forEach((col, c) => {
      const v = data[col];
      if (c > 2 && v !== undefined && v !== 'NA') ws.getRow(r).getCell(c).value = /^-?[\d.]+$/.test(v) ? Number(v) : v;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The round's current data: input `column` by entity id. */
function roundValues(column: string): Map<string, number> {
  const frame = loadSnapshot(s.db, getRound(s.db, round).snapshotHash!);
  const values = frame.columns.get(column)!;
  return new Map(frame.ids.map((id, r) => [id, values[r]]));
}

describe('one workbook per city', () => {
  test('the template sent back empty is refused, and nothing is stored', async () => {
    const before = counts(s.db);
    const r = await upload(s.app, round, office, { name: '空表.xlsx', content: template });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.problems[0].zh).toContain('没有填写任何数据');
    expect(r.json().error.problems[0].en).toContain('the file has no data');
    const csv = await upload(s.app, round, office, { name: 'empty.csv', content: csvTemplate });
    expect(csv.statusCode).toBe(422);
    expect(csv.json().error.problems[0].where).toBe('empty.csv');
    expect(counts(s.db)).toEqual(before);
  });

  test("each city's file adds its own row and leaves the others' as they were", async () => {
    const nanjing = await upload(s.app, round, office, { name: '南京.xlsx', content: await oneCityWorkbook('320100') });
    expect(nanjing.statusCode).toBe(201);
    const first = nanjing.json().submission.report;
    expect(first).toMatchObject({ rows: 9, blankRows: 8, roundEntities: 1, expectedEntities: 9, missingCount: 8 });
    expect(first.missingEntities).not.toContain('320100');

    const changzhou = await upload(s.app, round, office, { name: '常州.xlsx', content: await oneCityWorkbook('320400') });
    expect(changzhou.statusCode).toBe(201);
    expect(changzhou.json().submission.report).toMatchObject({ blankRows: 8, roundEntities: 2, missingCount: 7 });

    // Nanjing's values survived Changzhou's file, whose Nanjing row was empty.
    const values = roundValues(COLUMN);
    expect([...values.keys()].sort()).toEqual(['320100', '320400']);
    expect(values.get('320100')).toBe(Number(demo.find((x) => x.id === '320100')![COLUMN]));
    expect(values.get('320400')).toBe(Number(demo.find((x) => x.id === '320400')![COLUMN]));
  });

  test("a row sent again (CSV template) replaces that city's row only", async () => {
    const values = csvRowValues('320400', { [COLUMN]: '12.5' });
    const csv = csvTemplate.replace(/^(320400,[^,\n]*),[^\r\n]*/m, (_, head: string) => `${head},${values}`);
    const again = await upload(s.app, round, office, { name: '常州-重报.csv', content: csv });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().submission.report).toMatchObject({ rows: 9, blankRows: 8, roundEntities: 2 });
    const now = roundValues(COLUMN);
    expect(now.get('320400')).toBe(12.5);
    expect(now.get('320100')).toBe(Number(demo.find((x) => x.id === '320100')![COLUMN]));
  });
});

/** The demo values of one city in the CSV template's column order (after id and name). */
function csvRowValues(id: string, override: Record<string, string> = {}): string {
  const header = csvTemplate.replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',').slice(2);
  const data = { ...demo.find((x) => x.id === id)!, ...override };
  return header.map((h) => (data[h] === 'NA' ? '' : data[h] ?? '')).join(',');
}
