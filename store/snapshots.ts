/** Reading snapshots and a round's snapshot history (every accepted file adds one; none is ever removed). */
import { LRUCache } from 'lru-cache';
import type { Frame } from '../engine/index.js';
import type { Db } from './db.js';
import { notFound } from './errors.js';
import { decodeSnapshot, type EncodedSnapshot } from './snapshot-codec.js';
import { nowIso } from './time.js';
import { sql } from './statements.js';

/** Decoded snapshots by hash (content never changes), per database, bounded by size. */
const decoded = new WeakMap<Db, LRUCache<string, Frame>>();

function cacheOf(db: Db): LRUCache<string, Frame> {
  let cache = decoded.get(db);
  if (!cache) {
    cache = new LRUCache<string, Frame>({ maxSize: 512 * 1024 * 1024, sizeCalculation: (f) => Math.max(1, (f.columns.size + 2) * f.n * 8) });
    decoded.set(db, cache);
  }
  return cache;
}

/** A snapshot's frame if it is decoded already (see store/off-thread.ts), else undefined. */
export function cachedSnapshot(db: Db, hash: string): Frame | undefined {
  return cacheOf(db).get(hash);
}

/** Keep a snapshot's frame, decoded elsewhere, for the next reader. */
export function cacheSnapshot(db: Db, hash: string, frame: Frame): void {
  cacheOf(db).set(hash, frame);
}

/** A snapshot's frame. Shared between callers: read it, never write into it. */
export function loadSnapshot(db: Db, hash: string): Frame {
  const cache = cacheOf(db);
  const hit = cache.get(hash);
  if (hit) return hit;
  const frame = decodeSnapshot(snapshotBytes(db, hash));
  cache.set(hash, frame);
  return frame;
}

/** A snapshot's stored encoding (its SHA-256 is its hash). */
export function snapshotBytes(db: Db, hash: string): Buffer {
  const r = sql(db, 'SELECT data FROM snapshots WHERE hash = ?').get(hash) as { data: Buffer } | undefined;
  if (!r) throw snapshotNotFound(hash);
  return r.data;
}

/** The rounds whose data this snapshot was at some point, or that a run scored on it (a run reading a records register pins a snapshot of its own), in id order. */
export function snapshotRounds(db: Db, hash: string): number[] {
  return (sql(db, 'SELECT round_id FROM round_snapshots WHERE snapshot_hash = ? UNION SELECT round_id FROM runs WHERE snapshot_hash = ? ORDER BY round_id').all(hash, hash) as { round_id: number }[]).map((r) => r.round_id);
}

export const snapshotNotFound = (hash: string): Error => notFound(`snapshot:${hash}`, `输入快照 ${hash.slice(0, 12)}`, `snapshot ${hash.slice(0, 12)}`);

/** Store a snapshot unless the same content is already there; true when it was new. */
export function putSnapshot(db: Db, snap: EncodedSnapshot, n: number): boolean {
  return sql(db, 'INSERT OR IGNORE INTO snapshots (hash, n, data, created_at) VALUES (?, ?, ?, ?)').run(snap.hash, n, snap.data, nowIso()).changes > 0;
}

export interface SnapshotEvent {
  seq: number;
  snapshotHash: string;
  entities: number;
  submissionId: number;
  kind: 'submission' | 'correction';
  reason: string | null;
  fileName: string;
  createdAt: string;
}

/** Oldest first. */
export function snapshotHistory(db: Db, roundId: number): SnapshotEvent[] {
  return (sql(db, `SELECT rs.id AS seq, rs.snapshot_hash AS snapshotHash, sn.n AS entities, rs.submission_id AS submissionId,
      s.kind, s.reason, s.file_name AS fileName, rs.created_at AS createdAt
    FROM round_snapshots rs JOIN snapshots sn ON sn.hash = rs.snapshot_hash JOIN submissions s ON s.id = rs.submission_id
    WHERE rs.round_id = ? ORDER BY rs.id`).all(roundId) as SnapshotEvent[]);
}

/** Entities in a snapshot, without reading its data. */
export function snapshotSize(db: Db, hash: string): number {
  const r = sql(db, 'SELECT n FROM snapshots WHERE hash = ?').get(hash) as { n: number } | undefined;
  if (!r) throw notFound(`snapshot:${hash}`, `输入快照 ${hash.slice(0, 12)}`, `snapshot ${hash.slice(0, 12)}`);
  return r.n;
}
