/**
 * Full engine Results of finished runs, for explanations, scorecards and pages: evaluated again
 * from the run's plan and snapshot, checked bit for bit against the stored results hash, and
 * kept in a memory-bounded LRU per database (runs never change once done). Concurrent requests
 * for the same run share one evaluation.
 */
import { LRUCache } from 'lru-cache';
import type { Results } from '../engine/index.js';
import type { Db } from './db.js';
import { decodeResults, type StoredResults } from './results-codec.js';
import { getRun, runResultsBlob } from './runs.js';
import { reproduceRun } from './scoring.js';

const MAX_BYTES = 768 * 1024 * 1024;

interface Caches {
  full: LRUCache<number, Results>;
  stored: LRUCache<number, StoredResults>;
  pending: Map<number, Promise<Results>>;
}

const caches = new WeakMap<Db, Caches>();

function cachesOf(db: Db): Caches {
  let c = caches.get(db);
  if (!c) {
    c = {
      full: new LRUCache<number, Results>({ maxSize: MAX_BYTES, sizeCalculation: (r) => Math.max(1, (r.columns.length + r.nodeScores.length + 8) * r.frame.n * 8) }),
      stored: new LRUCache<number, StoredResults>({ maxSize: MAX_BYTES / 4, sizeCalculation: (r) => Math.max(1, r.columns.size * r.n * 8) }),
      pending: new Map(),
    };
    caches.set(db, c);
  }
  return c;
}

/** A run's full Results (evaluated again and verified against the stored hash). */
export function runResults(db: Db, runId: number): Promise<Results> {
  const c = cachesOf(db);
  const hit = c.full.get(runId);
  if (hit) return Promise.resolve(hit);
  let p = c.pending.get(runId);
  if (!p) {
    p = reproduceRun(db, runId).then(({ results, identical, run }) => {
      if (!identical) throw new Error(`run ${runId}: evaluating it again did not reproduce its stored results ${run.resultsHash}`);
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
