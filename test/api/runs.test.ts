/**
 * Runs as jobs: a round large enough for the worker pool scores in the background, its progress
 * streams as server-sent events ending with the finished run; an auditor's rerun gives the same
 * bits; a failed run says why; the results file is the engine's own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compile, evaluate, PARALLEL_FROM, shutdownPool } from '../../engine/index.js';
import { LATEST_SEMANTICS, loadSchemeText } from '../../indicators/index.js';
import { readCsvText, resultsCsv, synthCsv } from '../../io/index.js';
import { demoYearCsv } from '../../store/demo-seed.js';
import { createRoster, getRun, SYSTEM } from '../../store/index.js';
import { runAtLevel, runScoredBy } from '../store/foreign-runs.js';
import { bearer, demoServer, multipart, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';

const schemeText = readFileSync(join(TEMPLATES, 'demo-green.yaml'), 'utf8');
let s: DemoServer;
let office: Record<string, string>;

beforeAll(async () => {
  s = await demoServer({ threads: 2 });
  office = bearer(s.token('office'));
});
afterAll(async () => {
  await s.close();
  await shutdownPool();
});

async function newRound(rosterId: number, year: number): Promise<number> {
  const r = await s.app.inject({
    method: 'POST', url: '/api/rounds', headers: office,
    payload: { name: { zh: `${year} 测试` }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId, periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` },
  });
  await s.app.inject({ method: 'POST', url: `/api/rounds/${r.json().id}/status`, headers: office, payload: { status: 'collecting' } });
  return r.json().id;
}

describe('a round on the worker pool', () => {
  let runId: number;

  test('scores in the background; the event stream ends with the finished run', async () => {
    // A roster without regions takes any ids: synthetic entities, more than run inline.
    const roster = createRoster(s.db, SYSTEM, { name: 'open', regions: [] });
    const round = await newRound(roster.id, 2040);
    const { plan } = compile(loadSchemeText(schemeText));
    const n = PARALLEL_FROM + 5000;
    expect((await upload(s.app, round, office, { name: 'big.csv', content: synthCsv(plan, n, 7) })).statusCode).toBe(201);
    const started = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office });
    expect(started.statusCode).toBe(202);
    expect(started.headers.location).toBe(`/api/runs/${started.json().id}`);
    runId = started.json().id;
    const events = await s.app.inject({ url: `/api/runs/${runId}/events`, headers: office });
    expect(events.headers['content-type']).toMatch(/text\/event-stream/);
    const blocks = events.body.trim().split('\n\n').map((b) => {
      const [e, d] = b.split('\n');
      return { event: e.replace('event: ', ''), data: JSON.parse(d.replace('data: ', '')) };
    });
    expect(blocks[0].event).toMatch(/progress|done/);
    const last = blocks.at(-1)!;
    expect(last.event).toBe('done');
    expect(last.data).toMatchObject({ id: runId, status: 'done', entities: n });
    for (const b of blocks.filter((x) => x.event === 'progress' && x.data.total > 0)) expect(b.data.done).toBeLessThanOrEqual(b.data.total);
  });

  test('an auditor evaluates it again: the same bits', async () => {
    const r = await s.app.inject({ method: 'POST', url: `/api/runs/${runId}/rerun`, headers: bearer(s.token('auditor')) });
    expect(r.statusCode).toBe(200);
    expect(r.json().identical).toBe(true);
    expect(r.json().resultsHash).toBe(r.json().storedResultsHash);
  });

  test('rankings page through a large round', async () => {
    const page = (await s.app.inject({ url: `/api/runs/${runId}/ranking?offset=100&limit=50`, headers: office })).json();
    expect(page.total).toBe(PARALLEL_FROM + 5000);
    expect(page.rows).toHaveLength(50);
    const ranks = page.rows.map((r: { rank: number | null }) => r.rank ?? Infinity);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });
});

test('a run that fails says why, stores no results, and the round stays collecting', async () => {
  // A variant scheme the reader accepts negative forest cover for, scored as is under a
  // geometric mean: the engine refuses a negative child, naming the entity and node.
  const yaml = schemeText
    .replace('version: "2025.1"', 'version: "fail.1"')
    .replace('- { id: forest_cover, label: { zh: 森林覆盖率, en: Forest cover }, unit: "%", range: [0, 100] }', '- { id: forest_cover, label: { zh: 森林覆盖率, en: Forest cover }, unit: "%" }')
    .replace('weight: 16.5\n      children:', 'weight: 16.5\n      aggregate: geometric\n      children:')
    .replace('weight: 3, normalise: { method: efficacy }, missing: { method: fixed, value: 60 } }\n        - { id: wetland', 'weight: 3, normalise: { method: none }, missing: { method: fixed, value: 60 } }\n        - { id: wetland');
  expect(yaml.match(/geometric|method: none|Forest cover }, unit: "%" }/g)).toHaveLength(3);
  const m = multipart({}, { name: 'f.yaml', content: yaml });
  expect((await s.app.inject({ method: 'POST', url: '/api/schemes', headers: { ...bearer(s.token('admin')), ...m.headers }, payload: m.payload })).statusCode).toBe(201);
  const r = await s.app.inject({
    method: 'POST', url: '/api/rounds', headers: office,
    payload: { name: { zh: '失败' }, schemeId: 'demo-green', schemeVersion: 'fail.1', rosterId: 1, periodStart: '2041-01-01', periodEnd: '2041-12-31' },
  });
  const round = r.json().id;
  await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/status`, headers: office, payload: { status: 'collecting' } });
  const csv = demoYearCsv(readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8'), 0);
  const bad = csv.replace(',31.8,', ',-5,');
  expect(bad).not.toBe(csv);
  expect((await upload(s.app, round, office, { name: 'neg.csv', content: bad })).statusCode).toBe(201);
  const results = (s.db.prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n;
  const run = (await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office })).json();
  expect((await waitForRun(s.app, run.id, office)).status).toBe('failed');
  const failed = (await s.app.inject({ url: `/api/runs/${run.id}`, headers: office })).json();
  expect(failed.error[0].en).toMatch(/geometric|negative/);
  expect(failed.resultsHash).toBeNull();
  expect((s.db.prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n).toBe(results);
  expect((await s.app.inject({ url: `/api/rounds/${round}`, headers: office })).json().status).toBe('collecting');
});

test('the results file is the engine\'s results file for the same data', async () => {
  const round = s.seed.roundIds[2];
  const runId = (await s.app.inject({ url: `/api/rounds/${round}`, headers: office })).json().publication.runId;
  const r = await s.app.inject({ url: `/api/runs/${runId}/export?format=csv`, headers: office });
  expect(r.statusCode).toBe(200);
  expect(r.headers['content-disposition']).toMatch(/attachment/);
  const compiled = compile(loadSchemeText(schemeText));
  const direct = evaluate(compiled, readCsvText(demoYearCsv(readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8'), 0), compiled.plan));
  expect(r.body).toBe(resultsCsv(direct));
});

describe('reruns across engines: the semantics level decides', () => {
  const auditor = (): Record<string, string> => bearer(s.token('auditor'));

  test('a run scored by another engine version at a level this engine knows reruns: the same bits', async () => {
    const id = runScoredBy(s.db, 3, '0.1.0');
    const r = await s.app.inject({ method: 'POST', url: `/api/runs/${id}/rerun`, headers: auditor() });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ identical: true, storedResultsHash: getRun(s.db, 3).resultsHash });
  });

  test('a plan at a level newer than this engine is refused (409), naming the engine to install, in Chinese and English', async () => {
    const level = LATEST_SEMANTICS + 1;
    const { runId } = await runAtLevel(s.db, level, '9.1.0', 3);
    const r = await s.app.inject({ method: 'POST', url: `/api/runs/${runId}/rerun`, headers: auditor() });
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatchObject({
      code: 'conflict',
      zh: expect.stringMatching(new RegExp(`^运行 ${runId} 的方案按语义级别 ${level} 编译.*请安装 kaohe 9\\.1\\.0（计算该运行的引擎）或更新版本$`)),
      en: expect.stringMatching(new RegExp(`^run ${runId}'s plan was compiled at semantics level ${level};.*install kaohe 9\\.1\\.0 \\(the engine that scored it\\) or later$`)),
    });
  });
});
