/**
 * What moved between two runs and why: per entity, the score, rank and grade in each, and the
 * inputs whose values differ between the two runs' snapshots. An entity whose inputs didn't
 * change can still move — normalisation uses every entity's data — and the reason says so;
 * a different plan is named as the reason when the scheme version differs.
 *
 * The comparison itself is diff-compute.ts. For a large pair of runs (either one of
 * PARALLEL_FROM entities or more) in a database file, the store's worker thread reads and
 * decodes both results and both snapshots and compares them (store/off-thread.ts: diffOffThread),
 * so the main thread decodes nothing and walks no million ids; smaller runs and databases in
 * memory are compared here, from the results cache and the snapshot cache. Same output.
 */
import { PARALLEL_FROM, type ScoringPlan } from '../engine/index.js';
import type { Db } from './db.js';
import { computeDiff, type RunDiff, type RunRef } from './diff-compute.js';
import { dbFile, diffOffThread } from './off-thread.js';
import { storedResults } from './results-cache.js';
import { getRound } from './rounds.js';
import { getRun, resultsChanged, runResultsBlob, type Run } from './runs.js';
import { schemePlan } from './schemes.js';
import { loadSnapshot, snapshotNotFound } from './snapshots.js';

export type { EntityDiff, InputChange, InputValue, MoveReason, RunDiff, RunRef } from './diff-compute.js';

const ref = (r: Run): RunRef => ({ runId: r.id, roundId: r.roundId, planHash: r.planHash, snapshotHash: r.snapshotHash, resultsHash: r.resultsHash });

function planOf(db: Db, run: Run): ScoringPlan {
  const round = getRound(db, run.roundId);
  return schemePlan(db, round.schemeId, round.schemeVersion).plan;
}

/** The diff computed on this thread, from the caches (decoding what is not cached yet). */
export function diffRunsHere(db: Db, fromId: number, toId: number): RunDiff {
  const a = getRun(db, fromId);
  const b = getRun(db, toId);
  const ra = storedResults(db, a.id);
  const rb = storedResults(db, b.id);
  const planB = planOf(db, b);
  const fa = a.snapshotHash === b.snapshotHash ? null : loadSnapshot(db, a.snapshotHash);
  const fb = fa ? loadSnapshot(db, b.snapshotHash) : null;
  return computeDiff(ref(a), ref(b), ra, rb, fa, fb, planB.sources);
}

const pending = new WeakMap<Db, Map<string, Promise<RunDiff>>>();

/**
 * The diff of run `fromId` to run `toId`. A large pair in a database file is compared by the
 * store's worker; concurrent callers for the same pair share that one task.
 */
export function diffRuns(db: Db, fromId: number, toId: number): Promise<RunDiff> {
  let a: Run;
  let b: Run;
  let file: string | null;
  let inputs: ScoringPlan['sources'];
  try {
    a = getRun(db, fromId);
    b = getRun(db, toId);
    file = dbFile(db);
    if (file === null || Math.max(a.entities, b.entities) < PARALLEL_FROM) return Promise.resolve(diffRunsHere(db, fromId, toId));
    // The refusals of the path above, in its order, before the worker reads anything.
    for (const r of [a, b]) if (r.status !== 'done' || !r.resultsHash) runResultsBlob(db, r);
    inputs = planOf(db, b).sources;
  } catch (e) {
    return Promise.reject(e);
  }
  let map = pending.get(db);
  if (!map) pending.set(db, (map = new Map()));
  const key = `${a.id}:${b.id}`;
  let p = map.get(key);
  if (!p) {
    const m = map;
    p = diffOffThread(file, ref(a), ref(b), inputs).then((r) => {
      if ('missing' in r) throw r.missing === 'snapshot' ? snapshotNotFound(r.hash) : new Error(`no results row ${r.hash}`);
      if ('changed' in r) throw resultsChanged(r.changed === a.resultsHash ? a : b);
      return r.diff;
    }).finally(() => m.delete(key));
    map.set(key, p);
  }
  return p;
}
