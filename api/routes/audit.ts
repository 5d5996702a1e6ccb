/** The audit log (auditors and administrators): entries in order, and a check of the whole hash chain. */
import type { FastifyInstance } from 'fastify';
import { listAudit, verifyAuditChain } from '../../store/index.js';
import { requireRole } from '../auth/policy.js';

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { after?: number; limit?: number; target?: string } }>('/api/audit', { config: { access: ['auditor', 'admin'] as const },
    schema: {
      tags: ['audit'], summary: '审计日志（按序号）/ the audit log, in order',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { after: { type: 'integer', minimum: 0 }, limit: { type: 'integer', minimum: 1, maximum: 1000 }, target: { type: 'string', maxLength: 100 } },
      },
    },
  }, async (req) => {
    requireRole(req, ['auditor', 'admin']);
    return { entries: listAudit(app.store, req.query) };
  });

  app.get('/api/audit/verify', { config: { access: ['auditor', 'admin'] as const }, schema: { tags: ['audit'], summary: '校验审计日志哈希链 / verify the audit log\'s hash chain' } }, async (req) => {
    requireRole(req, ['auditor', 'admin']);
    return verifyAuditChain(app.store);
  });
}
