/**
 * The list register over HTTP: two half-year rounds of jiangsu-credit-12 reading one records
 * register; who is on each list on a date with hand-computed since/until, the history of entries
 * and exits (a repair takes an enterprise off), the public seeing only the published round
 * (公示, `--public`), the CSV export and the page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeEnterpriseUscc } from '../../io/index.js';
import { createRoster, SYSTEM } from '../../store/index.js';
import { bearer, demoServer, multipart, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';

const B = makeEnterpriseUscc('320100', '20000001');
const E = makeEnterpriseUscc('320100', '20000002');
const SCHEME = 'jiangsu-credit-12';

let s: DemoServer;
let office: Record<string, string>;
let h1: number;
let h2: number;

async function round(rosterId: number, name: string, start: string, end: string): Promise<number> {
  const id = (await s.app.inject({ method: 'POST', url: '/api/rounds', headers: office, payload: { name: { zh: name }, schemeId: SCHEME, schemeVersion: '2020.1', rosterId, periodStart: start, periodEnd: end } })).json().id as number;
  await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/status`, headers: office, payload: { status: 'collecting' } });
  expect((await upload(s.app, id, office, { name: 'data.csv', content: `id,name,electricity\n${B},乙,100\n${E},戊,200\n` })).statusCode).toBe(201);
  return id;
}

async function score(roundId: number): Promise<number> {
  const run = (await s.app.inject({ method: 'POST', url: `/api/rounds/${roundId}/runs`, headers: office })).json();
  expect((await waitForRun(s.app, run.id, office)).status).toBe('done');
  return run.id;
}

beforeAll(async () => {
  s = await demoServer({ publicResults: true });
  office = bearer(s.token('office'));
  const m = multipart({}, { name: 'scheme.yaml', content: readFileSync(join(TEMPLATES, SCHEME, 'scheme.yaml')) });
  await s.app.inject({ method: 'POST', url: '/api/schemes', headers: { ...bearer(s.token('admin')), ...m.headers }, payload: m.payload });
  const rosterId = createRoster(s.db, SYSTEM, { name: '江苏企业', regions: [], enterprises: [{ uscc: B, name: '乙' }, { uscc: E, name: '戊' }] }).id;
  h1 = await round(rosterId, '2025 上半年', '2025-01-01', '2025-06-30');
  h2 = await round(rosterId, '2025 下半年', '2025-07-01', '2025-12-31');
  const records = [
    'id,date,type,kind,points,months',
    `${B},2025-01-05,violation,criminal,12,36`,
    `${E},2025-01-10,violation,warning,1,12`,
    `${E},2025-02-10,violation,suspended,6,12`,
    `${E},2025-09-01,credit_repair,,,`,
  ].join('\n');
  const mm = multipart({}, { name: 'records.csv', content: records });
  expect((await s.app.inject({ method: 'POST', url: `/api/registers/${SCHEME}/uploads`, headers: { ...office, ...mm.headers }, payload: mm.payload })).statusCode).toBe(201);
  const run1 = await score(h1);
  expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${h1}/publications`, headers: office, payload: { runId: run1 } })).statusCode).toBe(201);
  await score(h2);
});
afterAll(async () => { await s.close(); });

const onList = (reg: { lists: { id: string; entries: { entity: string; since: string | null; until: string | null }[] }[] }, id: string) =>
  reg.lists.find((l) => l.id === id)!.entries.map((e) => [e.entity, e.since, e.until]);

test('the public sees the published half-year: since and until worked out by hand', async () => {
  const res = await s.app.inject({ url: `/api/lists/${SCHEME}?date=2025-07-15` });
  expect(res.statusCode, res.body).toBe(200);
  const reg = res.json();
  // B: criminal −12 from 2025-01-05 for 36 months; then the clean year lifts it to blue: last day 2028-01-04.
  expect(onList(reg, 'blacklist')).toEqual([[B, '2025-01-05', '2028-01-04']]);
  // E: 9 − 1 − 6 = 2 (red) from 2025-02-10; the repair of 2025-09-01 wasn't known on 06-30, so the
  // entry runs until the warning ends (2026-01-10): last day 2026-01-09.
  expect(onList(reg, 'red_list')).toEqual([[E, '2025-02-10', '2026-01-09']]);
  const e = reg.lists.find((l: { id: string }) => l.id === 'red_list').entries[0];
  expect(e.rule).toBe('(grade == "red")');
  // The next half-year's surcharge: 0.05 元/kWh × 200 万千瓦时 (2,000,000 kWh) = 100,000 元.
  expect(e.consequence).toMatchObject({ rate: 0.05, unit: '元/千瓦时', from: '2025-07-01', to: '2025-12-31', amount: 100000 });
  expect(e.records.map((r: { type: string; start: string }) => [r.type, r.start])).toEqual([['violation', '2025-01-10'], ['violation', '2025-02-10']]);
});

test('the office also sees the unpublished second half: the repair took E off', async () => {
  const reg = (await s.app.inject({ url: `/api/lists/${SCHEME}?date=2026-01-01`, headers: office })).json();
  expect(onList(reg, 'red_list')).toEqual([]);
  expect(onList(reg, 'blacklist')).toEqual([[B, '2025-01-05', '2028-01-04']]);
  expect(reg.history).toEqual([
    { list: 'red_list', entity: E, name: '戊', since: '2025-02-10', until: '2026-01-09', exitSeenAt: '2025-12-31', rounds: [h1] },
    { list: 'blacklist', entity: B, name: '乙', since: '2025-01-05', until: '2028-01-04', exitSeenAt: null, rounds: [h1, h2] },
  ]);
});

test('export and page; a bad date or scheme is refused', async () => {
  const csv = await s.app.inject({ url: `/api/lists/${SCHEME}/export?date=2025-07-15` });
  expect(csv.statusCode).toBe(200);
  expect(csv.body.split('\n')).toContain(`red_list,${E},戊,2025-02-10,2026-01-09,${h1},${csv.body.split('\n')[1].split(',')[6]},2025-06-30,"(grade == ""red"")"`);
  const pageRes = await s.app.inject({ url: `/lists/${SCHEME}?date=2025-07-15` });
  expect(pageRes.statusCode).toBe(200);
  expect(pageRes.body).toContain('名单公示');
  expect(pageRes.body).toContain('2026-01-09');
  expect((await s.app.inject({ url: `/api/lists/${SCHEME}?date=2025-13-01` })).statusCode).toBe(422);
  expect((await s.app.inject({ url: `/api/lists/${SCHEME}?date=July` })).statusCode).toBe(400);
  expect((await s.app.inject({ url: '/api/lists/no-such-scheme' })).statusCode).toBe(404);
});

test('the ranking API, the ranking and scorecard pages and the results CSV give each list entry its dates', async () => {
  const ranking = (await s.app.inject({ url: `/api/rounds/${h1}/ranking` })).json();
  const listsOf = (id: string) => ranking.rows.find((r: { entityId: string }) => r.entityId === id).lists.map((l: { id: string; since: string | null; until: string | null }) => [l.id, l.since, l.until]);
  expect(listsOf(B)).toEqual([['blacklist', '2025-01-05', '2028-01-04']]);
  expect(listsOf(E)).toEqual([['red_list', '2025-02-10', '2026-01-09']]);

  const page = (await s.app.inject({ url: `/rounds/${h1}` })).body;
  expect(page).toMatch(/data-list="red_list"[^]*?<time datetime="2025-02-10">2025-02-10<\/time> 起[^]*?至 <time datetime="2026-01-09">/);
  const card = (await s.app.inject({ url: `/rounds/${h1}/entities/${B}?lang=en` })).body;
  expect(card).toMatch(/data-list="blacklist"[^]*?\(<span class="list-since">since <time datetime="2025-01-05">2025-01-05<\/time><\/span>, <span class="list-until">until <time datetime="2028-01-04">/);

  const runId = ranking.run.runId;
  const csv = (await s.app.inject({ url: `/api/runs/${runId}/export?format=csv`, headers: office })).body.split('\n');
  expect(csv[0].endsWith(',vetoes,lists,list_since,list_until')).toBe(true);
  expect(csv).toContain(`${E},1,2,red,2,0,0,,red_list,2025-02-10,2026-01-09`);
});
