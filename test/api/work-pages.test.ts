/**
 * A round's work page and its forms, over HTTP (inject): the office logs in, opens a new round
 * for data, downloads the template, uploads a workbook with bad cells (every problem shown with
 * its sheet and cell, 422, nothing stored), one city's file, then the filled workbook, scores,
 * publishes, corrects and republishes — all with the session cookie and the page's CSRF token.
 * Without the token, with another session's token or from another site's page, a form changes
 * nothing (403); leadership, auditors, the public and another office get 403 on every form
 * route and see no controls; hostile file and entity names are shown as text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEMPLATE_SHEETS } from '../../io/index.js';
import { createRoster, getRound, latestPublication, SYSTEM } from '../../store/index.js';
import { assertOnlyPageMarkup, decode, scanHtml } from '../pages/html-scan.js';
import { bearer, counts, demoServer, multipart, otherOffice, TEMPLATES, tokenFor, type DemoServer } from './helpers.js';
import { csrfOf, form, loginCookie } from './page-forms.js';

const HEADER_ROW = 3;
const FIRST_DATA_ROW = 4;
const DEMO_CSV = readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8');
const demoRows = parse(DEMO_CSV, { columns: true }) as Record<string, string>[];

let s: DemoServer;
let office: Record<string, string>;

beforeAll(async () => {
  s = await demoServer({ rateLimits: { upload: 1000, login: 1000 }, threads: 1 });
  office = bearer(s.token('office'));
});
afterAll(async () => { await s.close(); });

const login = (token: string): Promise<string> => loginCookie(s.app, token);

/** A new draft round of the demo scheme, made over the JSON API (the new-round form has its own tests: new-round-pages.test.ts). */
async function draftRound(name: string, year: number, rosterId = 1): Promise<number> {
  const r = await s.app.inject({
    method: 'POST', url: '/api/rounds', headers: office,
    payload: { name: { zh: name, en: `${name} (en)` }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId, periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` },
  });
  expect(r.statusCode).toBe(201);
  return (r.json() as { id: number }).id;
}

/** The template with every roster row filled from the demo data; `bad` replaces some cells. */
async function filledWorkbook(template: Buffer, bad: { id: string; column: string; value: string | number }[] = []): Promise<{ bytes: Buffer; addresses: string[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(TEMPLATE_SHEETS.data)!;
  const header = (ws.getRow(HEADER_ROW).values as unknown[]).map((v) => (v === undefined ? '' : String(v)));
  const addresses: string[] = [];
  for (let r = FIRST_DATA_ROW; r <= ws.rowCount; r++) {
    const id = String(ws.getRow(r).getCell(1).value ?? '');
    const data = demoRows.find((x) => x.id === id);
    if (!data) continue;
    header.forEach((col, c) => {
      if (c <= 2 || !(col in data)) return;
      const cell = ws.getRow(r).getCell(c);
      const change = bad.find((b) => b.id === id && b.column === col);
      if (change) addresses.push(cell.address);
      const raw = change ? change.value : data[col];
      cell.value = raw === 'NA' ? null : typeof raw === 'number' || /^-?[\d.]+$/.test(raw) ? Number(raw) : raw;
    });
  }
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), addresses };
}

/** POST the upload form: the CSRF token first, as the page's form sends it. */
function uploadForm(roundId: number, cookie: string, file: { name: string; content: Buffer | string }, fields: Record<string, string>, extra: Record<string, string> = {}) {
  const m = multipart(fields, file);
  return s.app.inject({ method: 'POST', url: `/rounds/${roundId}/work/upload`, headers: { cookie, ...m.headers, ...extra }, payload: m.payload });
}

const workPage = (roundId: number, headers: Record<string, string>, query = '') => s.app.inject({ url: `/rounds/${roundId}/work${query}`, headers });

/** Rows of the problems table as shown: where, the entity (tags stripped), Chinese, English. */
function problemRows(page: string): { where: string; entity: string; zh: string; en: string }[] {
  const table = /<table id="problems"[\s\S]*?<\/table>/.exec(page);
  if (!table) return [];
  return [...table[0].matchAll(/<tr data-where="[^"]*"><td class="num">\d+<\/td><td class="where">([^<]*)<\/td><td class="entity">(.*?)<\/td><td lang="zh-CN">([^<]*)<\/td><td lang="en">([^<]*)<\/td><\/tr>/g)]
    .map((m) => ({ where: decode(m[1]), entity: decode(m[2].replace(/<[^>]*>/g, '')), zh: decode(m[3]), en: decode(m[4]) }));
}

describe('the office works a round through the pages', () => {
  let cookie: string;
  let round: number;
  let csrf: string;
  let template: Buffer;

  test('logged in, the office finds its new round in the list with a link to its work page; with no results yet the round opens there', async () => {
    round = await draftRound('页面办理轮次', 2031);
    cookie = await login(s.token('office'));
    const list = await s.app.inject({ url: '/', headers: { cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toMatch(new RegExp(`<tr data-round-id="${round}">[\\s\\S]*?<a class="work-link" href="/rounds/${round}/work">办理</a>`));
    const ranking = await s.app.inject({ url: `/rounds/${round}?lang=en`, headers: { cookie } });
    expect(ranking.statusCode).toBe(303);
    expect(ranking.headers.location).toBe(`/rounds/${round}/work?lang=en`);
  });

  test('the draft round\'s page says what to do next and offers to open it; no upload yet', async () => {
    const r = await workPage(round, { cookie });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-security-policy']).toContain("form-action 'self'");
    const scan = assertOnlyPageMarkup(r.body);
    expect(scan.text.join(' ')).toContain('本轮是草稿');
    expect(r.body).toContain('data-status="draft"');
    expect(r.body).toContain('id="open-button"');
    expect(r.body).not.toContain('id="upload-form"');
    expect(r.body).toContain(`href="/rounds/${round}/work/template"`);
    expect(r.body).toContain(`href="/rounds/${round}/work/template?format=csv"`);
    expect(r.body).not.toContain('http-equiv="refresh"');
    csrf = csrfOf(r.body);
    // Every form carries the token as its first field.
    for (const m of r.body.matchAll(/<form class="work"[^>]*>([^\n]*)/g)) expect(m[1]).toContain('name="csrf"');
    const en = await workPage(round, { cookie }, '?lang=en');
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('This round is a draft');
    expect(en.body).toContain(`action="/rounds/${round}/work/open?lang=en"`);
  });

  test('opening the round for data: 303 back to the page with a notice', async () => {
    const r = await s.app.inject({ method: 'POST', url: `/rounds/${round}/work/open`, ...form({ csrf }, { cookie }) });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/rounds/${round}/work?notice=opened`);
    expect(getRound(s.db, round).status).toBe('collecting');
    const page = await workPage(round, { cookie }, '?notice=opened');
    expect(page.body).toContain('id="notice" data-notice="opened"');
    expect(page.body).toContain('id="upload-form"');
    expect(page.body).not.toContain('id="upload-reason"');
    // Opening twice is refused on the page, with why.
    const again = await s.app.inject({ method: 'POST', url: `/rounds/${round}/work/open?lang=en`, ...form({ csrf }, { cookie }) });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('id="work-error"');
    expect(again.body).toMatch(/can(&#39;|')t become collecting/);
  });

  test('the template downloads as an .xlsx workbook and as CSV, with the roster', async () => {
    const x = await s.app.inject({ url: `/rounds/${round}/work/template`, headers: { cookie } });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toMatch(/spreadsheetml/);
    expect(x.headers['content-disposition']).toBe(`attachment; filename="kaohe-template-round-${round}.xlsx"`);
    template = x.rawPayload;
    expect(template.readUInt32BE(0)).toBe(0x504b0304);
    const c = await s.app.inject({ url: `/rounds/${round}/work/template?format=csv`, headers: { cookie } });
    expect(c.statusCode).toBe(200);
    expect(c.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(c.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows.map((x2) => x2.id).sort()).toEqual(demoRows.map((x2) => x2.id).sort());
    const bad = await s.app.inject({ url: `/rounds/${round}/work/template?format=pdf`, headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/text\/html/);
  });

  test('a workbook with bad cells: 422, every problem in a table with its sheet and cell, in Chinese and English; nothing stored', async () => {
    const before = counts(s.db);
    const bad = await filledWorkbook(template, [{ id: '321000', column: 'pm25', value: '约33' }, { id: '320100', column: 'forest_cover', value: '很高' }]);
    expect(bad.addresses).toHaveLength(2);
    const r = await uploadForm(round, cookie, { name: '填报.xlsx', content: bad.bytes }, { csrf });
    expect(r.statusCode).toBe(422);
    assertOnlyPageMarkup(r.body);
    expect(r.body).toContain('id="work-error"');
    expect(r.body).toContain('文件未被接收，未保存任何内容');
    expect(r.body).toContain(`共 ${bad.addresses.length} 处问题，逐条见下表`);
    const problems = problemRows(r.body);
    for (const a of bad.addresses) {
      const p = problems.find((x) => x.where.includes(`${TEMPLATE_SHEETS.data}!${a}`));
      expect(p, a).toBeDefined();
      expect(p!.zh).toMatch(/[\u4e00-\u9fff]/);
      // The row's city by name, beside the cell.
      expect(p!.entity).toMatch(/^(扬州市（321000）|南京市（320100）)$/);
      expect(p!.en).toMatch(/[a-z]{3}/);
    }
    expect(counts(s.db)).toEqual(before);
    expect(getRound(s.db, round).snapshotHash).toBeNull();
    // The page still offers the form to try again.
    expect(r.body).toContain('id="upload-form"');
  });

  test('one city\'s file: accepted (303), and the report lists the cities still missing, by name', async () => {
    const nanjing = demoRows.find((x) => x.id === '320100')!;
    const header = Object.keys(nanjing);
    const csv = `${header.join(',')}\n${header.map((h) => nanjing[h]).join(',')}\n`;
    const r = await uploadForm(round, cookie, { name: '南京.csv', content: csv }, { csrf });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/rounds/${round}/work?notice=uploaded`);
    const page = await workPage(round, { cookie });
    const row = /<tr data-submission-id="\d+" data-kind="submission">[\s\S]*?<\/tr>/.exec(page.body)![0];
    expect(row).toContain('南京.csv');
    expect(row).toContain('<td class="num rows">1</td>');
    expect(row).toContain(`<td class="missing" data-missing="${demoRows.length - 1}">`);
    const missing = demoRows.filter((x) => x.id !== '320100');
    for (const m of missing) expect(row).toContain(`data-entity-id="${m.id}">${m.name}<span class="code">${m.id}</span>`);
    expect(page.body).toContain(`还有 ${demoRows.length - 1} 个参评对象没有数据`);
  });

  test('the filled workbook: accepted, blank rows none, nothing missing; then scored and the run shown', async () => {
    const good = await filledWorkbook(template);
    const r = await uploadForm(round, cookie, { name: '填报-全部.xlsx', content: good.bytes }, { csrf });
    expect(r.statusCode).toBe(303);
    const page = await workPage(round, { cookie });
    const rows = [...page.body.matchAll(/<tr data-submission-id="\d+"[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    expect(rows).toHaveLength(2);
    // Newest first.
    expect(rows[0]).toContain('填报-全部.xlsx');
    expect(rows[0]).toContain(`<td class="num rows">${demoRows.length}</td>`);
    expect(rows[0]).toContain('<td class="num blank-rows">0</td>');
    expect(rows[0]).toContain('data-missing="0"');
    expect(page.body).toContain('数据已齐全');
    expect(page.body).toContain('id="score-button"');
    expect(page.body).toContain('尚未评分');

    const score = await s.app.inject({ method: 'POST', url: `/rounds/${round}/work/score`, ...form({ csrf }, { cookie }) });
    expect(score.statusCode).toBe(303);
    expect(score.headers.location).toBe(`/rounds/${round}/work?notice=scoring`);
    await s.app.jobs.idle();
    const after = await workPage(round, { cookie });
    expect(after.body).toMatch(/<tr data-run-id="\d+" data-run-status="done">/);
    expect(after.body).not.toContain('http-equiv="refresh"');
    expect(getRound(s.db, round).status).toBe('scored');
  });

  test('publishing the run the page offered: 303, published; the ranking shows it, with the link back to the work page', async () => {
    const page = await workPage(round, { cookie });
    expect(page.body).toContain('id="publish-button"');
    const run = /<input type="hidden" name="run" value="(\d+)">/.exec(page.body)![1];
    expect(page.body).toContain(`href="/rounds/${round}?run=${run}"`);
    const r = await s.app.inject({ method: 'POST', url: `/rounds/${round}/work/publish`, ...form({ csrf, run }, { cookie }) });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/rounds/${round}/work?notice=published`);
    expect(latestPublication(s.db, round)?.runId).toBe(Number(run));
    expect(getRound(s.db, round).status).toBe('published');
    const after = await workPage(round, { cookie });
    expect(after.body).not.toContain('id="publish-button"');
    expect(after.body).toContain('结果已发布');
    // A file now is a correction: the form asks for its reason.
    expect(after.body).toContain('id="upload-reason"');
    const ranking = await s.app.inject({ url: `/rounds/${round}`, headers: { cookie } });
    expect(ranking.statusCode).toBe(200);
    expect(ranking.body).toContain(`<a class="work-link" href="/rounds/${round}/work">`);
    expect([...ranking.body.matchAll(/<tr data-entity-id=/g)]).toHaveLength(demoRows.length);
  });

  test('a correction needs its reason; republishing needs one too; both shown on the page when missing', async () => {
    const good = await filledWorkbook(template, [{ id: '320100', column: 'pm25', value: 26.5 }]);
    const before = counts(s.db);
    const noReason = await uploadForm(round, cookie, { name: '更正.xlsx', content: good.bytes }, { csrf });
    expect(noReason.statusCode).toBe(422);
    expect(problemRows(noReason.body).map((p) => p.where)).toEqual(['reason']);
    expect(counts(s.db)).toEqual(before);
    const ok = await uploadForm(round, cookie, { name: '更正.xlsx', content: good.bytes }, { csrf, reason: '申诉成立：南京 PM2.5 更正' });
    expect(ok.statusCode).toBe(303);
    let page = await workPage(round, { cookie });
    expect(page.body).toContain('data-kind="correction"');
    expect(page.body).toContain('申诉成立：南京 PM2.5 更正');
    expect(page.body).toContain('数据在上次评分后有更正');
    expect((await s.app.inject({ method: 'POST', url: `/rounds/${round}/work/score`, ...form({ csrf }, { cookie }) })).statusCode).toBe(303);
    await s.app.jobs.idle();
    page = await workPage(round, { cookie });
    expect(page.body).toContain('重新发布理由（必填）');
    const run = /<input type="hidden" name="run" value="(\d+)">/.exec(page.body)![1];
    const refused = await s.app.inject({ method: 'POST', url: `/rounds/${round}/work/publish?lang=en`, ...form({ csrf, run }, { cookie }) });
    expect(refused.statusCode).toBe(422);
    expect(problemRows(refused.body)[0]).toMatchObject({ where: 'reason' });
    expect(refused.body).toContain('republishing needs a reason');
    const r = await s.app.inject({ method: 'POST', url: `/rounds/${round}/work/publish`, ...form({ csrf, run, reason: '申诉更正' }, { cookie }) });
    expect(r.statusCode).toBe(303);
    expect(latestPublication(s.db, round)).toMatchObject({ runId: Number(run), reason: '申诉更正' });
  });

  test('bad input to the forms gets a page that says what and how to fix it', async () => {
    const before = counts(s.db);
    const cases: { name: string; file: { name: string; content: string | Buffer }; fields?: Record<string, string>; status: number; text: RegExp }[] = [
      { name: 'a PDF', file: { name: 'report.pdf', content: '%PDF-1.4' }, fields: { reason: 'x' }, status: 415, text: /report\.pdf/ },
      { name: 'an empty file', file: { name: 'empty.csv', content: '' }, fields: { reason: 'x' }, status: 422, text: /the uploaded file is empty/ },
      { name: 'an unknown part', file: { name: 'd.csv', content: DEMO_CSV }, fields: { reason: 'x', part: 'everything' }, status: 400, text: /unknown contents/ },
    ];
    for (const c of cases) {
      const r = await uploadForm(round, cookie, c.file, { csrf, ...c.fields });
      expect(r.statusCode, c.name).toBe(c.status);
      expect(r.body, c.name).toContain('id="work-error"');
      expect(decode(r.body), c.name).toMatch(c.text);
      assertOnlyPageMarkup(r.body);
    }
    const noFile = multipart({ csrf, reason: 'x' });
    const r = await s.app.inject({ method: 'POST', url: `/rounds/${round}/work/upload`, headers: { cookie, ...noFile.headers }, payload: noFile.payload });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('没有收到文件');
    const noRun = await s.app.inject({ method: 'POST', url: `/rounds/${round}/work/publish`, ...form({ csrf }, { cookie }) });
    expect(noRun.statusCode).toBe(400);
    expect(noRun.body).toContain('reload the page');
    expect(counts(s.db)).toEqual(before);
  });

  test('each finished run offers its results (Excel, CSV, JSON), its audit bundle and what changed since the run before; a published round is archived from the page', async () => {
    const page = await workPage(round, { cookie });
    const runIds = [...page.body.matchAll(/<tr data-run-id="(\d+)" data-run-status="done">/g)].map((m) => m[1]);
    expect(runIds.length).toBeGreaterThanOrEqual(2);
    const [latest, before] = runIds;
    for (const format of ['xlsx', 'csv', 'json']) {
      const href = `/api/runs/${latest}/export?format=${format}`;
      expect(page.body).toContain(`href="${href.replace(/&/g, '&amp;')}"`);
      const file = await s.app.inject({ url: href, headers: { cookie } });
      expect(file.statusCode, format).toBe(200);
    }
    expect(page.body).toContain(`href="/api/runs/${latest}/bundle"`);
    expect((await s.app.inject({ url: `/api/runs/${latest}/bundle`, headers: { cookie } })).statusCode).toBe(200);
    // What changed opens the diff page, which names the city that moved.
    const diffHref = /class="diff-link" href="([^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
    expect(diffHref).toBe(`/diff?from=${before}&to=${latest}`);
    const diff = await s.app.inject({ url: diffHref!, headers: { cookie } });
    expect(diff.statusCode).toBe(200);
    expect(diff.body).toContain('320100');

    expect(page.body).toContain('id="archive-button"');
    const r = await s.app.inject({ method: 'POST', url: `/rounds/${round}/work/archive`, ...form({ csrf }, { cookie }) });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/rounds/${round}/work?notice=archived`);
    expect(getRound(s.db, round).status).toBe('archived');
    const after = await workPage(round, { cookie: cookie });
    expect(after.body).toContain('本轮已归档');
    expect(after.body).not.toContain('id="archive-button"');
    // Without the page's CSRF token the form does nothing.
    const forged = await s.app.inject({ method: 'POST', url: `/rounds/${round}/work/archive`, ...form({}, { cookie }) });
    expect(forged.statusCode).toBe(403);
  });
});

describe('uploads keep the API\'s size limit', () => {
  test('a file over the limit: 413 on the page with the limit and what to do; nothing stored', async () => {
    const small = await demoServer({ maxUploadBytes: 2048, rateLimits: { upload: 1000 } });
    try {
      const token = small.token('office');
      const r0 = await small.app.inject({
        method: 'POST', url: '/api/rounds', headers: bearer(token),
        payload: { name: { zh: '上限' }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId: 1, periodStart: '2032-01-01', periodEnd: '2032-12-31' },
      });
      const id = r0.json().id as number;
      await small.app.inject({ method: 'POST', url: `/api/rounds/${id}/status`, headers: bearer(token), payload: { status: 'collecting' } });
      const c = String((await small.app.inject({ method: 'POST', url: '/login', ...form({ token }) })).headers['set-cookie']).split(';')[0];
      const page = await small.app.inject({ url: `/rounds/${id}/work`, headers: { cookie: c } });
      expect(page.body).toContain('最大 2 KB');
      const before = counts(small.db);
      const m = multipart({ csrf: csrfOf(page.body) }, { name: 'big.csv', content: `${DEMO_CSV}${'#'.repeat(4096)}` });
      const r = await small.app.inject({ method: 'POST', url: `/rounds/${id}/work/upload`, headers: { cookie: c, ...m.headers }, payload: m.payload });
      expect(r.statusCode).toBe(413);
      expect(r.body).toContain('文件超过上限 2 KB');
      expect(counts(small.db)).toEqual(before);
    } finally {
      await small.close();
    }
  });

  test('uploads from the page are rate-limited like the API\'s', async () => {
    const limited = await demoServer({ rateLimits: { upload: 2 } });
    try {
      const c = String((await limited.app.inject({ method: 'POST', url: '/login', ...form({ token: limited.token('office') }) })).headers['set-cookie']).split(';')[0];
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) {
        const m = multipart({ csrf: 'x' }, { name: 'd.csv', content: DEMO_CSV });
        codes.push((await limited.app.inject({ method: 'POST', url: '/rounds/1/work/upload', headers: { cookie: c, ...m.headers }, payload: m.payload })).statusCode);
      }
      expect(codes).toEqual([403, 403, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('CSRF: the cookie writes only with the page\'s token, from this site', () => {
  let cookie: string;
  let csrf: string;
  let round: number;

  beforeAll(async () => {
    round = await draftRound('CSRF 轮次', 2033);
    cookie = await login(s.token('office'));
    csrf = csrfOf((await workPage(round, { cookie })).body);
  });

  /** Every form route, with these fields and headers. */
  function everyForm(fields: Record<string, string>, headers: Record<string, string>) {
    const m = multipart(fields, { name: 'd.csv', content: DEMO_CSV });
    return [
      s.app.inject({ method: 'POST', url: `/rounds/${round}/work/open`, ...form(fields, headers) }),
      s.app.inject({ method: 'POST', url: `/rounds/${round}/work/upload`, headers: { ...headers, ...m.headers }, payload: m.payload }),
      s.app.inject({ method: 'POST', url: `/rounds/${round}/work/score`, ...form(fields, headers) }),
      s.app.inject({ method: 'POST', url: `/rounds/${round}/work/publish`, ...form({ ...fields, run: '1' }, headers) }),
    ];
  }

  test('without a token, with a wrong one, or with another session\'s: 403 on every form route, and nothing changes', async () => {
    const other = await login(s.token('office'));
    const otherCsrf = csrfOf((await workPage(round, { cookie: other })).body);
    expect(otherCsrf).not.toBe(csrf);
    const before = { ...counts(s.db), audit: s.db.prepare('SELECT count(*) AS n FROM audit').pluck().get(), round: getRound(s.db, round) };
    const tries: Record<string, string>[] = [{}, { csrf: 'not-the-token' }, { csrf: otherCsrf }, { csrf: `${csrf}x` }];
    for (const fields of tries) {
      for (const r of await Promise.all(everyForm(fields, { cookie }))) {
        expect(r.statusCode).toBe(403);
        expect(r.body).toContain('表单已失效');
        expect(r.body).toContain('reload the page');
      }
    }
    expect({ ...counts(s.db), audit: s.db.prepare('SELECT count(*) AS n FROM audit').pluck().get(), round: getRound(s.db, round) }).toEqual(before);
  });

  test('the right token from another site\'s page (Origin, or Referer without Origin): 403, nothing changes', async () => {
    const before = { ...counts(s.db), round: getRound(s.db, round) };
    const foreign: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { referer: 'https://evil.example/page' }];
    for (const h of foreign) {
      for (const r of await Promise.all(everyForm({ csrf }, { cookie, ...h }))) {
        expect(r.statusCode).toBe(403);
        expect(r.body).toContain('another site');
      }
    }
    expect({ ...counts(s.db), round: getRound(s.db, round) }).toEqual(before);
  });

  test('the right token with this site\'s Origin is accepted', async () => {
    const r = await s.app.inject({ method: 'POST', url: `/rounds/${round}/work/open`, ...form({ csrf }, { cookie, origin: 'http://localhost:80', host: 'localhost:80' }) });
    expect(r.statusCode).toBe(303);
    expect(getRound(s.db, round).status).toBe('collecting');
  });

  test('no session at all: the form sends you to log in, then back to the work page', async () => {
    const r = await s.app.inject({ method: 'POST', url: `/rounds/${round}/work/score?lang=en`, ...form({ csrf }) });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/login?next=${encodeURIComponent(`/rounds/${round}/work?lang=en`)}&lang=en`);
  });

  test('the JSON API still takes no cookie for writes, token or not', async () => {
    const r = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: { cookie, 'content-type': 'application/json' }, payload: { csrf } });
    expect([400, 401]).toContain(r.statusCode);
    const runs = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: { cookie } });
    expect(runs.statusCode).toBe(401);
  });
});

describe('only the round\'s office works on it', () => {
  let round: number;
  beforeAll(async () => {
    round = await draftRound('权限轮次', 2034);
    await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/status`, headers: office, payload: { status: 'collecting' } });
  });

  const readers: [string, () => string][] = [
    ['leadership', () => s.token('leadership')],
    ['auditor', () => s.token('auditor')],
    ['public', () => tokenFor(s.db, 'public', 'page-public')],
    ['admin', () => s.token('admin')],
    ['another office', () => otherOffice(s.db, 'page-other-office')],
  ];

  test.each(readers)('%s: no work link or controls, 403 on every form route even with its own valid token (the auditor reads the page without them); nothing changes', async (who, token) => {
    const cookie = await login(token());
    const list = await s.app.inject({ url: '/', headers: { cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('class="work-link"');
    if (who === 'auditor') expect(list.body).toContain(`class="record-link" href="/rounds/${round}/work"`);
    else expect(list.body).not.toContain('/work');
    // The reader's own, valid token (every page's logout form carries it): the role check refuses.
    const csrf = csrfOf(list.body);
    const published = await s.app.inject({ url: `/rounds/${s.seed.roundIds.at(-1)}`, headers: { cookie } });
    expect(published.statusCode).toBe(200);
    expect(published.body).not.toContain('/work');
    const work = await workPage(round, { cookie });
    expect(work.statusCode).toBe(who === 'auditor' ? 200 : 403);
    if (who === 'auditor') expect(work.body).not.toMatch(/action="\/rounds\/\d+\/work\//);
    expect((await s.app.inject({ url: `/rounds/${round}/work/template`, headers: { cookie } })).statusCode).toBe(403);
    const before = { ...counts(s.db), round: getRound(s.db, round) };
    const m = multipart({ csrf }, { name: 'd.csv', content: DEMO_CSV });
    const answers = await Promise.all([
      s.app.inject({ method: 'POST', url: `/rounds/${round}/work/open`, ...form({ csrf }, { cookie }) }),
      s.app.inject({ method: 'POST', url: `/rounds/${round}/work/upload`, headers: { cookie, ...m.headers }, payload: m.payload }),
      s.app.inject({ method: 'POST', url: `/rounds/${round}/work/score`, ...form({ csrf }, { cookie }) }),
      s.app.inject({ method: 'POST', url: `/rounds/${round}/work/publish`, ...form({ csrf, run: '1' }, { cookie }) }),
    ]);
    for (const r of answers) {
      expect(r.statusCode).toBe(403);
      expect(r.body).toMatch(/考核办|another office/);
      expect(r.body).not.toContain('表单已失效');
    }
    expect({ ...counts(s.db), round: getRound(s.db, round) }).toEqual(before);
  });

  test('a bearer token on the form routes is checked the same way (no CSRF needed: browsers never send one by themselves)', async () => {
    const r = await s.app.inject({ method: 'POST', url: `/rounds/${round}/work/score`, ...form({}, bearer(s.token('leadership'))) });
    expect(r.statusCode).toBe(403);
  });
});

describe('hostile names are shown as text', () => {
  const evil = '<script>alert(1)</script>"\'&';

  test('a hostile file name on a refused and an accepted upload, and hostile entity names in the missing list', async () => {
    const roster = createRoster(s.db, SYSTEM, { name: 'evil', regions: [{ code: '320100', name: evil }, { code: '320200', name: `<img src=x onerror=alert(2)>` }] });
    const round = await draftRound(`${evil}轮次`, 2035, roster.id);
    await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/status`, headers: office, payload: { status: 'collecting' } });
    const cookie = await login(s.token('office'));
    const csrf = csrfOf((await workPage(round, { cookie })).body);
    // (No double quote: it can't go into a multipart header's filename.)
    const fileName = `<img src=x onerror=alert(3)>'&.csv`;
    const bad = await uploadForm(round, cookie, { name: fileName, content: 'id,name,pm25\n320100,x,很多\n' }, { csrf });
    expect(bad.statusCode).toBe(422);
    const badScan = assertOnlyPageMarkup(bad.body);
    expect(badScan.tags.some((t) => t.name === 'img' || t.name === 'script')).toBe(false);
    expect(problemRows(bad.body).some((p) => p.where.includes(fileName))).toBe(true);
    const ok = await uploadForm(round, cookie, { name: fileName, content: 'id,name,energy_use,gdp,pm25\n320100,,100,1000,30\n' }, { csrf });
    expect(ok.statusCode).toBe(303);
    const page = await workPage(round, { cookie });
    const scan = assertOnlyPageMarkup(page.body);
    const text = scan.text.join('\n');
    expect(text).toContain(fileName);
    expect(text).toContain('<img src=x onerror=alert(2)>');
    expect(text).toContain(`${evil}轮次`);
    expect(scanHtml(page.body).tags.filter((t) => t.name === 'script' || t.name === 'img')).toHaveLength(0);
  });
});
