/**
 * A ranking's rank changes against a large previous round, and a diff of two large runs, in a
 * file database (as `kaohe serve` keeps it): the previous round's ranks come from its run's
 * entity index (built once by the store's worker, shared by concurrent requests) and equal those
 * of the decoded results (the code before the index); the diff computed by the store's worker
 * equals the one computed here, output for output, and concurrent diffs of a pair share one task.
 * Behaviour, not timing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rankingRows } from '../../api/pages/from-results.js';
import { buildServer } from '../../api/server.js';
import { ranksOf } from '../../api/views/ranking.js';
import { PARALLEL_FROM } from '../../engine/index.js';
import { synthCsv } from '../../io/index.js';
import { seedDemo, type DemoSeed } from '../../store/demo-seed.js';
import { buildEntityIndex, entityId, entityRanks } from '../../store/entity-index.js';
import { diffRunsHere } from '../../store/diff.js';
import {
  diffRuns, openStore, requestRun, roundRun, runResults, schemePlan, scoreRun, storedResults, submitFile, SYSTEM, type Db,
} from '../../store/index.js';
import { storeTasksRun } from '../../store/off-thread.js';
import { bearer, TEMPLATES } from '../api/helpers.js';
import { closePrepared, databaseCopies, openRoster, releaseFileStore, syntheticRound } from './file-rounds.js';

const N = PARALLEL_FROM * 2;
const dir = mkdtempSync(join(tmpdir(), 'kaohe-previous-'));
const prepared = join(dir, 'prepared.db');
let seed: DemoSeed;
let before: number;
let after: number;
/** Done runs: the earlier round's, the later round's, the later round's again (same snapshot). */
let runA: number;
let runB: number;
let runB2: number;
/** A run of the later round requested but not scored. */
let queued: number;

/**
 * The later round's data: the earlier round's entities, every 50th left out, every 10th with
 * other values (the same ids of another synthetic set), and 300 new ones.
 */
function laterCsv(plan: Parameters<typeof synthCsv>[0]): string {
  const [head, ...rows] = synthCsv(plan, N, 7).split('\n').filter((l) => l !== '');
  const other = synthCsv(plan, N, 8).split('\n').filter((l) => l !== '').slice(1);
  const extra = synthCsv(plan, 300, 9).split('\n').filter((l) => l !== '').slice(1).map((l) => `X${l.slice(1)}`);
  const body = rows.flatMap((l, i) => (i % 50 === 49 ? [] : [i % 10 === 3 ? other[i] : l]));
  return `${[head, ...body, ...extra].join('\n')}\n`;
}

beforeAll(async () => {
  const db = openStore(prepared);
  seed = await seedDemo(db, TEMPLATES);
  const { plan } = schemePlan(db, 'demo-green', '2025.1');
  const roster = openRoster(db);
  before = syntheticRound(db, roster, 2030);
  await submitFile(db, SYSTEM, before, { fileName: 'before.csv', bytes: Buffer.from(synthCsv(plan, N, 7)) });
  after = syntheticRound(db, roster, 2031);
  await submitFile(db, SYSTEM, after, { fileName: 'after.csv', bytes: Buffer.from(laterCsv(plan)) });
  const score = async (round: number): Promise<number> => {
    const run = await scoreRun(db, requestRun(db, SYSTEM, round).id, { threads: 2 });
    expect(run.status).toBe('done');
    return run.id;
  };
  runA = await score(before);
  runB = await score(after);
  runB2 = await score(after);
  queued = requestRun(db, SYSTEM, after).id;
  closePrepared(db);
}, 180_000);

afterAll(() => releaseFileStore(dir));

const copy = databaseCopies(prepared, dir);

/** entity id → rank of a run, from its whole decoded results (the code before the entity index). */
function decodedRanks(db: Db, runId: number): Map<string, number> {
  const r = storedResults(db, runId);
  const rank = r.columns.get('rank')!;
  const out = new Map<string, number>();
  r.ids.forEach((id, i) => { if (rank[i] === rank[i]) out.set(id, rank[i]); });
  return out;
}

describe('a ranking\'s rank changes against a large previous round', () => {
  test('the previous run\'s ranks read through its entity index are the decoded ones, as a Map', async () => {
    const { db } = copy();
    try {
      const tasks = storeTasksRun['entity-index'];
      const ranks = await ranksOf(db, runA);
      expect(storeTasksRun['entity-index'] - tasks).toBe(1);
      const ref = decodedRanks(db, runA);
      expect(ranks.size).toBe(ref.size);
      expect([...ranks]).toEqual([...ref]);
      expect([...ranks.keys()]).toEqual([...ref.keys()]);
      expect([...ranks.values()]).toEqual([...ref.values()]);
      for (const id of [...storedResults(db, runB).ids, 'not-there', '', 'R000001 ']) {
        expect(ranks.get(id), id).toBe(ref.get(id));
        expect(ranks.has(id)).toBe(ref.has(id));
      }
      const seen: [string, number][] = [];
      ranks.forEach((r, id, map) => { seen.push([id, r]); expect(map).toBe(ranks); });
      expect(seen).toEqual([...ref]);
    } finally {
      db.close();
    }
  });

  test('over HTTP, concurrent rankings share one index build and their rank changes are the old ones; the workbook export too', async () => {
    const { db } = copy();
    const app = await buildServer({ db, threads: 2 });
    try {
      const lead = bearer(seed.accounts.find((a) => a.role === 'leadership')!.token);
      const tasks = storeTasksRun['entity-index'];
      const pages = await Promise.all(Array.from({ length: 5 }, (_, k) =>
        app.inject({ url: `/api/rounds/${after}/ranking?offset=${k * 10_000}&limit=10000`, headers: lead })));
      expect(storeTasksRun['entity-index'] - tasks).toBe(1);
      for (const p of pages) expect(p.statusCode).toBe(200);
      expect(pages[0].json()).toMatchObject({ run: { runId: roundRun(db, after, true)!.run.id }, previousRound: { id: before, runId: runA } });
      const rows = pages.flatMap((p) => p.json().rows as { entityId: string; rankChange: number | null }[]);
      const reference = rankingRows(await runResults(db, runB2), decodedRanks(db, runA));
      expect(rows).toEqual(JSON.parse(JSON.stringify(reference)));
      // Kept, moved and new entities: changes of both signs, and none for the new ones.
      expect(rows.some((r) => (r.rankChange ?? 0) > 0) && rows.some((r) => (r.rankChange ?? 0) < 0)).toBe(true);
      expect(rows.filter((r) => r.entityId.startsWith('X')).every((r) => r.rankChange === null)).toBe(true);

      const x = await app.inject({ url: `/api/runs/${runB}/export?format=xlsx`, headers: lead });
      expect(x.statusCode).toBe(200);
      expect(storeTasksRun['entity-index'] - tasks).toBe(1);
    } finally {
      await app.close();
      db.close();
    }
  }, 120_000);
});

describe('the ranks view of an entity index', () => {
  test('is the Map of id → rank, odd ids (lone surrogates, the empty id, a long one) and unranked rows included', () => {
    const ids = ['a', '', '\ud800', '\udc00', '\ud800\udc00', '企业·甲', 'x'.repeat(9000) + '\ud83c', ...Array.from({ length: 300 }, (_, i) => `E${i}`)];
    const n = ids.length;
    const rank = Float64Array.from({ length: n }, (_, i) => (i % 5 === 2 ? NaN : n - i));
    const zeros = new Float64Array(n);
    const x = buildEntityIndex(ids, { score: zeros, rank, grade: zeros }, [], true);
    ids.forEach((id, i) => expect(entityId(x, i)).toBe(id));
    const ref = new Map<string, number>();
    ids.forEach((id, i) => { if (rank[i] === rank[i]) ref.set(id, rank[i]); });
    const view = entityRanks(x);
    expect([...view]).toEqual([...ref]);
    expect(view.size).toBe(ref.size);
    for (const id of [...ids, 'b', '\ufffd', 'x'.repeat(9000)]) expect(view.get(id), JSON.stringify(id).slice(0, 20)).toBe(ref.get(id));
  });
});

describe('a diff of two large runs', () => {
  test('computed by the store\'s worker, is the diff computed here; concurrent diffs of a pair share one task', async () => {
    const { db } = copy();
    try {
      const tasks = storeTasksRun.diff;
      const [d, ...same] = await Promise.all([diffRuns(db, runA, runB), diffRuns(db, runA, runB), diffRuns(db, runA, runB)]);
      expect(storeTasksRun.diff - tasks).toBe(1);
      for (const s of same) expect(s).toBe(d);
      const here = diffRunsHere(db, runA, runB);
      expect(d).toEqual(here);
      expect(JSON.stringify(d)).toBe(JSON.stringify(here));
      expect(d.snapshotChanged).toBe(true);
      const whys = new Set(d.changed.map((c) => c.why));
      for (const why of ['added', 'removed', 'own-data', 'others-data']) expect(whys).toContain(why);

      // The same snapshot: no inputs compared.
      const again = await diffRuns(db, runB, runB2);
      expect(storeTasksRun.diff - tasks).toBe(2);
      expect(again).toEqual(diffRunsHere(db, runB, runB2));
      expect(again).toMatchObject({ snapshotChanged: false, changed: [] });

      // A run not done is refused as before, before the worker reads anything.
      await expect(diffRuns(db, runA, queued)).rejects.toThrow(/has not finished/);
      expect(() => diffRunsHere(db, runA, queued)).toThrow(/has not finished/);
      expect(storeTasksRun.diff - tasks).toBe(2);
    } finally {
      db.close();
    }
  });

  test('over HTTP, GET /api/diff gives the diff computed here', async () => {
    const { db } = copy();
    const app = await buildServer({ db, threads: 2 });
    try {
      const auditor = bearer(seed.accounts.find((a) => a.role === 'auditor')!.token);
      const r = await app.inject({ url: `/api/diff?from=${runA}&to=${runB}`, headers: auditor });
      expect(r.statusCode).toBe(200);
      expect(r.body).toBe(JSON.stringify(diffRunsHere(db, runA, runB)));
    } finally {
      await app.close();
      db.close();
    }
  }, 60_000);
});
