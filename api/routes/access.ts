/** Loading what a route works on, with the reader's access checked on the way. */
import type { FastifyRequest } from 'fastify';
import { getRound, getRun, type Round, type Run } from '../../store/index.js';
import { checkRunRead, roundAccess, type RoundAccess } from '../auth/policy.js';

export function roundFor(req: FastifyRequest, id: number): { round: Round; access: RoundAccess } {
  const round = getRound(req.server.store, id);
  const access = roundAccess(req, round);
  req.pageScheme = { id: round.schemeId, version: round.schemeVersion };
  return { round, access };
}

/** A run whose results the reader may read (unpublished reads are audited as `what`). */
export function readableRun(req: FastifyRequest, runId: number, what: string): { round: Round; run: Run } {
  const run = getRun(req.server.store, runId);
  const round = getRound(req.server.store, run.roundId);
  checkRunRead(req, round, run, what);
  return { round, run };
}
