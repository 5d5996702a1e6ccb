/**
 * Who may call a route is settled before its request is parsed or validated: every registered
 * route, asked with a body and parameters its schema refuses, answers 401 without a token (a
 * page sends you to log in) and 403 to a role it doesn't serve — never a 400 that would show its
 * schema to anyone. The table below is who may call what (the roles of the README); a route
 * registered without a row here fails the test, so a new route can't slip through unlisted.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeEnterpriseUscc } from '../../io/index.js';
import { createAccount, issueToken, SYSTEM, type Role } from '../../store/index.js';
import { bearer, demoServer, tokenFor, type DemoServer } from './helpers.js';

type Access = 'public' | 'published' | 'signed-in' | Role[];
const OLA: Role[] = ['office', 'leadership', 'auditor'];
const READERS: Role[] = ['admin', 'office', 'leadership', 'auditor'];

const ROUTES: Record<string, Access> = {
  'GET /login': 'public',
  'GET /favicon.ico': 'public',
  'POST /login': 'public',
  'POST /logout': 'public',
  'GET /api/me': 'signed-in',
  'GET /api/offices': READERS,
  'POST /api/offices': ['admin'],
  'GET /api/accounts': ['admin'],
  'POST /api/accounts': ['admin'],
  'PATCH /api/accounts/:id': ['admin'],
  'POST /api/accounts/:id/tokens': ['admin'],
  'POST /api/accounts/:id/password': ['admin'],
  'DELETE /api/tokens/:id': ['admin'],
  'GET /api/audit': ['auditor', 'admin'],
  'GET /api/audit/head': ['auditor', 'admin'],
  'GET /api/audit/verify': ['auditor', 'admin'],
  'GET /api/runs/:id/bundle': ['auditor', 'admin', 'office'],
  'GET /api/snapshots/:hash': 'published',
  'GET /api/officials': ['auditor', 'admin', 'leadership'],
  'POST /api/audits': ['auditor', 'admin'],
  'GET /api/audits/:id': ['auditor', 'admin'],
  'GET /api/audits/:id/workpaper': ['auditor', 'admin'],
  'GET /api/diff': 'published',
  'POST /api/registers/:scheme/uploads': ['office'],
  'GET /api/lists/:scheme': 'published',
  'POST /api/repairs': ['office', 'enterprise'],
  'GET /api/repairs': [...READERS, 'enterprise'],
  'GET /api/repairs/:id': [...READERS, 'enterprise'],
  'POST /api/repairs/:id/decision': ['office'],
  'GET /api/lists/:scheme/export': 'published',
  'GET /lists/:scheme': 'published',
  'GET /api/ledger/:scheme': 'published',
  'GET /api/ledger/:scheme/export': 'published',
  'GET /ledger/:scheme': 'published',
  'GET /repairs/:scheme': [...READERS, 'enterprise'],
  'POST /repairs/:scheme/applications': ['office', 'enterprise'],
  'POST /repairs/:scheme/:id/decision': ['office'],
  'GET /api/registers/:scheme/records': READERS,
  'GET /api/registers/:scheme/records/:key': READERS,
  'POST /api/registers/:scheme/records/:key/corrections': ['office'],
  'GET /api/schemes': READERS,
  'GET /api/schemes/:id/:version': READERS,
  'POST /api/schemes': ['admin'],
  'GET /api/rosters': READERS,
  'GET /api/rosters/:id': READERS,
  'POST /api/rosters': ['admin', 'office'],
  'POST /api/rosters/upload': ['admin', 'office'],
  'POST /api/rosters/:id/map': ['admin', 'office'],
  'GET /api/rosters/:id/map': READERS,
  'GET /api/rounds': 'published',
  'POST /api/rounds': ['office'],
  'GET /api/rounds/:id': 'published',
  'POST /api/rounds/:id/status': ['office'],
  'GET /api/rounds/:id/snapshots': OLA,
  'GET /api/rounds/:id/template': ['office'],
  'POST /api/rounds/:id/submissions': ['office'],
  'GET /api/rounds/:id/submissions': OLA,
  'GET /api/submissions/:id': OLA,
  'GET /api/submissions/:id/file': OLA,
  'POST /api/rounds/:id/runs': ['office'],
  'GET /api/rounds/:id/runs': 'published',
  'GET /api/runs/:id': 'published',
  'GET /api/runs/:id/events': 'published',
  'POST /api/runs/:id/rerun': ['office', 'auditor'],
  'POST /api/runs/:id/uncertainty': ['office', 'admin'],
  'GET /api/runs/:id/uncertainty': 'published',
  'GET /api/rounds/:id/ranking': 'published',
  'GET /api/runs/:id/ranking': 'published',
  'GET /api/rounds/:id/entities/:entityId': 'published',
  'GET /api/runs/:id/entities/:entityId': 'published',
  'GET /api/entities/:entityId/history': 'published',
  'GET /api/runs/:id/export': OLA,
  'POST /api/rounds/:id/publications': ['office'],
  'GET /api/rounds/:id/publications': 'published',
  'GET /api/rounds/:id/participants': OLA,
  'POST /api/rounds/:id/confirmations': ['office'],
  'GET /api/rounds/:id/own-results': ['office'],
  'POST /api/accounts/:id/scopes': ['admin'],
  'GET /api/accounts/:id/scopes': ['admin'],
  'POST /api/rounds/:id/partner-grants': ['office'],
  'POST /api/accounts/:id/scopes/:scopeId/revocation': ['admin'],
  'POST /api/rounds/:id/partner-grants/:accountId/revocation': ['office'],
  'GET /api/rounds/:id/partner-grants': OLA,
  'GET /api/compare': 'published',
  'GET /compare': 'published',
  'POST /api/appeals': ['office'],
  'GET /api/appeals': OLA,
  'GET /api/appeals/:id': OLA,
  'POST /api/appeals/:id/reject': ['office'],
  'POST /api/appeals/:id/uphold': ['office'],
  'POST /api/appeals/:id/republication': ['office'],
  'GET /': 'published',
  'GET /rounds/:roundId': 'published',
  'GET /rounds/:roundId/entities/:entityId': 'published',
  'GET /rounds/new': ['office'],
  'POST /rounds/new': ['office'],
  'GET /rounds/:roundId/work': ['office', 'auditor'],
  'GET /rounds/:roundId/work/template': ['office'],
  'POST /rounds/:roundId/work/open': ['office'],
  'POST /rounds/:roundId/work/upload': ['office'],
  'POST /rounds/:roundId/work/score': ['office'],
  'POST /rounds/:roundId/work/publish': ['office'],
  'GET /runs/:runId': ['auditor', 'admin'],
  'POST /runs/:runId/rerun': ['auditor'],
  'GET /diff': 'published',
  'GET /audit-log': ['auditor', 'admin'],
  'GET /audits': ['auditor', 'admin'],
  'POST /audits': ['auditor', 'admin'],
  'GET /audits/:auditId': ['auditor', 'admin'],
  'POST /rounds/:roundId/work/archive': ['office'],
  'POST /rounds/:roundId/work/map': ['office'],
  'GET /rounds/:roundId/methodology': 'published',
  'GET /rounds/:roundId/report': 'published',
  'GET /rounds/:roundId/report.docx': 'published',
  'POST /rounds/:roundId/work/confirm': ['office'],
  'POST /rounds/:roundId/work/partners': ['office'],
};

/** `METHOD /path` of every route the server has (HEAD copies of GET routes and the /docs plugin's left out), read from fastify's route tree. */
function registeredRoutes(tree: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([^)]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('');
    if (!m[3] || path.startsWith('/docs')) continue;
    for (const method of m[3].split(', ')) if (method !== 'HEAD') out.push(`${method} ${path}`);
  }
  return out;
}

let s: DemoServer;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  s = await demoServer({ rateLimits: { login: 1000, upload: 1000 } });
  for (const role of ['admin', 'office', 'leadership', 'auditor'] as const) tokens[role] = s.token(role);
  tokens.public = tokenFor(s.db, 'public', 'route-access-citizen');
  tokens.partner = tokenFor(s.db, 'partner', 'route-access-partner');
  tokens.enterprise = issueToken(s.db, SYSTEM, createAccount(s.db, SYSTEM, { name: 'route-access-firm', role: 'enterprise', uscc: makeEnterpriseUscc('320100', '40000001') }).id, { days: 1 }).token;
});
afterAll(async () => { await s.close(); });

/** The route asked badly: every parameter not a number, a body of the wrong shape (JSON where a form or file is expected). */
function badRequest(route: string, headers: Record<string, string>) {
  const [method, path] = route.split(' ');
  const url = `${path.replace(/:[A-Za-z]+/g, 'zz')}?after=zz&limit=zz&format=zz&from=zz&to=zz`;
  const body = method === 'GET' ? {} : { payload: { zz: 'x'.repeat(50), name: 1, status: 'zz' } };
  return s.app.inject({ method: method as 'GET', url, headers, ...body });
}

describe('roles before validation, on every route', () => {
  test('the table lists every route the server has', async () => {
    await s.app.ready();
    expect(registeredRoutes(s.app.printRoutes({ commonPrefix: false })).sort()).toEqual(Object.keys(ROUTES).sort());
  });

  const guarded = Object.entries(ROUTES).filter(([, access]) => access !== 'public');

  test.each(guarded)('%s without a token: 401 (or to the login page) before the bad request is looked at', async (route) => {
    const r = await badRequest(route, {});
    if (route.split(' ')[1].startsWith('/api/')) {
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('unauthorized');
    } else {
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toMatch(/^\/login\?/);
    }
  });

  const byRole = Object.entries(ROUTES).filter((e): e is [string, Role[]] => Array.isArray(e[1]));
  test.each(byRole)('%s with a token of another role: 403 before the bad request is looked at', async (route, roles) => {
    const others = (['admin', 'office', 'leadership', 'auditor', 'public', 'partner', 'enterprise'] as const).filter((r) => !roles.includes(r));
    for (const role of others) {
      const r = await badRequest(route, bearer(tokens[role]));
      expect({ role, status: r.statusCode }).toEqual({ role, status: 403 });
    }
  });

  test('POST /api/rounds: no token and an empty body is 401, not the body\'s required fields', async () => {
    const r = await s.app.inject({ method: 'POST', url: '/api/rounds', payload: {} });
    expect(r.statusCode).toBe(401);
    expect(r.body).not.toMatch(/schemeId|periodStart|missingProperty/);
  });
});
