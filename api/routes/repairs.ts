/**
 * Credit repair applications (store/repair-applications.ts): an office, or an enterprise for its
 * own credit code only, applies; offices decide. Offices, leadership, auditors and administrators
 * read every application; an enterprise reads its own.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { applyForRepair, decideRepair, getRepairApplication, listRepairApplications, MAX_ATTACHMENTS, type DecisionInput, type RepairApplication, type RepairApplicationInput } from '../../store/index.js';
import { actor, requireRole } from '../auth/policy.js';
import { forbidden } from '../errors.js';
import { date, idParams, reason, type IdParams } from './schemas.js';

export const APPLICANTS = ['office', 'enterprise'] as const;
export const READERS = ['office', 'leadership', 'auditor', 'admin', 'enterprise'] as const;
export const DECIDERS = ['office'] as const;

const applicationBody = {
  type: 'object', additionalProperties: false, required: ['scheme', 'entity', 'list', 'grounds'],
  properties: {
    scheme: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' },
    entity: { type: 'string', minLength: 1, maxLength: 64 },
    list: { type: 'string', minLength: 1, maxLength: 64 },
    grounds: { type: 'string', minLength: 1, maxLength: 4000 },
    date: { type: 'string', maxLength: 32 },
    attachments: {
      type: 'array', maxItems: MAX_ATTACHMENTS,
      items: { type: 'object', additionalProperties: false, required: ['name', 'sha256'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, sha256: { type: 'string', maxLength: 64 } } },
    },
  },
} as const;

const decisionBody = {
  type: 'object', additionalProperties: false, required: ['decision', 'reason'],
  properties: { decision: { type: 'string', enum: ['approve', 'refuse'] }, reason: { ...reason, minLength: 1 }, effective: date },
} as const;

/** An enterprise speaks only for its own credit code. */
export function ownOnly(req: FastifyRequest, entity: string): void {
  const p = req.principal!;
  if (p.role === 'enterprise' && p.uscc !== entity) {
    throw forbidden(`企业账户只能办理本企业（${p.uscc}）的信用修复`, `an enterprise account may act only for its own credit code (${p.uscc})`);
  }
}

function visible(req: FastifyRequest, a: RepairApplication): RepairApplication {
  ownOnly(req, a.entity);
  return a;
}

export async function repairRoutes(app: FastifyInstance): Promise<void> {
  const db = app.store;

  app.post<{ Body: RepairApplicationInput }>('/api/repairs', {
    config: { access: APPLICANTS },
    schema: { tags: ['repairs'], body: applicationBody, summary: '信用修复申请（企业仅限本企业）/ apply for credit repair (an enterprise for itself only)' },
  }, async (req, reply) => {
    requireRole(req, APPLICANTS);
    ownOnly(req, req.body.entity);
    return reply.code(201).send(applyForRepair(db, actor(req), req.body));
  });

  app.get<{ Querystring: { scheme?: string } }>('/api/repairs', {
    config: { access: READERS },
    schema: { tags: ['repairs'], querystring: { type: 'object', additionalProperties: false, properties: { scheme: { type: 'string', maxLength: 64 } } }, summary: '信用修复申请及决定 / credit repair applications and decisions' },
  }, async (req) => {
    const p = requireRole(req, READERS);
    return { applications: listRepairApplications(db, { scheme: req.query.scheme, entity: p.role === 'enterprise' ? p.uscc! : undefined }) };
  });

  app.get<{ Params: IdParams }>('/api/repairs/:id', {
    config: { access: READERS },
    schema: { tags: ['repairs'], params: idParams, summary: '一项信用修复申请 / one credit repair application' },
  }, async (req) => {
    requireRole(req, READERS);
    return visible(req, getRepairApplication(db, req.params.id));
  });

  app.post<{ Params: IdParams; Body: DecisionInput }>('/api/repairs/:id/decision', {
    config: { access: DECIDERS },
    schema: { tags: ['repairs'], params: idParams, body: decisionBody, summary: '决定信用修复申请（核准或不予修复，均需理由）/ decide an application (approve or refuse, with a reason)' },
  }, async (req, reply) => {
    requireRole(req, DECIDERS);
    return reply.code(201).send(decideRepair(db, actor(req), req.params.id, req.body));
  });
}
