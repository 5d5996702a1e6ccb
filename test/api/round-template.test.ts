/**
 * What a round's fill-in template tells the cities: the deadline and contact given when the
 * round was made (the new-round form or the API), and each city's attribute values (省份) from
 * the roster — a roster uploaded as CSV keeps its attribute columns. Bad input is refused with
 * the field named.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SHEET } from '../../io/xlsx/contract.js';
import { bearer, demoServer, multipart, type DemoServer } from './helpers.js';
import { csrfOf, form, loginCookie } from './page-forms.js';

let s: DemoServer;
beforeAll(async () => { s = await demoServer({ rateLimits: { upload: 1000, login: 1000 } }); });
afterAll(async () => { await s.close(); });

const office = () => bearer(s.token('office'));

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** The instructions sheet's office lines: label → value. */
function officeLines(wb: ExcelJS.Workbook): Map<string, string> {
  const ws = wb.getWorksheet(SHEET.instructions)!;
  const out = new Map<string, string>();
  ws.eachRow((row) => {
    const label = String(row.getCell(1).value ?? '');
    if (/^(填报截止日期|联系人|联系电话|电子邮箱)/.test(label)) out.set(label.split(' ')[0], String(row.getCell(2).value ?? ''));
  });
  return out;
}

/** The data sheet's rows by id: column id → value. */
function dataRows(wb: ExcelJS.Workbook): Map<string, Record<string, string>> {
  const ws = wb.getWorksheet(SHEET.data)!;
  let header: string[] = [];
  const rows = new Map<string, Record<string, string>>();
  ws.eachRow((row) => {
    const cells = (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
    if (cells[0] === 'id') header = cells;
    else if (header.length > 0 && cells[0]) rows.set(cells[0], Object.fromEntries(header.map((h, k) => [h, cells[k] ?? ''])));
  });
  return rows;
}

const template = async (round: number, format = 'xlsx') => s.app.inject({ url: `/api/rounds/${round}/template?format=${format}`, headers: office() });

describe('deadline and contact', () => {
  test('given in the new-round form, they are printed on the template\'s instructions sheet', async () => {
    const cookie = await loginCookie(s.app, s.token('office'));
    const page = await s.app.inject({ url: '/rounds/new', headers: { cookie } });
    const r = await s.app.inject({
      method: 'POST', url: '/rounds/new',
      ...form({ csrf: csrfOf(page.body), nameZh: '2027年度评价', scheme: 'demo-green@2025.1', roster: '1', periodStart: '2027-01-01', periodEnd: '2027-12-31', deadline: '2028-01-31', contact: '王科长 025-83456789' }, { cookie }),
    });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(303);
    const id = Number(/\/rounds\/(\d+)\/work/.exec(String(r.headers.location))![1]);
    const lines = officeLines(await workbook((await template(id)).rawPayload));
    expect(lines.get('填报截止日期')).toBe('2028-01-31');
    expect(lines.get('联系人')).toBe('王科长 025-83456789');
    // The round's JSON has them for the office; the contact is not for the public.
    const json = (await s.app.inject({ url: `/api/rounds/${id}`, headers: office() })).json();
    expect(json).toMatchObject({ deadline: '2028-01-31', contact: '王科长 025-83456789' });
  });

  test('without them the lines stay blank to fill in; a bad deadline or an overlong contact is refused by field', async () => {
    const api = (payload: Record<string, unknown>) => s.app.inject({ method: 'POST', url: '/api/rounds', headers: office(), payload: { name: { zh: '轮次' }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId: 1, periodStart: '2028-01-01', periodEnd: '2028-12-31', ...payload } });
    const plain = await api({});
    expect(plain.statusCode).toBe(201);
    const lines = officeLines(await workbook((await template(plain.json().id)).rawPayload));
    expect(lines.get('填报截止日期')).toBe('');
    expect(lines.get('联系人')).toBe('');
    expect((await api({ deadline: '31/01/2028' })).statusCode).toBe(400);
    expect((await api({ contact: 'x'.repeat(201) })).statusCode).toBe(400);
    const cookie = await loginCookie(s.app, s.token('office'));
    const page = await s.app.inject({ url: '/rounds/new', headers: { cookie } });
    const refused = await s.app.inject({
      method: 'POST', url: '/rounds/new?lang=en',
      ...form({ csrf: csrfOf(page.body), nameZh: '轮次', scheme: 'demo-green@2025.1', roster: '1', periodStart: '2028-01-01', periodEnd: '2028-12-31', deadline: 'soon', contact: '王' }, { cookie }),
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('the deadline must be a date YYYY-MM-DD, got &quot;soon&quot;');
    expect(refused.body).toContain('value="王"');
  });
});

describe('roster attributes', () => {
  test('the demo roster carries each city\'s province into its template row (xlsx and CSV)', async () => {
    const r = await s.app.inject({ method: 'POST', url: '/api/rounds', headers: office(), payload: { name: { zh: '省份' }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId: 1, periodStart: '2029-01-01', periodEnd: '2029-12-31' } });
    const rows = dataRows(await workbook((await template(r.json().id)).rawPayload));
    expect(rows.get('320100')?.province).toBe('江苏');
    expect(rows.get('341100')?.province).toBe('安徽');
    const csv = (await template(r.json().id, 'csv')).body;
    expect(csv).toMatch(/^320100,南京市,江苏,/m);
  });

  test('a roster uploaded as CSV keeps its attribute columns; a bad attribute name is refused', async () => {
    const m = multipart({ name: '两市', kind: 'regions' }, { name: 'r.csv', content: 'id,name,province\n320100,南京市,江苏\n341100,滁州市,安徽\n' });
    const up = await s.app.inject({ method: 'POST', url: '/api/rosters/upload', headers: { ...office(), ...m.headers }, payload: m.payload });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().regions).toEqual([
      { code: '320100', name: '南京市', attributes: { province: '江苏' } },
      { code: '341100', name: '滁州市', attributes: { province: '安徽' } },
    ]);
    const round = await s.app.inject({ method: 'POST', url: '/api/rounds', headers: office(), payload: { name: { zh: '两市' }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId: up.json().id, periodStart: '2029-01-01', periodEnd: '2029-12-31' } });
    const rows = dataRows(await workbook((await template(round.json().id)).rawPayload));
    expect([...rows.keys()]).toEqual(['320100', '341100']);
    expect(rows.get('341100')?.province).toBe('安徽');
    const bad = await s.app.inject({ method: 'POST', url: '/api/rosters', headers: office(), payload: { name: 'x', regions: [{ code: '320100', name: '南京市', attributes: { '省 份': '江苏' } }] } });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('regions[0].attributes');
  });
});

describe('synthetic regions as a service roster', () => {
  test('kaohe synth --division-codes data load as a roster (its province kept, its inputs not); the default R… ids are refused with how to fix it', async () => {
    const { compile } = await import('../../engine/index.js');
    const { loadSchemeText } = await import('../../indicators/index.js');
    const { synthCsv, synthCsvChunks, divisionLevel } = await import('../../io/index.js');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { TEMPLATES } = await import('./helpers.js');
    const plan = compile(loadSchemeText(readFileSync(join(TEMPLATES, 'demo-green.yaml'), 'utf8'))).plan;
    const csv = [...synthCsvChunks(plan, 500, 3, undefined, 'division')].join('');
    const lines = csv.trim().split('\n');
    const ids = lines.slice(1).map((l) => l.split(',')[0]);
    expect(new Set(ids).size).toBe(500);
    expect(ids.every((id) => divisionLevel(id) !== null)).toBe(true);
    // The same values as the default ids, row by row: only the id (and the added name) differ.
    const plain = synthCsv(plan, 500, 3).trim().split('\n');
    lines.slice(1).forEach((l, k) => expect(l.split(',').slice(2)).toEqual(plain[k + 1].split(',').slice(1)));

    const m = multipart({ name: '合成地区', kind: 'regions' }, { name: 'synth.csv', content: csv });
    const up = await s.app.inject({ method: 'POST', url: '/api/rosters/upload', headers: { ...office(), ...m.headers }, payload: m.payload });
    expect(up.statusCode, up.body.slice(0, 300)).toBe(201);
    const regions = up.json().regions as { code: string; attributes?: Record<string, string> }[];
    expect(regions).toHaveLength(500);
    expect(Object.keys(regions[0].attributes ?? {})).toEqual(['province']);

    const refused = multipart({ name: 'R', kind: 'regions' }, { name: 'plain.csv', content: `id,name\nR000001,合成地区 1\n` });
    const r = await s.app.inject({ method: 'POST', url: '/api/rosters/upload', headers: { ...office(), ...refused.headers }, payload: refused.payload });
    expect(r.statusCode).toBe(422);
    expect(r.body).toContain('kaohe synth --division-codes');
  });
});
