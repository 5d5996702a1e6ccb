/**
 * The Excel side of a round over HTTP: the template workbook downloaded, filled in (exceljs, as
 * a user's spreadsheet program would), uploaded with a bad cell (named by sheet and cell),
 * fixed — giving the same snapshot as the same data in CSV; the results workbook exported; a
 * scheme uploaded as a framework workbook; a roster uploaded as CSV.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSchemeText } from '../../indicators/index.js';
import { schemeToWorkbook, TEMPLATE_SHEETS } from '../../io/index.js';
import { demoYearCsv } from '../../store/demo-seed.js';
import { bearer, collectingDemoRound, counts, demoServer, multipart, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';

const HEADER_ROW = 3;
const FIRST_DATA_ROW = 4;
const csv = demoYearCsv(readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8'), 0);
const rows = parse(csv, { columns: true }) as Record<string, string>[];

let s: DemoServer;
let office: Record<string, string>;
let round: number;
beforeAll(async () => {
  s = await demoServer();
  office = bearer(s.token('office'));
  round = await collectingDemoRound(s, office, 'Excel 轮次', 2027);
});
afterAll(async () => { await s.close(); });

/** The template with every roster row's inputs filled from the demo data; `cell` may change one. */
async function filled(template: Buffer, cell?: { id: string; column: string; value: string | number }): Promise<{ bytes: Buffer; address: string | null }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(TEMPLATE_SHEETS.data)!;
  const header = (ws.getRow(HEADER_ROW).values as unknown[]).map((v) => (v === undefined ? '' : String(v)));
  let address: string | null = null;
  for (let r = FIRST_DATA_ROW; r <= ws.rowCount; r++) {
    const id = String(ws.getRow(r).getCell(1).value ?? '');
    const data = rows.find((x) => x.id === id);
    if (!data) continue;
    header.forEach((col, c) => {
      if (c <= 2 || !(col in data)) return;
      const target = ws.getRow(r).getCell(c);
      const raw = cell && cell.id === id && cell.column === col ? cell.value : data[col];
      if (cell && cell.id === id && cell.column === col) address = target.address;
      target.value = raw === 'NA' ? null : typeof raw === 'number' || /^-?[\d.]+$/.test(raw) ? Number(raw) : raw;
    });
  }
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), address };
}

describe('the Excel template round trip', () => {
  let template: Buffer;
  test('the template downloads as a workbook with the roster filled in', async () => {
    const r = await s.app.inject({ url: `/api/rounds/${round}/template`, headers: office });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/spreadsheetml/);
    template = r.rawPayload;
    expect(template.readUInt32BE(0)).toBe(0x504b0304);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(TEMPLATE_SHEETS.data)!;
    const ids = [];
    for (let r2 = FIRST_DATA_ROW; r2 <= ws.rowCount; r2++) { const v = ws.getRow(r2).getCell(1).value; if (v) ids.push(String(v)); }
    expect(ids.sort()).toEqual(rows.map((x) => x.id).sort());
  });

  test('a bad cell is named by sheet and cell; nothing lands', async () => {
    const before = counts(s.db);
    const bad = await filled(template, { id: '321000', column: 'pm25', value: '约33' });
    const r = await upload(s.app, round, office, { name: '填报.xlsx', content: bad.bytes });
    expect(r.statusCode).toBe(422);
    const where = r.json().error.problems.map((p: { where: string }) => p.where);
    expect(where.some((w: string) => w.includes(`${TEMPLATE_SHEETS.data}!${bad.address}`))).toBe(true);
    expect(counts(s.db)).toEqual(before);
  });

  test('the filled workbook lands as the same snapshot as the same data in CSV', async () => {
    const good = await filled(template);
    const r = await upload(s.app, round, office, { name: '填报.xlsx', content: good.bytes });
    expect(r.statusCode).toBe(201);
    expect(r.json().submission.mediaType).toMatch(/spreadsheetml/);
    const seeded = (await s.app.inject({ url: `/api/rounds/${s.seed.roundIds[2]}`, headers: office })).json();
    expect(r.json().snapshotHash).toBe(seeded.snapshotHash);
  });

  test('the results workbook exports the ranking of every entity', async () => {
    const run = (await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office })).json();
    expect((await waitForRun(s.app, run.id, office)).status).toBe('done');
    const r = await s.app.inject({ url: `/api/runs/${run.id}/export`, headers: office });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ranking = wb.worksheets[0];
    const text = JSON.stringify(ranking.getSheetValues());
    for (const x of rows) expect(text).toContain(x.id);
  });
});

describe('schemes and rosters from files', () => {
  test('a framework workbook becomes a scheme version with the same plan as its YAML', async () => {
    const yaml = readFileSync(join(TEMPLATES, 'demo-green.yaml'), 'utf8').replace('version: "2025.1"', 'version: "wb.1"');
    const bytes = await schemeToWorkbook(loadSchemeText(yaml));
    const m = multipart({}, { name: 'framework.xlsx', content: bytes });
    const r = await s.app.inject({ method: 'POST', url: '/api/schemes', headers: { ...bearer(s.token('admin')), ...m.headers }, payload: m.payload });
    expect(r.statusCode).toBe(201);
    const y = multipart({}, { name: 'same.yaml', content: yaml });
    const again = await s.app.inject({ method: 'POST', url: '/api/schemes', headers: { ...bearer(s.token('admin')), ...y.headers }, payload: y.payload });
    expect(again.statusCode).toBe(200);
    expect(again.json().scheme.planHash).toBe(r.json().scheme.planHash);
  });

  test('a roster CSV: good codes are stored; a bad one is named by its entry', async () => {
    const post = (content: string) => {
      const m = multipart({ name: '测试名单', kind: 'regions' }, { name: 'roster.csv', content });
      return s.app.inject({ method: 'POST', url: '/api/rosters/upload', headers: { ...office, ...m.headers }, payload: m.payload });
    };
    const bad = await post('id,name\n320100,南京市\n990000,无此地\n');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.problems[0].where).toBe('roster.csv #2（990000） id');
    const good = await post('id,name\n320100,南京市\n320200,无锡市\n');
    expect(good.statusCode).toBe(201);
    expect(good.json().regions).toEqual([{ code: '320100', name: '南京市' }, { code: '320200', name: '无锡市' }]);
  });
});
