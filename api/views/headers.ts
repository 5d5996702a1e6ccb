/** The parts of page views that describe a round, a run and the reader. */
import type { FastifyRequest } from 'fastify';
import { getOffice, getSchemeVersion, latestPublication, periodLabel, type Db, type Round, type RoundRun } from '../../store/index.js';
import type { RoundHeaderView, RunRefView, SessionView } from '../pages/index.js';

export function roundHeaderView(db: Db, round: Round): RoundHeaderView {
  const scheme = getSchemeVersion(db, round.schemeId, round.schemeVersion);
  return {
    id: String(round.id),
    title: round.name,
    schemeName: scheme.name,
    schemeVersion: round.schemeVersion,
    period: periodLabel(round),
    status: round.status,
    published: latestPublication(db, round.id) !== null,
    synthetic: round.synthetic,
    office: getOffice(db, round.officeId).name,
  };
}

export function runRefView(rr: RoundRun): RunRefView {
  return {
    id: String(rr.run.id),
    createdAt: rr.run.finishedAt ?? rr.run.requestedAt,
    publishedAt: rr.publication?.publishedAt ?? null,
    publicationReason: rr.publication?.reason ?? null,
  };
}

export function sessionView(req: FastifyRequest): SessionView {
  return { user: req.principal ? { name: req.principal.name, role: req.principal.role } : null };
}
