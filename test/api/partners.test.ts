/**
 * The partner tier: an administrator binds a partner account to rounds or schemes; it reads their
 * published results (the pages too) and, once a round's lead grants it, that round's results
 * before publication; it writes nothing; bad binds and grants are refused with the field named.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccount, issueToken, listAudit, SYSTEM } from '../../store/index.js';
import { bearer, demoServer, type DemoServer } from './helpers.js';
import { csrfOf, form, loginCookie } from './page-forms.js';

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

describe('revoking', () => {
  test('the lead revokes its grant: unpublished reads refused, published still read; the administrator revokes the scope: nothing read; both audited; a grant again after a new bind', async () => {
    const joint = s.seed.jointRoundId;
    const id = createAccount(s.db, SYSTEM, { name: 'macao-partner', role: 'partner' }).id;
    const macao = bearer(issueToken(s.db, SYSTEM, id, { days: 30 }).token);
    const scope = (await s.app.inject({ method: 'POST', url: `/api/accounts/${id}/scopes`, headers: admin(), payload: { roundId: joint } })).json();
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${joint}/partner-grants`, headers: jiangsu(), payload: { accountId: id, reason: '大湾区协作' } })).statusCode).toBe(201);
    expect((await s.app.inject({ url: `/api/rounds/${joint}/ranking`, headers: macao })).statusCode).toBe(200);

    // Only the lead revokes its grant, with a reason.
    const anhui = bearer(s.seed.accounts.find((a) => a.name === 'demo-anhui')!.token);
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${joint}/partner-grants/${id}/revocation`, headers: anhui, payload: { reason: '结束' } })).statusCode).toBe(403);
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${joint}/partner-grants/${id}/revocation`, headers: macao, payload: { reason: '结束' } })).statusCode).toBe(403);
    const blank = await s.app.inject({ method: 'POST', url: `/api/rounds/${joint}/partner-grants/${id}/revocation`, headers: jiangsu(), payload: { reason: ' ' } });
    expect(blank.statusCode).toBe(422);
    expect(blank.json().error.problems[0].where).toBe('reason');
    const revoked = await s.app.inject({ method: 'POST', url: `/api/rounds/${joint}/partner-grants/${id}/revocation`, headers: jiangsu(), payload: { reason: '协作期结束' } });
    expect(revoked.statusCode).toBe(201);
    const refused = await s.app.inject({ url: `/api/rounds/${joint}/ranking`, headers: macao });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.en).toContain('not published');
    expect((await s.app.inject({ url: `/api/rounds/${joint}/partner-grants`, headers: jiangsu() })).json().grants.map((g: { accountId: number }) => g.accountId)).not.toContain(id);
    // Revoked once: a second revocation is a 404 that says so.
    const again = await s.app.inject({ method: 'POST', url: `/api/rounds/${joint}/partner-grants/${id}/revocation`, headers: jiangsu(), payload: { reason: '协作期结束' } });
    expect(again.statusCode).toBe(404);
    // Granted again later: reads again.
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${joint}/partner-grants`, headers: jiangsu(), payload: { accountId: id, reason: '续期' } })).statusCode).toBe(201);
    expect((await s.app.inject({ url: `/api/rounds/${joint}/ranking`, headers: macao })).statusCode).toBe(200);

    // The administrator revokes the scope: the round is no longer the partner's at all, the grant notwithstanding.
    expect((await s.app.inject({ method: 'POST', url: `/api/accounts/${id}/scopes/${scope.id}/revocation`, headers: jiangsu(), payload: { reason: 'x' } })).statusCode).toBe(403);
    expect((await s.app.inject({ method: 'POST', url: `/api/accounts/${id}/scopes/999999/revocation`, headers: admin(), payload: { reason: 'x' } })).statusCode).toBe(404);
    expect((await s.app.inject({ method: 'POST', url: `/api/accounts/${id}/scopes/${scope.id}/revocation`, headers: admin(), payload: { reason: '账户调离' } })).statusCode).toBe(201);
    expect((await s.app.inject({ url: `/api/accounts/${id}/scopes`, headers: admin() })).json().scopes).toEqual([]);
    const out = await s.app.inject({ url: `/api/rounds/${joint}/ranking`, headers: macao });
    expect(out.statusCode).toBe(403);
    expect(out.json().error.en).toContain('not one this partner account may read');
    expect((await s.app.inject({ url: '/api/rounds', headers: macao })).json().rounds).toEqual([]);

    const acts = listAudit(s.db, { limit: 1000 }).filter((e) => e.action === 'partner.grant.revoke' || e.action === 'partner.scope.revoke');
    expect(acts.map((e) => [e.action, e.target, (e.detail as { reason: string }).reason])).toEqual([
      ['partner.grant.revoke', `round:${joint}`, '协作期结束'],
      ['partner.scope.revoke', `account:${id}`, '账户调离'],
    ]);
  });
});

describe('the work page\'s partner forms', () => {
  test('the lead grants a bound partner and revokes it from its work page (CSRF checked, reason required); the partner\'s reads follow', async () => {
    const joint = s.seed.jointRoundId;
    const id = createAccount(s.db, SYSTEM, { name: 'hk-partner', role: 'partner' }).id;
    const hk = bearer(issueToken(s.db, SYSTEM, id, { days: 30 }).token);
    expect((await s.app.inject({ method: 'POST', url: `/api/accounts/${id}/scopes`, headers: admin(), payload: { schemeId: 'demo-green' } })).statusCode).toBe(201);
    const cookie = await loginCookie(s.app, jiangsu().authorization.slice('Bearer '.length));
    const work = async (): Promise<string> => (await s.app.inject({ url: `/rounds/${joint}/work`, headers: { cookie } })).body;
    const page = await work();
    expect(page).toContain('id="partner-grants"');
    expect(page).toContain(`<option value="${id}">hk-partner</option>`);
    const csrf = csrfOf(page);
    const post = (fields: Record<string, string>) => s.app.inject({ method: 'POST', url: `/rounds/${joint}/work/partners`, ...form(fields, { cookie }) });

    expect((await post({ do: 'grant', account: String(id), reason: '深港协作' })).statusCode).toBe(403);
    const blank = await post({ csrf, do: 'grant', account: String(id), reason: ' ' });
    expect(blank.statusCode).toBe(422);
    expect(blank.body).toContain('id="work-error"');
    const granted = await post({ csrf, do: 'grant', account: String(id), reason: '深港协作' });
    expect(granted.statusCode).toBe(303);
    expect(granted.headers.location).toContain('notice=granted');
    expect((await s.app.inject({ url: `/api/rounds/${joint}/ranking`, headers: hk })).statusCode).toBe(200);
    expect(await work()).toContain(`<tr data-account-id="${id}">`);

    // Another office's page has no such form, and its post is refused.
    const anhuiCookie = await loginCookie(s.app, s.seed.accounts.find((a) => a.name === 'demo-anhui')!.token);
    const anhuiPage = (await s.app.inject({ url: `/rounds/${joint}/work`, headers: { cookie: anhuiCookie } })).body;
    expect(anhuiPage).not.toContain('id="partner-grants"');
    expect((await s.app.inject({ method: 'POST', url: `/rounds/${joint}/work/partners`, ...form({ csrf: csrfOf(anhuiPage), do: 'revoke', account: String(id), reason: 'x' }, { cookie: anhuiCookie }) })).statusCode).toBe(403);

    const revoked = await post({ csrf, do: 'revoke', account: String(id), reason: '协作结束' });
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toContain('notice=revoked');
    expect((await s.app.inject({ url: `/api/rounds/${joint}/ranking`, headers: hk })).statusCode).toBe(403);
    expect(await work()).not.toContain(`<tr data-account-id="${id}">`);
    const entry = listAudit(s.db, { limit: 1000 }).filter((e) => e.action === 'partner.grant.revoke').at(-1);
    expect(entry?.detail).toEqual({ accountId: id, reason: '协作结束' });
  });
});
