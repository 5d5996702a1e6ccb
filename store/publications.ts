/**
 * Publishing a run makes its results the round's official ones. A publication is never changed
 * or removed (nor is the run it names); republishing — after a correction and rescore — adds a
 * new publication, and must say why. Only a finished run of the round's current data and
 * current plan can be published.
 */
import { appendAudit, auditHeadAt, type Actor, type AuditHead } from './audit.js';
import type { Db } from './db.js';
import { nowIso } from './time.js';
import { conflict, invalid } from './errors.js';
import { getRound, setRoundStatus } from './rounds.js';
import { getRun } from './runs.js';
import { getSchemeVersion } from './schemes.js';
import { sql } from './statements.js';

export interface Publication {
  id: number;
  roundId: number;
  runId: number;
  reason: string | null;
  publishedBy: number | null;
  publishedAt: string;
}

interface Row {
  id: number;
  round_id: number;
  run_id: number;
  reason: string | null;
  published_by: number | null;
  published_at: string;
}

const toPublication = (r: Row): Publication => ({ id: r.id, roundId: r.round_id, runId: r.run_id, reason: r.reason, publishedBy: r.published_by, publishedAt: r.published_at });

/**
 * The audit chain head right after the publication's own entry (round.publish or
 * round.republish, written in the same transaction as the publication): recorded at
 * publication time by the chain itself, and printed with the publication so that anyone who
 * keeps it can later check the log was neither cut short nor rewritten before it. It reads the
 * log (no index on its details): ask for it where it is shown, not for every publication read.
 */
export function publicationChainHead(db: Db, p: Publication): AuditHead | null {
  const e = sql(db, `SELECT seq FROM audit WHERE target = ? AND action IN ('round.publish', 'round.republish') AND json_extract(detail_json, '$.publicationId') = ? ORDER BY seq LIMIT 1`)
    .get(`round:${p.roundId}`, p.id) as { seq: number } | undefined;
  return e ? auditHeadAt(db, e.seq) : null;
}

export function publishRun(db: Db, actor: Actor, roundId: number, runId: number, reason?: string | null): Publication {
  return db.transaction(() => {
    const round = getRound(db, roundId);
    const run = getRun(db, runId);
    if (run.roundId !== roundId) throw conflict(`run:${runId}`, `运行 ${runId} 不属于轮次 ${roundId}`, `run ${runId} is not a run of round ${roundId}`);
    if (round.status !== 'scored' && round.status !== 'published') {
      throw conflict(`round:${roundId}.status`, `轮次状态为「${round.status}」，只有已评分的轮次可以发布`, `the round is ${round.status}: only a scored round can be published`);
    }
    if (run.status !== 'done') throw conflict(`run:${runId}`, `运行 ${runId} 尚未完成（${run.status}），不能发布`, `run ${runId} has not finished (${run.status}) and can't be published`);
    if (run.roundSnapshotHash !== round.snapshotHash) {
      throw conflict(`run:${runId}`, '该运行使用的是较早的数据快照（之后有新的上传或更正）：请重新评分后发布', 'this run scored an older snapshot (data were uploaded or corrected since): score again, then publish');
    }
    if (run.planHash !== getSchemeVersion(db, round.schemeId, round.schemeVersion).planHash) throw new Error(`run ${runId}: plan hash differs from the round's scheme`);
    const previous = latestPublication(db, roundId);
    if (previous && !reason?.trim()) {
      throw invalid([{ where: 'reason', zh: '本轮已发布过结果：重新发布必须说明理由（如申诉更正）', en: 'this round has been published before: republishing needs a reason (such as an upheld appeal)' }]);
    }
    const id = Number(sql(db, 'INSERT INTO publications (round_id, run_id, reason, published_by, published_at) VALUES (?, ?, ?, ?, ?)')
      .run(roundId, runId, reason?.trim() || null, actor.id, nowIso()).lastInsertRowid);
    setRoundStatus(db, round, 'published');
    appendAudit(db, actor, {
      action: previous ? 'round.republish' : 'round.publish', target: `round:${roundId}`,
      detail: { publicationId: id, runId, resultsHash: run.resultsHash, reason: reason?.trim() || null, replaces: previous?.runId ?? null },
    });
    return toPublication(sql(db, 'SELECT * FROM publications WHERE id = ?').get(id) as Row);
  }).immediate();
}

export function latestPublication(db: Db, roundId: number): Publication | null {
  const r = sql(db, 'SELECT * FROM publications WHERE round_id = ? ORDER BY id DESC LIMIT 1').get(roundId) as Row | undefined;
  return r ? toPublication(r) : null;
}

/** Newest first. */
export function listPublications(db: Db, roundId: number): Publication[] {
  return (sql(db, 'SELECT * FROM publications WHERE round_id = ? ORDER BY id DESC').all(roundId) as Row[]).map(toPublication);
}

export function isRunPublished(db: Db, runId: number): boolean {
  return sql(db, 'SELECT 1 FROM publications WHERE run_id = ? LIMIT 1').get(runId) !== undefined;
}
