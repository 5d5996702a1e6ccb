/**
 * The partner tier: an administrator binds a partner account to rounds or schemes; it reads their
 * published results (the pages too) and, once a round's lead grants it, that round's results
 * before publication; it writes nothing; bad binds and grants are refused with the field named.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccount, issueToken, listAudit, SYSTEM } from '../../store/index.js';
import { bearer, demoServer, type DemoServer } from './helpers.js';
import { loginCookie } from './page-forms.js';

let s: DemoServer;
let partnerId: number;
let partner: Record<string, string>;
const admin = (): Record<string, string> => bearer(s.token('admin'));
const jiangsu = (): Record<string, string> => bearer(s.seed.accounts.find((a) => a.name === 'demo-jiangsu')!.token);

beforeAll(async () => {
  s = await demoServer({ publicResults: false });
  partnerId = createAccount(s.db, SYSTEM, { name: 'shanghai-partner', role: 'partner' }).id;
  partner = bearer(issueToken(s.db, SYSTEM, partnerId, { days: 30 }).token);
});
afterAll(async () => { await s.close(); });

describe('a partner bound to the joint round', () => {
  test('nothing before it is bound; its published readers\' view after; the unpublished results once the lead grants them, the same numbers the lead sees', async () => {
    const joint = s.seed.jointRoundId;
    expect((await s.app.inject({ url: '/api/rounds', headers: partner })).json().rounds).toEqual([]);
    expect((await s.app.inject({ url: `/api/rounds/${s.seed.roundIds[2]}/ranking`, headers: partner })).statusCode).toBe(403);
    const bound = await s.app.inject({ method: 'POST', url: `/api/accounts/${partnerId}/scopes`, headers: admin(), payload: { roundId: joint } });
    expect(bound.statusCode).toBe(201);
    expect((await s.app.inject({ url: '/api/rounds', headers: partner })).json().rounds).toEqual([]);
    expect((await s.app.inject({ url: `/api/rounds/${joint}/ranking`, headers: partner })).statusCode).toBe(403);

    // Only the lead grants.
    const anhui = bearer(s.seed.accounts.find((a) => a.name === 'demo-anhui')!.token);
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${joint}/partner-grants`, headers: anhui, payload: { accountId: partnerId, reason: '通报' } })).statusCode).toBe(403);
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${joint}/partner-grants`, headers: jiangsu(), payload: { accountId: partnerId, reason: '长三角协作：发布前通报上海' } })).statusCode).toBe(201);
    const seen = await s.app.inject({ url: `/api/rounds/${joint}/ranking`, headers: partner });
    expect(seen.statusCode).toBe(200);
    const lead = (await s.app.inject({ url: `/api/rounds/${joint}/ranking`, headers: jiangsu() })).json();
    expect(seen.json().rows).toEqual(lead.rows);
    expect((await s.app.inject({ url: '/api/rounds', headers: partner })).json().rounds.map((r: { id: number }) => r.id)).toEqual([joint]);
    // The pages too, and every request in the audit log.
    const cookie = await loginCookie(s.app, partner.authorization.slice('Bearer '.length));
    expect((await s.app.inject({ url: `/rounds/${joint}`, headers: { cookie } })).statusCode).toBe(200);
    expect((await s.app.inject({ url: `/rounds/${s.seed.roundIds[2]}`, headers: { cookie } })).statusCode).toBe(403);
    const logged = listAudit(s.db, { target: `account:${partnerId}`, limit: 1000 }).filter((e) => e.action === 'read.partner').map((e) => (e.detail as { path: string }).path);
    expect(logged).toContain(`/rounds/${joint}`);
    expect(logged).toContain(`/api/rounds/${s.seed.roundIds[2]}/ranking`);
  });

  test('writes nothing: every write route refuses the role before looking at the request', async () => {
    const joint = s.seed.jointRoundId;
    for (const [method, url] of [['POST', '/api/rounds'], ['POST', `/api/rounds/${joint}/runs`], ['POST', `/api/rounds/${joint}/publications`], ['POST', `/api/rounds/${joint}/confirmations`], ['POST', '/api/rosters']] as const) {
      expect((await s.app.inject({ method, url, headers: partner, payload: {} })).statusCode, url).toBe(403);
    }
  });
});

describe('bad input', () => {
  test('binding an account that is not a partner, to nothing, to both, to an unknown scheme: refused, field named', async () => {
    const office = s.seed.accounts.find((a) => a.name === 'demo-office')!;
    const officeId = (s.db.prepare('SELECT id FROM accounts WHERE name = ?').get(office.name) as { id: number }).id;
    const notPartner = await s.app.inject({ method: 'POST', url: `/api/accounts/${officeId}/scopes`, headers: admin(), payload: { schemeId: 'demo-green' } });
    expect(notPartner.statusCode).toBe(422);
    expect(notPartner.json().error.problems[0]).toEqual(expect.objectContaining({ where: 'accountId', en: expect.stringContaining('not a partner') }));
    expect((await s.app.inject({ method: 'POST', url: `/api/accounts/${partnerId}/scopes`, headers: admin(), payload: {} })).statusCode).toBe(422);
    expect((await s.app.inject({ method: 'POST', url: `/api/accounts/${partnerId}/scopes`, headers: admin(), payload: { roundId: 1, schemeId: 'demo-green' } })).statusCode).toBe(422);
    expect((await s.app.inject({ method: 'POST', url: `/api/accounts/${partnerId}/scopes`, headers: admin(), payload: { schemeId: 'no-such-scheme' } })).statusCode).toBe(404);
  });

  test('a grant to a partner not bound to the round, or without a reason: 422', async () => {
    const other = createAccount(s.db, SYSTEM, { name: 'unbound-partner', role: 'partner' }).id;
    const r = await s.app.inject({ method: 'POST', url: `/api/rounds/${s.seed.jointRoundId}/partner-grants`, headers: jiangsu(), payload: { accountId: other, reason: '通报' } });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.problems[0].en).toContain('not bound');
    const blank = await s.app.inject({ method: 'POST', url: `/api/rounds/${s.seed.jointRoundId}/partner-grants`, headers: jiangsu(), payload: { accountId: partnerId, reason: '  ' } });
    expect(blank.statusCode).toBe(422);
  });
});
