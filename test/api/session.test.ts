/**
 * Web login and the pages: a token posted from the login form opens a session cookie
 * (HttpOnly, SameSite=Strict, stored hashed) that reads pages but can't write; logging out ends
 * it; login is rate-limited; pages without login go to the login page; `?lang=en` switches the
 * language; an entity named like a script is shown as text.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sha256Hex } from '../../indicators/index.js';
import { createRoster, SYSTEM } from '../../store/index.js';
import { bearer, demoServer, upload, waitForRun, type DemoServer } from './helpers.js';
import { form } from './page-forms.js';

let s: DemoServer;
beforeAll(async () => { s = await demoServer({ rateLimits: { login: 5 } }); });
afterAll(async () => { await s.close(); });


describe('login and sessions', () => {
  let cookie = '';

  test('a good token from the form: a 303 to the page asked for and a strict HttpOnly cookie, stored hashed', async () => {
    const r = await s.app.inject({ method: 'POST', url: '/login', ...form({ token: s.token('leadership'), next: '/rounds/3?lang=en' }) });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/rounds/3?lang=en');
    const set = String(r.headers['set-cookie']);
    expect(set).toMatch(/^kaohe_session=ks_[A-Za-z0-9_-]+;/);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\//);
    const secret = set.split(';')[0].split('=')[1];
    cookie = `kaohe_session=${secret}`;
    const stored = s.db.prepare('SELECT secret_sha256 FROM sessions').pluck().all();
    expect(stored).toContain(sha256Hex(secret));
    expect(JSON.stringify(s.db.prepare('SELECT * FROM sessions').all())).not.toContain(secret);
  });

  test('the cookie reads pages and JSON, but never writes', async () => {
    const page = await s.app.inject({ url: '/rounds/3?lang=en', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="en"');
    expect(page.body).toContain('demo-leadership');
    expect((await s.app.inject({ url: '/api/rounds', headers: { cookie } })).statusCode).toBe(200);
    const write = await s.app.inject({ method: 'POST', url: '/api/rounds/3/runs', headers: { cookie, 'content-type': 'application/json' }, payload: {} });
    expect(write.statusCode).toBe(401);
  });

  test('a bad token gets the login page again with the reason; a foreign next is ignored', async () => {
    const bad = await s.app.inject({ method: 'POST', url: '/login', ...form({ token: 'kh_wrong' }) });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).toContain('id="login-error"');
    expect(bad.headers['set-cookie']).toBeUndefined();
    const r = await s.app.inject({ method: 'POST', url: '/login', ...form({ token: s.token('auditor'), next: '//evil.example/x' }) });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/');
  });

  test('logging out ends the session', async () => {
    const r = await s.app.inject({ method: 'POST', url: '/logout', headers: { cookie } });
    expect(r.statusCode).toBe(303);
    expect(String(r.headers['set-cookie'])).toMatch(/kaohe_session=;/);
    expect((await s.app.inject({ url: '/api/rounds', headers: { cookie } })).statusCode).toBe(401);
  });

  test('login is rate-limited per client', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await s.app.inject({ method: 'POST', url: '/login', ...form({ token: 'kh_guess' }) })).statusCode);
    expect(codes.at(-1)).toBe(429);
    const r = await s.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/json' }, payload: { token: 'kh_guess' } });
    expect(r.statusCode).toBe(429);
    expect(r.json().error).toMatchObject({ code: 'rate_limited' });
    expect(r.json().error.zh).toMatch(/频繁/);
  });
});

describe('pages', () => {
  test('without login (and no public access), pages send you to the login page', async () => {
    const r = await s.app.inject({ url: '/rounds/3?lang=en' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/login?next=${encodeURIComponent('/rounds/3?lang=en')}&lang=en`);
    const login = await s.app.inject({ url: r.headers.location as string });
    expect(login.statusCode).toBe(200);
    expect(login.headers['content-security-policy']).toMatch(/default-src 'none'/);
  });

  test('an unknown round is a 404 page, an unknown address too', async () => {
    const h = bearer(s.token('leadership'));
    const r = await s.app.inject({ url: '/rounds/999', headers: h });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect((await s.app.inject({ url: '/nowhere', headers: h })).statusCode).toBe(404);
  });

  test('an entity named like a script is text on the page, and plain data in JSON', async () => {
    const evil = '<script>alert(1)</script>';
    const office = bearer(s.token('office'));
    const roster = createRoster(s.db, SYSTEM, { name: 'evil', regions: [{ code: '320100', name: evil }, { code: '320200', name: '无锡市' }] });
    const round = (await s.app.inject({
      method: 'POST', url: '/api/rounds', headers: office,
      payload: { name: { zh: `${evil}轮次` }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId: roster.id, periodStart: '2030-01-01', periodEnd: '2030-12-31' },
    })).json();
    await s.app.inject({ method: 'POST', url: `/api/rounds/${round.id}/status`, headers: office, payload: { status: 'collecting' } });
    const csv = 'id,name,energy_use,gdp,pm25\n320100,,100,1000,30\n320200,无锡市,120,1100,35\n';
    expect((await upload(s.app, round.id, office, { name: 'e.csv', content: csv })).statusCode).toBe(201);
    const run = (await s.app.inject({ method: 'POST', url: `/api/rounds/${round.id}/runs`, headers: office })).json();
    expect((await waitForRun(s.app, run.id, office)).status).toBe('done');
    for (const url of [`/rounds/${round.id}`, `/rounds/${round.id}/entities/320100`, '/']) {
      const page = await s.app.inject({ url, headers: office });
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).not.toContain(evil);
      expect(page.body, url).toContain('&lt;script&gt;');
    }
    const json = (await s.app.inject({ url: `/api/rounds/${round.id}/ranking`, headers: office })).json();
    expect(json.rows.find((r: { entityId: string }) => r.entityId === '320100').name).toBe(evil);
  });

  test('uploads are rate-limited too', async () => {
    const own = await demoServer({ rateLimits: { upload: 2 } });
    try {
      const office = bearer(own.token('office'));
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await upload(own.app, 3, office, { name: 'x.csv', content: 'x' }, { reason: 'r' })).statusCode);
      expect(codes).toEqual([422, 422, 429]);
    } finally {
      await own.close();
    }
  });
});

describe('the site icon', () => {
  test('/favicon.ico answers with the icon the pages carry inline, to anyone (no 404)', async () => {
    const r = await s.app.inject({ url: '/favicon.ico' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(r.body).toContain('考');
  });
});
