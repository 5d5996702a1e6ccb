/**
 * The records register of a scheme family: a violation entered once is read by two later
 * rounds as of their own as-of dates; corrected with a reason, it changes the next run while
 * the old runs rerun to the same bits (their snapshots pinned the records they read); a bad
 * upload or correction is refused with its line and column and writes nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeEnterpriseUscc } from '../../io/index.js';
import { createRoster, SYSTEM } from '../../store/index.js';
import { bearer, demoServer, multipart, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';

const A = makeEnterpriseUscc('320100', '10000001');
const B = makeEnterpriseUscc('320100', '10000002');
const SCHEME = 'jiangsu-credit-12';

let s: DemoServer;
let office: Record<string, string>;
let auditor: Record<string, string>;
let h1: number;
let h2: number;

const count = (table: string): number => (s.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function uploadRecords(content: string, name = 'violations.csv') {
  const m = multipart({}, { name, content });
  return s.app.inject({ method: 'POST', url: `/api/registers/${SCHEME}/uploads`, headers: { ...office, ...m.headers }, payload: m.payload });
}

async function round(name: string, start: string, end: string): Promise<number> {
  const id = (await s.app.inject({ method: 'POST', url: '/api/rounds', headers: office, payload: { name: { zh: name }, schemeId: SCHEME, schemeVersion: '2020.1', rosterId: rosterId, periodStart: start, periodEnd: end } })).json().id as number;
  await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/status`, headers: office, payload: { status: 'collecting' } });
  const data = await upload(s.app, id, office, { name: 'data.csv', content: `id,name,electricity\n${A},甲,100\n${B},乙,200\n` });
  expect(data.statusCode, data.body).toBe(201);
  return id;
}

async function score(roundId: number): Promise<{ runId: number; scores: Record<string, number> }> {
  const run = await s.app.inject({ method: 'POST', url: `/api/rounds/${roundId}/runs`, headers: office });
  expect(run.statusCode, run.body).toBe(202);
  expect((await waitForRun(s.app, run.json().id, office)).status).toBe('done');
  const ranking = (await s.app.inject({ url: `/api/runs/${run.json().id}/ranking`, headers: office })).json();
  return { runId: run.json().id, scores: Object.fromEntries(ranking.rows.map((r: { entityId: string; score: number }) => [r.entityId, r.score])) };
}

let rosterId: number;
beforeAll(async () => {
  s = await demoServer();
  office = bearer(s.token('office'));
  auditor = bearer(s.token('auditor'));
  const m = multipart({}, { name: 'scheme.yaml', content: readFileSync(join(TEMPLATES, SCHEME, 'scheme.yaml')) });
  const up = await s.app.inject({ method: 'POST', url: '/api/schemes', headers: { ...bearer(s.token('admin')), ...m.headers }, payload: m.payload });
  expect(up.statusCode, up.body).toBe(201);
  rosterId = createRoster(s.db, SYSTEM, { name: '江苏企业', regions: [], enterprises: [{ uscc: A, name: '甲' }, { uscc: B, name: '乙' }] }).id;
  h1 = await round('2025 上半年', '2025-01-01', '2025-06-30');
  h2 = await round('2025 下半年', '2025-07-01', '2025-12-31');
});
afterAll(async () => { await s.close(); });

describe('the records register', () => {
  let firstH1: { runId: number; scores: Record<string, number> };

  test('a violation entered once is read by two later rounds as of their dates', async () => {
    const res = await uploadRecords(`id,date,type,kind,points,months\n${A},2025-03-10,violation,excess_fined,3,6\n`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().records).toMatchObject([{ key: 1, version: 1, entity: A, date: '2025-03-10', type: 'violation', fields: { kind: 'excess_fined', points: '3', months: '6' }, source: 'violations.csv:2', withdrawn: false }]);
    firstH1 = await score(h1);
    // 06-30: 9 − 3, and no clean year (a violation in the last 12 months) = 6; B: 9 + 1 clean year = 10.
    expect(firstH1.scores).toEqual({ [A]: 6, [B]: 10 });
    // 12-31: the half-year fine ended on 09-10; still no clean year: 9.
    expect((await score(h2)).scores).toEqual({ [A]: 9, [B]: 10 });
  });

  test('the run\'s snapshot pins the register records it read', async () => {
    const run = (await s.app.inject({ url: `/api/runs/${firstH1.runId}`, headers: office })).json();
    const roundSnapshot = (await s.app.inject({ url: `/api/rounds/${h1}`, headers: office })).json().snapshotHash;
    expect(run.snapshotHash).not.toBe(roundSnapshot);
    const records = await s.app.inject({ url: `/api/snapshots/${run.snapshotHash}?part=records`, headers: office });
    expect(records.statusCode).toBe(200);
    expect(records.body).toContain('register:1.v1 (violations.csv:2)');
  });

  test('a correction with its reason changes the next run; the old run reruns to the same bits', async () => {
    const c = await s.app.inject({ method: 'POST', url: `/api/registers/${SCHEME}/records/1/corrections`, headers: office, payload: { reason: '复议决定：按超标排放罚款 6 分', fields: { kind: 'excess_fined', points: '6', months: '6' } } });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json().record).toMatchObject({ key: 1, version: 2, reason: '复议决定：按超标排放罚款 6 分', source: 'correction', fields: { points: '6' } });
    const history = (await s.app.inject({ url: `/api/registers/${SCHEME}/records/1`, headers: auditor })).json().versions;
    expect(history.map((v: { version: number; fields: { points: string } }) => [v.version, v.fields.points])).toEqual([[1, '3'], [2, '6']]);
    const rerun = await s.app.inject({ method: 'POST', url: `/api/runs/${firstH1.runId}/rerun`, headers: auditor });
    expect(rerun.json().identical, rerun.body).toBe(true);
    expect((await score(h1)).scores).toEqual({ [A]: 3, [B]: 10 });
  });

  test('the register as of a date, and a withdrawn record', async () => {
    const early = (await s.app.inject({ url: `/api/registers/${SCHEME}/records?asOf=2025-03-09`, headers: office })).json();
    expect(early.records).toEqual([]);
    const w = await s.app.inject({ method: 'POST', url: `/api/registers/${SCHEME}/records/1/corrections`, headers: office, payload: { reason: '录入错误，撤销', withdrawn: true } });
    expect(w.statusCode, w.body).toBe(201);
    expect((await s.app.inject({ url: `/api/registers/${SCHEME}/records`, headers: office })).json().records).toEqual([]);
    expect((await score(h1)).scores).toEqual({ [A]: 10, [B]: 10 });
  });

  test('a round of this family takes no records file of its own', async () => {
    const res = await upload(s.app, h2, office, { name: 'r.csv', content: 'id,date,type\n' }, { part: 'records', reason: '补充记录' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.problems[0].en).toContain('records register');
  });
});

describe('bad input to the register writes nothing', () => {
  test('unknown entity, type and category, each with its line and column', async () => {
    const before = [count('register_records'), count('register_uploads')];
    const res = await uploadRecords([
      'id,date,type,kind,points,months',
      `${B},2025-04-01,violation,warning,1,12`,
      '91320100MA1XXXXX0X,2025-04-01,violation,warning,1,12',
      `${B},2025-04-01,fine,,,`,
      `${B},2025-13-01,violation,speeding,1,12`,
    ].join('\n'), 'bad.csv');
    expect(res.statusCode).toBe(422);
    const where = res.json().error.problems.map((p: { where: string }) => p.where);
    expect(where).toEqual(['bad.csv:3 id', 'bad.csv:4 type', 'bad.csv:5 date', 'bad.csv:5 kind']);
    expect([count('register_records'), count('register_uploads')]).toEqual(before);
  });

  test('a workbook, a correction without a reason or with a bad value, an unknown record', async () => {
    const before = count('register_records');
    const xlsx = await uploadRecords('not really', 'r.xlsx');
    expect(xlsx.statusCode).toBe(415);
    const noReason = await s.app.inject({ method: 'POST', url: `/api/registers/${SCHEME}/records/1/corrections`, headers: office, payload: { reason: ' ', fields: {} } });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.problems[0].where).toBe('reason');
    const bad = await s.app.inject({ method: 'POST', url: `/api/registers/${SCHEME}/records/1/corrections`, headers: office, payload: { reason: '改', type: 'violation', fields: { kind: 'nope', points: '1', months: '6' } } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.problems[0].where).toBe('register:1:2 kind');
    const unknown = await s.app.inject({ method: 'POST', url: `/api/registers/${SCHEME}/records/99/corrections`, headers: office, payload: { reason: '改' } });
    expect(unknown.statusCode).toBe(404);
    const noScheme = await s.app.inject({ url: '/api/registers/demo-green/records', headers: office });
    expect(noScheme.statusCode).toBe(422);
    expect(count('register_records')).toBe(before);
  });
});

describe('a record naming two entities', () => {
  const scheme = [
    'id: incident-test', 'version: "1"', 'name: { zh: 跨界事件测试, en: Cross-boundary incident test }', 'subject: region',
    'inputs: [{ id: size, label: { zh: 规模, en: Size } }]',
    'records:',
    '  - { id: incident, label: { zh: 跨界事件, en: Cross-boundary incident }, roles: [upstream, downstream, reporter], validity: { years: 1 } }',
    'derived: [{ id: points, label: { zh: 得分, en: Points }, expr: "100 - 5 * count(incident, role == \\"upstream\\") - count(incident, role == \\"downstream\\")" }]',
    'tree: { id: total, label: { zh: 总分, en: Total }, input: points, normalise: none }',
  ].join('\n');

  test('is stored once and deducts on both sides, each by its role', async () => {
    const m = multipart({}, { name: 'scheme.yaml', content: scheme });
    expect((await s.app.inject({ method: 'POST', url: '/api/schemes', headers: { ...bearer(s.token('admin')), ...m.headers }, payload: m.payload })).statusCode).toBe(201);
    const id = (await s.app.inject({ method: 'POST', url: '/api/rounds', headers: office, payload: { name: { zh: '跨界' }, schemeId: 'incident-test', schemeVersion: '1', rosterId: 1, periodStart: '2025-01-01', periodEnd: '2025-12-31' } })).json().id as number;
    await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/status`, headers: office, payload: { status: 'collecting' } });
    const d = await upload(s.app, id, office, { name: 'd.csv', content: 'id,size\n320100,1\n341100,1\n320400,1\n' });
    expect(d.statusCode, d.body).toBe(201);
    const mm = multipart({}, { name: 'incidents.csv', content: 'id,date,type\n320100:upstream;341100:downstream,2025-05-01,incident\n' });
    const up = await s.app.inject({ method: 'POST', url: '/api/registers/incident-test/uploads', headers: { ...office, ...mm.headers }, payload: mm.payload });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().records).toMatchObject([{ key: 1, entity: '320100:upstream;341100:downstream', source: 'incidents.csv:2' }]);
    expect((await score(id)).scores).toEqual({ '320100': 95, '341100': 99, '320400': 100 });
  });

  test('an unknown role, an entity without its role, an unknown entity and a pair named twice: each with its line, nothing written', async () => {
    const before = [count('register_records'), count('register_uploads')];
    const mm = multipart({}, { name: 'bad-incidents.csv', content: [
      'id,date,type',
      '320100:upstreamm;341100:downstream,2025-06-01,incident',
      '320100;341100:downstream,2025-06-01,incident',
      '320100:upstream;999999:downstream,2025-06-01,incident',
      '320100:upstream;320100:upstream,2025-06-01,incident',
    ].join('\n') });
    const res = await s.app.inject({ method: 'POST', url: '/api/registers/incident-test/uploads', headers: { ...office, ...mm.headers }, payload: mm.payload });
    expect(res.statusCode).toBe(422);
    const problems = res.json().error.problems.map((p: { where: string; en: string }) => `${p.where}: ${p.en}`);
    expect(problems).toEqual([
      'bad-incidents.csv:2 id: record type incident names its entities as ID:ROLE pairs joined by ";" (roles: upstream, downstream, reporter), got "320100:upstreamm"',
      'bad-incidents.csv:3 id: record type incident names its entities as ID:ROLE pairs joined by ";" (roles: upstream, downstream, reporter), got "320100"',
      expect.stringMatching(/^bad-incidents\.csv:4 id: entity id "999999" is not/),
      'bad-incidents.csv:5 id: "320100:upstream" appears twice',
    ]);
    expect([count('register_records'), count('register_uploads')]).toEqual(before);
  });
});

describe('a records workbook', () => {
  async function workbook(rows: unknown[][]): Promise<Buffer> {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('记录');
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  test('is read like the CSV (a date cell as its date), and refused cell by cell as a whole', async () => {
    const good = await workbook([['id', 'date', 'type', 'kind', 'points', 'months'], [B, new Date(Date.UTC(2025, 4, 1)), 'violation', 'warning', 1, 12]]);
    const res = await uploadRecords(good as unknown as string, 'records.xlsx');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().records).toMatchObject([{ entity: B, date: '2025-05-01', type: 'violation', fields: { kind: 'warning', points: '1', months: '12' }, source: 'records.xlsx:2' }]);
    const before = count('register_records');
    const bad = await workbook([['id', 'date', 'type', 'kind', 'points', 'months'], [B, '2025-05-01', 'violation', 'warning', 1, 12], [B, '2025-05-01', 'fine', null, null, null]]);
    const refused = await uploadRecords(bad as unknown as string, 'bad.xlsx');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.problems.map((p: { where: string }) => p.where)).toEqual(['bad.xlsx:3 type']);
    expect(count('register_records')).toBe(before);
  });
});
