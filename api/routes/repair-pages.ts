/**
 * Credit repair as pages (api/pages/repairs-page.ts) for the applications and decisions of
 * routes/repairs.ts:
 *   GET  /repairs/:scheme                 the applications the reader may see; the forms the reader may use
 *   POST /repairs/:scheme/applications    multipart: csrf, entity, list, grounds, [date], [file] (only its name and SHA-256 are kept)
 *   POST /repairs/:scheme/:id/decision    form: csrf, decision (approve | refuse), reason, [effective]
 * The forms are cookie writes, so each checks the page's CSRF token and the reader's role (an
 * enterprise only for its own credit code) before it reads a byte of a file. A refusal shows the
 * page again with every problem and what was typed; nothing is written.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applyForRepair, decideRepair, getRepairApplication, listRepairApplications, registerPlan, type Attachment } from '../../store/index.js';
import { CSRF_FIELD, formPrincipal } from '../auth/csrf.js';
import { actor, requireRole } from '../auth/policy.js';
import { ApiError, errorResponse, notFoundError, tooLarge } from '../errors.js';
import { langOf, renderRepairsPage, repairsUrl, REPAIR_NOTICES, type RepairsPageView } from '../pages/index.js';
import { sendPage } from '../plugins/errors.js';
import type { Limits } from '../server.js';
import { sessionView } from '../views/headers.js';
import { APPLICANTS, DECIDERS, ownOnly, READERS } from './repairs.js';

const schemeParams = { type: 'object', required: ['scheme'], properties: { scheme: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' } } } as const;
const decisionParams = { type: 'object', required: ['scheme', 'id'], properties: { ...schemeParams.properties, id: { type: 'integer', minimum: 1 } } } as const;
const langQuery = { type: 'object', properties: { lang: { type: 'string', maxLength: 10 }, notice: { type: 'string', maxLength: 20 } } } as const;
const decisionForm = {
  type: 'object',
  properties: {
    [CSRF_FIELD]: { type: 'string', maxLength: 200 },
    decision: { type: 'string', maxLength: 20 },
    reason: { type: 'string', maxLength: 500 },
    effective: { type: 'string', maxLength: 32 },
  },
} as const;

interface Params { scheme: string }
interface Query { lang?: string; notice?: string }

export async function repairPageRoutes(app: FastifyInstance, { limits }: { limits: Limits }): Promise<void> {
  const db = app.store;
  const guard = app.csrf;
  const loginNext = (req: FastifyRequest): string => repairsUrl((req.params as Params).scheme ?? '', langOf(req.query));

  function view(req: FastifyRequest, scheme: string, extra: Pick<RepairsPageView, 'notice' | 'error' | 'typed'>): RepairsPageView {
    const p = requireRole(req, READERS);
    const compiled = registerPlan(db, scheme);
    const mine = p.role === 'enterprise' ? p.uscc! : undefined;
    return {
      session: { ...sessionView(req), csrfToken: guard.tokenFor(req) },
      scheme,
      lists: compiled.plan.lists.map((l) => ({ id: l.id, label: l.label })),
      apply: p.role === 'office' ? { entity: null } : p.role === 'enterprise' ? { entity: mine! } : null,
      decides: p.role === 'office',
      applications: listRepairApplications(db, { scheme, entity: mine }).map((a) => ({
        id: a.id, entity: a.entity, list: a.list, grounds: a.grounds, attachments: a.attachments, appliedAt: a.appliedAt,
        decision: a.decision && { decision: a.decision.decision, reason: a.decision.reason, effective: a.decision.effective, decidedAt: a.decision.decidedAt },
      })),
      ...extra,
    };
  }

  /** The page again with the refusal (a 4xx the reader can fix); a login or role refusal, or a fault, goes on as it is. */
  function refused(req: FastifyRequest, reply: FastifyReply, scheme: string, e: unknown, typed: RepairsPageView['typed']): FastifyReply {
    const { status, body } = errorResponse(e);
    if (status === 401 || status === 403 || status >= 500) throw e;
    const problems = (body.error.problems ?? []).map((p) => ({ where: p.where, zh: p.zh, en: p.en }));
    return sendPage(reply, status, renderRepairsPage(view(req, scheme, { notice: null, error: { zh: body.error.zh, en: body.error.en, problems }, typed }), langOf(req.query)));
  }

  app.get<{ Params: Params; Querystring: Query }>('/repairs/:scheme', {
    config: { page: true, access: READERS }, schema: { params: schemeParams, querystring: langQuery },
  }, async (req, reply) => {
    const notice = REPAIR_NOTICES.find((n) => n === req.query.notice) ?? null;
    return sendPage(reply, 200, renderRepairsPage(view(req, req.params.scheme, { notice, error: null, typed: null }), langOf(req.query)));
  });

  app.post<{ Params: Params; Querystring: Query }>('/repairs/:scheme/applications', {
    config: { page: true, access: APPLICANTS, sessionForm: true, loginNext, rateLimit: { max: limits.uploadPerMinute, timeWindow: 60_000 } },
    schema: { params: schemeParams, querystring: langQuery },
  }, async (req, reply) => {
    const fields: Record<string, string> = {};
    const attachments: Attachment[] = [];
    let authorised = false;
    // Who is asking, and for whom, is settled before the file's first byte: the fields come first in the form.
    const authorise = (): void => {
      formPrincipal(req, guard, fields[CSRF_FIELD]);
      requireRole(req, APPLICANTS);
      ownOnly(req, fields.entity ?? '');
      authorised = true;
    };
    const typed = (): RepairsPageView['typed'] => ({ entity: fields.entity ?? '', list: fields.list ?? '', grounds: fields.grounds ?? '', date: fields.date ?? '' });
    if (!req.isMultipart()) {
      authorise();
      registerPlan(db, req.params.scheme);
      return refused(req, reply, req.params.scheme, new ApiError(415, 'unsupported_media_type', '请用页面上的申请表单提交（multipart/form-data）', 'send the application with the form of the page (multipart/form-data)'), typed());
    }
    try {
      for await (const part of req.parts({ limits: { fileSize: limits.maxUploadBytes, files: 1, fieldSize: 8192 } })) {
        if (part.type === 'file') {
          if (!authorised) {
            try {
              authorise();
            } catch (e) {
              part.file.resume();
              throw e;
            }
          }
          const hash = createHash('sha256');
          let bytes = 0;
          for await (const chunk of part.file) {
            hash.update(chunk as Buffer);
            bytes += (chunk as Buffer).length;
          }
          if (part.file.truncated) {
            throw tooLarge(limits.maxUploadBytes, { zh: '附件', en: 'the attachment' }, part.filename);
          }
          // An empty file input sends a part with no name and no bytes: no attachment.
          if (bytes > 0 || part.filename) attachments.push({ name: part.filename || 'attachment', sha256: hash.digest('hex') });
        } else fields[part.fieldname] = String(part.value);
      }
      if (!authorised) authorise();
      const date = fields.date?.trim();
      applyForRepair(db, actor(req), { scheme: req.params.scheme, entity: fields.entity ?? '', list: fields.list ?? '', grounds: (fields.grounds ?? '').trim(), attachments, ...(date ? { date } : {}) });
    } catch (e) {
      if (!authorised) throw e;
      return refused(req, reply, req.params.scheme, e, typed());
    }
    return reply.redirect(repairsUrl(req.params.scheme, langOf(req.query), 'applied'), 303);
  });

  app.post<{ Params: Params & { id: number }; Querystring: Query; Body: Record<string, string | undefined> }>('/repairs/:scheme/:id/decision', {
    config: { page: true, access: DECIDERS, sessionForm: true, loginNext }, schema: { params: decisionParams, querystring: langQuery, body: decisionForm },
  }, async (req, reply) => {
    formPrincipal(req, guard, req.body?.csrf);
    requireRole(req, DECIDERS);
    const { scheme, id } = req.params;
    if (getRepairApplication(db, id).scheme !== scheme) throw notFoundError(`方案「${scheme}」没有编号为 ${id} 的修复申请`, `scheme ${scheme} has no repair application ${id}`);
    const decision = req.body?.decision;
    try {
      if (decision !== 'approve' && decision !== 'refuse') {
        throw new ApiError(400, 'bad_request', '请选择予以修复或不予修复', 'choose approve or refuse', [{ where: 'decision', zh: `未知的决定「${decision ?? ''}」`, en: `unknown decision "${decision ?? ''}"` }]);
      }
      const effective = req.body?.effective?.trim();
      decideRepair(db, actor(req), id, { decision, reason: req.body?.reason ?? '', ...(effective ? { effective } : {}) });
    } catch (e) {
      return refused(req, reply, scheme, e, null);
    }
    return reply.redirect(repairsUrl(scheme, langOf(req.query), decision === 'approve' ? 'approved' : 'refused'), 303);
  });
}
