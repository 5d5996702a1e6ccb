/**
 * Joint rounds: a lead office and participating offices on one roster, each entity sent by its
 * own office. End to end with the demo's Jiangsu (lead) and Anhui offices: each uploads its own
 * cities only, confirms, sees before publication its own cities' results only; the lead alone
 * opens, scores (after every confirmation, or with an audited override) and publishes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listAudit } from '../../store/index.js';
import { bearer, counts, demoServer, multipart, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';
import { csrfOf, form, loginCookie } from './page-forms.js';

let s: DemoServer;
const h = {} as Record<'jiangsu' | 'anhui' | 'office' | 'leadership' | 'public', Record<string, string>>;
const demoCsv = readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8');
const lines = demoCsv.trim().split('\n');
/** The demo data of one province's cities (or all, with no province). */
const citiesOf = (province?: string): string => `${[lines[0], ...lines.slice(1).filter((l) => !province || l.split(',')[2] === province)].join('\n')}\n`;
const JIANGSU = lines.slice(1).filter((l) => l.split(',')[2] === '江苏').map((l) => l.split(',')[0]);
const ANHUI = lines.slice(1).filter((l) => l.split(',')[2] === '安徽').map((l) => l.split(',')[0]);
let jointRoster: number;

beforeAll(async () => {
  s = await demoServer({ publicResults: true, rateLimits: { upload: 1000 } });
  const tokenOf = (name: string): string => s.seed.accounts.find((a) => a.name === name)!.token;
  Object.assign(h, {
    jiangsu: bearer(tokenOf('demo-jiangsu')), anhui: bearer(tokenOf('demo-anhui')), office: bearer(s.token('office')),
    leadership: bearer(s.token('leadership')), public: {},
  });
  jointRoster = (await s.app.inject({ url: `/api/rounds/${s.seed.jointRoundId}`, headers: h.jiangsu })).json().rosterId;
});
afterAll(async () => { await s.close(); });

const newJointRound = async (participants: unknown, rosterId = jointRoster) => s.app.inject({
  method: 'POST', url: '/api/rounds', headers: h.jiangsu,
  payload: { name: { zh: '联合轮次' }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId, periodStart: '2026-01-01', periodEnd: '2026-12-31', participants },
});

async function openJointRound(): Promise<number> {
  const r = await newJointRound(['anhui']);
  expect(r.statusCode).toBe(201);
  const id = r.json().id as number;
  expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/status`, headers: h.anhui, payload: { status: 'collecting' } })).statusCode).toBe(403);
  expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/status`, headers: h.jiangsu, payload: { status: 'collecting' } })).statusCode).toBe(200);
  return id;
}

describe('the demo joint round', () => {
  test('each office confirmed; the lead scored; Anhui sees its own cities\' unpublished results only, the same as the lead sees', async () => {
    const id = s.seed.jointRoundId;
    const round = (await s.app.inject({ url: `/api/rounds/${id}`, headers: h.anhui })).json();
    expect(round.officeId).toBe('jiangsu');
    expect(round.participants.map((p: { office: { id: string }; submitted: boolean; entities: number }) => [p.office.id, p.submitted, p.entities])).toEqual([['jiangsu', true, 5], ['anhui', true, 4]]);
    expect((await s.app.inject({ url: `/api/rounds/${id}/ranking`, headers: h.anhui })).statusCode).toBe(403);
    const lead = (await s.app.inject({ url: `/api/rounds/${id}/ranking`, headers: h.jiangsu })).json();
    const own = await s.app.inject({ url: `/api/rounds/${id}/own-results`, headers: h.anhui });
    expect(own.statusCode).toBe(200);
    expect(own.json().published).toBe(false);
    expect(own.json().rows.map((r: { entityId: string }) => r.entityId).sort()).toEqual([...ANHUI].sort());
    for (const row of own.json().rows) expect(row).toEqual(lead.rows.find((r: { entityId: string }) => r.entityId === row.entityId));
    // The same cities and (synthetic) data as the demo office's 2025 round: the same scores.
    const single = (await s.app.inject({ url: `/api/rounds/${s.seed.roundIds[2]}/ranking`, headers: h.office })).json();
    expect(lead.rows.map((r: { entityId: string; score: number }) => [r.entityId, r.score])).toEqual(single.rows.map((r: { entityId: string; score: number }) => [r.entityId, r.score]));
    const reads = listAudit(s.db).filter((e) => e.action === 'read.unpublished' && e.target === `round:${id}` && (e.detail as { what: string }).what === 'own results');
    expect(reads.length).toBeGreaterThan(0);
  });

  test('before publication Anhui reads the scorecard of its own cities (API and page, audited), never one of Jiangsu\'s', async () => {
    const id = s.seed.jointRoundId;
    const [anhuiCity, jiangsuCity] = [ANHUI[0], JIANGSU[0]];
    const lead = (await s.app.inject({ url: `/api/rounds/${id}/entities/${encodeURIComponent(anhuiCity)}`, headers: h.jiangsu })).json();
    const own = await s.app.inject({ url: `/api/rounds/${id}/entities/${encodeURIComponent(anhuiCity)}`, headers: h.anhui });
    expect(own.statusCode).toBe(200);
    expect(own.json().run.published).toBe(false);
    expect([own.json().score, own.json().rank, own.json().explanation]).toEqual([lead.score, lead.rank, lead.explanation]);
    const reads = listAudit(s.db).filter((e) => e.action === 'read.unpublished' && e.target === `round:${id}` && (e.detail as { entityId?: string }).entityId === anhuiCity);
    expect(reads.map((e) => (e.detail as { what: string }).what)).toContain('scorecard (own entity)');

    const other = await s.app.inject({ url: `/api/rounds/${id}/entities/${encodeURIComponent(jiangsuCity)}`, headers: h.anhui });
    expect(other.statusCode).toBe(403);
    expect(other.body).not.toContain(String(lead.score));
    // By run id too: the run asked for is still Jiangsu's city's unpublished scorecard.
    expect((await s.app.inject({ url: `/api/runs/${own.json().run.runId}/entities/${encodeURIComponent(jiangsuCity)}`, headers: h.anhui })).statusCode).toBe(403);
    expect((await s.app.inject({ url: `/api/runs/${own.json().run.runId}/entities/${encodeURIComponent(anhuiCity)}`, headers: h.anhui })).statusCode).toBe(200);

    const cookie = await loginCookie(s.app, s.seed.accounts.find((a) => a.name === 'demo-anhui')!.token);
    const page = await s.app.inject({ url: `/rounds/${id}/entities/${encodeURIComponent(anhuiCity)}`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(anhuiCity);
    expect((await s.app.inject({ url: `/rounds/${id}/entities/${encodeURIComponent(jiangsuCity)}`, headers: { cookie } })).statusCode).toBe(403);
    // The work page's own results link each city to its scorecard.
    const work = await s.app.inject({ url: `/rounds/${id}/work`, headers: { cookie } });
    expect(work.body).toContain(`href="/rounds/${id}/entities/${encodeURIComponent(anhuiCity)}?run=${own.json().run.runId}"`);
  });

  test('an office not taking part, and the public, see nothing of it before publication', async () => {
    const id = s.seed.jointRoundId;
    expect((await s.app.inject({ url: `/api/rounds/${id}`, headers: h.office })).statusCode).toBe(403);
    expect((await s.app.inject({ url: `/api/rounds/${id}/own-results`, headers: h.office })).statusCode).toBe(403);
    expect((await s.app.inject({ url: `/api/rounds/${id}/participants`, headers: h.office })).statusCode).toBe(403);
    expect((await s.app.inject({ url: `/api/rounds/${id}`, headers: h.public })).statusCode).toBe(401);
    expect((await s.app.inject({ url: `/api/rounds/${id}/participants`, headers: h.leadership })).statusCode).toBe(200);
    const listed = (await s.app.inject({ url: '/api/rounds', headers: h.anhui })).json().rounds.map((r: { id: number }) => r.id);
    expect(listed).toContain(id);
  });
});

describe('a new joint round, end to end', () => {
  test('each uploads its own cities, confirms; the lead scores and publishes; then everyone reads the published ranking', async () => {
    const id = await openJointRound();
    const template = await s.app.inject({ url: `/api/rounds/${id}/template?format=csv`, headers: h.anhui });
    expect(template.statusCode).toBe(200);
    expect(template.body.trim().split('\r\n').slice(1).map((l) => l.split(',')[0])).toEqual(ANHUI);

    // Anhui sends every city: refused, Jiangsu's cities named, nothing stored.
    const before = counts(s.db);
    const all = await upload(s.app, id, h.anhui, { name: 'all.csv', content: citiesOf() });
    expect(all.statusCode).toBe(422);
    const problems = all.json().error.problems as { where: string; zh: string; en: string }[];
    expect(problems.map((p) => p.where)).toEqual(JIANGSU.map((c) => `all.csv ${c}`));
    expect(problems[0].zh).toContain('南京市');
    expect(problems[0].zh).toContain('江苏省生态环境考核办公室');
    expect(problems[0].en).toContain('Jiangsu Provincial Evaluation Office');
    expect(counts(s.db)).toEqual(before);

    expect((await upload(s.app, id, h.anhui, { name: 'anhui.csv', content: citiesOf('安徽') })).statusCode).toBe(201);
    // Not before every participant confirmed.
    const early = await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/runs`, headers: h.jiangsu });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.zh).toContain('江苏省生态环境考核办公室');
    expect(early.json().error.zh).toContain('安徽省生态环境考核办公室');
    // Jiangsu can't confirm before it sent anything.
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/confirmations`, headers: h.jiangsu })).statusCode).toBe(409);
    expect((await upload(s.app, id, h.jiangsu, { name: 'jiangsu.csv', content: citiesOf('江苏') })).statusCode).toBe(201);
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/confirmations`, headers: h.jiangsu })).statusCode).toBe(201);
    const waiting = await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/runs`, headers: h.jiangsu });
    expect(waiting.statusCode).toBe(409);
    expect(waiting.json().error.zh).not.toContain('江苏省');
    expect(waiting.json().error.en).toContain('Anhui Provincial Evaluation Office');
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/confirmations`, headers: h.anhui })).statusCode).toBe(201);

    // Only the lead scores.
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/runs`, headers: h.anhui })).statusCode).toBe(403);
    const run = await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/runs`, headers: h.jiangsu });
    expect(run.statusCode).toBe(202);
    expect((await waitForRun(s.app, run.json().id, h.jiangsu)).status).toBe('done');
    const own = (await s.app.inject({ url: `/api/rounds/${id}/own-results`, headers: h.jiangsu })).json();
    expect(own.rows.map((r: { entityId: string }) => r.entityId).sort()).toEqual([...JIANGSU].sort());
    expect((await s.app.inject({ url: `/api/rounds/${id}/ranking`, headers: h.anhui })).statusCode).toBe(403);
    expect((await s.app.inject({ url: `/api/runs/${run.json().id}/export?format=csv`, headers: h.anhui })).statusCode).toBe(403);

    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/publications`, headers: h.anhui, payload: {} })).statusCode).toBe(403);
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/publications`, headers: h.jiangsu, payload: {} })).statusCode).toBe(201);
    const published = await s.app.inject({ url: `/api/rounds/${id}/ranking`, headers: h.anhui });
    expect(published.statusCode).toBe(200);
    expect(published.json().total).toBe(9);
  });

  test('a file after a confirmation needs a new one; the lead may score anyway with a reason, in the audit log', async () => {
    const id = await openJointRound();
    expect((await upload(s.app, id, h.jiangsu, { name: 'jiangsu.csv', content: citiesOf('江苏') })).statusCode).toBe(201);
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/confirmations`, headers: h.jiangsu })).statusCode).toBe(201);
    expect((await upload(s.app, id, h.anhui, { name: 'anhui.csv', content: citiesOf('安徽') })).statusCode).toBe(201);
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/confirmations`, headers: h.anhui })).statusCode).toBe(201);
    expect((await upload(s.app, id, h.anhui, { name: 'anhui-2.csv', content: citiesOf('安徽') })).statusCode).toBe(201);
    const states = (await s.app.inject({ url: `/api/rounds/${id}/participants`, headers: h.jiangsu })).json().participants;
    expect(states.map((p: { office: { id: string }; submitted: boolean }) => [p.office.id, p.submitted])).toEqual([['jiangsu', true], ['anhui', false]]);

    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/runs`, headers: h.jiangsu, payload: { override: '   ' } })).statusCode).toBe(409);
    const run = await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/runs`, headers: h.jiangsu, payload: { override: '安徽已电话确认，书面确认随后补交' } });
    expect(run.statusCode).toBe(202);
    await waitForRun(s.app, run.json().id, h.jiangsu);
    const entry = listAudit(s.db).find((e) => e.action === 'participant.override' && e.target === `round:${id}`);
    expect(entry?.detail).toEqual({ reason: '安徽已电话确认，书面确认随后补交', unconfirmed: ['anhui'] });
  });
});

describe('bad input', () => {
  test('a participant that is not an office, named twice, or a roster without offices: 422, each problem by its field, nothing created', async () => {
    const n = (s.db.prepare('SELECT count(*) AS n FROM rounds').get() as { n: number }).n;
    const unknown = await newJointRound(['anhui', 'hong-kong']);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.problems).toEqual([expect.objectContaining({ where: 'participants[1]', zh: expect.stringContaining('hong-kong'), en: expect.stringContaining('not a registered office') })]);
    expect((await newJointRound(['anhui', 'anhui'])).json().error.problems[0].where).toBe('participants[1]');
    const noOffices = await newJointRound(['anhui'], 1);
    expect(noOffices.statusCode).toBe(422);
    expect(noOffices.json().error.problems[0]).toEqual(expect.objectContaining({ where: 'rosterId', en: expect.stringContaining('without an office') }));
    // The roster gives Anhui's cities to Anhui's office: leaving it out is refused.
    const missing = await newJointRound(['nanjing-metro']);
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.problems.map((p: { en: string }) => p.en).join(' ')).toMatch(/anhui, not taking part[\s\S]*nanjing-metro has no entity/);
    expect((s.db.prepare('SELECT count(*) AS n FROM rounds').get() as { n: number }).n).toBe(n);
  });

  test('a roster naming an office that does not exist is refused with the entity named', async () => {
    const r = await s.app.inject({ method: 'POST', url: '/api/rosters', headers: h.jiangsu, payload: { name: 'x', regions: [{ code: '320100', name: '南京市', office: 'nowhere' }] } });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.problems[0]).toEqual(expect.objectContaining({ where: 'regions[0].office', zh: expect.stringContaining('nowhere') }));
  });

  test('confirming or reading own results of a round of one office: 404; by another office of a joint round: 403', async () => {
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${s.seed.roundIds[2]}/confirmations`, headers: h.office })).statusCode).toBe(404);
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${s.seed.jointRoundId}/confirmations`, headers: h.office })).statusCode).toBe(403);
    expect((await upload(s.app, s.seed.jointRoundId, h.office, { name: 'x.csv', content: citiesOf('安徽') })).statusCode).toBe(403);
  });
});

describe('the work page of a joint round', () => {
  test('the lead sees every participant\'s state; a participant uploads, is refused another office\'s cities, confirms, and sees its own results only', async () => {
    const id = await openJointRound();
    const tokenOf = (name: string): string => s.seed.accounts.find((a) => a.name === name)!.token;
    const anhui = await loginCookie(s.app, tokenOf('demo-anhui'));
    const jiangsu = await loginCookie(s.app, tokenOf('demo-jiangsu'));
    const work = async (cookie: string) => s.app.inject({ url: `/rounds/${id}/work`, headers: { cookie } });

    let page = await work(anhui);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="participants-table"');
    expect(page.body).not.toContain('id="score-button"');
    expect(page.body).not.toContain('id="open-button"');
    expect(page.body).not.toContain('id="confirm-button"');
    const send = async (cookie: string, name: string, content: string) => {
      const csrf = csrfOf((await work(cookie)).body);
      const m = multipart({ csrf }, { name, content });
      return s.app.inject({ method: 'POST', url: `/rounds/${id}/work/upload`, headers: { cookie, ...m.headers }, payload: m.payload });
    };
    const refused = await send(anhui, 'all.csv', citiesOf());
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('data-where="all.csv 320100"');
    expect((await send(anhui, 'anhui.csv', citiesOf('安徽'))).statusCode).toBe(303);
    page = await work(anhui);
    expect(page.body).toContain('id="confirm-button"');
    const confirmed = await s.app.inject({ method: 'POST', url: `/rounds/${id}/work/confirm`, ...form({ csrf: csrfOf(page.body) }, { cookie: anhui }) });
    expect(confirmed.statusCode).toBe(303);
    expect((await work(jiangsu)).body).toMatch(/<tr data-office-id="anhui" data-submitted="yes">/);
    expect((await work(jiangsu)).body).toMatch(/<tr data-office-id="jiangsu" data-submitted="no">/);

    // The lead scores with a reason while it has not confirmed itself; a participant can't.
    expect((await send(jiangsu, 'jiangsu.csv', citiesOf('江苏'))).statusCode).toBe(303);
    const leadPage = (await work(jiangsu)).body;
    expect(leadPage).toContain('id="score-override"');
    const noReason = await s.app.inject({ method: 'POST', url: `/rounds/${id}/work/score`, ...form({ csrf: csrfOf(leadPage) }, { cookie: jiangsu }) });
    expect(noReason.statusCode).toBe(409);
    expect(noReason.body).toContain('江苏省生态环境考核办公室');
    expect((await s.app.inject({ method: 'POST', url: `/rounds/${id}/work/score`, ...form({ csrf: csrfOf((await work(anhui)).body) }, { cookie: anhui }) })).statusCode).toBe(403);
    const scored = await s.app.inject({ method: 'POST', url: `/rounds/${id}/work/score`, ...form({ csrf: csrfOf(leadPage), reason: '江苏数据已在系统外核对' }, { cookie: jiangsu }) });
    expect(scored.statusCode).toBe(303);
    const runs = (await s.app.inject({ url: `/api/rounds/${id}/runs`, headers: h.jiangsu })).json().runs;
    await waitForRun(s.app, runs[0].id, h.jiangsu);

    page = await work(anhui);
    const own = /<table id="own-results-table">[\s\S]*?<\/table>/.exec(page.body)![0];
    expect([...own.matchAll(/data-entity-id="(\d+)"/g)].map((m) => m[1]).sort()).toEqual([...ANHUI].sort());
    // The ranking page sends a participant to its work page while the results are unpublished.
    const ranking = await s.app.inject({ url: `/rounds/${id}`, headers: { cookie: anhui } });
    expect(ranking.statusCode).toBe(303);
    expect(ranking.headers.location).toBe(`/rounds/${id}/work`);
    // An office not taking part: 403.
    const other = await loginCookie(s.app, s.token('office'));
    expect((await work(other)).statusCode).toBe(403);
  });
});

describe('the new-round form of a joint round', () => {
  test('participants typed as office ids: created as POST /api/rounds would; an unknown one refused under its field', async () => {
    const cookie = await loginCookie(s.app, s.seed.accounts.find((a) => a.name === 'demo-jiangsu')!.token);
    const page = await s.app.inject({ url: '/rounds/new', headers: { cookie } });
    expect(page.body).toContain('<span class="code">anhui</span>');
    const fields = { csrf: csrfOf(page.body), nameZh: '2027 联合评价', nameEn: '', scheme: 'demo-green@2025.1', roster: String(jointRoster), periodStart: '2027-01-01', periodEnd: '2027-12-31' };
    const bad = await s.app.inject({ method: 'POST', url: '/rounds/new', ...form({ ...fields, participants: 'anhui，hong-kong' }, { cookie }) });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('hong-kong');
    expect(bad.body).toContain('value="anhui，hong-kong"');
    const ok = await s.app.inject({ method: 'POST', url: '/rounds/new', ...form({ ...fields, participants: 'anhui' }, { cookie }) });
    expect(ok.statusCode).toBe(303);
    const id = Number(/\/rounds\/(\d+)\/work/.exec(String(ok.headers.location))![1]);
    const round = (await s.app.inject({ url: `/api/rounds/${id}`, headers: h.anhui })).json();
    expect(round.participants.map((p: { office: { id: string } }) => p.office.id)).toEqual(['jiangsu', 'anhui']);
  });
});
