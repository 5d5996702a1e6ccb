/**
 * Two governments' offices on one round, in a real Chromium: Jiangsu's office (the lead) creates
 * a joint round with Anhui's with the new-round form, declaring a 港元 conversion; each office
 * uploads its own cities through its work page (Anhui's GDP in 亿港元) and confirms; the lead
 * scores; before publication Anhui opens its own cities' scorecards from its work page — the
 * converted value explained as uploaded × rate — and is refused Jiangsu's; the pages in 繁體;
 * the lead grants a partner government's account a look before publication and revokes it from
 * the same page, the partner's browser following; the lead publishes and everyone reads the
 * ranking the API gives; leadership compares it with the demo office's round of the same version,
 * each number the stored run's. Every page checked with axe-core; screenshots in test-artifacts/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeViolations, demoInBrowser, ROOT, WAIT, type DemoInBrowser } from './browser.js';
import { roundHalfEven } from '../../engine/index.js';
import { addPartnerScope, createAccount, issueToken, SYSTEM } from '../../store/index.js';

const RATE = 0.9216;
/** The demo scheme's rounding (templates/demo-green.yaml). */
const DECIMALS = 2;
const csv = readFileSync(join(ROOT, 'templates/demo-green.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
const GDP = csv[0].indexOf('gdp');
const of = (province: string) => csv.slice(1).filter((r) => r[2] === province);
const csvText = (rows: string[][], header = csv[0]) => `${[header, ...rows].map((r) => r.join(',')).join('\n')}\n`;

describe('a joint round of two offices in a browser', () => {
  let demo: DemoInBrowser;
  let base: string;
  let page: Page;
  let tmp: string;
  let partnerToken = '';
  const token = (name: string) => demo.seed.accounts.find((a) => a.name === name)!.token;

  beforeAll(async () => {
    demo = await demoInBrowser('kaohe-joint-browser-', (db) => {
      const partner = createAccount(db, SYSTEM, { name: 'hk-partner', role: 'partner' });
      addPartnerScope(db, SYSTEM, partner.id, { schemeId: 'demo-green' });
      partnerToken = issueToken(db, SYSTEM, partner.id, { days: 30 }).token;
    });
    ({ base, page, tmp } = demo);
  }, 180_000);

  afterAll(async () => { await demo?.close(); }, 60_000);

  async function logIn(t: string): Promise<void> {
    await page.goto(`${base}/login`);
    await page.click('details.login-token summary');
    await page.fill('#token', t);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('details.login-token button[type="submit"]')]);
    await page.waitForSelector('#rounds');
  }

  async function expectAccessible(name: string): Promise<void> {
    expect(await axeViolations(page), name).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, `joint-${name}.png`), fullPage: true });
  }

  async function uploadOnWorkPage(round: number, name: string, content: string): Promise<void> {
    await page.goto(`${base}/rounds/${round}/work`);
    const path = join(tmp, name);
    writeFileSync(path, content);
    await page.setInputFiles('#upload-file', path);
    await Promise.all([page.waitForURL(/notice=uploaded/), page.click('#upload-button')]);
    await Promise.all([page.waitForURL(/notice=confirmed/), page.click('#confirm-button')]);
  }

  it('each office sends its own cities, Anhui\'s GDP in 港元; before publication each reads only its own scorecards; 繁體; a partner granted and revoked; published', async () => {
    const jointRoster = (await (await fetch(`${base}/api/rounds/${demo.seed.jointRoundId}`, { headers: { authorization: `Bearer ${token('demo-jiangsu')}` } })).json()).rosterId as number;

    // Jiangsu's office creates the round with the form: Anhui takes part; GDP may come in 亿港元.
    await logIn(token('demo-jiangsu'));
    await page.goto(`${base}/rounds/new`);
    await page.fill('#round-name-zh', '2027年度南京都市圈联合评价');
    await page.selectOption('#round-scheme', 'demo-green@2025.1');
    await page.selectOption('#round-roster', String(jointRoster));
    await page.fill('#round-participants', 'anhui');
    await page.fill('#round-period-start', '2027-01-01');
    await page.fill('#round-period-end', '2027-12-31');
    await page.fill('#round-conv-from', '亿港元');
    await page.fill('#round-conv-to', '亿元');
    await page.fill('#round-conv-factor', String(RATE));
    await page.fill('#round-conv-input', 'gdp');
    await page.fill('#round-conv-note', '2027-12-31 中间价');
    await Promise.all([page.waitForURL(/\/rounds\/\d+\/work\?notice=created$/), page.click('#create-round-button')]);
    const round = Number(/\/rounds\/(\d+)\/work/.exec(page.url())![1]);
    await Promise.all([page.waitForURL(/notice=opened/), page.click('#open-button')]);
    await uploadOnWorkPage(round, 'jiangsu.csv', csvText(of('江苏')));

    // Anhui's office: its cities, GDP in 亿港元 as its header says.
    await logIn(token('demo-anhui'));
    const hkd = of('安徽').map((r) => r.map((v, k) => (k === GDP ? String(Number(v) / RATE) : v)));
    await uploadOnWorkPage(round, 'anhui-hkd.csv', csvText(hkd, csv[0].map((h) => (h === 'gdp' ? 'gdp[亿港元]' : h))));
    await page.waitForSelector('#participants tr[data-office-id="anhui"][data-submitted="yes"]');

    // The lead scores.
    await logIn(token('demo-jiangsu'));
    await page.goto(`${base}/rounds/${round}/work`);
    await Promise.all([page.waitForURL(/notice=scoring/), page.click('#score-button')]);
    await page.waitForSelector('#runs tr[data-run-status="done"]', WAIT);
    await page.waitForSelector('#publish-button');
    await expectAccessible('lead-scored');

    // Anhui, before publication: its own results on its work page, each city's scorecard a link away.
    await logIn(token('demo-anhui'));
    await page.goto(`${base}/rounds/${round}/work`);
    const own = await page.$$eval('#own-results-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-entity-id')));
    expect(new Set(own)).toEqual(new Set(of('安徽').map((r) => r[0])));
    expect(own.length).toBe(of('安徽').length);
    const city = of('安徽')[0];
    await Promise.all([page.waitForURL(new RegExp(`/rounds/${round}/entities/${city[0]}`)), page.click(`#own-results-table tr[data-entity-id="${city[0]}"] a`)]);
    await page.waitForSelector('#conversions li[data-input="gdp"]');
    expect(await page.locator('.banner.unpublished').count()).toBe(1);
    const line = (await page.textContent('#conversions li[data-input="gdp"]'))!.replace(/\s+/g, ' ');
    expect(line).toContain(`亿港元 × ${RATE} = ${city[GDP]} 亿元`);
    expect(line).toContain('2027-12-31 中间价');
    await expectAccessible('participant-own-scorecard');
    const theirs = await page.goto(`${base}/rounds/${round}/entities/${of('江苏')[0][0]}`);
    expect(theirs?.status()).toBe(403);
    expect(await page.textContent('main')).not.toContain(of('江苏')[0][1]);

    // The same scorecard in 繁體, and back.
    await page.goto(`${base}/rounds/${round}/entities/${city[0]}`);
    await Promise.all([page.waitForURL(/lang=zh-Hant/), page.click('#script-switch')]);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hant');
    expect(await page.textContent('#conversions-heading')).toBe('單位換算');
    await page.goto(`${base}/rounds/${round}/work`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hant'); // kept by the cookie
    expect(await page.textContent('#participants-heading')).toBe('參與單位');
    await expectAccessible('participant-work-hant');
    await Promise.all([page.waitForURL(/lang=zh-Hans/), page.click('#script-switch')]);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');

    // The lead lets the partner government read before publication, then revokes it; the partner's reads follow.
    await logIn(token('demo-jiangsu'));
    await page.goto(`${base}/rounds/${round}/work`);
    await page.fill('#grant-reason', '深港协作：发布前通报');
    await Promise.all([page.waitForURL(/notice=granted/), page.click('#grant-button')]);
    await page.waitForSelector('#partner-grants-table tr[data-account-id]');
    await expectAccessible('lead-partner-granted');
    const partnerRanking = () => fetch(`${base}/api/rounds/${round}/ranking`, { headers: { authorization: `Bearer ${partnerToken}` } });
    expect((await partnerRanking()).status).toBe(200);
    const accountId = await page.getAttribute('#partner-grants-table tr[data-account-id]', 'data-account-id');
    await page.fill(`#revoke-reason-${accountId}`, '通报结束');
    await Promise.all([page.waitForURL(/notice=revoked/), page.click(`#revoke-${accountId}`)]);
    await page.waitForSelector('#no-partner-grants');
    expect((await partnerRanking()).status).toBe(403);

    // Published: the ranking page shows every city of both offices, as the API does.
    await Promise.all([page.waitForURL(/notice=published/), page.click('#publish-button')]);
    await page.goto(`${base}/rounds/${round}`);
    await page.waitForSelector('#ranking tbody tr[data-entity-id]');
    const shown = await page.$$eval('#ranking tbody tr[data-entity-id]', (trs) => trs.map((tr) => tr.getAttribute('data-entity-id')));
    const api = (await (await partnerRanking()).json()) as { rows: { entityId: string }[] };
    expect(shown).toEqual(api.rows.map((r) => r.entityId));
    expect(shown.length).toBe(csv.length - 1);
    await expectAccessible('published-ranking');

    // Leadership compares the two offices' rounds of the version side by side: each cell the stored run's score, as its ranking serves it.
    const leadership = demo.seed.accounts.find((a) => a.role === 'leadership')!.token;
    await logIn(leadership);
    await page.goto(`${base}/compare?scheme=demo-green&rounds=${demo.seed.roundIds.at(-1)},${round}`);
    await page.waitForSelector('#compare tbody tr[data-entity-id]');
    await expectAccessible('compare');
    for (const r of [demo.seed.roundIds.at(-1)!, round]) {
      const ranking = (await (await fetch(`${base}/api/rounds/${r}/ranking`, { headers: { authorization: `Bearer ${leadership}` } })).json()) as { rows: { entityId: string; score: number }[] };
      const cells = await page.$$eval(`#compare tbody td[data-round-id="${r}"] .score`, (els) => els.map((el) => [el.closest('tr')!.getAttribute('data-entity-id'), el.textContent]));
      expect(cells.length).toBe(ranking.rows.length);
      for (const [id, text] of cells) expect(Number(text), `${r} ${id}`).toBe(roundHalfEven(ranking.rows.find((x) => x.entityId === id)!.score, DECIMALS));
    }
  }, 240_000);
});
