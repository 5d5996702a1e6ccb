/**
 * Which run's results a reader sees for a round: the one asked for (`?run=`), else the round's
 * latest publication — or, for readers with full access, its latest finished run. Reading an
 * unpublished run is written to the audit log.
 */
import type { FastifyRequest } from 'fastify';
import { entityOffice, getRun, isRunPublished, latestPublication, listPublications, roundRun, type Publication, type Round, type RoundRun } from '../../store/index.js';
import { auditRead, checkRunRead, isRoundParticipant, requireUnpublishedAccess, roundAccess } from '../auth/policy.js';
import { ApiError } from '../errors.js';

export function chooseRun(req: FastifyRequest, round: Round, what: string, runId?: number): RoundRun {
  const db = req.server.store;
  if (runId !== undefined) {
    const run = getRun(db, runId);
    if (run.roundId !== round.id) throw new ApiError(404, 'not_found', `运行 ${runId} 不属于轮次 ${round.id}`, `run ${runId} is not a run of round ${round.id}`);
    checkRunRead(req, round, run, what);
    return { run, publication: publicationOf(listPublications(db, round.id), run.id) };
  }
  const full = roundAccess(req, round) === 'full';
  if (!full && !latestPublication(db, round.id)) requireUnpublishedAccess(req, round, { zh: `轮次 ${round.id} 的结果`, en: `the results of round ${round.id} are` });
  const rr = roundRun(db, round.id, full);
  if (!rr) throw new ApiError(404, 'no_results', `轮次 ${round.id} 还没有评分结果`, `round ${round.id} has no results yet`);
  if (!rr.publication) checkRunRead(req, round, rr.run, what);
  return rr;
}

/** The latest publication of a run, if it was published. */
function publicationOf(publications: Publication[], runId: number): Publication | null {
  return publications.find((p) => p.runId === runId) ?? null;
}

/**
 * The run an entity's scorecard is read from. A joint round's participant reads its own
 * entities' scorecards before publication too (the round's latest finished run, or the run asked
 * for; the read audited), and another participant's only once published, as anyone else.
 */
export function chooseEntityRun(req: FastifyRequest, round: Round, entityId: string, what: string, runId?: number): RoundRun {
  const db = req.server.store;
  const own = roundAccess(req, round) !== 'full' && isRoundParticipant(req, round) && entityOffice(db, round, entityId) === req.principal?.officeId;
  if (!own) return chooseRun(req, round, what, runId);
  let run = runId === undefined ? null : getRun(db, runId);
  if (run && run.roundId !== round.id) throw new ApiError(404, 'not_found', `运行 ${runId} 不属于轮次 ${round.id}`, `run ${runId} is not a run of round ${round.id}`);
  run ??= roundRun(db, round.id, true)?.run ?? null;
  if (!run) throw new ApiError(404, 'no_results', `轮次 ${round.id} 还没有评分结果`, `round ${round.id} has no results yet`);
  if (!isRunPublished(db, run.id)) auditRead(req, round, `${what} (own entity)`, { runId: run.id, entityId });
  return { run, publication: publicationOf(listPublications(db, round.id), run.id) };
}
