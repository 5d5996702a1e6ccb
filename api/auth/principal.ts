/**
 * Who is asking: a bearer token (`Authorization: Bearer …`), else the web session cookie.
 * A token that is unknown, expired, revoked or of a disabled account is refused with 401 —
 * it never silently falls back to anonymous. The cookie counts only for reading (GET, HEAD)
 * and for logging out: a write needs the bearer token, so a page of another site can't make
 * a logged-in browser change anything (SameSite=Strict also keeps the cookie off such requests).
 * The page forms that do change things (config `sessionForm`) get the cookie's session aside, in
 * req.formSession; it counts only once the form's CSRF token is checked (csrf.ts).
 */
import type { FastifyRequest } from 'fastify';
import { authenticateSession, authenticateToken, type Authentication, type Db } from '../../store/index.js';
import { unauthorized } from '../errors.js';
import { SESSION_COOKIE } from './session-cookie.js';

const REASON: Record<Exclude<Authentication, { ok: true }>['reason'], [string, string]> = {
  unknown: ['令牌无效（不存在或已被篡改）', 'the token is not valid (unknown or altered)'],
  expired: ['令牌已过期：请向管理员申请新令牌', 'the token has expired: ask an administrator for a new one'],
  revoked: ['令牌已被吊销', 'the token has been revoked'],
  disabled: ['该账户已停用', 'the account is disabled'],
};

const COOKIE_METHODS = new Set(['GET', 'HEAD']);

export function resolvePrincipal(db: Db, req: FastifyRequest): void {
  req.principal = null;
  req.formSession = null;
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header.trim());
    if (!m) throw unauthorized('Authorization 头应为「Bearer 令牌」', 'the Authorization header must be "Bearer <token>"');
    const a = authenticateToken(db, m[1]);
    if (!a.ok) throw unauthorized(...REASON[a.reason]);
    req.principal = a.principal;
    return;
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (cookie && (COOKIE_METHODS.has(req.method) || req.routeOptions.url === '/logout')) {
    const a = authenticateSession(db, cookie);
    if (a.ok) req.principal = a.principal;
  } else if (cookie && req.routeOptions.config?.sessionForm) {
    const a = authenticateSession(db, cookie);
    if (a.ok) req.formSession = { principal: a.principal, secret: cookie };
  }
}
