/**
 * Units on import: a round declares a conversion (亿港元 → 亿元 at its exchange rate); a file whose
 * header says `gdp[亿港元]` is converted as declared and the report says so; the same data typed
 * in 亿元 scores the same bits; a unit the round didn't declare, and a conversion without a rate,
 * are refused with the place named; a file read outside a round (kaohe score) takes no unit but
 * the input's own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compile } from '../../engine/index.js';
import { KaoheError } from '../../indicators/index.js';
import { loadSchemeFile, readCsvText } from '../../io/index.js';
import { bearer, counts, demoServer, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';

let s: DemoServer;
const office = (): Record<string, string> => bearer(s.token('office'));
const RATE = 0.9216;
const csv = readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
const GDP = csv[0].indexOf('gdp');
/** The demo data with GDP in 亿港元 (the 亿元 figure ÷ the rate), the header saying so. */
const inHkd = [csv[0].map((h) => (h === 'gdp' ? 'gdp[亿港元]' : h)).join(','), ...csv.slice(1).map((r) => r.map((v, k) => (k === GDP ? String(Number(v) / RATE) : v)).join(','))].join('\n');
/** The same figures converted by hand: × the rate, typed in 亿元. */
const inCny = [csv[0].join(','), ...csv.slice(1).map((r) => r.map((v, k) => (k === GDP ? String((Number(v) / RATE) * RATE) : v)).join(','))].join('\n');

const newRound = async (conversions: unknown, name: string) => s.app.inject({
  method: 'POST', url: '/api/rounds', headers: office(),
  payload: { name: { zh: name }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId: 1, periodStart: '2026-01-01', periodEnd: '2026-12-31', conversions },
});
async function scored(id: number, file: string): Promise<unknown> {
  await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/status`, headers: office(), payload: { status: 'collecting' } });
  const up = await upload(s.app, id, office(), { name: 'gdp.csv', content: file });
  expect(up.statusCode).toBe(201);
  const run = (await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/runs`, headers: office() })).json();
  expect((await waitForRun(s.app, run.id, office())).status).toBe('done');
  return up.json().submission.report;
}

beforeAll(async () => { s = await demoServer({ rateLimits: { upload: 1000 } }); });
afterAll(async () => { await s.close(); });

describe('a round that declares 港元', () => {
  test('the HKD column is converted as declared, reported, and scores as the same figures in 亿元', async () => {
    const r = await newRound([{ from: '亿港元', to: '亿元', factor: RATE, input: 'gdp', note: '2026-12-31 汇率' }], '港元换算');
    expect(r.statusCode).toBe(201);
    expect(r.json().conversions).toEqual([{ from: '亿港元', to: '亿元', factor: RATE, input: 'gdp', note: '2026-12-31 汇率' }]);
    const report = await scored(r.json().id, inHkd);
    expect(report).toMatchObject({ converted: [{ input: 'gdp', from: '亿港元', to: '亿元', factor: RATE, note: '2026-12-31 汇率' }] });
    const plain = (await newRound(undefined, '人民币')).json().id as number;
    expect(await scored(plain, inCny)).not.toHaveProperty('converted');
    const rows = async (id: number) => (await s.app.inject({ url: `/api/rounds/${id}/ranking`, headers: office() })).json().rows.map((x: { entityId: string; score: number }) => [x.entityId, x.score]);
    expect(await rows(r.json().id)).toEqual(await rows(plain));

    // The scorecard says how the value was read: as uploaded in 亿港元 × the rate = the value scored in 亿元.
    const city = csv[1][0];
    const uploaded = Number(csv[1][GDP]) / RATE;
    const card = (await s.app.inject({ url: `/api/rounds/${r.json().id}/entities/${city}`, headers: office() })).json();
    expect(card.conversions).toEqual([{ input: 'gdp', label: { zh: '地区生产总值', en: 'GDP' }, from: '亿港元', to: '亿元', factor: RATE, note: '2026-12-31 汇率', uploaded: (uploaded * RATE) / RATE, value: uploaded * RATE }]);
    expect((await s.app.inject({ url: `/api/rounds/${plain}/entities/${city}`, headers: office() })).json().conversions).toEqual([]);
    const page = (await s.app.inject({ url: `/rounds/${r.json().id}/entities/${city}?lang=en`, headers: office() })).body;
    expect(page).toContain(`<li data-input="gdp"><strong>GDP</strong>: <span class="num">${(uploaded * RATE / RATE).toFixed(2)}</span> 亿港元 × <span class="num factor">0.9216</span> = <span class="num">${csv[1][GDP]}</span> 亿元 <span class="muted">(2026-12-31 汇率)</span></li>`);
  });

  test('a unit it did not declare is refused, the column named, nothing stored; its own unit is fine', async () => {
    const id = (await newRound([{ from: '亿港元', to: '亿元', factor: RATE }], '澳门元未声明')).json().id as number;
    await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/status`, headers: office(), payload: { status: 'collecting' } });
    const before = counts(s.db);
    const r = await upload(s.app, id, office(), { name: 'mop.csv', content: inHkd.replace('gdp[亿港元]', 'gdp[亿澳门元]') });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.problems).toEqual([expect.objectContaining({ where: 'mop.csv gdp[亿澳门元]', en: expect.stringContaining('declares no conversion from 亿澳门元') })]);
    expect(counts(s.db)).toEqual(before);
    expect((await upload(s.app, id, office(), { name: 'own.csv', content: inCny.replace('gdp,', 'gdp[亿元],') })).statusCode).toBe(201);
  });
});

describe('bad conversions', () => {
  test('without a rate, to a unit no input has, for an unknown input: 422 by field, no round', async () => {
    const n = (s.db.prepare('SELECT count(*) AS n FROM rounds').get() as { n: number }).n;
    const r = await newRound([{ from: '港元', to: '亿元' }, { from: 'km²', to: '公顷', factor: 100 }, { from: '澳門元', to: '亿元', factor: 0.9, input: 'nope' }], '坏换算');
    expect(r.statusCode).toBe(422);
    expect(r.json().error.problems.map((p: { where: string }) => p.where)).toEqual(['conversions[0].factor', 'conversions[1].to', 'conversions[2].input']);
    expect(r.json().error.problems[0].en).toContain('has no rate');
    expect((s.db.prepare('SELECT count(*) AS n FROM rounds').get() as { n: number }).n).toBe(n);
  });

  test('outside a round (kaohe score), a header naming another unit is an error, never a silent number', async () => {
    const plan = compile(await loadSchemeFile(join(TEMPLATES, 'demo-green.yaml'))).plan;
    expect(() => readCsvText(inHkd, plan, 'hk.csv')).toThrow(KaoheError);
    expect(() => readCsvText(inHkd, plan, 'hk.csv')).toThrow(/hk.csv gdp\[亿港元\]/);
  });
});
