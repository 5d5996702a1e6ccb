/**
 * Logging in to the web pages: an account name and password (store/passwords.ts: scrypt, locked
 * after repeated failures) or a token, posted from the login form (or as JSON), opens a session
 * whose secret goes into an HttpOnly, SameSite=Strict cookie (stored hashed, 12 hours).
 * Rate-limited per client address; a login posted from another site is refused (as the page
 * forms are, csrf.ts), and every refused login is an audit entry. Logging out ends the session.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { appendAudit, authenticateToken, checkPassword, closeSession, LOCK_MINUTES, openSession, PASSWORD_MAX, SYSTEM, type Authentication, type PasswordLogin } from '../../store/index.js';
import { CROSS_SITE, fromThisSite } from '../auth/csrf.js';
import { clearSessionCookie, SESSION_COOKIE, SESSION_HOURS, setSessionCookie } from '../auth/session-cookie.js';
import { ApiError } from '../errors.js';
import type { Limits } from '../server.js';
import { langOf, renderLoginPage, roundsUrl, type Lang } from '../pages/index.js';
import { sendPage } from '../plugins/errors.js';

/** Only a path on this site: `/rounds/3?lang=en`, never `//evil.example` or an absolute URL. */
export function safeNext(next: unknown): string | null {
  return typeof next === 'string' && /^\/(?![/\\])[^\s\\]*$/.test(next) && next.length <= 500 ? next : null;
}

/** A refused login, in the audit log: why and from which address (never the token). */
function auditLogin(req: FastifyRequest, reason: string): void {
  appendAudit(req.server.store, SYSTEM, { action: 'login.fail', target: 'session', detail: { reason, ip: req.ip } });
}

const wantsJson = (req: FastifyRequest): boolean => (req.headers['content-type'] ?? '').startsWith('application/json');

function passwordRefusal(auth: PasswordLogin | null): { zh: string; en: string } {
  if (auth && !auth.ok && auth.reason === 'locked') {
    return { zh: `登录失败次数过多，账户已暂时锁定，请 ${LOCK_MINUTES} 分钟后再试或请管理员重设密码`, en: `too many failed logins: the account is locked for ${LOCK_MINUTES} minutes (or ask an administrator to reset the password)` };
  }
  if (auth && !auth.ok && auth.reason === 'disabled') return { zh: '账户已停用，请联系管理员', en: 'the account is disabled: ask an administrator' };
  // A wrong name and a wrong password read the same, so the form doesn't tell which accounts exist.
  return { zh: '账户名或密码不对，请检查后重试', en: 'the account name or password is wrong: check them and try again' };
}

export async function sessionRoutes(app: FastifyInstance, { limits }: { limits: Limits }): Promise<void> {
  const db = app.store;

  app.get<{ Querystring: { next?: string; lang?: string } }>('/login', { config: { page: true, access: 'public' } }, async (req, reply) => {
    const lang = langOf(req.query);
    return sendPage(reply, 200, renderLoginPage({ error: null, next: safeNext(req.query.next), demoHint: app.settings.demoHint }, lang));
  });

  app.post<{ Body: { token?: string; name?: string; password?: string; next?: string }; Querystring: { lang?: string } }>('/login', {
    schema: {
      tags: ['session'], summary: '用账户名和密码或令牌登录网页（设置会话 Cookie）/ log in to the web pages with an account name and password, or a token (sets the session cookie)',
      body: {
        type: 'object',
        properties: {
          name: { type: 'string', maxLength: 100, description: '账户名 / account name (with password)' },
          password: { type: 'string', maxLength: PASSWORD_MAX * 4, description: '密码 / password' },
          token: { type: 'string', maxLength: 300, description: '令牌（不用密码时）/ a token (instead of a password)' },
          next: { type: 'string', maxLength: 500, description: '登录后前往的本站路径 / the path on this site to go to after logging in' },
        },
      },
    },
    config: { access: 'public', rateLimit: { max: limits.loginPerMinute, timeWindow: 60_000 } },
    // A login posted by another site's page would sign the browser in to an account of the attacker's choosing: refused before the body is looked at.
    preValidation: async (req) => {
      if (fromThisSite(req)) return;
      auditLogin(req, 'cross-site');
      throw CROSS_SITE();
    },
  }, async (req, reply) => {
    const lang: Lang = langOf(req.query);
    const name = (req.body?.name ?? '').trim();
    const password = req.body?.password ?? '';
    const token = (req.body?.token ?? '').trim();
    let auth: Authentication | PasswordLogin | null = null;
    let why = { zh: '令牌无效，请检查后重试', en: 'the token is not valid: check it and try again' };
    if (name !== '' || password !== '') {
      // checkPassword audits its own failures.
      auth = name && password ? await checkPassword(db, name, password, req.ip) : null;
      if (!auth) auditLogin(req, 'no name or password');
      why = passwordRefusal(auth);
    } else {
      auth = token ? authenticateToken(db, token) : null;
      if (!auth?.ok) auditLogin(req, auth ? auth.reason : 'no token');
      if (auth && !auth.ok && auth.reason === 'expired') why = { zh: '令牌已过期，请向管理员申请新令牌', en: 'the token has expired: ask an administrator for a new one' };
    }
    if (!auth?.ok) {
      if (wantsJson(req)) throw new ApiError(401, 'unauthorized', why.zh, why.en);
      return sendPage(reply, 401, renderLoginPage({ error: why, next: safeNext(req.body?.next), demoHint: app.settings.demoHint }, lang));
    }
    const session = openSession(db, auth.principal, SESSION_HOURS);
    setSessionCookie(req, reply, session.secret);
    if (wantsJson(req)) return { account: { name: auth.principal.name, role: auth.principal.role }, expiresAt: session.expiresAt };
    return reply.redirect(safeNext(req.body?.next) ?? roundsUrl(lang), 303);
  });

  app.post<{ Querystring: { lang?: string } }>('/logout', { config: { access: 'public' }, schema: { tags: ['session'], summary: '退出网页登录 / log out of the web pages' } }, async (req, reply) => {
    const secret = req.cookies[SESSION_COOKIE];
    if (secret && req.principal) closeSession(db, req.principal, secret);
    clearSessionCookie(req, reply);
    return reply.redirect(roundsUrl(langOf(req.query)), 303);
  });
}
