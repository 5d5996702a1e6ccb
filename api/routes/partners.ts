/**
 * Partners (another government's staff): an administrator binds a partner account to rounds or
 * schemes; a round's lead office lets a bound partner read the round's results before
 * publication (with a reason); each may revoke what it gave, with a reason. Every act is an audit
 * entry; the partner itself writes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { addPartnerScope, getRound, grantPartner, partnerGrants, partnerScopes, revokePartnerGrant, revokePartnerScope } from '../../store/index.js';
import { actor, requireRole, requireRoundOwner, requireUnpublishedAccess } from '../auth/policy.js';
import { roundFor } from './access.js';
import { idParams, reason, type IdParams } from './schemas.js';

export async function partnerRoutes(app: FastifyInstance): Promise<void> {
  const db = app.store;

  app.post<{ Params: IdParams; Body: { roundId?: number; schemeId?: string } }>('/api/accounts/:id/scopes', { config: { access: ['admin'] as const },
    schema: {
      tags: ['accounts'], summary: '为合作方账户绑定可查看的轮次或方案 / bind a partner account to a round or a scheme', params: idParams,
      body: { type: 'object', additionalProperties: false, properties: { roundId: { type: 'integer', minimum: 1 }, schemeId: { type: 'string', maxLength: 100 } } },
    },
  }, async (req, reply) => {
    requireRole(req, ['admin']);
    if (req.body.roundId !== undefined) getRound(db, req.body.roundId);
    return reply.code(201).send(addPartnerScope(db, actor(req), req.params.id, req.body));
  });

  app.get<{ Params: IdParams }>('/api/accounts/:id/scopes', { config: { access: ['admin'] as const },
    schema: { tags: ['accounts'], summary: '合作方账户的查看范围 / a partner account\'s rounds and schemes', params: idParams },
  }, async (req) => {
    requireRole(req, ['admin']);
    return { scopes: partnerScopes(db, req.params.id) };
  });

  app.post<{ Params: IdParams; Body: { accountId: number; reason: string } }>('/api/rounds/:id/partner-grants', { config: { access: ['office'] as const },
    schema: {
      tags: ['rounds'], summary: '牵头单位允许合作方在发布前查看本轮结果 / the lead lets a partner read the round\'s results before publication', params: idParams,
      body: { type: 'object', additionalProperties: false, required: ['accountId', 'reason'], properties: { accountId: { type: 'integer', minimum: 1 }, reason } },
    },
  }, async (req, reply) => {
    const { round } = roundFor(req, req.params.id);
    requireRoundOwner(req, round);
    return reply.code(201).send(grantPartner(db, actor(req), round.id, req.body.accountId, req.body.reason));
  });

  app.post<{ Params: IdParams & { scopeId: number }; Body: { reason: string } }>('/api/accounts/:id/scopes/:scopeId/revocation', { config: { access: ['admin'] as const },
    schema: {
      tags: ['accounts'], summary: '撤销合作方账户的一项查看范围 / revoke one of a partner account\'s scopes',
      params: { type: 'object', properties: { id: { type: 'integer', minimum: 1, description: '合作方账户编号 / the partner account id' }, scopeId: { type: 'integer', minimum: 1, description: '查看范围编号 / the scope id' } }, required: ['id', 'scopeId'] },
      body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason } },
    },
  }, async (req, reply) => {
    requireRole(req, ['admin']);
    return reply.code(201).send(revokePartnerScope(db, actor(req), req.params.id, req.params.scopeId, req.body.reason));
  });

  app.post<{ Params: IdParams & { accountId: number }; Body: { reason: string } }>('/api/rounds/:id/partner-grants/:accountId/revocation', { config: { access: ['office'] as const },
    schema: {
      tags: ['rounds'], summary: '牵头单位撤销合作方发布前查看本轮结果的授权 / the lead revokes a partner\'s reading of the round\'s results before publication',
      params: { type: 'object', properties: { id: { type: 'integer', minimum: 1, description: '轮次编号 / the round id' }, accountId: { type: 'integer', minimum: 1, description: '合作方账户编号 / the partner account id' } }, required: ['id', 'accountId'] },
      body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason } },
    },
  }, async (req, reply) => {
    const { round } = roundFor(req, req.params.id);
    requireRoundOwner(req, round);
    return reply.code(201).send(revokePartnerGrant(db, actor(req), round.id, req.params.accountId, req.body.reason));
  });

  app.get<{ Params: IdParams }>('/api/rounds/:id/partner-grants', { config: { access: ['office', 'leadership', 'auditor'] as const },
    schema: { tags: ['rounds'], summary: '本轮发布前向合作方提供结果的授权 / the round\'s grants to partners before publication', params: idParams },
  }, async (req) => {
    const { round } = roundFor(req, req.params.id);
    if (req.principal?.role === 'office') requireRoundOwner(req, round);
    else requireUnpublishedAccess(req, round, { zh: '本轮的授权', en: 'the round\'s grants are' });
    return { grants: partnerGrants(db, round.id) };
  });
}
