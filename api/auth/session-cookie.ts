/** The web session cookie: HttpOnly, SameSite=Strict, path /, Secure when served over HTTPS. */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'kaohe_session';
export const SESSION_HOURS = 12;

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, secret: string): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true, sameSite: 'strict', path: '/', secure: req.protocol === 'https', maxAge: SESSION_HOURS * 3600,
  });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: req.protocol === 'https' });
}
