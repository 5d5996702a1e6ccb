/**
 * The auditor's pages (api/pages/audit-pages.ts):
 *
 *   GET  /runs/:runId          a run's hashes, downloads and the rerun form (auditor, admin)
 *   POST /runs/:runId/rerun    rerun and verify; the page again with the result (auditor)
 *   GET  /diff?from&to         what moved between two runs (whoever may read both)
 *   GET  /audit-log            the audit log with filters and paging, and its chain check (auditor, admin)
 *   GET  /audits               the tenure audit form and the stored audits (auditor, admin)
 *   POST /audits               run a tenure audit, then its page (auditor, admin)
 *   GET  /audits/:auditId      a stored tenure audit with its workpaper link (auditor, admin)
 *
 * Roles are checked first (config.access, then the handler); the forms are session forms with
 * the CSRF token, like the work page's. The store does the work as for the JSON API, with the
 * same audit-log entries; reads of unpublished results are audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseDay } from '../../engine/index.js';
import {
  auditEntriesOf, diffRuns, getRound, getRun, getTenureAudit, isRunPublished, listOfficials, listRuns, listTenureAudits, rerunAndCheck, runTenureAudit, schemePlan, searchAudit,
  verifyAuditChain, auditHead, type Run, type TenureAudit,
} from '../../store/index.js';
import { CSRF_FIELD, formPrincipal } from '../auth/csrf.js';
import { actor, auditRead, checkRunRead, requireRole } from '../auth/policy.js';
import { errorResponse, unauthorized } from '../errors.js';
import {
  auditPageUrl, langOf, PAGE_ROUTES, renderAuditLogPage, renderAuditPage, renderAuditsPage, renderDiffPage, renderRunPage,
  type AuditLogFilter, type RerunView, type RunPageView,
} from '../pages/index.js';
import { sendPage } from '../plugins/errors.js';
import { roundHeaderView, sessionView } from '../views/headers.js';
import { readableRun } from './access.js';

const READERS = ['auditor', 'admin'] as const;
const PER_PAGE = 50;

const runParams = { type: 'object', properties: { runId: { type: 'integer', minimum: 1 } }, required: ['runId'] } as const;
const auditParams = { type: 'object', properties: { auditId: { type: 'integer', minimum: 1 } }, required: ['auditId'] } as const;
const langQuery = { type: 'object', properties: { lang: { type: 'string', maxLength: 10 } } } as const;
const rerunBody = { type: 'object', properties: { [CSRF_FIELD]: { type: 'string', maxLength: 200 } } } as const;
const auditBody = {
  type: 'object',
  properties: { [CSRF_FIELD]: { type: 'string', maxLength: 200 }, official: { type: 'string', maxLength: 64 }, from: { type: 'string', maxLength: 32 }, to: { type: 'string', maxLength: 32 } },
} as const;
const logQuery = {
  type: 'object',
  properties: {
    lang: { type: 'string', maxLength: 10 }, action: { type: 'string', maxLength: 100 }, actor: { type: 'string', maxLength: 100 },
    from: { type: 'string', maxLength: 32 }, to: { type: 'string', maxLength: 32 }, round: { type: 'string', maxLength: 32 }, page: { type: 'string', maxLength: 12 },
  },
} as const;

type PageError = { zh: string; en: string; problems: { where: string; zh: string; en: string }[] };

export async function auditPageRoutes(app: FastifyInstance): Promise<void> {
  const db = app.store;
  const guard = app.csrf;

  function runView(req: FastifyRequest, run: Run, rerun: RerunView | null, error: PageError | null): RunPageView {
    const round = getRound(db, run.roundId);
    const runs = listRuns(db, round.id).filter((r) => r.status === 'done' && r.id < run.id);
    const previous = runs.reduce<Run | null>((best, r) => (best === null || r.id > best.id ? r : best), null);
    const verify = auditEntriesOf(db, `round:${round.id}`).filter((e) => e.action === 'run.verify' && e.detail.runId === run.id).at(-1);
    return {
      session: { ...sessionView(req), csrfToken: guard.tokenFor(req) },
      round: roundHeaderView(db, round),
      run: {
        id: String(run.id), status: run.status, planHash: run.planHash, snapshotHash: run.snapshotHash, resultsHash: run.resultsHash, asOf: run.asOf,
        engineVersion: run.engineVersion, entities: run.entities, requestedAt: run.requestedAt, finishedAt: run.finishedAt, published: isRunPublished(db, run.id),
      },
      previousRunId: previous ? String(previous.id) : null,
      lastVerify: verify ? { at: verify.at, actor: verify.actor, identical: verify.detail.identical === true } : null,
      rerun, error,
    };
  }

  /** The run, if the reader may see it (unpublished: audited as a read). */
  function seeRun(req: FastifyRequest, runId: number, what: string): Run {
    const run = getRun(db, runId);
    checkRunRead(req, getRound(db, run.roundId), run, what);
    return run;
  }

  app.get<{ Params: { runId: number }; Querystring: { lang?: string } }>(PAGE_ROUTES.run, {
    config: { page: true, access: READERS }, schema: { params: runParams, querystring: langQuery },
  }, async (req, reply) => {
    requireRole(req, READERS);
    const run = seeRun(req, req.params.runId, 'run page');
    return sendPage(reply, 200, renderRunPage(runView(req, run, null, null), langOf(req.query)));
  });

  app.post<{ Params: { runId: number }; Body: { csrf?: string }; Querystring: { lang?: string } }>(PAGE_ROUTES.runRerun, {
    config: { page: true, access: ['auditor'] as const, sessionForm: true, loginNext: (req) => `/runs/${encodeURIComponent(String((req.params as { runId?: string }).runId ?? ''))}` },
    schema: { params: runParams, querystring: langQuery, body: rerunBody },
  }, async (req, reply) => {
    formPrincipal(req, guard, req.body?.csrf);
    requireRole(req, ['auditor']);
    const run = seeRun(req, req.params.runId, 'run page');
    try {
      const r = await rerunAndCheck(db, actor(req), run.id);
      return sendPage(reply, 200, renderRunPage(runView(req, run, r, null), langOf(req.query)));
    } catch (e) {
      return refused(e, (error, status) => sendPage(reply, status, renderRunPage(runView(req, run, null, error), langOf(req.query))));
    }
  });

  app.get<{ Querystring: { from: number; to: number; lang?: string } }>(PAGE_ROUTES.diff, {
    config: { page: true, access: 'published' },
    schema: { querystring: { type: 'object', required: ['from', 'to'], properties: { from: { type: 'integer', minimum: 1 }, to: { type: 'integer', minimum: 1 }, lang: { type: 'string', maxLength: 10 } } } },
  }, async (req, reply) => {
    if (!req.principal && !req.server.settings.publicResults) throw unauthorized();
    readableRun(req, req.query.from, 'diff page');
    const { round } = readableRun(req, req.query.to, 'diff page');
    const diff = await diffRuns(db, req.query.from, req.query.to);
    const { plan } = schemePlan(db, round.schemeId, round.schemeVersion);
    const grades = new Map(plan.grades.map((g) => [g.id, g.label]));
    return sendPage(reply, 200, renderDiffPage({ session: sessionView(req), diff, decimals: plan.rounding.decimals, grades }, langOf(req.query)));
  });

  app.get<{ Querystring: AuditLogFilter & { lang?: string } }>(PAGE_ROUTES.auditLog, {
    config: { page: true, access: READERS }, schema: { querystring: logQuery },
  }, async (req, reply) => {
    requireRole(req, READERS);
    const q = req.query;
    const filter: AuditLogFilter = { action: q.action?.trim() || undefined, actor: q.actor?.trim() || undefined, from: q.from || undefined, to: q.to || undefined, round: q.round?.trim() || undefined, page: q.page };
    const bad = filterProblem(filter);
    const page = bad ? 1 : Math.max(1, Number(filter.page ?? '1'));
    const found = bad ? { entries: [], total: 0 } : searchAudit(db, {
      action: filter.action, actor: filter.actor, from: filter.from, to: filter.to, target: filter.round ? `round:${filter.round}` : undefined,
      offset: (page - 1) * PER_PAGE, limit: PER_PAGE,
    });
    const chain = verifyAuditChain(db);
    const head = auditHead(db);
    return sendPage(reply, bad ? 400 : 200, renderAuditLogPage({
      session: sessionView(req), filter, entries: found.entries, total: found.total, page, pages: Math.max(1, Math.ceil(found.total / PER_PAGE)),
      chain: chain.ok ? { ok: true, entries: chain.entries, head: head.hash } : { ok: false, entries: chain.entries, head: head.hash, zh: chain.zh, en: chain.en },
      error: bad,
    }, langOf(req.query)));
  });

  function auditsPage(req: FastifyRequest, reply: FastifyReply, status: number, typed: { official: string; from: string; to: string }, error: PageError | null): FastifyReply {
    return sendPage(reply, status, renderAuditsPage({
      session: { ...sessionView(req), csrfToken: guard.tokenFor(req) }, officials: listOfficials(db), audits: listTenureAudits(db), typed, error,
    }, langOf(req.query)));
  }

  app.get<{ Querystring: { lang?: string } }>(PAGE_ROUTES.audits, { config: { page: true, access: READERS }, schema: { querystring: langQuery } }, async (req, reply) => {
    requireRole(req, READERS);
    return auditsPage(req, reply, 200, { official: '', from: '', to: '' }, null);
  });

  app.post<{ Body: { csrf?: string; official?: string; from?: string; to?: string }; Querystring: { lang?: string } }>(PAGE_ROUTES.audits, {
    config: { page: true, access: READERS, sessionForm: true, loginNext: () => '/audits' }, schema: { querystring: langQuery, body: auditBody },
  }, async (req, reply) => {
    formPrincipal(req, guard, req.body?.csrf);
    requireRole(req, READERS);
    const typed = { official: req.body?.official?.trim() ?? '', from: req.body?.from?.trim() ?? '', to: req.body?.to?.trim() ?? '' };
    if (!typed.official) return auditsPage(req, reply, 400, typed, { zh: '请选择干部', en: 'choose an official', problems: [{ where: 'official', zh: '未选择干部', en: 'no official chosen' }] });
    try {
      const audit = await runTenureAudit(db, actor(req), { official: typed.official, from: typed.from || undefined, to: typed.to || undefined });
      return reply.redirect(auditPageUrl(String(audit.id), langOf(req.query)), 303);
    } catch (e) {
      return refused(e, (error, status) => auditsPage(req, reply, status, typed, error));
    }
  });

  app.get<{ Params: { auditId: number }; Querystring: { lang?: string } }>(PAGE_ROUTES.audit, {
    config: { page: true, access: READERS }, schema: { params: auditParams, querystring: langQuery },
  }, async (req, reply) => {
    requireRole(req, READERS);
    const audit: TenureAudit = getTenureAudit(db, req.params.auditId);
    for (const r of audit.rounds) if (!r.published) auditRead(req, getRound(db, r.roundId), 'tenure audit page', { auditId: audit.id, runId: r.runId });
    const decimals = new Map(audit.rounds.map((r) => [r.roundId, schemePlan(db, r.schemeId, r.schemeVersion).plan.rounding.decimals]));
    return sendPage(reply, 200, renderAuditPage({ session: sessionView(req), audit, decimals }, langOf(req.query)));
  });
}

/** A store refusal shown on the page at its status; who may act (401/403) and faults go to the error pages. */
function refused(e: unknown, show: (error: PageError, status: number) => FastifyReply): FastifyReply {
  const { status, body } = errorResponse(e);
  if (status === 401 || status === 403 || status >= 500) throw e;
  return show({ zh: body.error.zh, en: body.error.en, problems: (body.error.problems ?? []).map((p) => ({ where: p.where, zh: p.zh, en: p.en })) }, status);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A filter that can't mean anything is said so, in both languages, and nothing is searched. */
function filterProblem(f: AuditLogFilter): PageError | null {
  for (const k of ['from', 'to'] as const) {
    const v = f[k];
    if (v !== undefined && (!DAY.test(v) || parseDay(v) !== parseDay(v))) {
      return { zh: `${k === 'from' ? '起始' : '截止'}日期应为 YYYY-MM-DD 格式的真实日期，实际为「${v}」`, en: `the ${k} date must be a real date YYYY-MM-DD, got "${v}"`, problems: [] };
    }
  }
  if (f.from && f.to && f.from > f.to) return { zh: `截止日期 ${f.to} 早于起始日期 ${f.from}`, en: `the to date ${f.to} is before the from date ${f.from}`, problems: [] };
  if (f.round !== undefined && !/^[1-9][0-9]{0,11}$/.test(f.round)) return { zh: `轮次编号应为正整数，实际为「${f.round}」`, en: `the round id must be a whole number, got "${f.round}"`, problems: [] };
  if (f.page !== undefined && !/^[1-9][0-9]{0,8}$/.test(f.page)) return { zh: `页码应为正整数，实际为「${f.page}」`, en: `the page must be a whole number, got "${f.page}"`, problems: [] };
  return null;
}
