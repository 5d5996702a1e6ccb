/**
 * Who may reach a route at all, checked as the request arrives (onRequest, right after who is
 * asking is known): before its body is read, parsed or checked against the route's schema, so
 * that no one learns a route's schema, nor has a body read, without the right to call it. Each
 * route declares `config.access`; its handler then checks what depends on the data (the
 * round's office, what is published).
 *
 * - 'public': anyone (logging in and out, the API documentation);
 * - 'published': anyone when the deployment publishes results, else a signed-in reader;
 * - 'signed-in': any valid token or session;
 * - a list of roles: a principal with one of them (401 without one, 403 with another).
 *
 * On a page form's route the cookie's session (not yet trusted: its CSRF token is checked by the
 * handler) counts as who is asking here.
 */
import type { FastifyRequest, RouteOptions } from 'fastify';
import type { Role } from '../../store/index.js';
import { unauthorized } from '../errors.js';
import { checkRole } from './policy.js';

export type RouteAccess = 'public' | 'published' | 'signed-in' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** A page form: where to come back to after logging in (default: the address asked for). */
    loginNext?: (req: FastifyRequest) => string;
  }
}

/**
 * Every route says who may call it: a route registered without `config.access` is a startup
 * error, never a route open by default. The documentation's routes (its plugin's) are public.
 */
export function requireAccessDeclared(route: RouteOptions): void {
  if (route.url.startsWith('/docs')) {
    route.config = { ...route.config, access: route.config?.access ?? 'public' };
    return;
  }
  if (route.config?.access === undefined) throw new Error(`route ${String(route.method)} ${route.url} does not declare config.access`);
}

export function checkRouteAccess(req: FastifyRequest): void {
  if (req.is404) return;
  // Never undefined past requireAccessDeclared; should it be, a principal is still needed.
  const access = req.routeOptions.config.access ?? 'signed-in';
  if (access === 'public') return;
  const p = req.principal ?? req.formSession?.principal ?? null;
  if (access === 'published') {
    if (!p && !req.server.settings.publicResults) throw unauthorized();
    return;
  }
  if (!p) throw unauthorized();
  if (access !== 'signed-in') checkRole(p, access);
}
