/**
 * A large run's byte work off the main thread, so that the server keeps answering while a
 * million-entity round scores. A run used to decode its snapshot, serialise its ids, encode,
 * hash and write its results on the main thread: a second and more in which no request was
 * answered. Here a worker thread of the store (store-worker.ts, one, started on first use and
 * left to idle out) does that work; what stays on this thread comes in slices, with a turn of
 * the event loop between them:
 *
 * - loading a snapshot: the worker reads and decodes it; the ids (and names, record origins)
 *   come back as JSON slices parsed here one per turn;
 * - saving results: the header text (ids' JSON remembered from the snapshot, or serialised here
 *   in slices) and the columns (shared memory; a column that isn't is copied to shared memory
 *   here, a few per turn) go to the worker, which encodes, hashes and — for a database in a
 *   file — writes the results row with a connection of its own.
 *
 * - an entity's history: a done run's entity index (ids, score, rank, grade; entity-index.ts) is
 *   built by the worker from the results row, and comes back in shared memory.
 *
 * - a diff of two runs: the worker reads and decodes both runs' results and snapshots and
 *   compares them (diff-compute.ts); the diff comes back.
 *
 * Rounds below PARALLEL_FROM, and databases in memory (the worker can't open them), keep the
 * synchronous path, which gives the same bytes.
 */
import { Piscina } from 'piscina';
import { PARALLEL_FROM, type Frame, type Results } from '../engine/index.js';
import type { Db } from './db.js';
import type { SourceColumn } from '../engine/index.js';
import type { RunRef } from './diff-compute.js';
import type { EntityIndex } from './entity-index.js';
import { rememberJson, headerJson } from './column-blob.js';
import { RESULTS_MAGIC, resultsParts } from './results-codec.js';
import { snapshotFrame } from './snapshot-codec.js';
import { cachedSnapshot, cacheSnapshot, loadSnapshot, snapshotNotFound, snapshotSize } from './snapshots.js';
import { STRINGS_PER_PART, type ChangedResults, type DiffOutcome, type EncodedResults, type LoadedSnapshot, type StoreTask, type StringParts } from './store-worker.js';

/** Let other work of the event loop (requests) run. */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The compiled worker. From source (tests) the built copy in dist/ is used: `npm test` builds first. */
function workerFile(): string {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../dist/store/store-worker.js', here).href : new URL('./store-worker.js', here).href;
}

let pool: Piscina | null = null;

function storePool(): Piscina {
  if (!pool) {
    pool = new Piscina({ filename: workerFile(), minThreads: 0, maxThreads: 1, idleTimeout: 60_000 });
    pool.on('error', () => undefined);
  }
  return pool;
}

/** Tasks given to the store's worker, by kind (for tests: shared work is asked for once). */
export const storeTasksRun: Record<StoreTask['kind'], number> = { 'load-snapshot': 0, 'encode-results': 0, 'entity-index': 0, diff: 0 };

function runTask<T>(task: StoreTask): Promise<T> {
  storeTasksRun[task.kind]++;
  return storePool().run(task) as Promise<T>;
}

/** Stop the store's worker (it also stops by itself after a minute idle, and never keeps the process alive). */
export async function shutdownStorePool(): Promise<void> {
  const p = pool;
  pool = null;
  if (p) await p.destroy();
}

/** The file a worker thread can open for this database, or null (in memory). */
export const dbFile = (db: Db): string | null => (db.memory ? null : db.name);

const pendingLoads = new WeakMap<Db, Map<string, Promise<Frame>>>();

/**
 * A snapshot's frame, as loadSnapshot gives it (and cached with it), decoded by the worker for
 * a large snapshot in a file database.
 */
export function loadSnapshotOffThread(db: Db, hash: string): Promise<Frame> {
  const hit = cachedSnapshot(db, hash);
  if (hit) return Promise.resolve(hit);
  const file = dbFile(db);
  if (file === null || snapshotSize(db, hash) < PARALLEL_FROM) return Promise.resolve(loadSnapshot(db, hash));
  let pending = pendingLoads.get(db);
  if (!pending) pendingLoads.set(db, (pending = new Map()));
  let p = pending.get(hash);
  if (!p) {
    const map = pending;
    p = (async () => {
      const loaded = await runTask<LoadedSnapshot | null>({ kind: 'load-snapshot', dbPath: file, hash });
      if (!loaded) throw snapshotNotFound(hash);
      const { header } = loaded;
      header.ids = (await parseParts(loaded.ids)) as string[];
      if (loaded.names) header.names = await parseParts(loaded.names);
      if (header.records && loaded.origin) header.records.origin = (await parseParts(loaded.origin)) as string[];
      const frame = snapshotFrame(header, loaded.columns);
      cacheSnapshot(db, hash, frame);
      return frame;
    })().finally(() => map.delete(hash));
    map.set(hash, p);
  }
  return p;
}

/** The strings of the worker's JSON slices, one slice per turn; their whole JSON is remembered for encoding. */
async function parseParts(p: StringParts): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (const part of p.parts) {
    await breathe();
    const slice = JSON.parse(part) as (string | null)[];
    for (let i = 0; i < slice.length; i++) out.push(slice[i]);
  }
  rememberJson(out, p.json);
  return out;
}

/** JSON of an array of strings, remembered: built from slices, one per turn, when not known yet. */
async function rememberJsonSliced(values: readonly (string | null)[] | null): Promise<void> {
  if (!values || values.length < STRINGS_PER_PART) return;
  const parts: string[] = [];
  for (let at = 0; at < values.length; at += STRINGS_PER_PART) {
    await breathe();
    const s = JSON.stringify(values.slice(at, at + STRINGS_PER_PART));
    parts.push(s.slice(1, -1));
  }
  await breathe();
  rememberJson(values, `[${parts.join(',')}]`);
}

const isShared = (c: Float64Array): boolean => c.buffer instanceof SharedArrayBuffer;

/** The column in shared memory (itself when it is): a worker reads it without a copy. */
function shared(c: Float64Array): Float64Array {
  if (isShared(c)) return c;
  const s = new Float64Array(new SharedArrayBuffer(c.length * 8));
  s.set(c);
  return s;
}

export interface SavedResults {
  hash: string;
  /** The bytes, when they are not in the database yet (in memory; or `mode` 'bytes'). */
  data?: Buffer;
}

/**
 * A run's results as stored (encodeResults' bytes and hash), encoded and hashed by the worker.
 * `store`: for a database in a file, the worker also writes the results row and no bytes come
 * back; in memory, the bytes come back for completeRun to insert. `hash`: the hash only.
 */
export async function encodeResultsOffThread(db: Db, results: Results, mode: 'store' | 'hash'): Promise<SavedResults> {
  const { header, columns } = resultsParts(results);
  await rememberJsonSliced(header.ids);
  await rememberJsonSliced(header.names);
  await breathe();
  const head = headerJson(header);
  const cols: Float64Array[] = [];
  for (const c of columns) {
    if (!isShared(c)) await breathe();
    cols.push(shared(c));
  }
  const file = mode === 'store' ? dbFile(db) : null;
  const r = await runTask<EncodedResults>({
    kind: 'encode-results', magic: RESULTS_MAGIC, head, columns: cols, dbPath: file, n: results.frame.n, returnData: mode === 'store' && file === null,
  });
  return r.data ? { hash: r.hash, data: Buffer.from(r.data) } : { hash: r.hash };
}

/**
 * A done run's entity index (entity-index.ts), built by the worker from the results row `hash`
 * of a database in a file: the main thread reads none of the results' bytes. Null when there is
 * no such row. Callers share one build per run (results-cache.ts: runEntityIndex).
 */
export function entityIndexOffThread(dbPath: string, hash: string): Promise<EntityIndex | null | ChangedResults> {
  return runTask<EntityIndex | null | ChangedResults>({ kind: 'entity-index', dbPath, hash });
}

/**
 * The diff of two done runs of a database in a file (diff-compute.ts), computed by the worker
 * from the stored rows: the main thread decodes neither results nor snapshots. Callers share one
 * task per pair (store/diff.ts: diffRuns).
 */
export function diffOffThread(dbPath: string, from: RunRef, to: RunRef, inputs: readonly SourceColumn[]): Promise<DiffOutcome> {
  return runTask<DiffOutcome>({ kind: 'diff', dbPath, from, to, inputs: [...inputs] });
}
