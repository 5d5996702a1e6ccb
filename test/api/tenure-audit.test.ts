/**
 * The tenure audit (离任审计) over the demo: the demo's officials with their posts; an audit of
 * Nanjing's mayors across the three yearly rounds, with a correction and republication of the
 * 2025 round in the middle; days in post counted by hand; every bad input refused with nothing
 * written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoYearCsv } from '../../store/demo-seed.js';
import { auditHead, createRoster, listAudit, storedResults, SYSTEM, verifyAuditChain } from '../../store/index.js';
import { bearer, demoServer, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';

let s: DemoServer;
let auditor: Record<string, string>;
let office: Record<string, string>;
/** Run ids by demo year: the published runs as seeded; 2025's republished after a correction. */
const run: Record<number, number> = {};
let run2025Before: number;

const nanjingScore = (runId: number): number => {
  const r = storedResults(s.db, runId);
  return r.columns.get('score')![r.ids.indexOf('320100')];
};

beforeAll(async () => {
  s = await demoServer();
  auditor = bearer(s.token('auditor'));
  office = bearer(s.token('office'));
  for (const [k, year] of [2023, 2024, 2025].entries()) {
    run[year] = (await s.app.inject({ url: `/api/rounds/${s.seed.roundIds[k]}`, headers: office })).json().publication.runId;
  }
  run2025Before = run[2025];
  // A correction of Nanjing's PM2.5 in the 2025 round, rescored and republished with its reason.
  const round = s.seed.roundIds[2];
  const csv = demoYearCsv(readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8'), 0);
  const [header, ...rows] = csv.trim().split('\n');
  const pm25 = header.split(',').indexOf('pm25');
  const nanjing = rows.find((l) => l.startsWith('320100,'))!.split(',');
  nanjing[pm25] = '24.0';
  const up = await upload(s.app, round, office, { name: '南京更正.csv', content: `${header}\n${nanjing.join(',')}\n` }, { reason: '监测站数据复核更正' });
  expect(up.statusCode).toBe(201);
  const rescore = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office });
  run[2025] = rescore.json().id;
  expect((await waitForRun(s.app, run[2025], office)).status).toBe('done');
  const pub = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/publications`, headers: office, payload: { runId: run[2025], reason: '更正后重新发布' } });
  expect(pub.statusCode).toBe(201);
});
afterAll(async () => { await s.close(); });

describe('officials', () => {
  test('the demo lists its officials with their posts', async () => {
    const r = await s.app.inject({ url: '/api/officials', headers: auditor });
    expect(r.statusCode).toBe(200);
    const byId = new Map(r.json().officials.map((o: { id: string }) => [o.id, o]));
    expect(byId.get('NJ-01')).toMatchObject({ posts: [{ regionCode: '320100', regionName: '南京市', start: '2021-09-01', end: '2024-06-30' }] });
    expect(byId.get('NJ-02')).toMatchObject({ posts: [{ regionCode: '320100', start: '2024-07-01', end: null }] });
    expect((byId.get('ZJ-01') as { posts: { regionCode: string }[] }).posts.map((p) => p.regionCode)).toEqual(['321100', '321000']);
  });
});

describe('a tenure audit', () => {
  test('the successor: two rounds, the corrected 2025 one republished, days counted by hand', async () => {
    const r = await s.app.inject({ method: 'POST', url: '/api/audits', headers: auditor, payload: { official: 'NJ-02', to: '2025-12-31' } });
    expect(r.statusCode).toBe(201);
    const a = r.json();
    // In post from 2024-07-01: July–December 2024 is 31 + 31 + 30 + 31 + 30 + 31 = 184 days of
    // the 2024 round; all of 2025 (not a leap year) is 365 days of the 2025 round.
    expect(a.rounds.map((x: { roundId: number; runId: number; days: number; identical: boolean }) => [x.roundId, x.runId, x.days, x.identical]))
      .toEqual([[s.seed.roundIds[1], run[2024], 184, true], [s.seed.roundIds[2], run[2025], 365, true]]);
    expect(a.rounds[1].posts).toEqual([expect.objectContaining({ from: '2025-01-01', to: '2025-12-31', days: 365 })]);
    expect(a.rounds[0].posts).toEqual([expect.objectContaining({ from: '2024-07-01', to: '2024-12-31', days: 184 })]);
    expect([a.tenureDays, a.coveredDays, a.gaps]).toEqual([549, 549, []]);
    // The round scores are the stored published results; the tenure score weighs them by days.
    expect(a.rounds[0].score).toBe(nanjingScore(run[2024]));
    expect(a.rounds[1].score).toBe(nanjingScore(run[2025]));
    expect(a.rounds[1].score).not.toBe(nanjingScore(run2025Before));
    expect(a.tenureScore).toBeCloseTo((184 * nanjingScore(run[2024]) + 365 * nanjingScore(run[2025])) / 549, 10);
    expect(a.corrections).toEqual([expect.objectContaining({ roundId: s.seed.roundIds[2], fileName: '南京更正.csv', reason: '监测站数据复核更正' })]);
    expect(a.republications).toEqual([expect.objectContaining({ roundId: s.seed.roundIds[2], runId: run[2025], replaces: run2025Before, reason: '更正后重新发布' })]);
    expect(a.republications[0].changed.find((c: { id: string }) => c.id === '320100')).toMatchObject({ inputs: ['pm25'] });
    expect(a.chain.ok).toBe(true);
    expect(a.allIdentical).toBe(true);
    // Stored: read back the same, and the audit log names it.
    const again = await s.app.inject({ url: `/api/audits/${a.id}`, headers: auditor });
    expect(again.json()).toEqual(a);
    const entry = listAudit(s.db, { target: 'official:NJ-02', limit: 10 }).find((e) => e.action === 'tenure.audit')!;
    expect(entry.detail).toMatchObject({ auditId: a.id, reportHash: a.reportHash, runs: [run[2024], run[2025]] });
    expect(() => s.db.prepare('UPDATE audits SET report_json = ? WHERE id = ?').run('{}', a.id)).toThrow(/immutable/);
  });

  test('the mayor who left on 2024-06-30: the years before the demo are gaps, not figures', async () => {
    const a = (await s.app.inject({ method: 'POST', url: '/api/audits', headers: auditor, payload: { official: 'NJ-01' } })).json();
    // 2024 is a leap year: January–June is 31 + 29 + 31 + 30 + 31 + 30 = 182 days; 2023 is 365.
    expect(a.rounds.map((x: { runId: number; days: number }) => [x.runId, x.days])).toEqual([[run[2023], 365], [run[2024], 182]]);
    // No round before 2023: 2021-09-01 – 2021-12-31 is 30 + 31 + 30 + 31 = 122 days, 2022 is 365.
    expect(a.gaps.map((g: { year: number; from: string; to: string; days: number }) => [g.year, g.from, g.to, g.days]))
      .toEqual([[2021, '2021-09-01', '2021-12-31', 122], [2022, '2022-01-01', '2022-12-31', 365]]);
    expect([a.from, a.to, a.tenureDays, a.coveredDays]).toEqual(['2021-09-01', '2024-06-30', 122 + 365 + 365 + 182, 365 + 182]);
    expect(a.tenureScore).toBeCloseTo((365 * nanjingScore(run[2023]) + 182 * nanjingScore(run[2024])) / 547, 10);
    expect(a.corrections).toEqual([]);
  });

  test('from–to clips the posts: one who moved cities, audited over 2023 only', async () => {
    const a = (await s.app.inject({ method: 'POST', url: '/api/audits', headers: auditor, payload: { official: 'ZJ-01', from: '2023-01-01', to: '2023-12-31' } })).json();
    expect(a.rounds.map((x: { runId: number; days: number }) => [x.runId, x.days])).toEqual([[run[2023], 365]]);
    expect(a.rounds[0].posts.map((p: { regionCode: string }) => p.regionCode)).toEqual(['321100']);
    const r = storedResults(s.db, run[2023]);
    expect(a.tenureScore).toBe(r.columns.get('score')![r.ids.indexOf('321100')]);
  });
});

describe('bad input: a clear zh/en error and nothing written', () => {
  beforeAll(() => {
    createRoster(s.db, SYSTEM, {
      name: '问题名单', regions: [{ code: '320100', name: '南京市' }],
      officials: [
        { id: 'NOPOST', name: '无任职', posts: [] },
        { id: 'OVERLAP', name: '重叠', posts: [
          { post: '市长', regionCode: '320100', start: '2023-01-01', end: '2024-03-31' },
          { post: '书记', regionCode: '320100', start: '2024-03-01', end: null },
        ] },
      ],
    });
  });

  const cases: [string, Record<string, string>, number, RegExp][] = [
    ['an unknown official', { official: 'NOBODY' }, 404, /NOBODY/],
    ['an official with no posts', { official: 'NOPOST' }, 422, /no posts/],
    ['overlapping posts in one region', { official: 'OVERLAP' }, 422, /overlapping posts in region 320100/],
    ['from after to', { official: 'NJ-01', from: '2024-01-01', to: '2023-01-01' }, 422, /ends \(2023-01-01\) before it starts/],
    ['a date that does not exist', { official: 'NJ-01', from: '2024-02-30' }, 422, /from must be a real date/],
    ['a date that is not one', { official: 'NJ-01', to: 'yesterday' }, 422, /to must be a real date/],
    ['no post in from–to', { official: 'NJ-01', from: '2019-01-01', to: '2020-12-31' }, 422, /held no post/],
    ['a tenure no round scored', { official: 'NJ-01', from: '2021-09-01', to: '2022-12-31' }, 422, /no round scored/],
  ];

  test.each(cases)('%s', async (_name, payload, status, en) => {
    const audits = (s.db.prepare('SELECT count(*) AS n FROM audits').get() as { n: number }).n;
    const head = auditHead(s.db);
    const r = await s.app.inject({ method: 'POST', url: '/api/audits', headers: auditor, payload });
    expect(r.statusCode).toBe(status);
    const { error } = r.json();
    expect(error.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(error.en).toMatch(en);
    expect((s.db.prepare('SELECT count(*) AS n FROM audits').get() as { n: number }).n).toBe(audits);
    expect(auditHead(s.db)).toEqual(head);
  });

  test('an audit that does not exist is a 404', async () => {
    expect((await s.app.inject({ url: '/api/audits/999999', headers: auditor })).statusCode).toBe(404);
    expect(verifyAuditChain(s.db).ok).toBe(true);
  });
});
