/**
 * The web pages (server-rendered HTML, no script): the rounds list, a round's ranking and an
 * entity's scorecard, in Chinese or (?lang=en) English. The view models are built here from
 * the store and the run's results; the renderers in api/pages/ format and escape them. The
 * round's office also sees a link to the round's work page (round-work-pages.ts).
 * Not logged in and the deployment not public: the pages send you to the login page.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { publicationChainHead, roundRun, snapshotSize, type Round } from '../../store/index.js';
import { unauthorized } from '../errors.js';
import {
  langOf, PAGE_ROUTES, renderRankingPage, workUrl, renderRoundsPage, renderScorecardPage, type GroupFilter, type RoundSummaryView, type SessionView,
} from '../pages/index.js';
import { sendPage } from '../plugins/errors.js';
import { roundHeaderView, runRefView, sessionView } from '../views/headers.js';
import { rankingData } from '../views/ranking.js';
import { entityInterval, rankIntervals } from '../views/uncertainty.js';
import { chooseRun } from '../views/run-choice.js';
import { renderCached } from '../views/page-cache.js';
import { scorecardData } from '../views/scorecard.js';
import { roundFor } from './access.js';
import { canWorkOn } from './round-work-pages.js';
import { visibleRounds } from './rounds.js';

interface PageQuery {
  lang?: string;
  run?: number;
  group?: string;
  value?: string;
}

const pageQuery = {
  type: 'object',
  properties: { lang: { type: 'string' }, run: { type: 'integer', minimum: 1 }, group: { type: 'string', maxLength: 100 }, value: { type: 'string', maxLength: 200 } },
} as const;

const roundIdParams = { type: 'object', properties: { roundId: { type: 'integer', minimum: 1 } }, required: ['roundId'] } as const;
const entityParams = { type: 'object', properties: { roundId: { type: 'integer', minimum: 1 }, entityId: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['roundId', 'entityId'] } as const;

function mustSee(req: FastifyRequest): void {
  if (!req.principal && !req.server.settings.publicResults) throw unauthorized();
}

/**
 * Who is reading, with the CSRF token of the reader's session for the page's forms. (Not on the
 * scorecard, whose rendered pages are cached by view: a per-session token would defeat that.)
 */
function reader(req: FastifyRequest): SessionView {
  return { ...sessionView(req), csrfToken: req.server.csrf.tokenFor(req) };
}

function summary(req: FastifyRequest, round: Round, full: boolean): RoundSummaryView {
  const db = req.server.store;
  const rr = roundRun(db, round.id, full);
  const entityCount = full && round.snapshotHash ? snapshotSize(db, round.snapshotHash) : rr ? rr.run.entities : null;
  return { ...roundHeaderView(db, round), entityCount, lastRunAt: rr ? rr.run.finishedAt : null, canWork: canWorkOn(req, round) };
}

export async function pageRoutes(app: FastifyInstance): Promise<void> {
  const config = { page: true, access: 'published' } as const;

  app.get<{ Querystring: PageQuery }>(PAGE_ROUTES.rounds, { config, schema: { querystring: pageQuery } }, async (req, reply) => {
    mustSee(req);
    const rounds = visibleRounds(req).map(({ round, access }) => summary(req, round, access === 'full'));
    return sendPage(reply, 200, renderRoundsPage({ session: reader(req), rounds }, langOf(req.query)));
  });

  app.get<{ Params: { roundId: number }; Querystring: PageQuery }>(PAGE_ROUTES.ranking, { config, schema: { params: roundIdParams, querystring: pageQuery } }, async (req, reply) => {
    mustSee(req);
    const { round } = roundFor(req, req.params.roundId);
    // The round's office, before there are any results: its work page says what to do.
    if (canWorkOn(req, round) && req.query.run === undefined && !roundRun(app.store, round.id, true)) {
      return reply.redirect(workUrl(String(round.id), langOf(req.query)), 303);
    }
    const rr = chooseRun(req, round, 'ranking page', req.query.run);
    const data = await rankingData(req, round, rr);
    const group: GroupFilter | undefined = req.query.group && req.query.value !== undefined ? { by: req.query.group, value: req.query.value } : undefined;
    return sendPage(reply, 200, renderRankingPage({
      session: reader(req),
      round: roundHeaderView(app.store, round),
      run: runRefView(rr),
      decimals: data.results.plan.rounding.decimals,
      previousRoundLabel: data.previous?.label ?? null,
      peerGroups: data.peerGroups,
      rows: data.rows,
      canWork: canWorkOn(req, round),
      chainHead: rr.publication ? publicationChainHead(app.store, rr.publication) : null,
      intervals: rankIntervals(app.store, rr.run.id),
    }, langOf(req.query), { group }));
  });

  app.get<{ Params: { roundId: number; entityId: string }; Querystring: PageQuery }>(PAGE_ROUTES.scorecard, { config, schema: { params: entityParams, querystring: pageQuery } }, async (req, reply) => {
    mustSee(req);
    const { round } = roundFor(req, req.params.roundId);
    const rr = chooseRun(req, round, 'scorecard page', req.query.run);
    const s = await scorecardData(req, round, rr, req.params.entityId);
    return sendPage(reply, 200, renderCached('scorecard', renderScorecardPage, {
      session: sessionView(req),
      round: roundHeaderView(app.store, round),
      run: runRefView(rr),
      ...s.parts,
      trend: s.trend,
      changes: s.changes,
      interval: entityInterval(app.store, rr.run.id, req.params.entityId),
    }, langOf(req.query)));
  });
}
