/**
 * The OpenAPI document at /docs/json describes every API route's responses: a success status
 * with a description and a schema (no "Default Response"), and the error body. The documented
 * top-level fields of JSON answers are checked against what the routes really answer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { API_RESPONSES } from '../../api/plugins/api-responses.js';
import { bearer, demoServer, type DemoServer } from './helpers.js';

let s: DemoServer;
interface Operation { summary?: string; responses: Record<string, { description: string; content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>; parameters?: { name: string; description?: string }[] }
let paths: Record<string, Record<string, Operation>>;
beforeAll(async () => {
  s = await demoServer();
  const r = await s.app.inject({ url: '/docs/json' });
  expect(r.statusCode).toBe(200);
  paths = r.json().paths;
});
afterAll(async () => { await s.close(); });

const operations = (): [string, Operation][] =>
  Object.entries(paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, op]));

describe('the OpenAPI document', () => {
  test('every operation has a summary, a described success response and the error responses', () => {
    expect(operations().length).toBeGreaterThan(40);
    for (const [key, op] of operations()) {
      expect(op.summary, key).toBeTruthy();
      const codes = Object.keys(op.responses);
      expect(codes.some((c) => /^[23]\d\d$/.test(c)), `${key}: ${codes.join(',')}`).toBe(true);
      for (const [code, res] of Object.entries(op.responses)) {
        expect(res.description, `${key} ${code}`).not.toBe('Default Response');
        expect(res.description, `${key} ${code}`).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
      }
      expect(op.responses['403']?.content?.['application/json'].schema.properties, key).toHaveProperty('error');
    }
  });
  test('every documented route is a route, and every route of the document is in the table', () => {
    const documented = new Set(operations().map(([k]) => k));
    for (const key of Object.keys(API_RESPONSES)) expect(documented.has(key), key).toBe(true);
    for (const key of documented) expect(API_RESPONSES[key], key).toBeDefined();
  });
  test('path parameters are described', () => {
    for (const [key, op] of operations()) {
      for (const p of op.parameters ?? []) if (key.includes(`:${p.name}`)) expect(p.description, `${key} ${p.name}`).toBeTruthy();
    }
  });
});

describe('the documented fields are the ones answered', () => {
  const round = () => s.seed.roundIds[2];
  const calls: [string, () => string, 'admin' | 'auditor' | 'office'][] = [
    ['GET /api/me', () => '/api/me', 'admin'],
    ['GET /api/offices', () => '/api/offices', 'admin'],
    ['GET /api/accounts', () => '/api/accounts', 'admin'],
    ['GET /api/audit', () => '/api/audit?limit=2', 'auditor'],
    ['GET /api/audit/head', () => '/api/audit/head', 'auditor'],
    ['GET /api/audit/verify', () => '/api/audit/verify', 'auditor'],
    ['GET /api/officials', () => '/api/officials', 'auditor'],
    ['GET /api/schemes', () => '/api/schemes', 'admin'],
    ['GET /api/schemes/:id/:version', () => '/api/schemes/demo-green/2025.1', 'admin'],
    ['GET /api/rosters', () => '/api/rosters', 'admin'],
    ['GET /api/rosters/:id', () => '/api/rosters/1', 'admin'],
    ['GET /api/rounds', () => '/api/rounds', 'auditor'],
    ['GET /api/rounds/:id', () => `/api/rounds/${round()}`, 'auditor'],
    ['GET /api/rounds/:id/snapshots', () => `/api/rounds/${round()}/snapshots`, 'auditor'],
    ['GET /api/rounds/:id/submissions', () => `/api/rounds/${round()}/submissions`, 'auditor'],
    ['GET /api/rounds/:id/runs', () => `/api/rounds/${round()}/runs`, 'auditor'],
    ['GET /api/rounds/:id/ranking', () => `/api/rounds/${round()}/ranking`, 'auditor'],
    ['GET /api/rounds/:id/entities/:entityId', () => `/api/rounds/${round()}/entities/320100`, 'auditor'],
    ['GET /api/rounds/:id/publications', () => `/api/rounds/${round()}/publications`, 'auditor'],
    ['GET /api/rounds/:id/partner-grants', () => `/api/rounds/${round()}/partner-grants`, 'auditor'],
    ['GET /api/accounts/:id/scopes', () => '/api/accounts/1/scopes', 'admin'],
    ['GET /api/appeals', () => '/api/appeals', 'auditor'],
    ['GET /api/compare', () => '/api/compare?scheme=demo-green', 'auditor'],
    ['GET /api/lists/:scheme', () => '/api/lists/demo-green', 'auditor'],
    ['GET /api/ledger/:scheme', () => '/api/ledger/demo-green', 'auditor'],
    ['GET /api/repairs', () => '/api/repairs', 'auditor'],
  ];
  test.each(calls)('%s', async (key, url, who) => {
    const r = await s.app.inject({ url: url(), headers: bearer(s.token(who)) });
    expect(r.statusCode, r.body).toBe(API_RESPONSES[key].status);
    const body = API_RESPONSES[key].body;
    if (body === 'none' || !('json' in body)) throw new Error(`${key} is not documented as JSON`);
    expect(Object.keys(r.json())).toEqual(expect.arrayContaining(body.json));
  });
  test('a run, its uncertainty analysis, a submission, a diff and its entity history', async () => {
    const auditor = bearer(s.token('auditor'));
    const runs = (await s.app.inject({ url: `/api/rounds/${round()}/runs`, headers: auditor })).json().runs as { id: number }[];
    const subs = (await s.app.inject({ url: `/api/rounds/${round()}/submissions`, headers: auditor })).json().submissions as { id: number }[];
    const earlier = (await s.app.inject({ url: `/api/rounds/${s.seed.roundIds[1]}/runs`, headers: auditor })).json().runs as { id: number }[];
    const checks: [string, string][] = [
      ['GET /api/runs/:id', `/api/runs/${runs[0].id}`],
      ['GET /api/runs/:id/ranking', `/api/runs/${runs[0].id}/ranking`],
      ['GET /api/runs/:id/entities/:entityId', `/api/runs/${runs[0].id}/entities/320100`],
      ['GET /api/runs/:id/uncertainty', `/api/runs/${runs[0].id}/uncertainty`],
      ['GET /api/submissions/:id', `/api/submissions/${subs[0].id}`],
      ['GET /api/diff', `/api/diff?from=${earlier[0].id}&to=${runs[0].id}`],
      ['GET /api/entities/:entityId/history', '/api/entities/320100/history?schemeId=demo-green'],
    ];
    for (const [key, url] of checks) {
      const r = await s.app.inject({ url, headers: auditor });
      expect(r.statusCode, `${key}: ${r.body.slice(0, 200)}`).toBe(200);
      const body = API_RESPONSES[key].body as { json: string[] };
      expect(Object.keys(r.json()), key).toEqual(expect.arrayContaining(body.json));
    }
  });
});
