/**
 * Runs: one scoring of a round's current snapshot with its scheme's plan, identified by
 * (plan hash, snapshot hash, as-of date) and, once done, naming its results by their hash. The
 * plan hash covers the plan's semantics level; the engine version that scored the run is
 * recorded too, but any engine that knows the level reproduces it. A run is requested (queued), scored (running; see store/scoring.ts) and ends done
 * or failed. The first finished run of a collecting round makes it scored.
 */
import { ENGINE_VERSION } from '../engine/index.js';
import { sha256Hex, type Problem } from '../indicators/index.js';
import { appendAudit, SYSTEM, type Actor } from './audit.js';
import type { Db } from './db.js';
import { nowIso } from './time.js';
import { conflict, invalid, notFound } from './errors.js';
import { registerRecordsFor } from './records-register.js';
import { getRound, setRoundStatus, type Round } from './rounds.js';
import { getSchemeVersion, schemePlan } from './schemes.js';
import { encodeSnapshot, withRecords } from './snapshot-codec.js';
import { loadSnapshot, putSnapshot } from './snapshots.js';
import { isDate } from './dates.js';
import { sql } from './statements.js';
import { checkConfirmations } from './participants.js';

export type RunStatus = 'queued' | 'running' | 'done' | 'failed';

export interface Run {
  id: number;
  roundId: number;
  planHash: string;
  snapshotHash: string;
  /** The round's data snapshot the run started from: its own snapshot, unless it added the records register's records to it. */
  roundSnapshotHash: string;
  asOf: string;
  engineVersion: string;
  status: RunStatus;
  resultsHash: string | null;
  error: Problem[] | null;
  requestedBy: number | null;
  requestedAt: string;
  finishedAt: string | null;
  /** Entities scored (from the snapshot). */
  entities: number;
}

interface Row {
  id: number;
  round_id: number;
  plan_hash: string;
  snapshot_hash: string;
  round_snapshot_hash: string | null;
  as_of: string;
  engine_version: string;
  status: RunStatus;
  results_hash: string | null;
  error_json: string | null;
  requested_by: number | null;
  requested_at: string;
  finished_at: string | null;
  entities: number;
}

const SELECT = 'SELECT r.*, s.n AS entities FROM runs r JOIN snapshots s ON s.hash = r.snapshot_hash';

const toRun = (r: Row): Run => ({
  id: r.id, roundId: r.round_id, planHash: r.plan_hash, snapshotHash: r.snapshot_hash, roundSnapshotHash: r.round_snapshot_hash ?? r.snapshot_hash, asOf: r.as_of, engineVersion: r.engine_version,
  status: r.status, resultsHash: r.results_hash, error: r.error_json ? (JSON.parse(r.error_json) as Problem[]) : null,
  requestedBy: r.requested_by, requestedAt: r.requested_at, finishedAt: r.finished_at, entities: r.entities,
});

export function getRun(db: Db, id: number): Run {
  const r = sql(db, `${SELECT} WHERE r.id = ?`).get(id) as Row | undefined;
  if (!r) throw notFound(`run:${id}`, `评分运行 ${id}`, `run ${id}`);
  return toRun(r);
}

/** Newest first. */
export function listRuns(db: Db, roundId: number): Run[] {
  return (sql(db, `${SELECT} WHERE r.round_id = ? ORDER BY r.id DESC`).all(roundId) as Row[]).map(toRun);
}

export function latestDoneRun(db: Db, roundId: number): Run | null {
  const r = sql(db, `${SELECT} WHERE r.round_id = ? AND r.status = 'done' ORDER BY r.id DESC LIMIT 1`).get(roundId) as Row | undefined;
  return r ? toRun(r) : null;
}


/** A run's as-of date must fall in the days its scheme version is in force (validFrom–validTo, both inclusive, when given). */
function refuseOutsideValidity(scheme: { id: string; version: string; validFrom?: string; validTo?: string }, asOf: string): void {
  const { validFrom: from, validTo: to } = scheme;
  if ((from === undefined || asOf >= from) && (to === undefined || asOf <= to)) return;
  const span = `${from ?? '…'} – ${to ?? '…'}`;
  throw invalid([{
    where: 'asOf',
    zh: `评价基准日 ${asOf} 不在方案「${scheme.id}」版本 ${scheme.version} 的有效期（${span}）内：请改用该日期有效的方案版本，或更正评价基准日`,
    en: `the as-of date ${asOf} is outside the days scheme ${scheme.id} version ${scheme.version} is in force (${span}): use the version in force on that date, or correct the as-of date`,
  }]);
}

/** Queue a run of the round's current data. as-of defaults to the end of the round's period. */
/** `override`: the lead's reason to score a joint round before every participant confirmed its data. */
export function requestRun(db: Db, actor: Actor, roundId: number, options: { asOf?: string; override?: string | null } = {}): Run {
  if (options.asOf !== undefined && !isDate(options.asOf)) {
    throw invalid([{ where: 'asOf', zh: `评价基准日应为 YYYY-MM-DD，实际为「${options.asOf}」`, en: `asOf must be a date YYYY-MM-DD, got "${options.asOf}"` }]);
  }
  return db.transaction(() => {
    const round = getRound(db, roundId);
    if (!['collecting', 'scored', 'published'].includes(round.status)) {
      throw conflict(`round:${roundId}.status`,
        round.status === 'draft' ? '轮次仍是草稿：请先开始收集数据并上传' : '轮次已归档，不能再评分',
        round.status === 'draft' ? 'the round is a draft: open it for data and upload first' : 'the round is archived and is not scored again');
    }
    if (!round.snapshotHash) throw conflict(`round:${roundId}`, '本轮还没有任何数据：请先上传填报数据', 'the round has no data yet: upload a filled template first');
    checkConfirmations(db, actor, round, options.override);
    const scheme = getSchemeVersion(db, round.schemeId, round.schemeVersion);
    const asOf = options.asOf ?? round.periodEnd;
    if (asOf < round.periodStart || asOf > round.periodEnd) {
      throw invalid([{
        where: 'asOf',
        zh: `评价基准日 ${asOf} 不在本轮考核期 ${round.periodStart} 至 ${round.periodEnd} 之内：请给出考核期内的日期（省略则取考核期末）`,
        en: `the as-of date ${asOf} is outside the round's period ${round.periodStart} to ${round.periodEnd}: give a date within the period (left out, it is the period's end)`,
      }]);
    }
    refuseOutsideValidity(schemePlan(db, round.schemeId, round.schemeVersion).plan.scheme, asOf);
    const pinned = registerSnapshot(db, round, asOf);
    const snapshot = pinned?.hash ?? round.snapshotHash;
    const id = Number(sql(db, `INSERT INTO runs (round_id, plan_hash, snapshot_hash, round_snapshot_hash, as_of, engine_version, status, requested_by, requested_at)
      VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)`).run(roundId, scheme.planHash, snapshot, pinned ? round.snapshotHash : null, asOf, ENGINE_VERSION, actor.id, nowIso()).lastInsertRowid);
    appendAudit(db, actor, {
      action: 'run.request', target: `round:${roundId}`,
      detail: { runId: id, planHash: scheme.planHash, snapshot, asOf, engine: ENGINE_VERSION, ...(pinned ? { roundSnapshot: round.snapshotHash, registerRecords: pinned.records } : {}) },
    });
    return getRun(db, id);
  }).immediate();
}

/**
 * When the scheme family keeps a records register, the run's snapshot is the round's data with
 * the register's records as of the as-of date: stored like any snapshot, so the run pins them.
 */
function registerSnapshot(db: Db, round: Round, asOf: string): { hash: string; records: number } | null {
  const { plan } = schemePlan(db, round.schemeId, round.schemeVersion);
  if ((plan.records ?? []).length === 0) return null;
  const frame = loadSnapshot(db, round.snapshotHash!);
  const records = registerRecordsFor(db, round.schemeId, plan, frame, asOf);
  if (!records) return null;
  const next = withRecords(frame, records, plan);
  const snap = encodeSnapshot(next);
  putSnapshot(db, snap, next.n);
  return { hash: snap.hash, records: records.n };
}

export function markRunning(db: Db, id: number): void {
  sql(db, `UPDATE runs SET status = 'running' WHERE id = ? AND status = 'queued'`).run(id);
}

/**
 * Mark a run done with its results, in one transaction: the results row is inserted from
 * `results.data` unless a row with that hash is there (the same bits stored before, or written
 * by the store's worker just now, store/off-thread.ts); without data, the row must be there.
 */
export function completeRun(db: Db, actor: Actor, id: number, results: { hash: string; data?: Buffer }, n: number): Run {
  return db.transaction(() => {
    const run = getRun(db, id);
    if (run.status !== 'running' && run.status !== 'queued') throw conflict(`run:${id}`, `运行 ${id} 已结束`, `run ${id} has already ended`);
    if (!sql(db, 'SELECT 1 FROM results WHERE hash = ?').get(results.hash)) {
      if (!results.data) throw new Error(`run ${id}: its results ${results.hash.slice(0, 12)} were not written`);
      sql(db, 'INSERT INTO results (hash, n, data, created_at) VALUES (?, ?, ?, ?)').run(results.hash, n, results.data, nowIso());
    }
    sql(db, `UPDATE runs SET status = 'done', results_hash = ?, finished_at = ? WHERE id = ?`).run(results.hash, nowIso(), id);
    const round = getRound(db, run.roundId);
    if (round.status === 'collecting') setRoundStatus(db, round, 'scored');
    appendAudit(db, actor, { action: 'run.done', target: `round:${run.roundId}`, detail: { runId: id, resultsHash: results.hash, entities: n } });
    return getRun(db, id);
  }).immediate();
}

/** Runs that were queued or scoring when the process stopped will never finish: mark them failed (at open). */
export function failInterruptedRuns(db: Db): void {
  const stuck = sql(db, `SELECT id FROM runs WHERE status IN ('queued', 'running')`).all() as { id: number }[];
  for (const { id } of stuck) {
    failRun(db, SYSTEM, id, [{ where: `run:${id}`, zh: '服务停止时评分尚未完成，请重新评分', en: 'the service stopped before scoring finished: score again' }]);
  }
}

export function failRun(db: Db, actor: Actor, id: number, problems: Problem[]): Run {
  return db.transaction(() => {
    const run = getRun(db, id);
    sql(db, `UPDATE runs SET status = 'failed', error_json = ?, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')`).run(JSON.stringify(problems), nowIso(), id);
    appendAudit(db, actor, { action: 'run.failed', target: `round:${run.roundId}`, detail: { runId: id, problems: problems.length } });
    return getRun(db, id);
  }).immediate();
}

/**
 * The stored results bytes of a finished run, checked against its results hash: a row changed
 * behind the code (its triggers dropped) is refused, never shown as the run's results.
 */
export function runResultsBlob(db: Db, run: Run): Buffer {
  if (run.status !== 'done' || !run.resultsHash) throw conflict(`run:${run.id}`, `运行 ${run.id} 尚未完成（${run.status}）`, `run ${run.id} has not finished (${run.status})`);
  const r = sql(db, 'SELECT data FROM results WHERE hash = ?').get(run.resultsHash) as { data: Buffer } | undefined;
  if (!r || sha256Hex(r.data) !== run.resultsHash) throw resultsChanged(run);
  return r.data;
}

/** The refusal of a run whose stored results row is gone or no longer hashes to its results hash. */
export function resultsChanged(run: Run): Error {
  return conflict(`run:${run.id}`,
    `运行 ${run.id} 存储的结果与其结果哈希不符（数据库被直接改动）：请用 GET /api/audit/verify 核对，并复算该运行`,
    `run ${run.id}'s stored results do not match its results hash (the database was edited directly): check it with GET /api/audit/verify and rerun the run`);
}
