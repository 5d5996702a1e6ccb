/**
 * Credit repair end to end over HTTP: an enterprise applies for its own credit code (not for
 * another's), a non-repairable entry and a second pending application are refused, only an office
 * decides, an approved repair becomes a register record that the next run reads (off the red
 * list), a refused one changes nothing; bad input writes nothing. The repair page's forms check
 * the CSRF token and the credit code before reading the attachment; repairs uploaded into the
 * register directly are held to the same rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeEnterpriseUscc } from '../../io/index.js';
import { createAccount, createRoster, issueToken, SYSTEM } from '../../store/index.js';
import { bearer, demoServer, multipart, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';
import { csrfOf, form, loginCookie } from './page-forms.js';

const A = makeEnterpriseUscc('320100', '30000001');
const B = makeEnterpriseUscc('320100', '30000002');
const SCHEME = 'jiangsu-credit-12';
const HASH = 'a'.repeat(64);

let s: DemoServer;
let office: Record<string, string>;
let firmA: Record<string, string>;
let roundId: number;

const count = (table: string): number => (s.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const apply = (headers: Record<string, string>, body: Record<string, unknown>) => s.app.inject({ method: 'POST', url: '/api/repairs', headers, payload: { scheme: SCHEME, list: 'red_list', grounds: '已完成整改并通过现场核查', date: '2026-03-01', ...body } });

async function scores(): Promise<Record<string, number>> {
  const run = (await s.app.inject({ method: 'POST', url: `/api/rounds/${roundId}/runs`, headers: office })).json();
  expect((await waitForRun(s.app, run.id, office)).status).toBe('done');
  const ranking = (await s.app.inject({ url: `/api/runs/${run.id}/ranking`, headers: office })).json();
  return Object.fromEntries(ranking.rows.map((r: { entityId: string; score: number }) => [r.entityId, r.score]));
}

beforeAll(async () => {
  s = await demoServer();
  office = bearer(s.token('office'));
  const account = createAccount(s.db, SYSTEM, { name: 'firm-a', role: 'enterprise', uscc: A });
  firmA = bearer(issueToken(s.db, SYSTEM, account.id, { days: 30 }).token);
  const m = multipart({}, { name: 'scheme.yaml', content: readFileSync(join(TEMPLATES, SCHEME, 'scheme.yaml')) });
  await s.app.inject({ method: 'POST', url: '/api/schemes', headers: { ...bearer(s.token('admin')), ...m.headers }, payload: m.payload });
  const rosterId = createRoster(s.db, SYSTEM, { name: '江苏企业', regions: [], enterprises: [{ uscc: A, name: '甲' }, { uscc: B, name: '乙' }] }).id;
  roundId = (await s.app.inject({ method: 'POST', url: '/api/rounds', headers: office, payload: { name: { zh: '2026 上半年' }, schemeId: SCHEME, schemeVersion: '2020.1', rosterId, periodStart: '2026-01-01', periodEnd: '2026-06-30' } })).json().id;
  await s.app.inject({ method: 'POST', url: `/api/rounds/${roundId}/status`, headers: office, payload: { status: 'collecting' } });
  expect((await upload(s.app, roundId, office, { name: 'd.csv', content: `id,name,electricity\n${A},甲,1\n${B},乙,1\n` })).statusCode).toBe(201);
  // A: −7 for a year from 2026-01-10 (red: 9 − 7 = 2); B: criminal liability, not repairable.
  const mm = multipart({}, { name: 'r.csv', content: `id,date,type,kind,points,months\n${A},2026-01-10,violation,suspended,7,12\n${B},2026-01-05,violation,criminal,12,36\n` });
  expect((await s.app.inject({ method: 'POST', url: `/api/registers/${SCHEME}/uploads`, headers: { ...office, ...mm.headers }, payload: mm.payload })).statusCode).toBe(201);
});
afterAll(async () => { await s.close(); });

test('an enterprise applies for its own credit code, not for another\'s', async () => {
  const other = await apply(firmA, { entity: B });
  expect(other.statusCode).toBe(403);
  expect(other.json().error.en).toContain(`only for its own credit code (${A})`);
  expect(count('repair_applications')).toBe(0);
  const own = await apply(firmA, { entity: A, attachments: [{ name: '整改报告.pdf', sha256: HASH }] });
  expect(own.statusCode, own.body).toBe(201);
  expect(own.json()).toMatchObject({ id: 1, entity: A, list: 'red_list', attachments: [{ name: '整改报告.pdf', sha256: HASH }], decision: null });
  const again = await apply(office, { entity: A });
  expect(again.statusCode).toBe(409);
  // The enterprise sees its own applications only.
  expect((await s.app.inject({ url: '/api/repairs', headers: firmA })).json().applications.map((a: { entity: string }) => a.entity)).toEqual([A]);
});

test('a non-repairable entry and bad attachments are refused; nothing is written', async () => {
  const before = count('repair_applications');
  const criminal = await apply(office, { entity: B, list: 'blacklist' });
  expect(criminal.statusCode).toBe(422);
  expect(criminal.json().error.problems[0].en).toContain("can't be repaired: violation 2026-01-05");
  const bad = await apply(office, { entity: 'nobody', list: 'gold_list', attachments: [{ name: 'x', sha256: 'nothex' }] });
  expect(bad.statusCode).toBe(422);
  expect(bad.json().error.problems.map((p: { where: string }) => p.where)).toEqual(['list', 'entity', 'attachments[0].sha256']);
  expect(count('repair_applications')).toBe(before);
});

test('only an office decides; approved, the repair is a register record the next run reads', async () => {
  expect(await scores()).toEqual({ [A]: 2, [B]: -3 });
  for (const who of [firmA, bearer(s.token('leadership'))]) {
    expect((await s.app.inject({ method: 'POST', url: '/api/repairs/1/decision', headers: who, payload: { decision: 'approve', reason: '同意' } })).statusCode).toBe(403);
  }
  const ok = await s.app.inject({ method: 'POST', url: '/api/repairs/1/decision', headers: office, payload: { decision: 'approve', reason: '整改到位，核准修复', effective: '2026-04-01' } });
  expect(ok.statusCode, ok.body).toBe(201);
  const key = ok.json().decision.registerKey;
  expect(ok.json().decision).toMatchObject({ decision: 'approved', effective: '2026-04-01', reason: '整改到位，核准修复' });
  const record = (await s.app.inject({ url: `/api/registers/${SCHEME}/records/${key}`, headers: office })).json().versions[0];
  expect(record).toMatchObject({ entity: A, date: '2026-04-01', type: 'credit_repair', source: 'repair-application:1' });
  // As of 06-30 the repaired record no longer counts: 9, and no clean year (a violation within 365 days).
  expect(await scores()).toEqual({ [A]: 9, [B]: -3 });
  expect((await s.app.inject({ method: 'POST', url: '/api/repairs/1/decision', headers: office, payload: { decision: 'refuse', reason: '改' } })).statusCode).toBe(409);
});

test('a refused application keeps its reason and changes nothing', async () => {
  const account = createAccount(s.db, SYSTEM, { name: 'firm-b', role: 'enterprise', uscc: B });
  const firmB = bearer(issueToken(s.db, SYSTEM, account.id, { days: 30 }).token);
  expect((await s.app.inject({ url: '/api/repairs/1', headers: firmB })).statusCode).toBe(403);
  const records = count('register_records');
  // A has nothing left to repair now.
  const nothing = await apply(firmA, { entity: A, date: '2026-05-01' });
  expect(nothing.statusCode).toBe(422);
  expect(nothing.json().error.problems[0].en).toContain('no record valid on 2026-05-01 that a credit repair could end');
  const app2 = await apply(office, { entity: A, date: '2026-03-15' });
  expect(app2.statusCode, app2.body).toBe(201);
  const refused = await s.app.inject({ method: 'POST', url: `/api/repairs/${app2.json().id}/decision`, headers: office, payload: { decision: 'refuse', reason: '材料不全' } });
  expect(refused.json().decision).toMatchObject({ decision: 'refused', reason: '材料不全', registerKey: null });
  expect(count('register_records')).toBe(records);
});

test('an enterprise account needs a valid credit code', () => {
  expect(() => createAccount(s.db, SYSTEM, { name: 'firm-x', role: 'enterprise', uscc: '123' })).toThrow(/valid unified social credit code/);
  expect(() => createAccount(s.db, SYSTEM, { name: 'firm-y', role: 'office', officeId: 'demo', uscc: A })).toThrow(/only enterprise accounts/);
});

test('the repair page\'s forms: the CSRF token and the credit code are checked before the attachment is read; nothing is written when refused', async () => {
  const account = createAccount(s.db, SYSTEM, { name: 'firm-b-page', role: 'enterprise', uscc: B });
  const cookie = await loginCookie(s.app, issueToken(s.db, SYSTEM, account.id, { days: 30 }).token);
  const page = await s.app.inject({ url: `/repairs/${SCHEME}`, headers: { cookie } });
  expect(page.statusCode).toBe(200);
  // The enterprise sees its own applications only (none), and its credit code fixed in the form.
  expect(page.body).toContain('id="applications-none"');
  expect(page.body).toContain(`name="entity" required maxlength="64" value="${B}" readonly`);
  const csrf = csrfOf(page.body);
  const post = (fields: Record<string, string>) => {
    const m = multipart(fields, { name: '整改报告.pdf', content: 'x'.repeat(1000) });
    return s.app.inject({ method: 'POST', url: `/repairs/${SCHEME}/applications`, headers: { cookie, ...m.headers }, payload: m.payload });
  };
  const before = count('repair_applications');
  const noToken = await post({ entity: B, list: 'blacklist', grounds: '申请' });
  expect(noToken.statusCode, JSON.stringify(noToken.headers)).toBe(403);
  const forOther = await post({ csrf, entity: A, list: 'red_list', grounds: '申请' });
  expect(forOther.statusCode).toBe(403);
  expect(forOther.body).toContain(`only for its own credit code (${B})`);
  // Its own, but not repairable: the page again with the scheme's reason and the grounds kept.
  const criminal = await post({ csrf, entity: B, list: 'blacklist', grounds: '已整改', date: '2026-03-01' });
  expect(criminal.statusCode).toBe(422);
  expect(criminal.body).toContain(`有效的记录不可修复：violation 2026-01-05`);
  expect(criminal.body).toContain('>已整改</textarea>');
  expect(count('repair_applications')).toBe(before);

  const officeCookie = await loginCookie(s.app, s.token('office'));
  const decide = await s.app.inject({ method: 'POST', url: `/repairs/${SCHEME}/1/decision`, ...form({ decision: 'refuse', reason: '改' }, { cookie: officeCookie }) });
  expect(decide.statusCode).toBe(403);
  expect(decide.body).toContain('表单已失效');
});

test('repairs uploaded into the register: one for a non-repairable entry, one that ends nothing and a second on one day are refused line by line; nothing is written', async () => {
  const before = [count('register_records'), count('register_uploads')];
  const mm = multipart({}, { name: 'repairs.csv', content: [
    'id,date,type,kind,points,months',
    `${B},2026-02-01,credit_repair,,,`,
    `${A},2025-12-01,credit_repair,,,`,
    `${A},2026-04-01,credit_repair,,,`,
    `${A},2026-02-01,credit_repair,,,`,
    `${A},2026-02-01,credit_repair,,,`,
  ].join('\n') });
  const res = await s.app.inject({ method: 'POST', url: `/api/registers/${SCHEME}/uploads`, headers: { ...office, ...mm.headers }, payload: mm.payload });
  expect(res.statusCode).toBe(422);
  expect(res.json().error.problems.map((p: { where: string; en: string }) => `${p.where}: ${p.en}`)).toEqual([
    `repairs.csv:2 type: under the scheme's rule (repairable) the records of ${B} valid on 2026-02-01 can't be repaired: violation 2026-01-05`,
    `repairs.csv:3 date: ${A} has no record valid on 2025-12-01 that a credit repair could end`,
    // The office's approval of 2026-04-01 is in the register already.
    `repairs.csv:4 date: ${A} already has a credit repair on 2026-04-01: it can't be repaired twice on one day`,
    `repairs.csv:6 date: ${A} already has a credit repair on 2026-02-01: it can't be repaired twice on one day`,
  ]);
  expect([count('register_records'), count('register_uploads')]).toEqual(before);
});
