/**
 * The audit log: append-only (triggers refuse UPDATE and DELETE) and hash-chained. Each entry
 * holds the hash of the one before it and its own hash over its fields and that link, so a
 * changed, removed or inserted entry breaks the chain at that point and verifyAuditChain()
 * names the first broken link. Entries are written inside the transaction of the change
 * they record, so a change and its entry land together or not at all.
 *
 * An entry's hash, so that anyone can recompute the chain from the rows (GET /api/audit):
 *
 *   hash = lowercase hex SHA-256 of the UTF-8 bytes of
 *          prev_hash + "\n" + JSON.stringify([seq, at, actor_id, actor, action, target, detail_json])
 *
 * where prev_hash is the previous entry's hash (64 zeros before entry 1), seq the entry's number
 * (1, 2, 3, … with no gaps), at its ISO time, actor_id a number or null, and detail_json the stored
 * detail text itself (a JSON string inside the array, not the parsed object). The API's `detail`
 * is that text parsed; canonicalJson(detail) gives the text back (keys sorted, no spaces).
 *
 * The chain head is (count of entries, hash of the last entry). A chain can be rebuilt from
 * scratch and cut short without breaking a link, so an auditor keeps a head (printed in every
 * publication and results workbook, GET /api/audit/head) and later asks whether the log still
 * holds that entry with that hash (checkAuditHead): truncation and rewriting before it show.
 */
import { canonicalJson, sha256Hex } from '../indicators/index.js';
import type { Db } from './db.js';
import { invalid } from './errors.js';
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

/** An entry's hash recomputed from its fields as the API gives them (the formula above). */
export function auditEntryHash(e: Omit<AuditEntry, 'hash'>): string {
  return entryHash({ seq: e.seq, at: e.at, actor_id: e.actorId, actor: e.actor, action: e.action, target: e.target, detail_json: canonicalJson(e.detail), prev_hash: e.prevHash });
}

/** Every entry about `target`, in order. */
export function auditEntriesOf(db: Db, target: string): AuditEntry[] {
  return (sql(db, 'SELECT * FROM audit WHERE target = ? ORDER BY seq').all(target) as Row[]).map(toEntry);
}

export const AUDIT_GENESIS = GENESIS;

export function appendAudit(db: Db, actor: Actor, entry: AuditInput): AuditEntry {
  const last = auditHead(db);
  const row: Omit<Row, 'hash'> = {
    seq: last.count + 1,
    at: nowIso(),
    actor_id: actor.id,
    actor: actor.label,
    action: entry.action,
    target: entry.target,
    detail_json: canonicalJson(entry.detail ?? {}),
    prev_hash: last.hash,
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
    .all(q.after ?? 0, ...(q.target ? [q.target] : []), Math.min(q.limit ?? 100, 1000)) as Row[];
  return rows.map(toEntry);
}

export interface AuditSearch {
  /** Actions starting with this (`run.` finds run.verify, run.done …). */
  action?: string;
  /** Actors whose label contains this. */
  actor?: string;
  /** Entries at or after the start of this 北京时间 day (UTC+8), YYYY-MM-DD. */
  from?: string;
  /** Entries before the end of this 北京时间 day, YYYY-MM-DD. */
  to?: string;
  target?: string;
  offset?: number;
  limit?: number;
}

/** The Beijing day's first instant as a stored time (ISO, UTC). */
const beijingDayStart = (day: string): string => new Date(Date.parse(`${day}T00:00:00.000+08:00`)).toISOString();

/** Entries matching every given filter, newest first, a page at a time, with how many match in all. */
export function searchAudit(db: Db, q: AuditSearch): { entries: AuditEntry[]; total: number } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (q.action) { where.push('substr(action, 1, ?) = ?'); args.push(q.action.length, q.action); }
  if (q.actor) { where.push('instr(actor, ?) > 0'); args.push(q.actor); }
  if (q.from) { where.push('at >= ?'); args.push(beijingDayStart(q.from)); }
  if (q.to) { where.push('at < ?'); args.push(new Date(Date.parse(beijingDayStart(q.to)) + 86_400_000).toISOString()); }
  if (q.target) { where.push('target = ?'); args.push(q.target); }
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = (sql(db, `SELECT count(*) AS n FROM audit ${filter}`).get(...args) as { n: number }).n;
  const rows = sql(db, `SELECT * FROM audit ${filter} ORDER BY seq DESC LIMIT ? OFFSET ?`).all(...args, Math.min(q.limit ?? 50, 1000), q.offset ?? 0) as Row[];
  return { entries: rows.map(toEntry), total };
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

export interface AuditHead {
  /** Entries in the log (the last entry's seq). */
  count: number;
  /** The last entry's hash (64 zeros for an empty log). */
  hash: string;
}

export function auditHead(db: Db): AuditHead {
  const last = sql(db, 'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  return { count: last?.seq ?? 0, hash: last?.hash ?? GENESIS };
}

/** The head after entry `seq` (null: no such entry). */
export function auditHeadAt(db: Db, seq: number): AuditHead | null {
  const r = sql(db, 'SELECT seq, hash FROM audit WHERE seq = ?').get(seq) as { seq: number; hash: string } | undefined;
  return r ? { count: r.seq, hash: r.hash } : null;
}

/** `N:HASH` as printed (count, colon, hash); anything else is refused, naming `where`. */
export function parseAuditHead(text: string, where = 'head'): AuditHead {
  const m = /^([1-9]\d{0,14}):([0-9a-f]{64})$/.exec(text.trim().toLowerCase());
  if (!m) {
    throw invalid([{
      where,
      zh: `链头应为「条数:哈希」，如 12:ab…（十进制条数、64 位十六进制哈希，见 GET /api/audit/head），实际为「${text.slice(0, 100)}」`,
      en: `a chain head is "COUNT:HASH", such as 12:ab… (a decimal count and a 64-digit hex hash, from GET /api/audit/head), got "${text.slice(0, 100)}"`,
    }]);
  }
  return { count: Number(m[1]), hash: m[2] };
}

export type HeadCheck =
  | { ok: true; head: AuditHead }
  | { ok: false; head: AuditHead; problem: 'truncated' | 'rewritten'; entries: number; zh: string; en: string };

/**
 * Does the log still hold a head kept earlier? Fewer entries than it counts: the log was cut
 * short. Entry N with another hash: the entries up to N were rewritten (and rehashed), or the head
 * is from another database. With the chain itself intact (verifyAuditChain), a head that holds
 * proves every entry up to it unchanged.
 */
export function checkAuditHead(db: Db, head: AuditHead): HeadCheck {
  const now = auditHead(db);
  if (now.count < head.count) {
    return {
      ok: false, head, problem: 'truncated', entries: now.count,
      zh: `审计日志现有 ${now.count} 条，少于所保存链头的 ${head.count} 条：日志末尾的条目被删除`,
      en: `the audit log has ${now.count} entries, fewer than the ${head.count} of the head you kept: entries at its end were removed`,
    };
  }
  const at = auditHeadAt(db, head.count);
  if (at?.hash !== head.hash) {
    return {
      ok: false, head, problem: 'rewritten', entries: now.count,
      zh: `审计日志第 ${head.count} 条的哈希为 ${at?.hash ?? '（该条已不存在）'}，不是所保存链头的 ${head.hash}：该条及之前的条目被改写并重算了哈希，或该链头来自另一个数据库`,
      en: `audit entry ${head.count} has hash ${at?.hash ?? '(the entry is gone)'}, not ${head.hash} of the head you kept: it or entries before it were rewritten and rehashed, or the head is from another database`,
    };
  }
  return { ok: true, head };
}
