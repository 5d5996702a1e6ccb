/**
 * Joint rounds' participants: each participating office's state ("submitted" once it confirms
 * its latest file), its confirmation, and the results of its own entities before publication
 * (of the round's latest finished run; the read audited). The lead sees every participant; a
 * participant sees the states too, and its own entities' results only.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  confirmParticipant, isRunPublished, latestDoneRun, participantEntities, participantStates, runResults, type Round,
} from '../../store/index.js';
import { actor, auditRead, isRoundParticipant, requireRole, requireRoundUploader } from '../auth/policy.js';
import { ApiError, forbidden } from '../errors.js';
import { rankingRows } from '../pages/from-results.js';
import type { RankingRowView } from '../pages/index.js';
import { roundFor } from './access.js';
import { idParams, type IdParams } from './schemas.js';

function jointRound(req: FastifyRequest, id: number): Round {
  const { round } = roundFor(req, id);
  if (participantStates(req.server.store, round).length === 0) {
    throw new ApiError(404, 'not_found', `轮次 ${round.id} 不是联合轮次（只有一个考核办）`, `round ${round.id} is not a joint round (it has one office)`);
  }
  return round;
}

/** The latest finished run's rows of an office's own entities, or null before any run (an unpublished read is audited). */
export async function ownResults(req: FastifyRequest, round: Round, officeId: string): Promise<{ runId: number; published: boolean; decimals: number; rows: RankingRowView[] } | null> {
  const db = req.server.store;
  const run = latestDoneRun(db, round.id);
  if (!run) return null;
  const own = participantEntities(db, round, officeId) ?? new Map<string, string>();
  const results = await runResults(db, run.id);
  const published = isRunPublished(db, run.id);
  if (!published) auditRead(req, round, 'own results', { runId: run.id, office: officeId });
  return { runId: run.id, published, decimals: results.plan.rounding.decimals, rows: rankingRows(results).filter((r) => own.has(r.entityId)) };
}

export async function participantRoutes(app: FastifyInstance): Promise<void> {
  const db = app.store;

  app.get<{ Params: IdParams }>('/api/rounds/:id/participants', { config: { access: ['office', 'leadership', 'auditor'] as const },
    schema: { tags: ['rounds'], summary: '联合轮次的参与单位及其确认状态 / a joint round\'s participants and whether each confirmed its data', params: idParams },
  }, async (req) => {
    const p = requireRole(req, ['office', 'leadership', 'auditor']);
    const round = jointRound(req, req.params.id);
    if (p.role === 'office' && !isRoundParticipant(req, round)) throw forbidden(`本单位不是轮次 ${round.id} 的参与单位`, `your office does not take part in round ${round.id}`);
    return { lead: round.officeId, participants: participantStates(db, round) };
  });

  app.post<{ Params: IdParams }>('/api/rounds/:id/confirmations', { config: { access: ['office'] as const },
    schema: { tags: ['rounds'], summary: '参与单位确认本单位数据已报齐 / a participant confirms its data are complete', params: idParams },
  }, async (req, reply) => {
    const { round } = roundFor(req, req.params.id);
    const p = requireRoundUploader(req, round);
    jointRound(req, round.id);
    return reply.code(201).send(confirmParticipant(db, actor(req), round, p.officeId!));
  });

  app.get<{ Params: IdParams }>('/api/rounds/:id/own-results', { config: { access: ['office'] as const },
    schema: { tags: ['results'], summary: '参与单位本单位对象的结果（含未发布的，记入审计日志）/ a participant\'s own entities\' results, unpublished too (audited)', params: idParams },
  }, async (req) => {
    const { round } = roundFor(req, req.params.id);
    const p = requireRoundUploader(req, round);
    jointRound(req, round.id);
    const own = await ownResults(req, round, p.officeId!);
    if (!own) throw new ApiError(404, 'no_results', `轮次 ${round.id} 还没有评分结果`, `round ${round.id} has no results yet`);
    return { roundId: round.id, office: p.officeId, ...own };
  });
}
