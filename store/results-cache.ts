/**
 * Full engine Results of finished runs, for explanations, scorecards and pages: evaluated again
 * from the run's plan and snapshot, checked bit for bit against the stored results hash, and
 * kept in a memory-bounded LRU per database (runs never change once done). Concurrent requests
 * for the same run share one evaluation. Also a run's stored results decoded (diffs of small
 * runs; a large pair is compared by the store's worker, store/diff.ts) and its entity index
 * (entity-index.ts: one entity's score, rank and grade in O(1), for histories and the previous
 * round's ranks), each in an LRU bounded by bytes; concurrent requests share one index build.
 */
import { LRUCache } from 'lru-cache';
import { listDatesInTurns, PARALLEL_FROM, type Results } from '../engine/index.js';
import type { Db } from './db.js';
import { entityIndexBytes, type EntityIndex } from './entity-index.js';
import { dbFile, entityIndexOffThread } from './off-thread.js';
import { decodeResults, resultsEntityIndex, type StoredResults } from './results-codec.js';
import { getRun, resultsChanged, runResultsBlob } from './runs.js';
import { reproduceRun } from './scoring.js';

const MAX_BYTES = 768 * 1024 * 1024;

interface Caches {
  full: LRUCache<number, Results>;
  stored: LRUCache<number, StoredResults>;
  pending: Map<number, Promise<Results>>;
  index: LRUCache<number, EntityIndex>;
  pendingIndex: Map<number, Promise<EntityIndex>>;
}

const caches = new WeakMap<Db, Caches>();

function cachesOf(db: Db): Caches {
  let c = caches.get(db);
  if (!c) {
    c = {
      full: new LRUCache<number, Results>({ maxSize: MAX_BYTES, sizeCalculation: (r) => Math.max(1, (r.columns.length + r.nodeScores.length + 8) * r.frame.n * 8) }),
      stored: new LRUCache<number, StoredResults>({ maxSize: MAX_BYTES / 4, sizeCalculation: (r) => Math.max(1, r.columns.size * r.n * 8) }),
      pending: new Map(),
      // About 50 MB for a million entities (ids, hash table, three columns): room for three.
      index: new LRUCache<number, EntityIndex>({ maxSize: MAX_BYTES / 4, sizeCalculation: (x) => Math.max(1, entityIndexBytes(x)) }),
      pendingIndex: new Map(),
    };
    caches.set(db, c);
  }
  return c;
}

/** A run's full Results (evaluated again and verified against the stored hash), its list dates computed. */
export function runResults(db: Db, runId: number): Promise<Results> {
  const c = cachesOf(db);
  const hit = c.full.get(runId);
  if (hit) return Promise.resolve(hit);
  let p = c.pending.get(runId);
  if (!p) {
    p = reproduceRun(db, runId).then(async ({ results, identical, run }) => {
      if (!identical) throw new Error(`run ${runId}: evaluating it again did not reproduce its stored results ${run.resultsHash}`);
      // Its list dates too (the results CSV, the pages and the list register read them), a scoring again per turn.
      await listDatesInTurns(results);
      c.full.set(runId, results);
      return results;
    }).finally(() => c.pending.delete(runId));
    c.pending.set(runId, p);
  }
  return p;
}

/** A run's stored results columns (no evaluation): for histories and diffs. */
export function storedResults(db: Db, runId: number): StoredResults {
  const c = cachesOf(db);
  const hit = c.stored.get(runId);
  if (hit) return hit;
  const r = decodeResults(runResultsBlob(db, getRun(db, runId)));
  c.stored.set(runId, r);
  return r;
}

/**
 * A done run's entity index: built by the store's worker for a large run in a file database
 * (the main thread decodes nothing), here for a small one or a database in memory — the same
 * function on the same bytes. Concurrent callers for a run not indexed yet share one build.
 */
export function runEntityIndex(db: Db, runId: number): Promise<EntityIndex> {
  const c = cachesOf(db);
  const hit = c.index.get(runId);
  if (hit) return Promise.resolve(hit);
  let p = c.pendingIndex.get(runId);
  if (p) return p;
  const run = getRun(db, runId);
  const file = dbFile(db);
  try {
    if (file === null || run.entities < PARALLEL_FROM) {
      const index = resultsEntityIndex(runResultsBlob(db, run));
      c.index.set(runId, index);
      return Promise.resolve(index);
    }
    // Not done: runResultsBlob refuses (the same error as the synchronous path) before reading.
    if (run.status !== 'done' || !run.resultsHash) runResultsBlob(db, run);
  } catch (e) {
    return Promise.reject(e);
  }
  const hash = run.resultsHash!;
  p = entityIndexOffThread(file, hash).then((index) => {
    if (!index) throw new Error(`run ${runId}: no results row ${hash}`);
    if ('changed' in index) throw resultsChanged(run);
    c.index.set(runId, index);
    return index;
  }).finally(() => c.pendingIndex.delete(runId));
  c.pendingIndex.set(runId, p);
  return p;
}
