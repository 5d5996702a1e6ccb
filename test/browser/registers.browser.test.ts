/**
 * The registers in a real Chromium, as their readers use them: two half-year rounds of
 * jiangsu-credit-12 read one records register (the first published, the service run with
 * `--public`); the public finds an enterprise's red-list entry with its dates on the ranking,
 * opens the published lists (公示), picks another date with the form and reads the page in
 * English; the office logs in and reads the xinan-compensation ledger of three scored years with
 * each term's balance. Credit repair: enterprise 戊厂 logs in and applies with an attachment;
 * 乙厂 (criminal liability, not repairable) is refused on the page with its grounds kept; the
 * office approves 戊厂's application, scores the second half-year again, and the list register
 * no longer shows 戊厂 on the red list. Every page is checked with axe-core's WCAG 2.1 A/AA rules (0 violations);
 * screenshots go to test-artifacts/.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnterpriseUscc } from '../../io/index.js';
import { createAccount, createRoster, setPassword, SYSTEM } from '../../store/index.js';
import { bearer, demoServer, multipart, TEMPLATES, upload, waitForRun, type DemoServer } from '../api/helpers.js';
import { axeViolations, launchChromium, listenLocally } from './browser.js';

const ARTIFACTS = join(fileURLToPath(new URL('../../', import.meta.url)), 'test-artifacts');
const B = makeEnterpriseUscc('320100', '30000001');
const E = makeEnterpriseUscc('320100', '30000002');

describe('the list register and the ledger in a browser', () => {
  let s: DemoServer;
  let tmp: string;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let h1: number;
  let h2: number;
  const passwords = new Map<string, string>();

  /** Log in with a name and password, as a person would. */
  async function logIn(name: string, password: string): Promise<void> {
    await page.goto(`${base}/login`);
    await page.fill('#name', name);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form.login button[type="submit"]')]);
  }

  async function scheme(dir: string): Promise<string> {
    const m = multipart({}, { name: 'scheme.yaml', content: readFileSync(join(TEMPLATES, dir, 'scheme.yaml')) });
    const up = await s.app.inject({ method: 'POST', url: '/api/schemes', headers: { ...bearer(s.token('admin')), ...m.headers }, payload: m.payload });
    expect(up.statusCode, up.body).toBe(201);
    return up.json().scheme.version as string;
  }

  async function round(schemeId: string, version: string, rosterId: number, name: string, start: string, end: string, data: { name: string; content: string | Buffer }): Promise<number> {
    const office = bearer(s.token('office'));
    const id = (await s.app.inject({ method: 'POST', url: '/api/rounds', headers: office, payload: { name: { zh: name }, schemeId, schemeVersion: version, rosterId, periodStart: start, periodEnd: end } })).json().id as number;
    await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/status`, headers: office, payload: { status: 'collecting' } });
    const up = await upload(s.app, id, office, data);
    expect(up.statusCode, up.body).toBe(201);
    return id;
  }

  async function score(roundId: number): Promise<number> {
    const office = bearer(s.token('office'));
    const run = (await s.app.inject({ method: 'POST', url: `/api/rounds/${roundId}/runs`, headers: office })).json();
    expect((await waitForRun(s.app, run.id, office)).status).toBe('done');
    return run.id as number;
  }

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'kaohe-registers-browser-'));
    s = await demoServer({ publicResults: true, threads: 1 });
    const office = bearer(s.token('office'));

    const jiangsu = await scheme('jiangsu-credit-12');
    const enterprises = createRoster(s.db, SYSTEM, { name: '江苏企业', regions: [], enterprises: [{ uscc: B, name: '乙厂' }, { uscc: E, name: '戊厂' }] }).id;
    const data = { name: 'data.csv', content: `id,name,electricity\n${B},乙厂,100\n${E},戊厂,200\n` };
    h1 = await round('jiangsu-credit-12', jiangsu, enterprises, '2025 上半年', '2025-01-01', '2025-06-30', data);
    h2 = await round('jiangsu-credit-12', jiangsu, enterprises, '2025 下半年', '2025-07-01', '2025-12-31', data);
    const records = ['id,date,type,kind,points,months', `${B},2025-01-05,violation,criminal,12,36`, `${E},2025-01-10,violation,warning,1,12`, `${E},2025-02-10,violation,suspended,6,12`].join('\n');
    const mm = multipart({}, { name: 'records.csv', content: records });
    const reg = await s.app.inject({ method: 'POST', url: '/api/registers/jiangsu-credit-12/uploads', headers: { ...office, ...mm.headers }, payload: mm.payload });
    expect(reg.statusCode, reg.body).toBe(201);
    const published = await score(h1);
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${h1}/publications`, headers: office, payload: { runId: published } })).statusCode).toBe(201);
    await score(h2);

    const xinan = await scheme('xinan-compensation');
    const sections = createRoster(s.db, SYSTEM, { name: '跨界断面', regions: [] }).id;
    for (const year of [2023, 2024, 2025]) {
      await score(await round('xinan-compensation', xinan, sections, `${year} 年`, `${year}-01-01`, `${year}-12-31`, { name: `${year}.csv`, content: readFileSync(join(TEMPLATES, 'xinan-compensation', `${year}.csv`)) }));
    }

    for (const [name, uscc] of [['wu-factory', E], ['yi-factory', B]]) {
      const account = createAccount(s.db, SYSTEM, { name, role: 'enterprise', uscc });
      passwords.set(name, `pw-${name}-2025!`);
      await setPassword(s.db, SYSTEM, account.id, passwords.get(name)!);
    }

    base = await listenLocally(s.app);
    ({ context, page } = await launchChromium(join(tmp, 'chromium-profile'), { width: 1280, height: 900 }));
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await s?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  it('the public: the red-list badge with its dates on the ranking, the published lists on two dates, in English', async () => {
    await page.goto(`${base}/rounds/${h1}`);
    const badge = page.locator(`#ranking tr[data-entity-id="${E}"] .badge.list`);
    expect(await badge.textContent()).toBe('名单：较重失信名单（电价加价 0.05 元/千瓦时）（2025-02-10 起，至 2026-01-09）');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${base}/lists/jiangsu-credit-12?date=2025-07-15`);
    expect(await page.textContent('h1')).toContain('名单公示');
    const row = (list: string, entity: string) => page.locator(`section[data-list="${list}"] tr[data-entity="${entity}"] td`);
    expect((await row('red_list', E).allTextContents()).slice(0, 3)).toEqual([`戊厂 ${E}`, '2025-02-10', '2026-01-09']);
    expect((await row('blacklist', B).allTextContents()).slice(0, 3)).toEqual([`乙厂 ${B}`, '2025-01-05', '2028-01-04']);
    // The next half-year's surcharge shown with the entry: 0.05 元/kWh on 200 万千瓦时.
    expect((await row('red_list', E).allTextContents())[5]).toContain('2025-07-01 – 2025-12-31 (100000)');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'public-lists-zh.png'), fullPage: true });

    // Before the first round's as-of date nobody is listed yet: the date form says so.
    await page.fill('input[name="date"]', '2025-03-01');
    await Promise.all([page.waitForURL(/date=2025-03-01/), page.click('form button[type="submit"]')]);
    expect(await page.locator('section[data-list="red_list"] p.muted').textContent()).toBe('该日期无人在此名单上。');

    await page.goto(`${base}/lists/jiangsu-credit-12?date=2025-07-15`);
    await Promise.all([page.waitForURL(/lang=en/), page.click('a.lang-switch')]);
    expect(await page.textContent('h1')).toContain('Published lists');
    expect(await page.locator('#list-history tbody tr').count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the office: the ledger of three years, each transfer and each term\'s balance', async () => {
    const account = s.seed.accounts.find((a) => a.role === 'office')!;
    await logIn(account.name, account.password);

    await page.goto(`${base}/ledger/xinan-compensation`);
    expect(await page.textContent('h1')).toContain('生态补偿结算台账');
    const asOf = await page.$$eval('#ledger tbody tr', (trs) => trs.map((tr) => tr.children[0].textContent));
    expect(new Set(asOf)).toEqual(new Set(['2023-12-31', '2024-12-31', '2025-12-31']));
    const terms = await page.$$eval('#ledger-balances tbody tr', (trs) => trs.map((tr) => tr.children[0].textContent));
    expect(terms).toEqual(expect.arrayContaining(['2021–2023', '2024–2026']));
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'office-ledger-zh.png'), fullPage: true });
  });

  it('credit repair: two enterprises apply (one refused on the page), the office approves, the next run takes the entry off', async () => {
    const attachment = join(tmp, '整改报告.pdf');
    writeFileSync(attachment, '%PDF-1.4 整改完成 / rectified');
    const sha = createHash('sha256').update(readFileSync(attachment)).digest('hex');

    // From the published lists to the repair page, as the enterprise would find it.
    await logIn('wu-factory', passwords.get('wu-factory')!);
    await page.goto(`${base}/lists/jiangsu-credit-12?date=2025-07-15`);
    await Promise.all([page.waitForURL(/\/repairs\/jiangsu-credit-12/), page.click('#repairs-link')]);
    expect(await page.inputValue('#apply-entity')).toBe(E);
    expect(await page.getAttribute('#apply-entity', 'readonly')).not.toBeNull();
    await page.selectOption('#apply-list', 'red_list');
    await page.fill('#apply-grounds', '已完成整改并缴清罚款');
    await page.fill('#apply-date', '2025-08-15');
    await page.setInputFiles('#apply-file', attachment);
    await Promise.all([page.waitForURL(/notice=applied/), page.click('#apply-button')]);
    expect(await page.textContent('#notice')).toBe('申请已提交，等待考核办决定。');
    const mine = page.locator('#applications tbody tr');
    expect(await mine.count()).toBe(1);
    expect(await mine.locator('td').nth(4).textContent()).toBe(`整改报告.pdf ${sha.slice(0, 12)}…`);
    expect(await mine.locator('[data-decision]').getAttribute('data-decision')).toBe('pending');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'enterprise-repair-zh.png'), fullPage: true });

    // 乙厂's criminal liability is not repairable: refused, with the reason, and what was typed kept.
    await logIn('yi-factory', passwords.get('yi-factory')!);
    await page.goto(`${base}/repairs/jiangsu-credit-12`);
    expect(await page.locator('#applications-none').count()).toBe(1);
    await page.selectOption('#apply-list', 'blacklist');
    await page.fill('#apply-grounds', '申请修复');
    await page.fill('#apply-date', '2025-08-15');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().includes('/applications') && r.request().method() === 'POST'), page.click('#apply-button')]);
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#problems')).toContain(`按方案规则（repairable），${B} 在 2025-08-15 有效的记录不可修复：violation 2025-01-05`);
    expect(await page.inputValue('#apply-grounds')).toBe('申请修复');
    expect(await axeViolations(page)).toEqual([]);

    // The office sees both enterprises' side only as applications: 戊厂's, pending; it approves from 2025-09-01.
    const office = s.seed.accounts.find((a) => a.role === 'office')!;
    await logIn(office.name, office.password);
    await page.goto(`${base}/repairs/jiangsu-credit-12`);
    const form = page.locator('form.decide');
    expect(await form.count()).toBe(1);
    await form.locator('input[name="effective"]').fill('2025-09-01');
    await form.locator('input[name="reason"]').fill('整改到位，符合修复条件');
    await Promise.all([page.waitForURL(/notice=approved/), form.locator('button[type="submit"]').click()]);
    expect(await page.locator('#applications [data-decision]').first().getAttribute('data-decision')).toBe('approved');
    expect(await page.textContent('#applications')).toContain('整改到位，符合修复条件');
    expect(await axeViolations(page)).toEqual([]);

    // The second half-year scored again reads the repair: on 2026-01-01 戊厂 is no longer on the red list.
    await score(h2);
    await page.goto(`${base}/lists/jiangsu-credit-12?date=2026-01-01`);
    expect(await page.locator(`section[data-list="red_list"] tr[data-entity="${E}"]`).count()).toBe(0);
    expect(await page.locator(`section[data-list="blacklist"] tr[data-entity="${B}"]`).count()).toBe(1);
  });
});
