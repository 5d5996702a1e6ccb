/**
 * The audit log (auditors and administrators): entries in order, the chain head to keep, and a
 * check of the whole store: the hash chain, a head kept earlier (?head=N:HASH) and every
 * published run's stored results (store/verify.ts). Nothing here writes.
 */
import type { FastifyInstance } from 'fastify';
import { auditHead, listAudit, parseAuditHead, StoreError, verifyStore, type AuditHead } from '../../store/index.js';
import { ApiError } from '../errors.js';
import { requireRole } from '../auth/policy.js';

/** A malformed head is a bad request (400), refused before anything is read. */
function keptHead(text: string): AuditHead {
  try {
    return parseAuditHead(text, 'head');
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    const [p] = e.problems;
    throw new ApiError(400, 'bad_request', p.zh, p.en, e.problems);
  }
}

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

  app.get('/api/audit/head', { config: { access: ['auditor', 'admin'] as const }, schema: { tags: ['audit'], summary: '审计日志链头（条数与最后一条的哈希）/ the audit log\'s chain head (entry count and last hash)' } }, async (req) => {
    requireRole(req, ['auditor', 'admin']);
    return auditHead(app.store);
  });

  app.get<{ Querystring: { head?: string } }>('/api/audit/verify', {
    config: { access: ['auditor', 'admin'] as const },
    schema: {
      tags: ['audit'], summary: '校验审计日志哈希链、保存的链头与已发布结果 / verify the audit chain, a kept head and the published results',
      querystring: { type: 'object', additionalProperties: false, properties: { head: { type: 'string', maxLength: 200 } } },
    },
  }, async (req) => {
    requireRole(req, ['auditor', 'admin']);
    return verifyStore(app.store, req.query.head === undefined ? undefined : keptHead(req.query.head));
  });
}
