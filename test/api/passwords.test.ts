/**
 * Accounts with passwords beside tokens: the login form takes an account name and password
 * (scrypt with a salt per account, never stored in the clear), refuses a wrong one without
 * saying whether the account exists, locks an account after repeated failures for a while,
 * refuses a login from another site, and audits every failure. An administrator sets or resets
 * a password (generated when none is given); a reset ends the old password's sessions.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkPassword, LOCK_AFTER, LOCK_MINUTES, setPassword, SYSTEM } from '../../store/index.js';
import { bearer, demoServer, type DemoServer } from './helpers.js';
import { form } from './page-forms.js';

let s: DemoServer;
beforeAll(async () => { s = await demoServer({ rateLimits: { login: 1000 } }); });
afterAll(async () => { await s.close(); });

const demo = (role: string) => s.seed.accounts.find((a) => a.role === role)!;
const login = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  s.app.inject({ method: 'POST', url: '/login?lang=en', ...form(fields, headers) });
const failures = (): { reason: string; name?: string; method?: string }[] =>
  (s.db.prepare(`SELECT detail_json FROM audit WHERE action = 'login.fail' ORDER BY seq`).pluck().all() as string[]).map((d) => JSON.parse(d));

describe('logging in with an account name and password', () => {
  test('the login page asks for the account name and password, the token folded away for tools', async () => {
    const r = await s.app.inject({ url: '/login' });
    expect(r.body).toContain('name="name"');
    expect(r.body).toContain('autocomplete="username"');
    expect(r.body).toContain('name="password"');
    expect(r.body).toMatch(/<details class="login-token">[\s\S]*name="token"/);
  });

  test('a demo account\'s printed password opens a session that reads pages', async () => {
    const a = demo('leadership');
    const r = await login({ name: a.name, password: a.password, next: '/?lang=en' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/?lang=en');
    const cookie = String(r.headers['set-cookie']).split(';')[0];
    expect(cookie).toMatch(/^kaohe_session=ks_/);
    const page = await s.app.inject({ url: '/?lang=en', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const json = await s.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/json' }, payload: { name: a.name, password: a.password } });
    expect(json.statusCode).toBe(200);
    expect(json.json().account).toEqual({ name: a.name, role: 'leadership' });
  });

  test('stored as scrypt with a salt per account: no password, no shared salt', () => {
    const rows = s.db.prepare('SELECT salt, hash, params FROM passwords').all() as { salt: string; hash: string; params: string }[];
    expect(rows).toHaveLength(s.seed.accounts.length);
    expect(new Set(rows.map((r) => r.salt)).size).toBe(rows.length);
    const everything = JSON.stringify(s.db.prepare('SELECT * FROM passwords').all()) + JSON.stringify(s.db.prepare('SELECT * FROM audit').all());
    for (const a of s.seed.accounts) expect(everything).not.toContain(a.password);
    expect(JSON.parse(rows[0].params)).toEqual({ N: 32768, r: 8, p: 1 });
  });

  test('a wrong password and an unknown account read the same, and both are audited without the password', async () => {
    const before = failures().length;
    const wrong = await login({ name: demo('auditor').name, password: 'not-the-password' });
    const unknown = await login({ name: 'nobody-here', password: 'not-the-password' });
    for (const r of [wrong, unknown]) {
      expect(r.statusCode).toBe(401);
      expect(r.body).toContain('the account name or password is wrong');
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    const logged = failures().slice(before);
    expect(logged.map((f) => f.reason)).toEqual(['wrong', 'unknown']);
    expect(logged.every((f) => f.method === 'password')).toBe(true);
    expect(JSON.stringify(logged)).not.toContain('not-the-password');
  });

  test('bad input: a name without a password, a password without a name, an overlong password, all 401 or 400, never 500', async () => {
    expect((await login({ name: demo('auditor').name })).statusCode).toBe(401);
    expect((await login({ password: 'something-long' })).statusCode).toBe(401);
    const long = await login({ name: demo('auditor').name, password: 'x'.repeat(5000) });
    expect(long.statusCode).toBe(400);
    const json = await s.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/json' }, payload: { name: 3, password: ['x'] } });
    expect([400, 401]).toContain(json.statusCode);
  });

  test('a login posted from another site is refused before the password is looked at, and audited', async () => {
    const a = demo('leadership');
    const before = failures().length;
    const r = await login({ name: a.name, password: a.password }, { origin: 'https://evil.example' });
    expect(r.statusCode).toBe(403);
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(failures().slice(before).map((f) => f.reason)).toEqual(['cross-site']);
  });
});

describe('lockout after repeated failures', () => {
  test(`${LOCK_AFTER} wrong passwords lock the account: the right one is refused until ${LOCK_MINUTES} minutes have passed`, async () => {
    const a = demo('office');
    for (let i = 1; i < LOCK_AFTER; i++) {
      const r = await login({ name: a.name, password: `wrong-guess-${i}` });
      expect(r.body, `attempt ${i}`).toContain('the account name or password is wrong');
    }
    const last = await login({ name: a.name, password: 'wrong-guess-last' });
    expect(last.statusCode).toBe(401);
    expect(last.body).toContain(`locked for ${LOCK_MINUTES} minutes`);
    const right = await login({ name: a.name, password: a.password });
    expect(right.statusCode).toBe(401);
    expect(right.body).toContain('locked');
    expect(right.headers['set-cookie']).toBeUndefined();
    expect(failures().at(-1)!.reason).toBe('locked');
    // Past the lock, the right password gets in again (the clock moved on).
    const later = Date.now() + (LOCK_MINUTES + 1) * 60_000;
    const ok = await checkPassword(s.db, a.name, a.password, '127.0.0.1', later);
    expect(ok.ok).toBe(true);
    // Just before it ends, it is still locked.
    for (let i = 0; i < LOCK_AFTER; i++) await checkPassword(s.db, a.name, 'wrong-again', '127.0.0.1', later);
    const still = await checkPassword(s.db, a.name, a.password, '127.0.0.1', later + (LOCK_MINUTES - 1) * 60_000);
    expect(still).toMatchObject({ ok: false, reason: 'locked' });
  });

  test('a success resets the count', async () => {
    const a = demo('admin');
    const now = Date.now() + 3_600_000 * 24;
    for (let round = 0; round < 2; round++) {
      for (let i = 1; i < LOCK_AFTER; i++) expect((await checkPassword(s.db, a.name, 'wrong-guess', '::1', now)).ok).toBe(false);
      expect((await checkPassword(s.db, a.name, a.password, '::1', now)).ok).toBe(true);
    }
  });
});

describe('an administrator sets and resets passwords', () => {
  test('none given: one is generated, shown once (no-store); the old password stops working and its sessions end', async () => {
    const a = demo('leadership');
    const first = await login({ name: a.name, password: a.password });
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    const r = await s.app.inject({ method: 'POST', url: `/api/accounts/${a.id}/password`, headers: bearer(s.token('admin')), payload: {} });
    expect(r.statusCode).toBe(201);
    expect(r.headers['cache-control']).toBe('no-store');
    const { password } = r.json() as { password: string };
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect((await login({ name: a.name, password: a.password })).statusCode).toBe(401);
    expect((await login({ name: a.name, password })).statusCode).toBe(303);
    const after = await s.app.inject({ url: '/', headers: { cookie } });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);
    const audit = s.db.prepare(`SELECT actor, detail_json FROM audit WHERE action = 'password.reset' ORDER BY seq`).all() as { actor: string; detail_json: string }[];
    expect(audit.at(-1)!.actor).toContain('admin');
    expect(audit.at(-1)!.detail_json).not.toContain(password);
  });

  test('a given password is set (204); bad ones are refused with the reason', async () => {
    const a = demo('auditor');
    const set = (payload: unknown) => s.app.inject({ method: 'POST', url: `/api/accounts/${a.id}/password`, headers: bearer(s.token('admin')), payload: payload as object });
    expect((await set({ password: 'a-new-good-password' })).statusCode).toBe(204);
    expect((await login({ name: a.name, password: 'a-new-good-password' })).statusCode).toBe(303);
    expect((await set({ password: 'short' })).statusCode).toBe(400);
    expect((await set({ password: 42 })).statusCode).toBe(400);
    expect((await set({ password: 'x'.repeat(401) })).statusCode).toBe(400);
    const spaced = await set({ password: ' leading-space-password' });
    expect(spaced.statusCode).toBe(422);
    expect(spaced.body).toContain('must not begin or end with a space');
    const missing = await s.app.inject({ method: 'POST', url: '/api/accounts/99999/password', headers: bearer(s.token('admin')), payload: { password: 'a-new-good-password' } });
    expect(missing.statusCode).toBe(404);
    await expect(setPassword(s.db, SYSTEM, a.id, 'x'.repeat(201))).rejects.toThrow(/10 to 200 characters/);
  });

  test('only an administrator sets passwords', async () => {
    const office = await s.app.inject({ method: 'POST', url: `/api/accounts/${demo('office').id}/password`, headers: bearer(s.token('office')), payload: {} });
    expect(office.statusCode).toBe(403);
  });
});
