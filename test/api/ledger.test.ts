/**
 * xinan-compensation's settlements and their ledger: three yearly rounds of the template's demo
 * data; who pays whom follows P (worked out here from the measurements with the formula, not by
 * the engine), 10,000 万元 (1 亿元) each; the 3-year terms from 2012 put 2023 in 2021–2023 and
 * 2024–2025 in 2024–2026, whose balances are the net of the pair's transfers; CSV and page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRoster, SYSTEM } from '../../store/index.js';
import { bearer, demoServer, multipart, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';

const DIR = join(TEMPLATES, 'xinan-compensation');
const YEARS = [2023, 2024, 2025];
let s: DemoServer;
let office: Record<string, string>;

/** P = 0.85 · Σ 0.25 · Cᵢ / Cᵢ₀, and who pays: P ≤ 1 downstream → upstream. */
function expected(year: number): { entity: string; from: string; to: string }[] {
  const rows = parse(readFileSync(join(DIR, `${year}.csv`), 'utf8'), { columns: true }) as Record<string, string>[];
  return rows.map((r) => {
    const p = ['codmn', 'nh3n', 'tn', 'tp'].reduce((sum, k) => sum + 0.25 * 0.85 * Number(r[k]) / Number(r[`${k}_base`]), 0);
    return p <= 1 ? { entity: r.id, from: r.downstream, to: r.upstream } : { entity: r.id, from: r.upstream, to: r.downstream };
  });
}

beforeAll(async () => {
  s = await demoServer();
  office = bearer(s.token('office'));
  const m = multipart({}, { name: 'scheme.yaml', content: readFileSync(join(DIR, 'scheme.yaml')) });
  const up = await s.app.inject({ method: 'POST', url: '/api/schemes', headers: { ...bearer(s.token('admin')), ...m.headers }, payload: m.payload });
  expect(up.statusCode, up.body).toBe(201);
  const rosterId = createRoster(s.db, SYSTEM, { name: '跨界断面', regions: [] }).id;
  for (const year of YEARS) {
    const id = (await s.app.inject({ method: 'POST', url: '/api/rounds', headers: office, payload: { name: { zh: `${year} 年` }, schemeId: 'xinan-compensation', schemeVersion: up.json().scheme.version, rosterId, periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` } })).json().id;
    await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/status`, headers: office, payload: { status: 'collecting' } });
    expect((await upload(s.app, id, office, { name: `${year}.csv`, content: readFileSync(join(DIR, `${year}.csv`)) })).statusCode).toBe(201);
    const run = (await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/runs`, headers: office })).json();
    expect((await waitForRun(s.app, run.id, office)).status).toBe('done');
  }
});
afterAll(async () => { await s.close(); });

test('each round\'s transfers: payer and payee from P, 1 亿元 each, in its term', async () => {
  const ledger = (await s.app.inject({ url: '/api/ledger/xinan-compensation', headers: office })).json();
  expect(ledger.unit).toBe('万元');
  for (const year of YEARS) {
    const got = ledger.transfers.filter((t: { asOf: string }) => t.asOf === `${year}-12-31`);
    const byEntity = (a: { entity: string }, b: { entity: string }): number => (a.entity < b.entity ? -1 : 1);
    expect(got.map((t: { entity: string; from: string; to: string }) => ({ entity: t.entity, from: t.from, to: t.to })).sort(byEntity)).toEqual(expected(year).sort(byEntity));
    expect(new Set(got.map((t: { amount: number }) => t.amount))).toEqual(new Set([10000]));
    expect(new Set(got.map((t: { term: string }) => t.term))).toEqual(new Set([year === 2023 ? '2021–2023' : '2024–2026']));
  }
});

test('each term\'s balance is the net of the pair\'s transfers', async () => {
  const ledger = (await s.app.inject({ url: '/api/ledger/xinan-compensation', headers: office })).json();
  const net = new Map<string, number>();
  for (const year of [2024, 2025]) {
    for (const t of expected(year)) {
      const [a, b] = [t.from, t.to].sort();
      net.set(`${a}|${b}`, (net.get(`${a}|${b}`) ?? 0) + (t.from === a ? 10000 : -10000));
    }
  }
  const want = [...net].map(([k, v]) => { const [a, b] = k.split('|'); return v >= 0 ? `${a}→${b} ${v}` : `${b}→${a} ${-v}`; }).sort();
  const got = ledger.balances.filter((b: { term: string }) => b.term === '2024–2026').map((b: { from: string; to: string; amount: number }) => `${b.from}→${b.to} ${b.amount}`).sort();
  expect(got).toEqual(want);
});

test('CSV export and the page', async () => {
  const csv = await s.app.inject({ url: '/api/ledger/xinan-compensation/export', headers: office });
  expect(csv.statusCode).toBe(200);
  expect(csv.body.split('\n')[0]).toBe('round,run,as_of,entity,name,from,to,amount,unit,rule,term');
  expect(csv.body).toContain(',XAJ-JK,街口,');
  const page = await s.app.inject({ url: '/ledger/xinan-compensation', headers: office });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('生态补偿结算台账');
  expect((await s.app.inject({ url: '/api/ledger/no-such-scheme', headers: office })).statusCode).toBe(404);
});

test('a section without a payer fails its run, naming it, and nothing is written', async () => {
  const round = (await s.app.inject({ method: 'POST', url: '/api/rounds', headers: office, payload: { name: { zh: '缺付款方' }, schemeId: 'xinan-compensation', schemeVersion: '2012.1', rosterId: 1, periodStart: '2026-01-01', periodEnd: '2026-12-31' } })).json().id;
  await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/status`, headers: office, payload: { status: 'collecting' } });
  const lines = readFileSync(join(DIR, '2025.csv'), 'utf8').trim().split('\n');
  // 街口 with its downstream province left empty: who would pay is unknown.
  const data = [lines[0], lines.find((l) => l.startsWith('XAJ-JK,'))!.replace(',安徽,浙江,', ',安徽,,')].join('\n');
  const up = await upload(s.app, round, office, { name: 'd.csv', content: data });
  expect(up.statusCode, up.body).toBe(201);
  const before = (s.db.prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n;
  const run = (await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office })).json();
  expect((await waitForRun(s.app, run.id, office)).status).toBe('failed');
  const failed = (await s.app.inject({ url: `/api/runs/${run.id}`, headers: office })).json();
  expect(failed.error[0].where).toMatch(/^XAJ-JK settlement\.rules\[\d\]$/);
  expect((s.db.prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n).toBe(before);
});

test('results files of a settlement scheme carry payer, payee and amount; kaohe hash rebuilds the CSV from each', async () => {
  const { cliSandbox } = await import('../cli-runner.js');
  const { dir, kaohe } = cliSandbox('kaohe-settle-');
  const scheme = join(DIR, 'scheme.yaml');
  const data = join(DIR, '2025.csv');
  for (const ext of ['csv', 'json', 'xlsx']) expect(kaohe('score', scheme, data, '-o', join(dir, `r.${ext}`)).code).toBe(0);
  const csv = readFileSync(join(dir, 'r.csv'), 'utf8').split('\n');
  expect(csv[0].endsWith(',vetoes,lists,payer,payee,amount')).toBe(true);
  const jk = expected(2025).find((t) => t.entity === 'XAJ-JK')!;
  expect(csv.find((l) => l.startsWith('XAJ-JK,'))!.endsWith(`,${jk.from},${jk.to},10000`)).toBe(true);
  const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
  expect(json.entities.find((e: { id: string }) => e.id === 'XAJ-JK')).toMatchObject({ payer: jk.from, payee: jk.to, amount: 10000 });
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, 'r.xlsx'));
  const sheet = wb.getWorksheet('结算 Settlement')!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  expect(rows.find((r) => r[0] === 'XAJ-JK')).toEqual(['XAJ-JK', '街口', jk.from, jk.to, 10000, 'downstream_pays']);
  for (const ext of ['csv', 'json', 'xlsx']) {
    const r = kaohe('hash', join(dir, `r.${ext}`));
    expect(r.code, `${ext}: ${r.stderr}`).toBe(0);
  }
});

test('街口 worked by hand: P each year, 浙江 pays 安徽 1 亿元 a year, and the two terms\' balances', async () => {
  // P = 0.85 × 0.25 × (CODMn/base + NH3-N/base + TN/base + TP/base), from templates/xinan-compensation/YEAR.csv:
  // 2023: 0.2125 × (0.93220 + 0.82857 + 0.66087 + 0.67742) = 0.65855
  // 2024: 0.2125 × (0.83898 + 0.66429 + 0.67826 + 0.70968) = 0.61438
  // 2025: 0.2125 × (0.85311 + 0.70000 + 0.69565 + 0.79570) = 0.64695
  // All ≤ 1: the water met the standard, so downstream 浙江 pays upstream 安徽 10,000 万元 each year.
  const ledger = (await s.app.inject({ url: '/api/ledger/xinan-compensation', headers: office })).json();
  const jk = ledger.transfers.filter((t: { entity: string }) => t.entity === 'XAJ-JK')
    .map((t: { asOf: string; from: string; to: string; amount: number; term: string }) => [t.asOf, t.from, t.to, t.amount, t.term]).sort();
  expect(jk).toEqual([
    ['2023-12-31', '浙江', '安徽', 10000, '2021–2023'],
    ['2024-12-31', '浙江', '安徽', 10000, '2024–2026'],
    ['2025-12-31', '浙江', '安徽', 10000, '2024–2026'],
  ]);
  const p: Record<string, number> = { '2023-12-31': 0.65855, '2024-12-31': 0.61438, '2025-12-31': 0.64695 };
  for (const t of ledger.transfers.filter((x: { entity: string }) => x.entity === 'XAJ-JK')) {
    const row = (await s.app.inject({ url: `/api/rounds/${t.roundId}/ranking`, headers: office })).json().rows.find((r: { entityId: string }) => r.entityId === 'XAJ-JK');
    expect(row.score).toBeCloseTo(p[t.asOf], 4);
  }
  const balance = (term: string) => ledger.balances.find((b: { term: string; from: string; to: string }) => b.term === term && [b.from, b.to].sort().join() === ['安徽', '浙江'].sort().join());
  expect(balance('2021–2023')).toMatchObject({ from: '浙江', to: '安徽', amount: 10000, transfers: 1 });
  expect(balance('2024–2026')).toMatchObject({ from: '浙江', to: '安徽', amount: 20000, transfers: 2 });
});
