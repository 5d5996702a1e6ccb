/**
 * The kaohe service: JSON API under /api/, web pages at /, OpenAPI at /docs. buildServer wires
 * the plugins (cookies, rate limits, multipart uploads, the login form, docs), resolves who is
 * asking on every request, and registers the routes by resource. The database is the caller's:
 * it is opened before and closed after the server; closing the server waits for scoring jobs.
 */
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { inputCaps, type InputCaps } from '../io/index.js';
import type { Db } from '../store/index.js';
import { CsrfGuard } from './auth/csrf.js';
import { resolvePrincipal } from './auth/principal.js';
import { checkRouteAccess, requireAccessDeclared } from './auth/route-access.js';
import { ApiError } from './errors.js';
import { AnalysisJobs } from './analysis-jobs.js';
import { ScoringJobs } from './jobs.js';
import { registerDocs } from './plugins/docs.js';
import { registerErrorHandling } from './plugins/errors.js';
import { registerFormBody } from './plugins/form-body.js';
import { accountRoutes } from './routes/accounts.js';
import { auditRoutes } from './routes/audit.js';
import { registerRoutes } from './routes/registers.js';
import { listRegisterRoutes } from './routes/list-register.js';
import { repairRoutes } from './routes/repairs.js';
import { repairPageRoutes } from './routes/repair-pages.js';
import { ledgerRoutes } from './routes/ledger.js';
import { bundleRoutes } from './routes/bundle.js';
import { diffRoutes } from './routes/diff.js';
import { pageRoutes } from './routes/pages.js';
import { publicationRoutes } from './routes/publications.js';
import { resultRoutes } from './routes/results.js';
import { rosterRoutes } from './routes/rosters.js';
import { roundRoutes } from './routes/rounds.js';
import { newRoundPageRoutes } from './routes/new-round-pages.js';
import { roundWorkPageRoutes } from './routes/round-work-pages.js';
import { auditPageRoutes } from './routes/audit-pages.js';
import { runRoutes } from './routes/runs.js';
import { schemeRoutes } from './routes/schemes.js';
import { sessionRoutes } from './routes/session.js';
import { submissionRoutes } from './routes/submissions.js';
import { templateRoutes } from './routes/templates.js';
import { tenureAuditRoutes } from './routes/tenure-audits.js';
import { participantRoutes } from './routes/participants.js';
import { partnerRoutes } from './routes/partners.js';
import { appealRoutes } from './routes/appeals.js';
import { compareRoutes } from './routes/compare.js';
import { auditPartnerRequest } from './auth/partner-audit.js';
import { uncertaintyRoutes } from './routes/uncertainty.js';
import './types.js';

export interface BuildServerOptions {
  db: Db;
  /** Whether anyone may read published results without a token (default false). */
  publicResults?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** Worker threads for scoring (default: every core). */
  threads?: number;
  /** Largest data file accepted, in bytes (default 64 MiB). */
  maxUploadBytes?: number;
  /** Caps on a data file's rows, cells and texts (io/input-caps.ts: DEFAULT_INPUT_CAPS; rows also at the roster's size plus a margin). */
  uploadCaps?: Partial<InputCaps>;
  /** Requests per minute per client address on the login and upload routes. */
  rateLimits?: { login?: number; upload?: number };
  /** The login page says where the demo tokens were printed. */
  demoHint?: boolean;
  /** Where the schemes' default uncertainty specs are (templates/uncertainty); none: a request must give its spec. */
  specsDir?: string;
}

export interface Limits {
  maxUploadBytes: number;
  uploadCaps: InputCaps;
  maxSchemeBytes: number;
  loginPerMinute: number;
  uploadPerMinute: number;
}

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const limits: Limits = {
    maxUploadBytes: options.maxUploadBytes ?? 64 * 1024 * 1024,
    uploadCaps: inputCaps(options.uploadCaps),
    maxSchemeBytes: 4 * 1024 * 1024,
    loginPerMinute: options.rateLimits?.login ?? 10,
    uploadPerMinute: options.rateLimits?.upload ?? 30,
  };
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 1024 * 1024 });
  app.decorate('store', options.db);
  app.decorate('settings', { publicResults: options.publicResults ?? false, demoHint: options.demoHint ?? false });
  app.decorate('jobs', new ScoringJobs(options.db, { threads: options.threads }));
  app.decorate('analyses', new AnalysisJobs(options.db, { threads: options.threads }));
  app.decorate('csrf', new CsrfGuard());
  app.decorateRequest('principal', null);
  app.decorateRequest('formSession', null);

  app.addHook('onRoute', requireAccessDeclared);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => new ApiError(429, 'rate_limited', `请求过于频繁：请 ${ctx.after} 后再试`, `too many requests: try again in ${ctx.after}`),
  });
  await app.register(multipart, { limits: { fileSize: limits.maxUploadBytes, files: 1, fields: 8, parts: 9, fieldSize: 64 * 1024 } });
  registerFormBody(app);
  await registerDocs(app);
  registerErrorHandling(app);
  // Who is asking, and whether they may call the route at all, before its body is read or validated.
  app.addHook('onRequest', async (req) => {
    resolvePrincipal(app.store, req);
    auditPartnerRequest(req);
    checkRouteAccess(req);
  });
  // A POST without a body (curl -X POST) means "no options", not a malformed request.
  app.addHook('preValidation', async (req) => {
    if (req.body === undefined && req.method === 'POST' && !req.headers['content-type']) req.body = {};
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    // What a signed-in reader sees may be unpublished: never kept by a shared cache.
    if (req.principal && !reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store');
  });
  app.addHook('onClose', async () => { await Promise.all([app.jobs.idle(), app.analyses.idle()]); });

  for (const routes of [sessionRoutes, accountRoutes, schemeRoutes, rosterRoutes, roundRoutes, templateRoutes, submissionRoutes, runRoutes, resultRoutes, publicationRoutes, diffRoutes, auditRoutes, bundleRoutes, tenureAuditRoutes, participantRoutes, partnerRoutes, appealRoutes, compareRoutes, registerRoutes, listRegisterRoutes, repairRoutes, repairPageRoutes, ledgerRoutes, pageRoutes, roundWorkPageRoutes, newRoundPageRoutes, auditPageRoutes]) {
    await app.register(routes, { limits });
  }
  await app.register(uncertaintyRoutes, { specsDir: options.specsDir });
  return app;
}
