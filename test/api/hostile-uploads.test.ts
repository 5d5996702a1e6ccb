/**
 * Hostile and careless uploads: rows of empty cells (a spreadsheet's formatted, empty rows),
 * more rows than the round's roster, rows wider than the cap, an id or a cell of megabytes,
 * ids off the roster by the hundred, UTF-16 text. Each is refused with its cap or problem
 * named, in an answer of bounded size, with nothing stored, and is an audit entry; while a
 * large one is read the service goes on answering. Logins: another site's login form is
 * refused, and every refused login is an audit entry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getRound, listAudit, rosterEntities, submitFile, SYSTEM } from '../../store/index.js';
import { bearer, collectingDemoRound, counts, demoServer, multipart, TEMPLATES, upload, type DemoServer } from './helpers.js';
import { csrfOf, form, loginCookie } from './page-forms.js';
import { gbkBytes } from '../gbk.js';

const MAX_EMPTY_ROWS = 100_000;
const MAX_CELLS = 40;
const MAX_UPLOAD = 2 * 1024 * 1024;
const good = readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8');
const [header, ...rows] = good.trimEnd().split('\n');
const width = header.split(',').length;
const emptyRow = `${','.repeat(width - 1)}\n`;
/** A data row of the demo file with another id. */
const withId = (id: string, row = rows[0]): string => `${id}${row.slice(row.indexOf(','))}`;

let s: DemoServer;
let office: Record<string, string>;
let round: number;
let rosterSize: number;

beforeAll(async () => {
  s = await demoServer({ maxUploadBytes: MAX_UPLOAD, uploadCaps: { maxEmptyRows: MAX_EMPTY_ROWS, maxCells: MAX_CELLS }, rateLimits: { upload: 1000, login: 1000 } });
  office = bearer(s.token('office'));
  round = await collectingDemoRound(s, office, '敌意上传', 2027);
  rosterSize = rosterEntities(s.db, getRound(s.db, round).rosterId, 'region')!.size;
});
afterAll(async () => { await s.close(); });

type Answer = Awaited<ReturnType<typeof upload>>;

/** Uploads a file that must be refused with 422 and leave everything as it was; returns the answer. */
async function refused(name: string, content: Buffer | string): Promise<Answer> {
  const before = { ...counts(s.db), snapshot: getRound(s.db, round).snapshotHash };
  const r = await upload(s.app, round, office, { name, content });
  expect(r.statusCode).toBe(422);
  expect({ ...counts(s.db), snapshot: getRound(s.db, round).snapshotHash }).toEqual(before);
  return r;
}

const problemsOf = (r: Answer): { where: string; zh: string; en: string }[] => r.json().error.problems;

describe('rows of empty cells', () => {
  test('are skipped and counted: the file is taken as its filled rows', async () => {
    const r = await upload(s.app, round, office, { name: 'formatted.csv', content: `${good}${emptyRow.repeat(500)}` });
    expect(r.statusCode).toBe(201);
    expect(r.json().submission.report).toMatchObject({ rows: rows.length, emptyRows: 500 });
  });

  test('in a workbook too: formatted, empty rows below the data are skipped and counted', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(header.split(','));
    for (const line of rows) ws.addRow(line.split(',').map((v, k) => (k >= 3 && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v)));
    // What Excel keeps of rows someone formatted and left empty: a style, no value.
    for (let r = rows.length + 2; r < rows.length + 2 + 30; r++) ws.getRow(r).getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
    const r = await upload(s.app, round, office, { name: 'formatted.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().submission.report).toMatchObject({ format: 'xlsx', rows: rows.length, emptyRows: 30 });
  });

  test('past the cap: refused with the cap named, nothing stored, and the service answers meanwhile', async () => {
    const ranked = s.seed.roundIds[2];
    const leader = bearer(s.token('leadership'));
    const expected = (await s.app.inject({ url: `/api/rounds/${ranked}/ranking`, headers: leader })).json();
    const before = { ...counts(s.db), snapshot: getRound(s.db, round).snapshotHash };
    const [big, ranking] = await Promise.all([
      upload(s.app, round, office, { name: 'formatted.csv', content: `${good}${emptyRow.repeat(MAX_EMPTY_ROWS + 1)}` }),
      s.app.inject({ url: `/api/rounds/${ranked}/ranking`, headers: leader }),
    ]);
    expect(ranking.statusCode).toBe(200);
    expect(ranking.json()).toEqual(expected);
    expect(big.statusCode).toBe(422);
    expect(problemsOf(big)).toEqual([expect.objectContaining({ where: `formatted.csv:${rows.length + 2 + MAX_EMPTY_ROWS}`, en: expect.stringContaining(`more than ${MAX_EMPTY_ROWS} empty rows`) })]);
    expect({ ...counts(s.db), snapshot: getRound(s.db, round).snapshotHash }).toEqual(before);
  });

  test('the file is parsed a slice per turn of the event loop: a request made as the parse starts is answered before it ends', async () => {
    const ranked = s.seed.roundIds[2];
    const finished: string[] = [];
    const bytes = Buffer.from(`${good}${emptyRow.repeat(MAX_EMPTY_ROWS + 1)}`);
    // The file's bytes are in memory already: from here on, reading it is the upload's only work.
    const refusal = submitFile(s.db, SYSTEM, round, { fileName: 'formatted.csv', bytes }, { caps: { maxEmptyRows: MAX_EMPTY_ROWS } }).then(() => 'accepted', (e: Error) => e.name);
    const ranking = s.app.inject({ url: `/api/rounds/${ranked}/ranking`, headers: bearer(s.token('leadership')) });
    await Promise.all([refusal.then(() => finished.push('upload')), ranking.then(() => finished.push('ranking'))]);
    expect(await refusal).toBe('KaoheError');
    expect((await ranking).statusCode).toBe(200);
    expect(finished).toEqual(['ranking', 'upload']);
  });
});

describe('caps on rows, cells and texts', () => {
  test('more rows than the roster and its margin: refused at the first row past it', async () => {
    const cap = rosterSize + 100;
    const lines = Array.from({ length: cap + 50 }, (_, k) => withId(`X${k}`));
    const r = await refused('many.csv', `${header}\n${lines.join('\n')}\n`);
    expect(problemsOf(r)).toEqual([expect.objectContaining({ where: `many.csv:${cap + 2}`, en: expect.stringContaining(`more than ${cap} data rows`) })]);
  });

  test('ids off the roster: the first 100 listed and the rest counted, in an answer of bounded size', async () => {
    const lines = Array.from({ length: 105 }, (_, k) => withId(`X${k}`));
    const r = await refused('typos.csv', `${header}\n${lines.join('\n')}\n`);
    const problems = problemsOf(r);
    expect(problems.filter((p) => /not on this round's roster/.test(p.en))).toHaveLength(100);
    expect(problems.at(-1)).toMatchObject({ where: 'typos.csv', en: '5 more problem(s) of this kind (ids not on the roster) not listed' });
    expect(problems).toHaveLength(101);
  });

  test('a row wider than the cap: refused at once, the cap named', async () => {
    const wide = `${header}${',extra'.repeat(MAX_CELLS)}\n`;
    const r = await refused('wide.csv', wide);
    expect(problemsOf(r)).toEqual([expect.objectContaining({ where: 'wide.csv:1', en: expect.stringContaining(`more than the cap of ${MAX_CELLS}`) })]);
  });

  test('an id of a megabyte: named by its cell, shown by its start and length, never echoed whole (API and page)', async () => {
    const id = '3'.repeat(1024 * 1024);
    const content = `${header}\n${withId(id)}\n${rows.slice(1).join('\n')}\n`;
    const r = await refused('long-id.csv', content);
    expect(problemsOf(r)).toEqual([expect.objectContaining({ where: 'long-id.csv:2 id', en: `the entity id is too long (${id.length} characters, at most 64): "${'3'.repeat(20)}…(${id.length} 字符 / chars)"` })]);
    expect(r.body.length).toBeLessThan(2000);

    const cookie = await loginCookie(s.app, s.token('office'));
    const page = await s.app.inject({ url: `/rounds/${round}/work`, headers: { cookie } });
    const m = multipart({ csrf: csrfOf(page.body) }, { name: 'long-id.csv', content });
    const before = counts(s.db);
    const viaPage = await s.app.inject({ method: 'POST', url: `/rounds/${round}/work/upload`, headers: { cookie, ...m.headers }, payload: m.payload });
    expect(viaPage.statusCode).toBe(422);
    expect(viaPage.body).toContain(`${'3'.repeat(20)}…(${id.length} 字符 / chars)`);
    expect(viaPage.body).not.toContain('3'.repeat(100));
    expect(counts(s.db)).toEqual(before);
  });

  test('a name longer than a text cell may be: named and shown truncated', async () => {
    const name = '长'.repeat(5000);
    const row = rows[0].split(',');
    row[1] = name;
    const r = await refused('long-name.csv', `${header}\n${row.join(',')}\n`);
    expect(problemsOf(r)).toEqual([expect.objectContaining({ where: 'long-name.csv:2 name', en: expect.stringContaining(`the name is too long (5000 characters, at most 1000)`) })]);
    expect(r.body.length).toBeLessThan(2000);
  });
});

describe('messages', () => {
  test('a data CSV in UTF-16 (with or without its byte-order mark, either byte order) or GBK is read as the same data in UTF-8', async () => {
    expect((await upload(s.app, round, office, { name: 'utf8.csv', content: good })).statusCode).toBe(201);
    const snapshot = getRound(s.db, round).snapshotHash;
    for (const [name, content] of [['bom.csv', Buffer.from(`\uFEFF${good}`, 'utf16le')], ['le.csv', Buffer.from(good, 'utf16le')], ['be.csv', Buffer.from(good, 'utf16le').swap16()], ['gbk.csv', gbkBytes(good)]] as const) {
      const r = await upload(s.app, round, office, { name, content });
      expect(r.statusCode, name).toBe(201);
      expect(getRound(s.db, round).snapshotHash, name).toBe(snapshot);
    }
  });

  test('a records CSV in UTF-16 is named as UTF-16, with how to save it as UTF-8', async () => {
    const r = await upload(s.app, round, office, { name: 'unicode.csv', content: Buffer.from(`\uFEFFid,date,type\n`, 'utf16le') }, { part: 'records' });
    expect(r.statusCode).toBe(422);
    expect(problemsOf(r)).toEqual([expect.objectContaining({ where: 'unicode.csv', en: expect.stringMatching(/UTF-16.*CSV UTF-8/), zh: expect.stringContaining('UTF-16') })]);
  });

  test('a file over the size limit: 413 saying the limit', async () => {
    const r = await upload(s.app, round, office, { name: 'huge.csv', content: `${good}${'#'.repeat(MAX_UPLOAD)}` });
    expect(r.statusCode).toBe(413);
    expect(r.json().error).toMatchObject({ code: 'too_large', zh: expect.stringContaining('2 MB'), en: expect.stringContaining('the limit is 2 MB') });
  });

  test('a JSON body over the route\'s limit: 413 saying the limit', async () => {
    const r = await s.app.inject({ method: 'POST', url: '/api/rounds', headers: { ...office, 'content-type': 'application/json' }, payload: `{"x":"${'a'.repeat(1024 * 1024)}"}` });
    expect(r.statusCode).toBe(413);
    expect(r.json().error.en).toContain('the limit is 1 MB');
  });
});

describe('the audit log', () => {
  test('every refused upload is an entry with its name, size, hash and first problems, never the file', () => {
    const refusals = listAudit(s.db, { target: `round:${round}`, limit: 1000 }).filter((e) => e.action === 'submission.refuse');
    const names = refusals.map((e) => e.detail.fileName);
    for (const name of ['formatted.csv', 'many.csv', 'typos.csv', 'wide.csv', 'long-id.csv', 'long-name.csv', 'unicode.csv']) expect(names).toContain(name);
    const longId = refusals.find((e) => e.detail.fileName === 'long-id.csv')!;
    expect(longId.detail).toMatchObject({ status: 422, code: 'invalid_content', problemCount: 1, size: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    for (const e of refusals) expect(JSON.stringify(e.detail).length).toBeLessThan(2000);
    const huge = refusals.find((e) => e.detail.code === 'too_large')!;
    expect(huge.detail).toMatchObject({ status: 413, fileName: null, problems: [{ where: 'huge.csv', en: expect.stringContaining('the limit is 2 MB') }] });
  });
});

describe('logging in', () => {
  const loginFailures = (): number => listAudit(s.db, { target: 'session', limit: 1000 }).filter((e) => e.action === 'login.fail').length;

  test('from another site\'s page: refused, no session, an audit entry', async () => {
    const n = loginFailures();
    const sessions = s.db.prepare('SELECT count(*) FROM sessions').pluck().get();
    const elsewhere: Record<string, string>[] = [{ origin: 'http://evil.example' }, { referer: 'http://evil.example/login' }];
    for (const headers of elsewhere) {
      const r = await s.app.inject({ method: 'POST', url: '/login', ...form({ token: s.token('office'), next: 'x'.repeat(600) }, headers) });
      expect(r.statusCode).toBe(403);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    expect(s.db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(sessions);
    const entries = listAudit(s.db, { target: 'session', limit: 1000 }).filter((e) => e.action === 'login.fail');
    expect(entries).toHaveLength(n + 2);
    expect(entries.at(-1)!.detail).toMatchObject({ reason: 'cross-site' });
  });

  test('from this site\'s page: a session', async () => {
    const r = await s.app.inject({ method: 'POST', url: '/login', ...form({ token: s.token('office') }, { origin: 'http://localhost:80', host: 'localhost:80' }) });
    expect(r.statusCode).toBe(303);
    expect(String(r.headers['set-cookie'])).toMatch(/^kaohe_session=/);
  });

  test('a wrong token: an audit entry saying why, without the token', async () => {
    const n = loginFailures();
    const wrong = 'kh_notarealtokennotarealtoken';
    const r = await s.app.inject({ method: 'POST', url: '/login', ...form({ token: wrong }) });
    expect(r.statusCode).toBe(401);
    const entries = listAudit(s.db, { target: 'session', limit: 1000 }).filter((e) => e.action === 'login.fail');
    expect(entries).toHaveLength(n + 1);
    expect(entries.at(-1)!.detail).toMatchObject({ reason: 'unknown' });
    expect(JSON.stringify(entries.at(-1))).not.toContain(wrong);
  });
});
