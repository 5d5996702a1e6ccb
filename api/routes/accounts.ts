/** Accounts, offices and tokens (admin), and who am I (anyone with a token). */
import type { FastifyInstance } from 'fastify';
import {
  createAccount, createOffice, generatePassword, getAccount, issueToken, listAccounts, listOffices, PASSWORD_MAX, PASSWORD_MIN, revokeToken, ROLES, setAccountDisabled, setPassword, type Role,
} from '../../store/index.js';
import { actor, requireRole } from '../auth/policy.js';
import { unauthorized } from '../errors.js';
import { idParams, label, type IdParams } from './schemas.js';

export async function accountRoutes(app: FastifyInstance): Promise<void> {
  const db = app.store;

  app.get('/api/me', { config: { access: 'signed-in' }, schema: { tags: ['accounts'], summary: '当前账户 / the account behind this token' } }, async (req) => {
    if (!req.principal) throw unauthorized();
    const a = getAccount(db, req.principal.accountId);
    return { id: a.id, name: a.name, role: a.role, officeId: a.officeId, uscc: a.uscc };
  });

  app.get('/api/offices', { config: { access: ['admin', 'office', 'leadership', 'auditor'] as const }, schema: { tags: ['accounts'], summary: '考核办列表 / offices' } }, async (req) => {
    requireRole(req, ['admin', 'office', 'leadership', 'auditor']);
    return { offices: listOffices(db) };
  });

  app.post<{ Body: { id: string; name: { zh: string; en?: string } } }>('/api/offices', { config: { access: ['admin'] as const },
    schema: {
      tags: ['accounts'], summary: '新建考核办 / create an office',
      body: { type: 'object', properties: { id: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' }, name: label }, required: ['id', 'name'], additionalProperties: false },
    },
  }, async (req, reply) => {
    requireRole(req, ['admin']);
    const office = createOffice(db, actor(req), { id: req.body.id, name: { zh: req.body.name.zh, en: req.body.name.en ?? req.body.name.zh } });
    return reply.code(201).send(office);
  });

  app.get('/api/accounts', { config: { access: ['admin'] as const }, schema: { tags: ['accounts'], summary: '账户列表 / accounts' } }, async (req) => {
    requireRole(req, ['admin']);
    return { accounts: listAccounts(db) };
  });

  app.post<{ Body: { name: string; role: Role; officeId?: string; uscc?: string } }>('/api/accounts', { config: { access: ['admin'] as const },
    schema: {
      tags: ['accounts'], summary: '新建账户 / create an account',
      body: {
        type: 'object',
        properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, role: { type: 'string', enum: [...ROLES] }, officeId: { type: 'string', maxLength: 64 }, uscc: { type: 'string', maxLength: 18 } },
        required: ['name', 'role'], additionalProperties: false,
      },
    },
  }, async (req, reply) => {
    requireRole(req, ['admin']);
    return reply.code(201).send(createAccount(db, actor(req), req.body));
  });

  app.patch<{ Params: IdParams; Body: { disabled: boolean } }>('/api/accounts/:id', { config: { access: ['admin'] as const },
    schema: {
      tags: ['accounts'], summary: '停用或启用账户 / disable or enable an account', params: idParams,
      body: { type: 'object', properties: { disabled: { type: 'boolean' } }, required: ['disabled'], additionalProperties: false },
    },
  }, async (req) => {
    requireRole(req, ['admin']);
    return setAccountDisabled(db, actor(req), req.params.id, req.body.disabled);
  });

  app.post<{ Params: IdParams; Body: { days?: number; label?: string } }>('/api/accounts/:id/tokens', { config: { access: ['admin'] as const },
    schema: {
      tags: ['accounts'], summary: '签发令牌（明文只返回这一次）/ issue a token (its secret is shown this once)', params: idParams,
      body: { type: 'object', properties: { days: { type: 'integer', minimum: 1, maximum: 3650 }, label: { type: 'string', maxLength: 100 } }, additionalProperties: false },
    },
  }, async (req, reply) => {
    requireRole(req, ['admin']);
    const t = issueToken(db, actor(req), req.params.id, { days: req.body?.days ?? 90, label: req.body?.label });
    return reply.code(201).header('cache-control', 'no-store').send(t);
  });

  app.post<{ Params: IdParams; Body: { password?: string } }>('/api/accounts/:id/password', { config: { access: ['admin'] as const },
    schema: {
      tags: ['accounts'],
      summary: '设置或重设账户密码（不给密码则生成一个，只返回这一次）/ set or reset an account\'s password (none given: one is generated and shown this once)',
      description: '重设后，用旧密码打开的网页会话即告结束；密码以 scrypt 存储 / a reset ends the sessions opened with the old password; passwords are stored as scrypt',
      params: idParams,
      body: {
        type: 'object',
        properties: { password: { type: 'string', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX * 2, description: `新密码，${PASSWORD_MIN}–${PASSWORD_MAX} 个字符 / the new password, ${PASSWORD_MIN}–${PASSWORD_MAX} characters` } },
        additionalProperties: false,
      },
    },
  }, async (req, reply) => {
    requireRole(req, ['admin']);
    const given = req.body?.password;
    const password = given ?? generatePassword();
    await setPassword(db, actor(req), req.params.id, password);
    reply.header('cache-control', 'no-store');
    return given === undefined ? reply.code(201).send({ password }) : reply.code(204).send();
  });

  app.delete<{ Params: IdParams }>('/api/tokens/:id', { config: { access: ['admin'] as const },
    schema: { tags: ['accounts'], summary: '吊销令牌 / revoke a token', params: idParams },
  }, async (req, reply) => {
    requireRole(req, ['admin']);
    revokeToken(db, actor(req), req.params.id);
    return reply.code(204).send();
  });
}
