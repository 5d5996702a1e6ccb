/**
 * Officials with their posts (auditor, admin, leadership) and the tenure audit (离任审计; auditor,
 * admin): one request finds, reruns, verifies and attributes every round of the official's
 * tenure and stores the audit (store/tenure-audit.ts); its workpaper (审计工作底稿) is the
 * stored audit as a workbook (store/tenure-workpaper.ts). Reading a stored audit that holds
 * unpublished results, as JSON or as a workpaper, is logged per round.
 */
import type { FastifyInstance } from 'fastify';
import { getRound, getTenureAudit, listOfficials, MEDIA_TYPES, runTenureAudit, tenureWorkpaperBuffer, type TenureAudit, type TenureAuditInput } from '../../store/index.js';
import { actor, auditRead, requireRole } from '../auth/policy.js';
import { idParams, type IdParams } from './schemas.js';

const OFFICIAL_READERS = ['auditor', 'admin', 'leadership'] as const;
const AUDITORS = ['auditor', 'admin'] as const;

/** Dates are checked by the store, so a bad one is named in Chinese and English with its field. */
const auditBody = {
  type: 'object', additionalProperties: false, required: ['official'],
  properties: { official: { type: 'string', minLength: 1, maxLength: 64 }, from: { type: 'string', maxLength: 32 }, to: { type: 'string', maxLength: 32 } },
} as const;

export async function tenureAuditRoutes(app: FastifyInstance): Promise<void> {
  const db = app.store;

  app.get('/api/officials', { config: { access: OFFICIAL_READERS }, schema: { tags: ['audit'], summary: '干部及其任职（地区、职务、起止日期）/ officials with their posts (region, role, first and last day)' } }, async (req) => {
    requireRole(req, OFFICIAL_READERS);
    return { officials: listOfficials(db) };
  });

  app.post<{ Body: TenureAuditInput }>('/api/audits', { config: { access: AUDITORS },
    schema: { tags: ['audit'], summary: '任期（离任）审计：复算、核验并按任职天数归属 / tenure audit: rerun, verify and attribute by days in post', body: auditBody },
  }, async (req, reply) => {
    requireRole(req, AUDITORS);
    const audit = await runTenureAudit(db, actor(req), req.body);
    return reply.code(201).send(audit);
  });

  app.get<{ Params: IdParams }>('/api/audits/:id', { config: { access: AUDITORS }, schema: { tags: ['audit'], summary: '一次任期审计 / one tenure audit', params: idParams } }, async (req) => {
    requireRole(req, AUDITORS);
    return readAudit(req, req.params.id, 'tenure audit');
  });

  app.get<{ Params: IdParams }>('/api/audits/:id/workpaper', { config: { access: AUDITORS },
    schema: { tags: ['audit'], summary: '任期审计工作底稿（.xlsx）/ the tenure audit\'s workpaper (.xlsx)', params: idParams },
  }, async (req, reply) => {
    requireRole(req, AUDITORS);
    const audit = readAudit(req, req.params.id, 'tenure audit workpaper');
    const bytes = await tenureWorkpaperBuffer(db, audit);
    reply.header('content-disposition', `attachment; filename="kaohe-audit-${audit.id}-${encodeURIComponent(audit.official.id)}-workpaper.xlsx"`);
    return reply.type(MEDIA_TYPES.xlsx).send(bytes);
  });

  function readAudit(req: Parameters<typeof auditRead>[0], id: number, what: string): TenureAudit {
    const audit = getTenureAudit(db, id);
    for (const r of audit.rounds) if (!r.published) auditRead(req, getRound(db, r.roundId), what, { auditId: audit.id, runId: r.runId });
    return audit;
  }
}
