/**
 * A round's work page and its forms, for the office that owns the round: everything an office
 * does with a round — download the template, upload filled workbooks, see every error with its
 * cell, fix and re-upload, score, review, publish — in a browser, without curl:
 *
 *   GET  /rounds/:id/work            status, what to do next, files received, runs, the forms
 *   GET  /rounds/:id/work/template   the fill-in template (.xlsx; ?format=csv)
 *   POST /rounds/:id/work/open       draft → collecting
 *   POST /rounds/:id/work/upload     multipart: csrf, [reason], [part], file
 *   POST /rounds/:id/work/score      start a run
 *   POST /rounds/:id/work/publish    publish the run the page offered (reason when republishing)
 *   POST /rounds/:id/work/partners  let a bound partner read the results before publication, or revoke that (reason)
 *   POST /rounds/:id/work/map        multipart: csrf, approvalNo (审图号), file: the roster's map boundaries (GeoJSON)
 *
 * The forms are the only writes the session cookie may make, and only with the page's CSRF
 * token (auth/csrf.ts); every route checks that the reader is the round's office (403 for
 * anyone else; an auditor reads the page without its forms). The store does the work exactly as for the JSON API (same functions, same
 * all-or-nothing import, same audit log, the same upload size and rate limits). An accepted
 * form redirects (303) back to the page with a notice; a refused one shows the page again with
 * the refusal and every problem (where, Chinese, English), answered with the refusal's status.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KaoheError } from '../../indicators/index.js';
import {
  confirmParticipant, getAccount, grantPartner, isRunPublished, partnerGrants, partnersOfRound, revokePartnerGrant, latestDoneRun, latestPublication, listRuns, listSubmissions, participantStates, publishRun,
  requestRoundStatus, requestRun, latestRosterMapId, rosterEntities, rosterMap, schemePlan, snapshotSize, submitFile, type Round, type UploadedFile, type UploadPart,
} from '../../store/index.js';
import { CSRF_FIELD, formPrincipal } from '../auth/csrf.js';
import { actor, auditRead, isRoundParticipant, requireRoundOwner, requireRoundUploader } from '../auth/policy.js';
import { ApiError, errorResponse, unauthorized } from '../errors.js';
import {
  langOf, PAGE_ROUTES, roundsUrl, renderWorkPage, workUrl, type JointWorkView, type PartnerGrantsView, type ProblemView, type RoundWorkView, type WorkError, type WorkNotice,
} from '../pages/index.js';
import { fill, fmtBytes, WORK } from '../pages/text.js';
import { sendPage } from '../plugins/errors.js';
import type { Limits } from '../server.js';
import { roundHeaderView, sessionView } from '../views/headers.js';
import { scriptOf } from '../views/script.js';
import { roundFor } from './access.js';
import { mapUploadBytes, saveRosterMap } from './rosters.js';
import { roundTemplate } from './templates.js';
import { auditRefusedUpload, readFilePart } from './upload.js';
import { ownResults } from './participants.js';

/** Whether the reader may work on the round (its office, or an office of a joint round): the rounds list and the ranking link here. */
export function canWorkOn(req: FastifyRequest, round: Round): boolean {
  const p = req.principal;
  return p !== null && p.role === 'office' && (p.officeId === round.officeId || isRoundParticipant(req, round));
}

const NOTICES: readonly WorkNotice[] = ['created', 'opened', 'uploaded', 'scoring', 'published', 'archived', 'mapped', 'confirmed', 'granted', 'revoked'];
const REASON_MAX = 2000;

const roundIdParams = { type: 'object', properties: { roundId: { type: 'integer', minimum: 1 } }, required: ['roundId'] } as const;
const langQuery = { type: 'object', properties: { lang: { type: 'string', maxLength: 10 } } } as const;
const formBody = {
  type: 'object',
  properties: {
    [CSRF_FIELD]: { type: 'string', maxLength: 200 },
    reason: { type: 'string', maxLength: REASON_MAX },
    run: { type: 'string', pattern: '^[0-9]{1,12}$' },
    do: { type: 'string', enum: ['grant', 'revoke'] },
    account: { type: 'string', pattern: '^[0-9]{1,12}$' },
  },
} as const;

interface Params { roundId: number }
interface FormBody { csrf?: string; reason?: string; run?: string; do?: 'grant' | 'revoke'; account?: string }
type FormRequest = FastifyRequest<{ Params: Params; Body: FormBody; Querystring: { lang?: string } }>;

export async function roundWorkPageRoutes(app: FastifyInstance, { limits }: { limits: Limits }): Promise<void> {
  const db = app.store;
  const guard = app.csrf;

  /** The round, if the reader is its office (401 without a login, 403 for anyone else). */
  function ownRound(req: FastifyRequest, roundId: number): Round {
    const { round } = roundFor(req, roundId);
    requireRoundOwner(req, round);
    return round;
  }

  /** The round, if the reader's office sends its data (its office; in a joint round, each participant). */
  function memberRound(req: FastifyRequest, roundId: number): Round {
    const { round } = roundFor(req, roundId);
    requireRoundUploader(req, round);
    return round;
  }

  /**
   * A form with a file on a round: who is asking is settled when the file starts (the token is
   * the form's first field), before a byte of it is read, and a refusal then is thrown. A read
   * error after that comes back as `readError`, for the page to show with the round.
   */
  async function readRoundFormUpload(req: FastifyRequest<{ Params: Params }>, maxBytes: number, roundOf: (req: FastifyRequest, roundId: number) => Round): Promise<{ round: Round; fields: Record<string, string>; file: UploadedFile | null; readError: unknown }> {
    let settled: Round | null = null;
    const authorise = (fields: Record<string, string>): void => {
      formPrincipal(req, guard, fields[CSRF_FIELD]);
      settled = roundOf(req, req.params.roundId);
    };
    try {
      const { fields, file } = await readFormUpload(req, maxBytes, authorise);
      return { round: settled ?? roundOf(req, req.params.roundId), fields, file, readError: null };
    } catch (e) {
      if (!settled) throw e;
      return { round: settled, fields: {}, file: null, readError: e };
    }
  }

  /** A joint round's part of the page: the reader's role, every participant, the reader's own entities' results. */
  async function jointView(req: FastifyRequest, round: Round): Promise<JointWorkView | undefined> {
    const states = participantStates(db, round);
    if (states.length === 0) return undefined;
    const officeId = req.principal!.officeId!;
    const role = officeId === round.officeId ? 'lead' : 'participant';
    const own = role === 'participant' ? await ownResults(req, round, officeId) : null;
    return {
      role, officeId,
      participants: states.map((p) => ({ id: p.office.id, name: p.office.name, lead: p.lead, entities: p.entities, lastSubmissionAt: p.lastSubmissionAt, submitted: p.submitted, confirmedAt: p.confirmedAt })),
      own: own && { ...own, runId: String(own.runId) },
    };
  }

  function workView(req: FastifyRequest, round: Round, extra: { notice?: WorkNotice | null; error?: WorkError | null; reasonTyped?: string | null }, joint: JointWorkView | undefined): RoundWorkView {
    const compiled = schemePlan(db, round.schemeId, round.schemeVersion);
    const roster = rosterEntities(db, round.rosterId, compiled.plan.scheme.subject);
    // A participant sees the files its office sent.
    const submissions = listSubmissions(db, round.id).filter((s) => joint?.role !== 'participant' || s.officeId === joint.officeId);
    const runs = listRuns(db, round.id);
    const published = latestPublication(db, round.id);
    const latest = latestDoneRun(db, round.id);
    const publishable = latest && latest.roundSnapshotHash === round.snapshotHash && (round.status === 'scored' || round.status === 'published') && !isRunPublished(db, latest.id)
      ? { runId: String(latest.id), republish: published !== null }
      : null;
    const last = submissions.at(-1);
    return {
      session: { ...sessionView(req), csrfToken: guard.tokenFor(req) },
      readOnly: req.principal?.role !== 'office',
      round: roundHeaderView(db, round),
      hasData: round.snapshotHash !== null,
      roundEntities: round.snapshotHash ? snapshotSize(db, round.snapshotHash) : 0,
      expectedEntities: roster ? roster.size : null,
      missingCount: last ? last.report.missingCount : roster ? roster.size : null,
      takesRecords: (compiled.plan.records?.length ?? 0) > 0,
      takesMap: compiled.plan.scheme.subject === 'region',
      map: mapSummary(round.rosterId),
      maxMapBytes: mapUploadBytes(limits),
      submissions: submissions.map((s) => ({
        id: String(s.id), kind: s.kind, fileName: s.fileName, uploadedAt: s.uploadedAt, reason: s.reason, format: s.report.format,
        rows: s.report.rows, blankRows: s.report.blankRows, roundEntities: s.report.roundEntities, expectedEntities: s.report.expectedEntities,
        missing: s.report.missingEntities.map((id) => ({ id, name: roster?.get(id) ?? null })), missingCount: s.report.missingCount,
        warnings: (s.report.warnings ?? []).map((w) => ({ entity: w.entity, name: w.name ?? roster?.get(w.entity) ?? null, zh: w.zh, en: w.en })),
        warningCount: s.report.warningCount ?? 0,
      })),
      runs: runs.slice(0, 20).map((r, k) => {
        const p = app.jobs.progress(r.id);
        // Runs are newest first: the one before is the next finished run in the list.
        const previous = runs.slice(k + 1).find((x) => x.status === 'done');
        return {
          id: String(r.id), status: r.status, requestedAt: r.requestedAt, finishedAt: r.finishedAt, entities: r.entities,
          published: isRunPublished(db, r.id), current: r.roundSnapshotHash === round.snapshotHash,
          progress: p && (r.status === 'queued' || r.status === 'running') ? { done: p.done, total: p.total } : null,
          problems: (r.error ?? []).map(problemView),
          previousRunId: previous ? String(previous.id) : null,
        };
      }),
      publishable,
      maxUploadBytes: limits.maxUploadBytes,
      notice: extra.notice ?? null,
      error: extra.error ?? null,
      reasonTyped: extra.reasonTyped ?? null,
      ...(joint ? { joint } : {}),
      ...(req.principal?.role === 'office' && req.principal.officeId === round.officeId ? { partners: partnersView(round) } : {}),
    };
  }

  function partnersView(round: Round): PartnerGrantsView {
    const grants = partnerGrants(db, round.id);
    const granted = new Set(grants.map((g) => g.accountId));
    return {
      grants: grants.map((g) => ({ accountId: String(g.accountId), name: getAccount(db, g.accountId).name, reason: g.reason, grantedAt: g.grantedAt })),
      ungranted: partnersOfRound(db, round).filter((p) => !granted.has(p.accountId)).map((p) => ({ accountId: String(p.accountId), name: p.name })),
    };
  }

  function mapSummary(rosterId: number): RoundWorkView['map'] {
    const m = latestRosterMapId(db, rosterId) === null ? null : rosterMap(db, rosterId);
    return m ? { approvalNo: m.approvalNo, features: m.features, uploadedAt: m.uploadedAt } : null;
  }

  /** Show the page (auditing the read of the round's unpublished data, as the JSON API does). */
  async function sendWork(req: FastifyRequest, reply: FastifyReply, status: number, round: Round, extra: Parameters<typeof workView>[2]): Promise<FastifyReply> {
    auditRead(req, round, 'work page');
    const joint = await jointView(req, round);
    return sendPage(reply, status, renderWorkPage(workView(req, round, extra, joint), langOf(req.query)));
  }

  /**
   * Run a form's action: accepted → 303 back to the page with the notice; refused by the store
   * (bad file, wrong state, missing reason…) → the page again with why, at the refusal's status.
   * Who may act (401/403) and server faults go to the error pages as everywhere else.
   */
  async function act(req: FastifyRequest, reply: FastifyReply, round: Round, action: WorkError['action'], notice: WorkNotice, reasonTyped: string | null, work: () => Promise<void> | void): Promise<FastifyReply> {
    try {
      await work();
    } catch (e) {
      const { status, body } = errorResponse(e);
      if (status === 401 || status === 403 || status >= 500) throw e;
      const error = refusal(action, status, body.error, limits.maxUploadBytes, e instanceof KaoheError);
      return sendWork(req, reply, status, round, { error, reasonTyped });
    }
    return reply.redirect(workUrl(String(round.id), langOf(req.query), notice), 303);
  }

  /** The form routes: not logged in at all → the login page, then back to the work page (the round id as asked: not validated yet). */
  const loginNext = (req: FastifyRequest): string => {
    const id = (req.params as { roundId?: string }).roundId ?? '';
    const lang = langOf(req.query);
    return /^[0-9]{1,12}$/.test(id) ? workUrl(id, lang) : roundsUrl(lang);
  };

  const pageConfig = { page: true, access: ['office'] as const };
  const formConfig = { ...pageConfig, sessionForm: true, loginNext };

  // The auditor reads what the office did (read-only: no forms; the store's unpublished reads audited the same).
  app.get<{ Params: Params; Querystring: { lang?: string; notice?: string } }>(PAGE_ROUTES.work, {
    config: { page: true, access: ['office', 'auditor'] as const },
    schema: { params: roundIdParams, querystring: { type: 'object', properties: { lang: { type: 'string', maxLength: 10 }, notice: { type: 'string', maxLength: 20 } } } },
  }, async (req, reply) => {
    if (!req.principal) throw unauthorized();
    const round = req.principal.role === 'auditor' ? roundFor(req, req.params.roundId).round : memberRound(req, req.params.roundId);
    const notice = NOTICES.find((n) => n === req.query.notice) ?? null;
    return sendWork(req, reply, 200, round, { notice });
  });

  app.get<{ Params: Params; Querystring: { format?: 'csv' | 'xlsx'; lang?: string } }>(PAGE_ROUTES.workTemplate, {
    config: pageConfig,
    schema: { params: roundIdParams, querystring: { type: 'object', properties: { format: { type: 'string', enum: ['csv', 'xlsx'] }, lang: { type: 'string', maxLength: 10 } } } },
  }, async (req, reply) => {
    if (!req.principal) throw unauthorized();
    const round = memberRound(req, req.params.roundId);
    const compiled = schemePlan(db, round.schemeId, round.schemeVersion);
    const format = req.query.format ?? 'xlsx';
    const t = await roundTemplate(db, round, compiled, format, req.principal.officeId ?? null, scriptOf(req) === 'hant');
    return reply.header('content-disposition', `attachment; filename="kaohe-template-round-${round.id}.${format}"`).type(t.type).send(t.body);
  });

  /** A button's form on a round: logged in, the page's CSRF token, the round's own office; then `handle`. */
  const roundForm = (path: string, handle: (req: FormRequest, reply: FastifyReply, round: Round) => Promise<FastifyReply> | FastifyReply, who = ownRound): void => {
    app.post<{ Params: Params; Body: FormBody; Querystring: { lang?: string } }>(path, {
      config: formConfig, schema: { params: roundIdParams, querystring: langQuery, body: formBody },
    }, async (req, reply) => {
      formPrincipal(req, guard, req.body?.csrf);
      return handle(req, reply, who(req, req.params.roundId));
    });
  };

  roundForm(PAGE_ROUTES.workOpen, (req, reply, round) =>
    act(req, reply, round, 'open', 'opened', null, () => { requestRoundStatus(db, actor(req), round.id, 'collecting'); }));

  roundForm(PAGE_ROUTES.workArchive, (req, reply, round) =>
    act(req, reply, round, 'archive', 'archived', null, () => { requestRoundStatus(db, actor(req), round.id, 'archived'); }));

  roundForm(PAGE_ROUTES.workScore, (req, reply, round) =>
    act(req, reply, round, 'score', 'scoring', req.body?.reason?.trim() || null, () => {
      const run = requestRun(db, actor(req), round.id, { override: req.body?.reason });
      app.jobs.start(run, actor(req));
    }));

  roundForm(PAGE_ROUTES.workConfirm, (req, reply, round) =>
    act(req, reply, round, 'confirm', 'confirmed', null, () => { confirmParticipant(db, actor(req), round, req.principal!.officeId!); }), memberRound);

  roundForm(PAGE_ROUTES.workPartners, (req, reply, round) => {
    const grant = req.body?.do === 'grant';
    return act(req, reply, round, 'partners', grant ? 'granted' : 'revoked', null, () => {
      if (!req.body?.account || !req.body.do) {
        throw new ApiError(400, 'bad_request', '表单缺少合作方或操作：请刷新页面后重试', 'the form does not say which partner or what to do: reload the page and try again',
          [{ where: 'account', zh: '缺少合作方账户或操作', en: 'no partner account or action' }]);
      }
      const account = Number(req.body.account);
      if (grant) grantPartner(db, actor(req), round.id, account, req.body.reason ?? '');
      else revokePartnerGrant(db, actor(req), round.id, account, req.body.reason ?? '');
    });
  });

  roundForm(PAGE_ROUTES.workPublish, (req, reply, round) => {
    const reason = req.body?.reason?.trim() || null;
    return act(req, reply, round, 'publish', 'published', reason, () => {
      // The run the page offered: if another run finished since, publishing that one would publish what nobody reviewed.
      if (!req.body?.run) {
        throw new ApiError(400, 'bad_request', '表单缺少要发布的运行编号：请刷新页面后重试', 'the form does not say which run to publish: reload the page and try again',
          [{ where: 'run', zh: '缺少运行编号', en: 'no run number' }]);
      }
      publishRun(db, actor(req), round.id, Number(req.body.run), reason);
    });
  });

  app.post<{ Params: Params; Querystring: { lang?: string } }>(PAGE_ROUTES.workUpload, {
    config: { ...formConfig, rateLimit: { max: limits.uploadPerMinute, timeWindow: 60_000 } },
    schema: { params: roundIdParams, querystring: langQuery },
  }, async (req, reply) => {
    const { round: owned, fields, file, readError } = await readRoundFormUpload(req, limits.maxUploadBytes, memberRound);
    const reason = fields.reason?.trim() || null;
    const submit = async (): Promise<void> => {
      if (readError) throw readError;
      const requested = fields.part ?? 'data';
      if (requested !== 'data' && requested !== 'records') {
        throw new ApiError(400, 'bad_request', '内容类型应为「指标数据」或「记录」', 'the contents must be data or records', [{ where: 'part', zh: `未知的内容类型「${requested}」`, en: `unknown contents "${requested}"` }]);
      }
      const part: UploadPart = requested;
      if (reason !== null && reason.length > REASON_MAX) {
        throw new ApiError(400, 'bad_request', `更正理由过长：最多 ${REASON_MAX} 字`, `the reason is too long: ${REASON_MAX} characters at most`, [{ where: 'reason', zh: `更正理由有 ${reason.length} 字，最多 ${REASON_MAX} 字`, en: `the reason has ${reason.length} characters, ${REASON_MAX} at most` }]);
      }
      await submitFile(db, actor(req), owned.id, file!, { part, reason, caps: limits.uploadCaps, office: req.principal!.officeId });
    };
    return act(req, reply, owned, 'upload', 'uploaded', reason, async () => {
      try {
        await submit();
      } catch (e) {
        auditRefusedUpload(req, owned.id, file, e);
        throw e;
      }
    });
  });

  // The roster's map boundaries, from the same page: the file is read only after the token and the round's office are checked.
  app.post<{ Params: Params; Querystring: { lang?: string } }>(PAGE_ROUTES.workMap, {
    config: { ...formConfig, rateLimit: { max: limits.uploadPerMinute, timeWindow: 60_000 } },
    schema: { params: roundIdParams, querystring: langQuery },
  }, async (req, reply) => {
    const { round: owned, fields, file, readError } = await readRoundFormUpload(req, mapUploadBytes(limits), ownRound);
    return act(req, reply, owned, 'map', 'mapped', fields.approvalNo ?? null, () => {
      if (readError) throw readError;
      saveRosterMap(req, owned.rosterId, file!, fields);
    });
  });
}

/**
 * The upload form's parts: text fields, then the one file (field `file`). `authorise` is called
 * with the fields read so far when the file begins (or at the end, if no file came), so a
 * request without the right token or role never has its file read.
 */
async function readFormUpload(req: FastifyRequest, maxBytes: number, authorise: (fields: Record<string, string>) => void): Promise<{ fields: Record<string, string>; file: UploadedFile }> {
  if (!req.isMultipart()) {
    authorise({});
    throw new ApiError(415, 'unsupported_media_type', '请用页面上的上传表单提交文件（multipart/form-data）', 'send the file with the upload form of the page (multipart/form-data)');
  }
  const fields: Record<string, string> = {};
  let file: UploadedFile | null = null;
  let authorised = false;
  for await (const part of req.parts({ limits: { fileSize: maxBytes } })) {
    if (part.type === 'file') {
      if (!authorised) {
        try {
          authorise(fields);
        } catch (e) {
          part.file.resume();
          throw e;
        }
        authorised = true;
      }
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        throw new ApiError(400, 'bad_request', '一次只能上传一个文件', 'upload one file at a time', [{ where: part.filename || part.fieldname, zh: '多余的文件', en: 'one file too many' }]);
      }
      // Past the limit this throws (413) and nothing is kept.
      file = await readFilePart(part, maxBytes);
    } else fields[part.fieldname] = String(part.value);
  }
  if (!authorised) authorise(fields);
  if (!file || (file.bytes.length === 0 && file.fileName === 'upload')) {
    throw new ApiError(400, 'bad_request', '没有收到文件：请先选择要上传的文件', 'no file received: choose the file to upload first', [{ where: 'file', zh: '未选择文件', en: 'no file chosen' }]);
  }
  if (file.bytes.length === 0) {
    throw new ApiError(422, 'invalid_content', '上传的文件是空的', 'the uploaded file is empty', [{ where: file.fileName, zh: '文件没有任何内容：请检查是否选错了文件', en: 'the file has nothing in it: check that it is the right file' }]);
  }
  return { fields, file };
}

function problemView(p: { where: string; entity?: string; zh: string; en: string }): ProblemView {
  return { where: p.where, ...(p.entity ? { entity: p.entity } : {}), zh: p.zh, en: p.en };
}

/** A refused action as the page shows it: the message, and every problem (a too-large file says the limit and what to do). */
function refusal(action: WorkError['action'], status: number, error: { code: string; zh: string; en: string; problems?: ProblemView[] }, maxBytes: number, contentProblems: boolean): WorkError {
  if (status === 413) {
    const size = fmtBytes(maxBytes);
    const zh = fill(WORK.tooLarge.zh, { size });
    const en = fill(WORK.tooLarge.en, { size });
    return { action, zh, en, problems: [{ where: 'file', zh, en }] };
  }
  const problems = (error.problems ?? []).map(problemView);
  // A file's problems: the API's summary points at its JSON field; the page has a table.
  if (contentProblems && problems.length > 0) {
    return { action, zh: `共 ${problems.length} 处问题，逐条见下表`, en: `${problems.length} problem(s), each in the table below`, problems };
  }
  return { action, zh: error.zh, en: error.en, problems };
}
