/**
 * The store's worker thread (store/off-thread.ts drives it): the byte work of a large run, kept
 * off the service's main thread so that it goes on answering requests.
 *
 * - load-snapshot: read a snapshot's blob with a read-only connection of its own, parse its
 *   header and copy the columns into one SharedArrayBuffer; the ids (and names, and record
 *   origins) go back as JSON texts of consecutive slices, which the main thread parses one slice
 *   per turn of its event loop, with their whole JSON for the results header.
 * - encode-results: a run's results columns (shared memory) and header text in, the stored
 *   bytes and their SHA-256 out (column-blob.ts, the same bytes as encodeResults); with a
 *   database path, the bytes are also written as the content-addressed results row, in one
 *   statement (whole or not at all) on a connection of its own. That row is not any run's
 *   results until the main thread makes the run point at it (completeRun, one short
 *   transaction); nothing reads a results row but through a done run.
 *
 * - entity-index: a done run's results row read (read-only connection), checked against its hash
 *   (a row edited behind the code is reported, never indexed), and its entity index
 *   built (entity-index.ts: ids, score, rank and grade), in shared memory, for the scorecard's
 *   trend: the main thread gets it without decoding the results or parsing a million ids.
 * - diff: two done runs' results (score, rank and grade) and, when they differ, their snapshots
 *   read and decoded, and compared (diff-compute.ts, as store/diff.ts does for small runs): the
 *   main thread gets the diff only.
 *
 * Connections here are opened per task and closed after it; they run no migration and touch no
 * other table.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { decodeBody, encodeColumnsWithHead, readHead } from './column-blob.js';
import type { SourceColumn } from '../engine/index.js';
import { computeDiff, DIFF_COLUMNS, type RunDiff, type RunRef } from './diff-compute.js';
import type { EntityIndex } from './entity-index.js';
import { decodeResultsColumns, resultsEntityIndex, type StoredResults } from './results-codec.js';
import { decodeSnapshot, SNAPSHOT_MAGIC, snapshotLengths, type SnapshotHeader } from './snapshot-codec.js';
import { nowIso } from './time.js';

/** Strings per slice sent back to the main thread: a few milliseconds of JSON.parse there. */
export const STRINGS_PER_PART = 16_384;

export interface StringParts {
  /** JSON texts of consecutive slices (each an array). */
  parts: string[];
  /** The JSON text of the whole array (what JSON.stringify gives). */
  json: string;
}

export interface LoadSnapshotTask {
  kind: 'load-snapshot';
  dbPath: string;
  hash: string;
}

export interface LoadedSnapshot {
  /** The header with ids, names and record origins emptied: they come in parts. */
  header: SnapshotHeader;
  columns: Float64Array[];
  ids: StringParts;
  names: StringParts | null;
  origin: StringParts | null;
}

export interface EncodeResultsTask {
  kind: 'encode-results';
  magic: string;
  head: string;
  columns: Float64Array[];
  /** Write the bytes as a results row of this database (unless one with the hash is there). */
  dbPath: string | null;
  n: number;
  /** Send the bytes back (moved, not copied). */
  returnData: boolean;
}

export interface EncodedResults {
  hash: string;
  bytes: number;
  /** True when this task inserted the results row; false when it was there already or no path was given. */
  inserted: boolean;
  data: ArrayBuffer | null;
}

export interface EntityIndexTask {
  kind: 'entity-index';
  dbPath: string;
  /** The results row's hash (a done run's). */
  hash: string;
}

export interface DiffTask {
  kind: 'diff';
  dbPath: string;
  /** Two done runs (their results hashes set). */
  from: RunRef;
  to: RunRef;
  /** The later plan's sources: the inputs compared. */
  inputs: SourceColumn[];
}

/** The diff, or which row was not found or was changed. */
export type DiffOutcome = { diff: RunDiff } | { missing: 'results' | 'snapshot'; hash: string } | ChangedResults;

export type StoreTask = LoadSnapshotTask | EncodeResultsTask | EntityIndexTask | DiffTask;

function parts(values: readonly (string | null)[]): StringParts {
  const out: string[] = [];
  for (let at = 0; at < values.length; at += STRINGS_PER_PART) out.push(JSON.stringify(values.slice(at, at + STRINGS_PER_PART)));
  return { parts: out, json: JSON.stringify(values) };
}

function loadSnapshot(task: LoadSnapshotTask): LoadedSnapshot | null {
  const db = new Database(task.dbPath, { readonly: true, fileMustExist: true });
  let blob: Buffer | undefined;
  try {
    db.pragma('busy_timeout = 60000');
    blob = (db.prepare('SELECT data FROM snapshots WHERE hash = ?').get(task.hash) as { data: Buffer } | undefined)?.data;
  } finally {
    db.close();
  }
  if (!blob) return null;
  const { head, start } = readHead(SNAPSHOT_MAGIC, blob);
  const header = JSON.parse(head) as SnapshotHeader;
  const columns = decodeBody(SNAPSHOT_MAGIC, blob, start, snapshotLengths(header), { shared: true });
  const loaded: LoadedSnapshot = {
    header: { ...header, ids: [], names: header.names ? [] : null, ...(header.records ? { records: { ...header.records, origin: [] } } : {}) },
    columns,
    ids: parts(header.ids),
    names: header.names ? parts(header.names) : null,
    origin: header.records ? parts(header.records.origin) : null,
  };
  return loaded;
}

/** A results row whose bytes no longer hash to its name: edited behind the code (store/results-check.ts). */
export interface ChangedResults {
  changed: string;
}

/** The results row named `hash`, checked against it: bytes, undefined when absent, or changed. */
function resultsRow(db: Database.Database, hash: string): Buffer | undefined | ChangedResults {
  const data = (db.prepare('SELECT data FROM results WHERE hash = ?').get(hash) as { data: Buffer } | undefined)?.data;
  return data && createHash('sha256').update(data).digest('hex') !== hash ? { changed: hash } : data;
}

/** A run's entity index (entity-index.ts), in shared memory; null when no results row has the hash. */
function entityIndex(task: EntityIndexTask): EntityIndex | null | ChangedResults {
  const db = new Database(task.dbPath, { readonly: true, fileMustExist: true });
  let blob: Buffer | undefined | ChangedResults;
  try {
    db.pragma('busy_timeout = 60000');
    blob = resultsRow(db, task.hash);
  } finally {
    db.close();
  }
  return blob instanceof Uint8Array ? resultsEntityIndex(blob, true) : blob ?? null;
}

function diff(task: DiffTask): DiffOutcome {
  const { from: a, to: b } = task;
  const db = new Database(task.dbPath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 60000');
    const blob = (table: 'results' | 'snapshots', hash: string): Buffer | undefined =>
      (db.prepare(`SELECT data FROM ${table} WHERE hash = ?`).get(hash) as { data: Buffer } | undefined)?.data;
    const results: StoredResults[] = [];
    for (const hash of [a.resultsHash!, b.resultsHash!]) {
      const data = resultsRow(db, hash);
      if (!data) return { missing: 'results', hash };
      if (!(data instanceof Uint8Array)) return data;
      results.push(decodeResultsColumns(data, DIFF_COLUMNS));
    }
    let frames = null;
    if (a.snapshotHash !== b.snapshotHash) {
      // One at a time: the first snapshot's bytes can go before the second is read.
      const fa = blob('snapshots', a.snapshotHash);
      if (!fa) return { missing: 'snapshot', hash: a.snapshotHash };
      const frameA = decodeSnapshot(fa);
      const fb = blob('snapshots', b.snapshotHash);
      if (!fb) return { missing: 'snapshot', hash: b.snapshotHash };
      frames = [frameA, decodeSnapshot(fb)];
    }
    return { diff: computeDiff(a, b, results[0], results[1], frames?.[0] ?? null, frames?.[1] ?? null, task.inputs) };
  } finally {
    db.close();
  }
}

function encodeResults(task: EncodeResultsTask): EncodedResults {
  const data = encodeColumnsWithHead(task.magic, task.head, task.columns);
  const hash = createHash('sha256').update(data).digest('hex');
  let inserted = false;
  if (task.dbPath !== null) {
    const db = new Database(task.dbPath, { fileMustExist: true });
    try {
      // Waiting for the main connection's write lock holds no one up here. As the main
      // connection (db.ts): WAL, no sync at commit.
      db.pragma('busy_timeout = 60000');
      db.pragma('synchronous = NORMAL');
      if (!db.prepare('SELECT 1 FROM results WHERE hash = ?').get(hash)) {
        inserted = db.prepare('INSERT OR IGNORE INTO results (hash, n, data, created_at) VALUES (?, ?, ?, ?)').run(hash, task.n, data, nowIso()).changes > 0;
      }
    } finally {
      db.close();
    }
  }
  return { hash, bytes: data.length, inserted, data: task.returnData ? (data.buffer as ArrayBuffer) : null };
}

export default function runStoreTask(task: StoreTask): LoadedSnapshot | null | EncodedResults | EntityIndex | ChangedResults | DiffOutcome {
  switch (task.kind) {
    case 'diff':
      return diff(task);
    case 'load-snapshot':
      return loadSnapshot(task);
    case 'entity-index':
      return entityIndex(task);
    case 'encode-results': {
      const r = encodeResults(task);
      if (!r.data) return r;
      // The bytes move to the main thread (no copy): Piscina's Transferable protocol.
      const data = r.data;
      return move({ [transferableSymbol]: [data], [valueSymbol]: r }) as unknown as EncodedResults;
    }
    default:
      throw new Error(`unknown store task "${(task as { kind: string }).kind}"`);
  }
}
