/**
 * Writes from the web pages (CSRF). The session cookie authorises only reading (principal.ts),
 * except on the few form routes marked `config: { sessionForm: true }`: there the cookie's
 * session is held aside (req.formSession) and becomes the request's principal only when the
 * form carries the session's CSRF token — an HMAC of the session secret under a key of this
 * server process, compared in constant time — and the Origin (else Referer) header, when the
 * browser sends one, names this site. A page of another site can't read the token (the cookie
 * is HttpOnly, the page is not readable cross-origin), so it can't make a logged-in browser
 * change anything. A bearer token needs none of this: it is never sent by a browser on its own.
 * After a restart the key is new, and a form left open says to reload the page.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../store/index.js';
import { forbidden, unauthorized } from '../errors.js';
import { SESSION_COOKIE } from './session-cookie.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The CSRF tokens of this server process (one key per process). */
    csrf: CsrfGuard;
  }
  interface FastifyRequest {
    /** On a form route: the session behind the cookie, not yet trusted (no CSRF token checked). */
    formSession: { principal: Principal; secret: string } | null;
  }
  interface FastifyContextConfig {
    /** A form POST from a page: the session cookie counts once the form's CSRF token is checked. */
    sessionForm?: boolean;
  }
}

export const CSRF_FIELD = 'csrf';

export class CsrfGuard {
  private readonly key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  /** The token the session's forms carry. */
  token(sessionSecret: string): string {
    return createHmac('sha256', this.key).update(`kaohe-csrf\0${sessionSecret}`).digest('base64url');
  }

  matches(sessionSecret: string, given: unknown): boolean {
    if (typeof given !== 'string' || given.length === 0 || given.length > 200) return false;
    const want = Buffer.from(this.token(sessionSecret));
    const got = Buffer.from(given);
    return got.length === want.length && timingSafeEqual(got, want);
  }

  /** The token for the forms of a page, if the reader is logged in with the session cookie. */
  tokenFor(req: FastifyRequest): string | undefined {
    const cookie = req.cookies[SESSION_COOKIE];
    return cookie && req.principal && req.headers.authorization === undefined ? this.token(cookie) : undefined;
  }
}

/** `host[:port]` as a URL of this scheme writes it (no default port); null for anything else (`null`, garbage). */
function hostOf(value: string, protocol?: string): string | null {
  try {
    const u = new URL(protocol === undefined ? value : `${protocol}//${value}`);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host : null;
  } catch {
    return null;
  }
}

/**
 * Whether the request comes from a page of this site as far as the browser says: Origin if
 * present, else Referer if present; with neither (older browsers, privacy settings) the
 * token alone decides. The scheme is not compared (TLS may end at a proxy); the host and port are.
 */
export function fromThisSite(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  const referer = req.headers.referer;
  const said = typeof origin === 'string' ? origin : typeof referer === 'string' ? referer : undefined;
  if (said === undefined) return true;
  const host = hostOf(said);
  if (host === null) return false;
  return host === hostOf(req.host, new URL(said).protocol);
}

export const CROSS_SITE = (): Error => forbidden(
  '表单来自其他网站，已拒绝：请在本系统页面中操作',
  'the form came from another site and was refused: use the pages of this service',
);

export const BAD_TOKEN = (): Error => forbidden(
  '表单已失效（缺少或不匹配的校验码，可能是页面已过期或服务已重启）：请返回页面、刷新后重试',
  'the form is no longer valid (its check code is missing or wrong: the page may be old, or the service restarted): go back, reload the page and try again',
);

/**
 * The principal a form route acts for: the bearer token's, or the cookie session's once its
 * origin and CSRF token check out. No session at all: 401 (the page sends you to log in).
 */
export function formPrincipal(req: FastifyRequest, guard: CsrfGuard, token: unknown): Principal {
  if (req.principal) return req.principal;
  const session = req.formSession;
  if (!session) throw unauthorized('需要登录：请先登录再操作', 'log in first');
  if (!fromThisSite(req)) throw CROSS_SITE();
  if (!guard.matches(session.secret, token)) throw BAD_TOKEN();
  req.principal = session.principal;
  return session.principal;
}
