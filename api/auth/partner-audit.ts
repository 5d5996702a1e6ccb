/**
 * A partner (another government's staff) reads under agreement, not as the public does: every
 * request it makes — each read, and each refused attempt — is an entry of the audit log, before
 * the route looks at anything.
 */
import type { FastifyRequest } from 'fastify';
import { appendAudit, actorOf } from '../../store/index.js';

export function auditPartnerRequest(req: FastifyRequest): void {
  const p = req.principal ?? req.formSession?.principal ?? null;
  if (p?.role !== 'partner') return;
  appendAudit(req.server.store, actorOf(p), { action: 'read.partner', target: `account:${p.accountId}`, detail: { method: req.method, path: req.url } });
}
