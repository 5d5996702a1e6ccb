/**
 * The web pages (server-rendered HTML, no script): the rounds list, a round's ranking and an
 * entity's scorecard, in Chinese or (?lang=en) English. The view models are built here from
 * the store and the run's results; the renderers in api/pages/ format and escape them. The
 * round's office also sees a link to the round's work page (round-work-pages.ts).
 * Not logged in and the deployment not public: the pages send you to the login page.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { publicationChainHead, schemePlan, roundRun, snapshotSize, type Round } from '../../store/index.js';
import { unauthorized } from '../errors.js';
import { roundAccess } from '../auth/policy.js';
import {
  FAVICON_SVG, langOf, methodologyView, PAGE_ROUTES, renderMethodologyPage, renderReportPage, reportParts, type ReportView, renderRankingPage, workUrl, renderRoundsPage, renderScorecardPage, type GroupFilter, type RoundSummaryView, type SessionView,
} from '../pages/index.js';
import { sendPage } from '../plugins/errors.js';
import { roundHeaderView, runRefView, sessionView } from '../views/headers.js';
import { rankingData } from '../views/ranking.js';
import { entityInterval, rankIntervals } from '../views/uncertainty.js';
import { chooseEntityRun, chooseRun } from '../views/run-choice.js';
import { renderCached } from '../views/page-cache.js';
import { scorecardData } from '../views/scorecard.js';
import { gradeViews } from '../pages/from-results.js';
import { reportDocx } from '../report/docx.js';
import type { ScoringPlan } from '../../engine/index.js';
import type { Label } from '../../indicators/index.js';
import { roundMap } from '../views/round-map.js';
import { appealBannerOf } from '../views/appeal.js';
import { roundFor } from './access.js';
import { canWorkOn } from './round-work-pages.js';
import { visibleRounds } from './rounds.js';

interface PageQuery {
  lang?: string;
  run?: number;
  group?: string;
  value?: string;
  grade?: string;
  q?: string;
  page?: number;
  size?: number;
}

const pageQuery = {
  type: 'object',
  properties: {
    lang: { type: 'string' }, run: { type: 'integer', minimum: 1 }, group: { type: 'string', maxLength: 100 }, value: { type: 'string', maxLength: 200 },
    grade: { type: 'string', maxLength: 100 }, q: { type: 'string', maxLength: 100 },
    page: { type: 'integer', minimum: 1, maximum: 1_000_000 }, size: { type: 'integer', minimum: 1, maximum: 1_000_000 },
  },
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

  // Browsers and tools (the API docs page too) ask for it whatever the page says.
  app.get('/favicon.ico', { config: { access: 'public' } }, async (_req, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON_SVG));

  app.get<{ Querystring: PageQuery }>(PAGE_ROUTES.rounds, { config, schema: { querystring: pageQuery } }, async (req, reply) => {
    mustSee(req);
    const rounds = visibleRounds(req).map(({ round, access }) => summary(req, round, access === 'full'));
    return sendPage(reply, 200, renderRoundsPage({ session: reader(req), rounds }, langOf(req.query)));
  });

  app.get<{ Params: { roundId: number }; Querystring: PageQuery }>(PAGE_ROUTES.ranking, { config, schema: { params: roundIdParams, querystring: pageQuery } }, async (req, reply) => {
    mustSee(req);
    const { round } = roundFor(req, req.params.roundId);
    // The round's office (or a joint round's participant), before there are results it may see: its work page says what to do.
    if (canWorkOn(req, round) && req.query.run === undefined && !roundRun(app.store, round.id, roundAccess(req, round) === 'full')) {
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
      grades: gradeViews(data.results.plan),
      scoreRange: data.results.plan.scoreRange,
      map: data.results.plan.scheme.subject === 'region' ? roundMap(app.store, round) : null,
      rows: data.rows,
      canWork: canWorkOn(req, round),
      chainHead: rr.publication ? publicationChainHead(app.store, rr.publication) : null,
      intervals: rankIntervals(app.store, rr.run.id),
    }, langOf(req.query), { group, search: { grade: req.query.grade, q: req.query.q, page: req.query.page, size: req.query.size } }));
  });

  app.get<{ Params: { roundId: number; entityId: string }; Querystring: PageQuery }>(PAGE_ROUTES.scorecard, { config, schema: { params: entityParams, querystring: pageQuery } }, async (req, reply) => {
    mustSee(req);
    const { round } = roundFor(req, req.params.roundId);
    const rr = chooseEntityRun(req, round, req.params.entityId, 'scorecard page', req.query.run);
    const s = await scorecardData(req, round, rr, req.params.entityId);
    return sendPage(reply, 200, renderCached('scorecard', renderScorecardPage, {
      session: sessionView(req),
      round: roundHeaderView(app.store, round),
      run: runRefView(rr),
      ...s.parts,
      trend: s.trend,
      changes: s.changes,
      appeal: appealBannerOf(app.store, round.id, req.params.entityId),
      interval: entityInterval(app.store, rr.run.id, req.params.entityId),
      conversions: s.conversions,
    }, langOf(req.query)));
  });

  app.get<{ Params: { roundId: number }; Querystring: PageQuery }>(PAGE_ROUTES.methodology, { config, schema: { params: roundIdParams, querystring: pageQuery } }, async (req, reply) => {
    mustSee(req);
    const { round } = roundFor(req, req.params.roundId);
    const plan = schemePlan(app.store, round.schemeId, round.schemeVersion).plan;
    return sendPage(reply, 200, renderMethodologyPage({ session: reader(req), round: roundHeaderView(app.store, round), methodology: methodologyView(plan) }, langOf(req.query)));
  });

  /** The 通报 report's view: every row of the run's ranking with the round, the run and the methodology. */
  async function reportView(req: FastifyRequest<{ Params: { roundId: number }; Querystring: PageQuery }>): Promise<ReportView> {
    const { round } = roundFor(req, req.params.roundId);
    const rr = chooseRun(req, round, 'report', req.query.run);
    const data = await rankingData(req, round, rr);
    const plan = data.results.plan;
    return {
      session: reader(req),
      round: roundHeaderView(app.store, round),
      run: runRefView(rr),
      decimals: plan.rounding.decimals,
      ...reportParts(data.rows, gradeViews(plan), plan, (id) => vetoEffect(plan, id)),
      methodology: methodologyView(plan),
    };
  }

  app.get<{ Params: { roundId: number }; Querystring: PageQuery }>(PAGE_ROUTES.report, { config, schema: { params: roundIdParams, querystring: pageQuery } }, async (req, reply) => {
    mustSee(req);
    return sendPage(reply, 200, renderReportPage(await reportView(req), langOf(req.query)));
  });

  app.get<{ Params: { roundId: number }; Querystring: PageQuery }>(PAGE_ROUTES.reportDocx, { config, schema: { params: roundIdParams, querystring: pageQuery } }, async (req, reply) => {
    mustSee(req);
    const lang = langOf(req.query);
    const view = await reportView(req);
    const bytes = await reportDocx(view, lang);
    const name = `${view.round.title[lang]}-${lang === 'zh' ? '通报' : 'report'}.docx`;
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename="round-${view.round.id}-report.docx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('cache-control', 'private, no-store')
      .send(bytes);
  });
}

/** What a veto does to the grade, in words (the report's veto list). */
function vetoEffect(plan: ScoringPlan, id: string): Label | null {
  const v = plan.vetoes.find((x) => x.id === id);
  const label = (g: string): Label => plan.grades.find((x) => x.id === g)?.label ?? { zh: g, en: g };
  if (v?.grade) return { zh: `评为「${label(v.grade).zh}」`, en: `graded ${label(v.grade).en}` };
  if (v?.maxGrade) return { zh: `最高评为「${label(v.maxGrade).zh}」`, en: `graded ${label(v.maxGrade).en} at most` };
  return null;
}
