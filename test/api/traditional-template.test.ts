/**
 * Templates in Traditional characters (繁體, for Hong Kong and Macao offices): the service's
 * download (`script=hant`, and the work page's link once 繁體 is chosen) writes every label,
 * unit, message and instruction in Traditional characters and keeps the machine header and the
 * roster's ids; filled in as a Hong Kong office would (江蘇 typed over 江苏), it imports and
 * scores exactly as the Simplified template filled with the same data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SHEET } from '../../io/xlsx/contract.js';
import { bearer, collectingDemoRound, demoServer, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';
import { loginCookie } from './page-forms.js';

let s: DemoServer;
beforeAll(async () => { s = await demoServer({ rateLimits: { upload: 1000 } }); });
afterAll(async () => { await s.close(); });
const office = () => bearer(s.token('office'));

const demo = readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
const [csvHeader, ...csvRows] = demo;

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** The demo data typed into the template's rows (by the ids in column A and the column ids in row 3); `province` as given. */
async function filled(bytes: Buffer, province: (simplified: string) => string): Promise<Buffer> {
  const wb = await workbook(bytes);
  const ws = wb.getWorksheet(SHEET.data)!;
  const keys = (ws.getRow(3).values as unknown[]).map((v) => String(v ?? ''));
  for (let r = 4; r <= ws.rowCount; r++) {
    const row = csvRows.find((c) => c[0] === String(ws.getCell(r, 1).value));
    if (!row) continue;
    csvHeader.forEach((key, k) => {
      if (key === 'id' || key === 'name') return;
      const text = row[k];
      const col = keys.indexOf(key);
      ws.getCell(r, col).value = key === 'province' ? province(text) : text === '' || text === 'NA' ? null : /^-?[\d.]+$/.test(text) ? Number(text) : text;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function scored(round: number, file: Buffer, name: string): Promise<{ entityId: string; score: number; rank: number; grade: unknown }[]> {
  const up = await upload(s.app, round, office(), { name, content: file });
  expect(up.statusCode, up.body.slice(0, 400)).toBe(201);
  const run = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office() });
  expect((await waitForRun(s.app, run.json().id, office())).status).toBe('done');
  const rows = (await s.app.inject({ url: `/api/rounds/${round}/ranking?size=200`, headers: office() })).json().rows;
  return rows.map((r: { entityId: string; score: number; rank: number; grade: unknown }) => ({ entityId: r.entityId, score: r.score, rank: r.rank, grade: r.grade }));
}

describe('a template in Traditional characters', () => {
  test('labels, units, drop-downs and instructions in 繁體; the machine header and the roster as they are', async () => {
    const round = await collectingDemoRound(s, office(), '繁體模板');
    const hans = await workbook((await s.app.inject({ url: `/api/rounds/${round}/template`, headers: office() })).rawPayload);
    const hant = await workbook((await s.app.inject({ url: `/api/rounds/${round}/template?script=hant`, headers: office() })).rawPayload);
    const [a, b] = [hans.getWorksheet(SHEET.data)!, hant.getWorksheet(SHEET.data)!];
    expect(String(b.getCell('A1').value)).toBe('編碼\nID');
    expect(String(a.getCell('A1').value)).toBe('编码\nID');
    const labels = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1).map(String);
    expect(labels(b)).toContain('地區生產總值\nGDP');
    expect(labels(b)).toContain('數據造假\nData falsified');
    expect((b.getRow(2).values as unknown[]).map(String)).toContain('萬噸標準煤');
    // Row 3 (the column ids) and the roster's rows are the same cells.
    expect(b.getRow(3).values).toEqual(a.getRow(3).values);
    for (let r = 4; r <= a.rowCount; r++) expect(b.getRow(r).values).toEqual(a.getRow(r).values);
    const instructions = (wb: ExcelJS.Workbook) => { const out: string[] = []; wb.getWorksheet(SHEET.instructions)!.eachRow((row) => out.push(String(row.getCell(1).value ?? ''))); return out.join('\n'); };
    expect(instructions(hant)).toContain('南京都市圈綠色發展示範評價 — 數據填報表');
    expect(instructions(hant)).toContain(`請在「${SHEET.data}」工作表中填寫`);
    // Only the sheet's own name (as the import finds it) stays as it is.
    expect(instructions(hant).replaceAll(SHEET.data, '')).not.toMatch(/[报说数据请这为]/u);
  });

  test('filled in as a Hong Kong office would, it scores exactly as the Simplified template with the same data', async () => {
    const [r1, r2] = [await collectingDemoRound(s, office(), '简体填报'), await collectingDemoRound(s, office(), '繁體填報')];
    const hansBytes = (await s.app.inject({ url: `/api/rounds/${r1}/template`, headers: office() })).rawPayload;
    // The work page's link gives the Traditional one once 繁體 is chosen.
    const cookie = `${await loginCookie(s.app, s.token('office'))}; kaohe_script=hant`;
    const hantBytes = (await s.app.inject({ url: `/rounds/${r2}/work/template`, headers: { cookie } })).rawPayload;
    expect(String((await workbook(hantBytes)).getWorksheet(SHEET.data)!.getCell('A1').value)).toBe('編碼\nID');
    const simplified = await scored(r1, await filled(hansBytes, (p) => p), 'simplified.xlsx');
    const traditional = await scored(r2, await filled(hantBytes, (p) => p.replace('江苏', '江蘇')), 'traditional.xlsx');
    expect(simplified.length).toBe(csvRows.length);
    expect(traditional).toEqual(simplified);
  });
});
