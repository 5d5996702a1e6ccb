/**
 * The roles matrix: every role (and no token, a forged one, an expired one) against the routes
 * that matter, each expected status asserted. Writes are asked in a way that fails after the
 * role check when allowed (a bad file: 422; an illegal move: 409), so the matrix leaves the
 * rounds as they were. An office can't touch another office's round; the public can't see an
 * unpublished run; a forged or expired token gets 401.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addPartnerScope, issueToken, createAccount, SYSTEM, verifyAuditChain, listAudit } from '../../store/index.js';
import { bearer, demoServer, multipart, otherOffice, TEMPLATES, tokenFor, upload, waitForRun, type DemoServer } from './helpers.js';

/**
 * The partners (another government's staff): `partner` bound to the demo scheme (both rounds),
 * `granted` bound to the unpublished round only and let read it before publication by its
 * office, `outsider` bound to nothing; `revoked` was bound to the scheme and granted the
 * unpublished round, then both were revoked: it gets what `outsider` gets, on every route.
 */
type Who = 'admin' | 'office' | 'other' | 'leadership' | 'auditor' | 'public' | 'partner' | 'granted' | 'outsider' | 'anon' | 'forged' | 'expired' | 'revoked';
const WHO: Who[] = ['admin', 'office', 'other', 'leadership', 'auditor', 'public', 'partner', 'granted', 'outsider', 'anon', 'forged', 'expired', 'revoked'];

let s: DemoServer;

/** The demo's data with the last city's energy use one higher: a snapshot of its own, not the published round's. */
function otherData(): string {
  const lines = readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const cells = lines[lines.length - 1].split(',');
  const k = header.indexOf('energy_use');
  cells[k] = String(Number(cells[k]) + 1);
  return `${[...lines.slice(0, -1), cells.join(',')].join('\n')}\n`;
}
const headers = {} as Record<Who, Record<string, string>>;
const partnerIds: Record<string, number> = {};
let pub: number;
let pubRun: number;
let unpub: number;
let unpubRun: number;
let pubSnapshot: string;
let unpubSnapshot: string;

beforeAll(async () => {
  s = await demoServer({ publicResults: false, rateLimits: { upload: 1000 } });
  const expired = createAccount(s.db, SYSTEM, { name: 'old-leader', role: 'leadership' });
  const t = issueToken(s.db, SYSTEM, expired.id, { days: 1 });
  s.db.prepare('UPDATE tokens SET expires_at = ? WHERE id = ?').run('2000-01-01T00:00:00.000Z', t.id);
  Object.assign(headers, {
    admin: bearer(s.token('admin')), office: bearer(s.token('office')), other: bearer(otherOffice(s.db)),
    leadership: bearer(s.token('leadership')), auditor: bearer(s.token('auditor')), public: bearer(tokenFor(s.db, 'public', 'citizen')),
    anon: {}, forged: bearer('kh_forgedforgedforgedforgedforgedforgedforged1'), expired: bearer(t.token),
  });
  pub = s.seed.roundIds[2];
  pubRun = (await s.app.inject({ url: `/api/rounds/${pub}`, headers: headers.office })).json().publication.runId;
  // An unpublished, scored round of the demo office.
  const r = await s.app.inject({
    method: 'POST', url: '/api/rounds', headers: headers.office,
    payload: { name: { zh: '未发布轮次' }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId: 1, periodStart: '2026-01-01', periodEnd: '2026-12-31' },
  });
  unpub = r.json().id;
  await s.app.inject({ method: 'POST', url: `/api/rounds/${unpub}/status`, headers: headers.office, payload: { status: 'collecting' } });
  const up = await upload(s.app, unpub, headers.office, { name: 'd.csv', content: otherData() });
  expect(up.statusCode).toBe(201);
  const run = await s.app.inject({ method: 'POST', url: `/api/rounds/${unpub}/runs`, headers: headers.office });
  unpubRun = run.json().id;
  expect((await waitForRun(s.app, unpubRun, headers.office)).status).toBe('done');
  const partnerOf = (name: string) => {
    const a = createAccount(s.db, SYSTEM, { name, role: 'partner' });
    partnerIds[name] = a.id;
    headers[name as Who] = bearer(issueToken(s.db, SYSTEM, a.id, { days: 30 }).token);
    return a.id;
  };
  addPartnerScope(s.db, SYSTEM, partnerOf('partner'), { schemeId: 'demo-green' });
  const granted = partnerOf('granted');
  addPartnerScope(s.db, SYSTEM, granted, { roundId: unpub });
  partnerOf('outsider');
  const grant = await s.app.inject({ method: 'POST', url: `/api/rounds/${unpub}/partner-grants`, headers: headers.office, payload: { accountId: granted, reason: '苏沪协作：发布前通报' } });
  expect(grant.statusCode).toBe(201);
  // Bound and granted, read, then revoked both.
  const revoked = partnerOf('revoked');
  const scope = addPartnerScope(s.db, SYSTEM, revoked, { schemeId: 'demo-green' });
  expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${unpub}/partner-grants`, headers: headers.office, payload: { accountId: revoked, reason: '临时通报' } })).statusCode).toBe(201);
  expect((await s.app.inject({ url: `/api/rounds/${unpub}/ranking`, headers: headers.revoked })).statusCode).toBe(200);
  expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${unpub}/partner-grants/${revoked}/revocation`, headers: headers.office, payload: { reason: '通报结束' } })).statusCode).toBe(201);
  expect((await s.app.inject({ method: 'POST', url: `/api/accounts/${revoked}/scopes/${scope.id}/revocation`, headers: headers.admin, payload: { reason: '合作结束' } })).statusCode).toBe(201);
  const snapshotOf = async (runId: number): Promise<string> => (await s.app.inject({ url: `/api/runs/${runId}`, headers: headers.auditor })).json().snapshotHash;
  pubSnapshot = await snapshotOf(pubRun);
  unpubSnapshot = await snapshotOf(unpubRun);
});
afterAll(async () => { await s.close(); });

interface Case {
  name: string;
  method?: 'GET' | 'POST';
  url: () => string;
  payload?: () => unknown;
  file?: { name: string; content: string };
  expect: Record<Who, number>;
}

/** One status per role in WHO's order; a revoked partner's is the outsider's. */
const row = (...codes: number[]): Record<Who, number> => Object.fromEntries(WHO.map((w, k) => [w, w === 'revoked' ? codes[WHO.indexOf('outsider')] : codes[k]])) as Record<Who, number>;
const NO_TOKEN = [401, 401, 401] as const;
/** A page without a (valid) login sends the reader to the login page. */
const PAGE_NO_TOKEN = [303, 303, 303] as const;

const CASES: Case[] = [
  { name: 'published ranking', url: () => `/api/rounds/${pub}/ranking`, expect: row(200, 200, 200, 200, 200, 200, 200, 403, 403, ...NO_TOKEN) },
  { name: 'published scorecard', url: () => `/api/rounds/${pub}/entities/320100`, expect: row(200, 200, 200, 200, 200, 200, 200, 403, 403, ...NO_TOKEN) },
  { name: 'rounds list', url: () => '/api/rounds', expect: row(200, 200, 200, 200, 200, 200, 200, 200, 200, ...NO_TOKEN) },
  { name: 'unpublished ranking', url: () => `/api/rounds/${unpub}/ranking`, expect: row(403, 200, 403, 200, 200, 403, 403, 200, 403, ...NO_TOKEN) },
  { name: 'unpublished run scorecard', url: () => `/api/runs/${unpubRun}/entities/320100`, expect: row(403, 200, 403, 200, 200, 403, 403, 200, 403, ...NO_TOKEN) },
  { name: 'unpublished run status', url: () => `/api/runs/${unpubRun}`, expect: row(403, 200, 403, 200, 200, 403, 403, 200, 403, ...NO_TOKEN) },
  { name: 'unpublished export', url: () => `/api/runs/${unpubRun}/export`, expect: row(403, 200, 403, 200, 200, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'diff into an unpublished run', url: () => `/api/diff?from=${pubRun}&to=${unpubRun}`, expect: row(403, 200, 403, 200, 200, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'submissions of a round', url: () => `/api/rounds/${unpub}/submissions`, expect: row(403, 200, 403, 200, 200, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'template download', url: () => `/api/rounds/${unpub}/template`, expect: row(403, 200, 403, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'upload (a bad file: 422 once allowed)', method: 'POST', url: () => `/api/rounds/${unpub}/submissions`, file: { name: 'bad.csv', content: 'id,nonsense\n320100,1\n' }, expect: row(403, 422, 403, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'score', method: 'POST', url: () => `/api/rounds/${unpub}/runs`, payload: () => ({}), expect: row(403, 202, 403, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'archive a scored round (illegal: 409 once allowed)', method: 'POST', url: () => `/api/rounds/${unpub}/status`, payload: () => ({ status: 'archived' }), expect: row(403, 409, 403, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'publish a run that does not exist (404 once allowed)', method: 'POST', url: () => `/api/rounds/${unpub}/publications`, payload: () => ({ runId: 999999 }), expect: row(403, 404, 403, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'rerun a published run', method: 'POST', url: () => `/api/runs/${pubRun}/rerun`, expect: row(403, 200, 403, 403, 200, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'upload a scheme (existing version: 200)', method: 'POST', url: () => '/api/schemes', file: { name: 'demo-green.yaml', content: readFileSync(join(TEMPLATES, 'demo-green.yaml'), 'utf8') }, expect: row(200, 403, 403, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'create an account (incomplete: 422 once allowed)', method: 'POST', url: () => '/api/accounts', payload: () => ({ name: 'x', role: 'office' }), expect: row(422, 403, 403, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'audit bundle of a published run', url: () => `/api/runs/${pubRun}/bundle`, expect: row(200, 200, 403, 403, 200, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'audit bundle of an unpublished run', url: () => `/api/runs/${unpubRun}/bundle`, expect: row(200, 200, 403, 403, 200, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'snapshot of a published run', url: () => `/api/snapshots/${pubSnapshot}`, expect: row(200, 200, 200, 200, 200, 200, 200, 403, 403, ...NO_TOKEN) },
  { name: 'snapshot of an unpublished run', url: () => `/api/snapshots/${unpubSnapshot}`, expect: row(403, 200, 403, 200, 200, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'audit log', url: () => '/api/audit', expect: row(200, 403, 403, 403, 200, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'audit chain head', url: () => '/api/audit/head', expect: row(200, 403, 403, 403, 200, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'officials with their posts', url: () => '/api/officials', expect: row(200, 403, 403, 200, 200, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'tenure audit of an unknown official (404 once allowed)', method: 'POST', url: () => '/api/audits', payload: () => ({ official: 'NOBODY' }), expect: row(404, 403, 403, 403, 404, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'a tenure audit that does not exist (404 once allowed)', url: () => '/api/audits/999999', expect: row(404, 403, 403, 403, 404, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'audit verify with a kept head (malformed: 400 once allowed)', url: () => '/api/audit/verify?head=nonsense', expect: row(400, 403, 403, 403, 400, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'set a password (too short: 400 once allowed)', method: 'POST', url: () => '/api/accounts/1/password', payload: () => ({ password: 'short' }), expect: row(400, 403, 403, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'roster map upload (no 审图号: 422 once allowed)', method: 'POST', url: () => '/api/rosters/1/map', file: { name: 'map.geojson', content: '{"type":"FeatureCollection","features":[]}' }, expect: row(422, 422, 422, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'roster map (none uploaded: 404 once allowed)', url: () => '/api/rosters/1/map', expect: row(404, 404, 404, 404, 404, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'a tenure audit\'s workpaper that does not exist (404 once allowed)', url: () => '/api/audits/999999/workpaper', expect: row(404, 403, 403, 403, 404, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'snapshot of a published run as a workbook', url: () => `/api/snapshots/${pubSnapshot}?format=xlsx`, expect: row(200, 200, 200, 200, 200, 200, 200, 403, 403, ...NO_TOKEN) },
  { name: 'snapshot of an unpublished run as a workbook', url: () => `/api/snapshots/${unpubSnapshot}?format=xlsx`, expect: row(403, 200, 403, 200, 200, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'a round\'s work page (the auditor reads it)', url: () => `/rounds/${unpub}/work`, expect: row(403, 200, 403, 403, 200, 403, 403, 403, 403, ...PAGE_NO_TOKEN) },
  { name: 'the run page of a published run', url: () => `/runs/${pubRun}`, expect: row(200, 403, 403, 403, 200, 403, 403, 403, 403, ...PAGE_NO_TOKEN) },
  { name: 'the run page of an unpublished run', url: () => `/runs/${unpubRun}`, expect: row(403, 403, 403, 403, 200, 403, 403, 403, 403, ...PAGE_NO_TOKEN) },
  { name: 'the diff page into an unpublished run', url: () => `/diff?from=${pubRun}&to=${unpubRun}`, expect: row(403, 200, 403, 200, 200, 403, 403, 403, 403, ...PAGE_NO_TOKEN) },
  { name: 'the audit log page', url: () => '/audit-log', expect: row(200, 403, 403, 403, 200, 403, 403, 403, 403, ...PAGE_NO_TOKEN) },
  { name: 'the tenure audit page', url: () => '/audits', expect: row(200, 403, 403, 403, 200, 403, 403, 403, 403, ...PAGE_NO_TOKEN) },
  { name: 'a tenure audit page that does not exist (404 once allowed)', url: () => '/audits/999999', expect: row(404, 403, 403, 403, 404, 403, 403, 403, 403, ...PAGE_NO_TOKEN) },
  { name: 'rerun form with a bearer token (the auditor only)', method: 'POST', url: () => `/runs/${pubRun}/rerun`, payload: () => ({}), expect: row(403, 403, 403, 403, 200, 403, 403, 403, 403, ...PAGE_NO_TOKEN) },
  { name: 'tenure audit form for an unknown official (404 once allowed)', method: 'POST', url: () => '/audits', payload: () => ({ official: 'NOBODY' }), expect: row(404, 403, 403, 403, 404, 403, 403, 403, 403, ...PAGE_NO_TOKEN) },
  { name: 'uncertainty analysis with too few replications (422 once allowed)', method: 'POST', url: () => `/api/runs/${unpubRun}/uncertainty`, payload: () => ({ n: 5 }), expect: row(422, 422, 403, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'uncertainty analysis of an unpublished run not analysed (404 once allowed)', url: () => `/api/runs/${unpubRun}/uncertainty`, expect: row(403, 404, 403, 404, 404, 403, 403, 404, 403, ...NO_TOKEN) },
  { name: 'list register of the demo scheme (public reads published rounds)', url: () => '/api/lists/demo-green?date=2025-12-31', expect: row(200, 200, 200, 200, 200, 200, 200, 403, 403, ...NO_TOKEN) },
  { name: 'list register of a scheme without results (404 once allowed)', url: () => '/api/lists/no-such-scheme', expect: row(404, 404, 404, 404, 404, 404, 404, 404, 404, ...NO_TOKEN) },
  { name: 'settlement ledger of the demo scheme (no settlement: no transfers)', url: () => '/api/ledger/demo-green', expect: row(200, 200, 200, 200, 200, 200, 200, 403, 403, ...NO_TOKEN) },
  { name: 'credit repair applications', url: () => '/api/repairs', expect: row(200, 200, 200, 200, 200, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'apply for repair under an unknown scheme (404 once allowed)', method: 'POST', url: () => '/api/repairs', payload: () => ({ scheme: 'no-such-scheme', entity: 'x', list: 'x', grounds: 'x' }), expect: row(403, 404, 404, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'decide an application that does not exist (404 once allowed)', method: 'POST', url: () => '/api/repairs/999999/decision', payload: () => ({ decision: 'refuse', reason: 'x' }), expect: row(403, 404, 404, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'the credit repair page of an unknown scheme (404 once allowed)', url: () => '/repairs/no-such-scheme', expect: row(404, 404, 404, 404, 404, 403, 403, 403, 403, ...PAGE_NO_TOKEN) },
  { name: 'the repair application form under an unknown scheme (404 once allowed)', method: 'POST', url: () => '/repairs/no-such-scheme/applications', payload: () => ({}), expect: row(403, 404, 404, 403, 403, 403, 403, 403, 403, ...PAGE_NO_TOKEN) },
  { name: 'the decision form on an application that does not exist (404 once allowed)', method: 'POST', url: () => '/repairs/no-such-scheme/999999/decision', payload: () => ({ decision: 'refuse', reason: 'x' }), expect: row(403, 404, 404, 403, 403, 403, 403, 403, 403, ...PAGE_NO_TOKEN) },
  { name: 'revoke a scope that does not exist (404 once allowed)', method: 'POST', url: () => `/api/accounts/${partnerIds.partner}/scopes/999999/revocation`, payload: () => ({ reason: 'x' }), expect: row(404, 403, 403, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'revoke a grant that does not exist (404 once allowed)', method: 'POST', url: () => `/api/rounds/${unpub}/partner-grants/${partnerIds.outsider}/revocation`, payload: () => ({ reason: 'x' }), expect: row(403, 404, 403, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'records register of an unknown scheme (404 once allowed)', url: () => '/api/registers/no-such-scheme/records', expect: row(404, 404, 404, 404, 404, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'a record\'s versions in an unknown register (404 once allowed)', url: () => '/api/registers/no-such-scheme/records/1', expect: row(404, 404, 404, 404, 404, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'upload into an unknown register (404 once allowed)', method: 'POST', url: () => '/api/registers/no-such-scheme/uploads', file: { name: 'r.csv', content: 'id,date,type\n' }, expect: row(403, 404, 404, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
  { name: 'correct a record of an unknown register (404 once allowed)', method: 'POST', url: () => '/api/registers/no-such-scheme/records/1/corrections', payload: () => ({ reason: 'x' }), expect: row(403, 404, 404, 403, 403, 403, 403, 403, 403, ...NO_TOKEN) },
];

describe('roles × routes', () => {
  test.each(CASES)('$name', async (c) => {
    const got: Partial<Record<Who, number>> = {};
    for (const who of WHO) {
      const m = c.file ? multipart({}, c.file) : null;
      const r = await s.app.inject({
        method: c.method ?? 'GET', url: c.url(),
        headers: { ...headers[who], ...m?.headers },
        ...(m ? { payload: m.payload } : c.payload ? { payload: c.payload() as Record<string, unknown> } : {}),
      });
      got[who] = r.statusCode;
      if (r.statusCode >= 400 && r.headers['content-type']?.toString().startsWith('application/json')) {
        const body = r.json();
        expect(body.error.zh, `${who}: bilingual error`).toBeTruthy();
        expect(body.error.en, `${who}: bilingual error`).toBeTruthy();
      }
    }
    expect(got).toEqual(c.expect);
  });

  test('a 401 for a forged or expired token says which', async () => {
    const forged = (await s.app.inject({ url: '/api/rounds', headers: headers.forged })).json().error;
    const expired = (await s.app.inject({ url: '/api/rounds', headers: headers.expired })).json().error;
    expect(forged.en).toMatch(/not valid/);
    expect(expired.en).toMatch(/expired/);
  });

  test('the public (and another office) see only published rounds in the list', async () => {
    for (const who of ['public', 'other', 'admin'] as const) {
      const ids = (await s.app.inject({ url: '/api/rounds', headers: headers[who] })).json().rounds.map((r: { id: number }) => r.id);
      expect(ids, who).not.toContain(unpub);
      expect(ids, who).toContain(pub);
    }
    const all = (await s.app.inject({ url: '/api/rounds', headers: headers.leadership })).json().rounds.map((r: { id: number }) => r.id);
    expect(all).toContain(unpub);
  });

  test('the matrix left the rounds consistent and every unpublished read is logged', () => {
    expect(verifyAuditChain(s.db).ok).toBe(true);
    const reads = listAudit(s.db, { target: `round:${unpub}`, limit: 1000 }).filter((e) => e.action === 'read.unpublished');
    const readers = new Set(reads.map((e) => e.actor.split(' ')[0]));
    expect([...readers].sort()).toEqual(['demo-auditor', 'demo-leadership', 'demo-office', 'granted', 'revoked']);
    // The revoked partner's one read came before the revocations.
    const revokedAt = listAudit(s.db, { limit: 1000 }).find((e) => e.action === 'partner.grant.revoke')!.seq;
    expect(reads.filter((e) => e.actor.startsWith('revoked ')).map((e) => e.seq < revokedAt)).toEqual([true]);
    // Every request of a partner is logged, read or refused.
    for (const who of ['partner', 'granted', 'outsider', 'revoked']) {
      const logged = listAudit(s.db, { target: `account:${partnerIds[who]}`, limit: 1000 }).filter((e) => e.action === 'read.partner');
      expect(logged.length, who).toBeGreaterThanOrEqual(CASES.length);
    }
  });
});

describe('a deployment that allows the public', () => {
  let open: DemoServer;
  beforeAll(async () => { open = await demoServer({ publicResults: true }); });
  afterAll(async () => { await open.close(); });

  test('anyone reads published results, and nothing else', async () => {
    const round = open.seed.roundIds[2];
    expect((await open.app.inject({ url: `/api/rounds/${round}/ranking` })).statusCode).toBe(200);
    expect((await open.app.inject({ url: `/rounds/${round}` })).statusCode).toBe(200);
    expect((await open.app.inject({ url: `/api/rounds/${round}/submissions` })).statusCode).toBe(401);
    expect((await open.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs` })).statusCode).toBe(401);
    expect((await open.app.inject({ url: '/api/audit' })).statusCode).toBe(401);
    // A forged token is refused even where no token is needed.
    expect((await open.app.inject({ url: `/api/rounds/${round}/ranking`, headers: bearer('kh_nope') })).statusCode).toBe(401);
  });
});
