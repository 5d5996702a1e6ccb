/**
 * The auditor's pages over HTTP, logged in with the session cookie as a browser is: the run page
 * with its hashes and rerun form (the CSRF token required; the result on the page and in the
 * audit log), a run whose stored results were changed shown as differing, the diff page, the
 * audit log's filters and paging (bad filters refused with a bilingual message), the tenure
 * audit form through to its page and workpaper, the auditor's read-only work page, and hostile
 * text escaped.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRoster, listAudit, SYSTEM } from '../../store/index.js';
import { assertOnlyPageMarkup, scanHtml } from '../pages/html-scan.js';
import { bearer, demoServer, type DemoServer } from './helpers.js';
import { csrfOf, form, loginCookie } from './page-forms.js';

let s: DemoServer;
let cookie: string;
let runs: number[];

const get = async (url: string, headers: Record<string, string> = { cookie }) => s.app.inject({ url, headers });
const text = (body: string): string => scanHtml(body).text.join(' ');

beforeAll(async () => {
  s = await demoServer();
  cookie = await loginCookie(s.app, s.token('auditor'));
  runs = [];
  for (const id of s.seed.roundIds) runs.push((await s.app.inject({ url: `/api/rounds/${id}/runs`, headers: bearer(s.token('auditor')) })).json().runs[0].id);
});
afterAll(async () => { await s.close(); });

describe('the run page', () => {
  test('shows the run\'s hashes as the API gives them, and its downloads', async () => {
    const run = (await s.app.inject({ url: `/api/runs/${runs[2]}`, headers: bearer(s.token('auditor')) })).json();
    const r = await get(`/runs/${runs[2]}`);
    expect(r.statusCode).toBe(200);
    assertOnlyPageMarkup(r.body);
    for (const h of [run.planHash, run.snapshotHash, run.resultsHash]) expect(r.body).toContain(h);
    expect(r.body).toContain(`href="/api/runs/${runs[2]}/bundle"`);
    expect(r.body).toContain(`href="/api/snapshots/${run.snapshotHash}?format=xlsx"`);
    expect(r.body).toContain('id="rerun-button"');
    expect(text(r.body)).toContain('本页尚未复算');
    expect(text(r.body)).toContain('审计日志中没有本运行的复算记录');
  });

  test('the rerun form needs the page\'s CSRF token; with it, the result is shown and logged', async () => {
    const pageHtml = (await get(`/runs/${runs[2]}`)).body;
    const refused = await s.app.inject({ method: 'POST', url: `/runs/${runs[2]}/rerun`, ...form({ csrf: 'forged' }, { cookie }) });
    expect(refused.statusCode).toBe(403);
    const before = listAudit(s.db, { target: `round:${s.seed.roundIds[2]}`, limit: 1000 }).filter((e) => e.action === 'run.verify').length;
    const r = await s.app.inject({ method: 'POST', url: `/runs/${runs[2]}/rerun?lang=en`, ...form({ csrf: csrfOf(pageHtml) }, { cookie }) });
    expect(r.statusCode).toBe(200);
    assertOnlyPageMarkup(r.body);
    expect(r.body).toContain('data-identical="true"');
    expect(text(r.body)).toContain('Identical bit for bit');
    const entries = listAudit(s.db, { target: `round:${s.seed.roundIds[2]}`, limit: 1000 }).filter((e) => e.action === 'run.verify');
    expect(entries.length).toBe(before + 1);
    expect(entries.at(-1)!.detail).toMatchObject({ runId: runs[2], identical: true });
    expect(entries.at(-1)!.actor).toContain('demo-auditor');
    // The page shows it from the audit log from now on.
    const again = await get(`/runs/${runs[2]}`);
    expect(again.body).toContain('id="last-verify" data-identical="true"');
    expect(text(again.body)).toContain('demo-auditor');
  });

  test('a run whose stored results were changed behind the store\'s back shows as differing', async () => {
    // The results row of the 2023 run rewritten (its trigger dropped first, as an intruder would).
    const target = runs[0];
    const { results_hash: hash } = s.db.prepare('SELECT results_hash FROM runs WHERE id = ?').get(target) as { results_hash: string };
    const other = (s.db.prepare('SELECT results_hash FROM runs WHERE id = ?').get(runs[1]) as { results_hash: string }).results_hash;
    const triggers = (s.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'runs'").all() as { name: string; sql: string }[]);
    for (const t of triggers) s.db.exec(`DROP TRIGGER ${t.name}`);
    s.db.prepare('UPDATE runs SET results_hash = ? WHERE id = ?').run(other, target);
    try {
      const pageHtml = (await get(`/runs/${target}`)).body;
      const r = await s.app.inject({ method: 'POST', url: `/runs/${target}/rerun`, ...form({ csrf: csrfOf(pageHtml) }, { cookie }) });
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain('data-identical="false"');
      expect(text(r.body)).toContain('不一致');
    } finally {
      s.db.prepare('UPDATE runs SET results_hash = ? WHERE id = ?').run(hash, target);
      for (const t of triggers) s.db.exec(t.sql);
    }
  });

  test('the office may not use the rerun form, and a run that does not exist is a 404 page', async () => {
    const office = await loginCookie(s.app, s.token('office'));
    expect((await get(`/runs/${runs[2]}`, { cookie: office })).statusCode).toBe(403);
    expect((await get('/runs/999999')).statusCode).toBe(404);
  });
});

describe('the diff page', () => {
  test('lists what moved between two runs, as the API\'s diff does', async () => {
    const api = (await s.app.inject({ url: `/api/diff?from=${runs[1]}&to=${runs[2]}`, headers: bearer(s.token('auditor')) })).json();
    const r = await get(`/diff?from=${runs[1]}&to=${runs[2]}`);
    expect(r.statusCode).toBe(200);
    assertOnlyPageMarkup(r.body);
    const rows = scanHtml(r.body).tags.filter((t) => t.name === 'tr' && t.attrs.has('data-entity')).map((t) => t.attrs.get('data-entity'));
    expect(rows).toEqual(api.changed.map((e: { id: string }) => e.id));
    expect(rows.length).toBeGreaterThan(0);
    const whys = scanHtml(r.body).tags.filter((t) => t.name === 'td' && t.attrs.has('data-why')).map((t) => t.attrs.get('data-why'));
    expect(whys).toEqual(api.changed.map((e: { why: string }) => e.why));
    // Grades by name: the demo's are 优秀 / 良好 / 合格 / 不合格, never their ids.
    expect(text(r.body)).not.toMatch(/\b(excellent|good|pass|fail) →/);
  });
});

describe('the audit log page', () => {
  test('filters by action, actor, round and date, newest first, fifty a page', async () => {
    const all = listAudit(s.db, { limit: 1000 });
    const r = await get('/audit-log');
    expect(r.statusCode).toBe(200);
    assertOnlyPageMarkup(r.body);
    const seqs = (body: string): number[] => scanHtml(body).tags.filter((t) => t.name === 'tr' && t.attrs.has('data-seq')).map((t) => Number(t.attrs.get('data-seq')));
    expect(seqs(r.body)).toEqual(all.map((e) => e.seq).reverse().slice(0, 50));
    expect(text(r.body)).toContain('哈希链完整');
    const byAction = await get('/audit-log?action=round.');
    expect(seqs(byAction.body)).toEqual(all.filter((e) => e.action.startsWith('round.')).map((e) => e.seq).reverse());
    const byRound = await get(`/audit-log?round=${s.seed.roundIds[0]}`);
    expect(seqs(byRound.body)).toEqual(all.filter((e) => e.target === `round:${s.seed.roundIds[0]}`).map((e) => e.seq).reverse());
    const byActor = await get('/audit-log?actor=demo-auditor');
    expect(seqs(byActor.body)).toEqual(all.filter((e) => e.actor.includes('demo-auditor')).map((e) => e.seq).reverse());
    // Every entry was written today (UTC+8 day of the test run) or near it: a day range around today holds all, one in 2000 none.
    expect(seqs((await get('/audit-log?from=2000-01-01&to=2000-12-31')).body)).toEqual([]);
  });

  test('paging: a second page goes on where the first stopped', async () => {
    for (let k = 0; k < 60; k++) (await import('../../store/index.js')).appendAudit(s.db, SYSTEM, { action: 'test.page', target: 'test' });
    const first = await get('/audit-log?action=test.page');
    const second = await get('/audit-log?action=test.page&page=2');
    const seqs = (body: string): number[] => scanHtml(body).tags.filter((t) => t.name === 'tr' && t.attrs.has('data-seq')).map((t) => Number(t.attrs.get('data-seq')));
    expect(seqs(first.body).length).toBe(50);
    expect(seqs(second.body).length).toBe(10);
    expect(Math.min(...seqs(first.body))).toBe(Math.max(...seqs(second.body)) + 1);
    expect(first.body).toContain('href="/audit-log?action=test.page&amp;page=2"');
    expect(text(first.body)).toContain('共 60 条，第 1/2 页');
  });

  test.each([
    ['a date that does not exist', 'from=2024-02-30', /from date must be a real date/],
    ['a date that is not one', 'to=yesterday', /to date must be a real date/],
    ['a backwards range', 'from=2025-01-02&to=2025-01-01', /before the from date/],
    ['a round that is not a number', 'round=abc', /round id must be a whole number/],
    ['a page that is not a number', 'page=0', /page must be a whole number/],
  ])('%s is refused (400) with a bilingual message', async (_name, query, en) => {
    const zh = await get(`/audit-log?${query}`);
    expect(zh.statusCode).toBe(400);
    expect(scanHtml(zh.body).text.join(' ')).toMatch(/[\u4e00-\u9fff]/);
    const r = await get(`/audit-log?${query}&lang=en`);
    expect(r.statusCode).toBe(400);
    expect(text(r.body)).toMatch(en);
  });
});

describe('the tenure audit pages', () => {
  test('pick an official, run the audit, see it, and download its workpaper', async () => {
    const list = await get('/audits');
    expect(list.statusCode).toBe(200);
    assertOnlyPageMarkup(list.body);
    expect(list.body).toContain('<option value="NJ-02">');
    const r = await s.app.inject({ method: 'POST', url: '/audits', ...form({ csrf: csrfOf(list.body), official: 'NJ-02', from: '', to: '2025-12-31' }, { cookie }) });
    expect(r.statusCode).toBe(303);
    const id = /^\/audits\/(\d+)$/.exec(String(r.headers.location))![1];
    const api = (await s.app.inject({ url: `/api/audits/${id}`, headers: bearer(s.token('auditor')) })).json();
    const pageHtml = (await get(`/audits/${id}`)).body;
    assertOnlyPageMarkup(pageHtml);
    expect(pageHtml).toContain(`href="/api/audits/${id}/workpaper"`);
    expect(pageHtml).toContain(api.reportHash);
    for (const f of api.sources) expect(pageHtml).toContain(f.sha256);
    const rounds = scanHtml(pageHtml).tags.filter((t) => t.name === 'tr' && t.attrs.has('data-run')).map((t) => Number(t.attrs.get('data-run')));
    expect(rounds).toEqual(api.rounds.map((x: { runId: number }) => x.runId));
    // The tenure score as published: two decimals, half to even.
    expect(scanHtml(pageHtml).text.join(' ')).toContain((Math.round(api.tenureScore * 100) / 100).toFixed(2));
    const wp = await get(`/api/audits/${id}/workpaper`);
    expect(wp.statusCode).toBe(200);
    expect(wp.headers['content-type']).toMatch(/spreadsheetml/);
  });

  test('a refused audit shows the form again with why, and stores nothing', async () => {
    createRoster(s.db, SYSTEM, { name: '无任职名单', regions: [{ code: '320100', name: '南京市' }], officials: [{ id: 'NOPOST<b>', name: '<script>x</script>', posts: [] }] });
    const list = await get('/audits?lang=en');
    expect(list.body).not.toContain('<script>x</script>');
    const count = (s.db.prepare('SELECT count(*) AS n FROM audits').get() as { n: number }).n;
    const r = await s.app.inject({ method: 'POST', url: '/audits?lang=en', ...form({ csrf: csrfOf(list.body), official: 'NOPOST<b>', from: '', to: '' }, { cookie }) });
    expect(r.statusCode).toBe(422);
    assertOnlyPageMarkup(r.body);
    expect(text(r.body)).toMatch(/has no posts/);
    const bad = await s.app.inject({ method: 'POST', url: '/audits?lang=en', ...form({ csrf: csrfOf(list.body), official: 'NJ-01', from: '2024-02-30', to: '' }, { cookie }) });
    expect(bad.statusCode).toBe(422);
    expect(text(bad.body)).toMatch(/from must be a real date/);
    const none = await s.app.inject({ method: 'POST', url: '/audits?lang=en', ...form({ csrf: csrfOf(list.body), official: '', from: '', to: '' }, { cookie }) });
    expect(none.statusCode).toBe(400);
    expect((s.db.prepare('SELECT count(*) AS n FROM audits').get() as { n: number }).n).toBe(count);
    const forged = await s.app.inject({ method: 'POST', url: '/audits', ...form({ csrf: 'nope', official: 'NJ-01' }, { cookie }) });
    expect(forged.statusCode).toBe(403);
  });
});

describe('the auditor\'s read-only work page', () => {
  test('shows the files and runs, with no form and no template', async () => {
    const r = await get(`/rounds/${s.seed.roundIds[2]}/work`);
    expect(r.statusCode).toBe(200);
    assertOnlyPageMarkup(r.body);
    const tags = scanHtml(r.body).tags;
    // The only form is the header's log-out button.
    expect(tags.filter((t) => t.name === 'form').map((t) => t.attrs.get('action'))).toEqual(['/logout']);
    expect(r.body).toContain('id="read-only"');
    expect(r.body).toContain(`href="/runs/${runs[2]}"`);
    expect(r.body).not.toContain('/work/template');
  });
});
