/** Posting the web pages' forms in tests: urlencoded bodies, logging in for the session cookie, the CSRF token a page carries. */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { decode } from '../pages/html-scan.js';

/** An inject request's headers and payload for a urlencoded form. */
export const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  payload: new URLSearchParams(fields).toString(),
});

/** Log in through the login form with a token; returns the Cookie header. */
export async function loginCookie(app: FastifyInstance, token: string): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/login', ...form({ token }) });
  expect(r.statusCode).toBe(303);
  return String(r.headers['set-cookie']).split(';')[0];
}

/** The CSRF token the page's forms carry (the first `csrf` field). */
export function csrfOf(page: string): string {
  const m = /<input type="hidden" name="csrf" value="([^"]*)">/.exec(page);
  if (!m) throw new Error('no csrf field on the page');
  return decode(m[1]);
}
