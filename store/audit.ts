/**
 * The audit log: append-only (triggers refuse UPDATE and DELETE) and hash-chained. Each entry
 * holds the hash of the one before it and its own hash over its fields and that link, so a
 * changed, removed or inserted entry breaks the chain at that point and verifyAuditChain()
 * names the first broken link. Entries are written inside the transaction of the change
 * they record, so a change and its entry land together or not at all.
 */
import { canonicalJson, sha256Hex } from '../indicators/index.js';
import type { Db } from './db.js';
import { nowIso } from './time.js';
import { sql } from './statements.js';

/** Who did it: an account, or the service itself (seeding, start-up). */
export interface Actor {
  id: number | null;
  label: string;
}

export const SYSTEM: Actor = { id: null, label: 'system' };

export interface AuditInput {
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: number | null;
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

interface Row {
  seq: number;
  at: string;
  actor_id: number | null;
  actor: string;
  action: string;
  target: string;
  detail_json: string;
  prev_hash: string;
  hash: string;
}

function entryHash(r: Omit<Row, 'hash'>): string {
  return sha256Hex(`${r.prev_hash}\n${canonicalJson([r.seq, r.at, r.actor_id, r.actor, r.action, r.target, r.detail_json])}`);
}

export function appendAudit(db: Db, actor: Actor, entry: AuditInput): AuditEntry {
  const last = sql(db, 'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const row: Omit<Row, 'hash'> = {
    seq: (last?.seq ?? 0) + 1,
    at: nowIso(),
    actor_id: actor.id,
    actor: actor.label,
    action: entry.action,
    target: entry.target,
    detail_json: canonicalJson(entry.detail ?? {}),
    prev_hash: last?.hash ?? GENESIS,
  };
  const hash = entryHash(row);
  sql(db, 'INSERT INTO audit (seq, at, actor_id, actor, action, target, detail_json, prev_hash, hash) VALUES (@seq, @at, @actor_id, @actor, @action, @target, @detail_json, @prev_hash, @hash)')
    .run({ ...row, hash });
  return toEntry({ ...row, hash });
}

function toEntry(r: Row): AuditEntry {
  return {
    seq: r.seq, at: r.at, actorId: r.actor_id, actor: r.actor, action: r.action, target: r.target,
    detail: JSON.parse(r.detail_json) as Record<string, unknown>, prevHash: r.prev_hash, hash: r.hash,
  };
}

export interface AuditQuery {
  /** Entries after this sequence number. */
  after?: number;
  limit?: number;
  target?: string;
}

export function listAudit(db: Db, q: AuditQuery = {}): AuditEntry[] {
  const rows = sql(db, `SELECT * FROM audit WHERE seq > ? ${q.target ? 'AND target = ?' : ''} ORDER BY seq LIMIT ?`)
    .all(...[q.after ?? 0, ...(q.target ? [q.target] : []), Math.min(q.limit ?? 100, 1000)]) as Row[];
  return rows.map(toEntry);
}

export type ChainCheck =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; brokenAt: number; zh: string; en: string };

/** Walk the whole log in order; the first entry whose link or own hash doesn't hold breaks it. */
export function verifyAuditChain(db: Db): ChainCheck {
  let prev = GENESIS;
  let expectedSeq = 1;
  let entries = 0;
  for (const r of sql(db, 'SELECT * FROM audit ORDER BY seq').iterate() as IterableIterator<Row>) {
    entries++;
    if (r.seq !== expectedSeq || r.prev_hash !== prev) {
      return {
        ok: false, entries, brokenAt: r.seq,
        zh: `审计日志第 ${r.seq} 条与前一条不相连（之前的条目被删除、插入或改动）`,
        en: `audit entry ${r.seq} does not link to the entry before it (an earlier entry was removed, inserted or changed)`,
      };
    }
    if (entryHash(r) !== r.hash) {
      return {
        ok: false, entries, brokenAt: r.seq,
        zh: `审计日志第 ${r.seq} 条的内容与其哈希不符（该条被改动）`,
        en: `audit entry ${r.seq} does not match its hash (the entry was changed)`,
      };
    }
    prev = r.hash;
    expectedSeq++;
  }
  return { ok: true, entries, head: prev };
}
