/**
 * End to end in a real Chromium (Debian's, driven by playwright-core): the service started on a
 * free port with a fresh SQLite database seeded with the demo; log in with a demo token on the
 * login page, open the latest demo round, check the ranking against the API's ranking JSON,
 * open a city's scorecard, check its chart and rules, switch to English, print view, and save
 * screenshots into test-artifacts/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../api/server.js';
import { compile, roundHalfEven } from '../../engine/index.js';
import { loadSchemeText } from '../../indicators/index.js';
import { openStore, type Db } from '../../store/index.js';
import { seedDemo, type DemoSeed } from '../../store/demo-seed.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts');
const WAIT = { timeout: 30_000 };

/** The demo scheme's dimensions (first level of the tree), to look for in the chart. */
const plan = compile(loadSchemeText(readFileSync(join(ROOT, 'templates/demo-green.yaml'), 'utf8'))).plan;
const dimensions = plan.nodes.filter((n) => n.parent === 0);

interface RankingEntry { entityId: string; name: string | null; rank: number | null; score: number | null }

describe('the demo in a browser', () => {
  let tmp: string;
  let db: Db;
  let app: FastifyInstance;
  let seed: DemoSeed;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let leadershipToken: string;
  let latestRound: number;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'kaohe-browser-'));
    db = openStore(join(tmp, 'kaohe.db'));
    seed = await seedDemo(db, join(ROOT, 'templates'));
    leadershipToken = seed.accounts.find((a) => a.role === 'leadership')!.token;
    latestRound = seed.roundIds[seed.roundIds.length - 1];
    app = await buildServer({ db, threads: 1, demoHint: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
    base = `http://127.0.0.1:${address.port}`;
    context = await chromium.launchPersistentContext(join(tmp, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1200, height: 900 },
      locale: 'zh-CN',
    });
    context.setDefaultTimeout(WAIT.timeout);
    page = context.pages()[0] ?? (await context.newPage());
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await app?.close();
    db?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  /** The API's ranking for a round, read with the same token (the reference the page must agree with). */
  async function rankingJson(roundId: number): Promise<RankingEntry[]> {
    const res = await fetch(`${base}/api/rounds/${roundId}/ranking`, { headers: { authorization: `Bearer ${leadershipToken}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number; rows: RankingEntry[] };
    expect(body.rows).toHaveLength(body.total);
    return body.rows;
  }

  it('logs in with a demo token, shows the demo round ranked as the API says, a scorecard with its chart and rules, in Chinese and English', async () => {
    // Not logged in: the rounds page sends us to log in.
    await page.goto(`${base}/`);
    await page.waitForSelector('form.login input[name="token"]');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');

    // A wrong token is refused on the page, then the demo token gets in.
    await page.fill('#token', 'not-a-token');
    await Promise.all([page.waitForURL(/\/login/), page.click('form.login button[type="submit"]')]);
    await page.waitForSelector('#login-error');
    await page.fill('#token', leadershipToken);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form.login button[type="submit"]')]);
    await page.waitForSelector('#rounds');
    expect(await page.locator('script').count()).toBe(0);

    // Open the latest demo round from the list.
    await Promise.all([page.waitForURL(new RegExp(`/rounds/${latestRound}(\\?|$)`)), page.click(`tr[data-round-id="${latestRound}"] a`)]);
    await page.waitForSelector('#ranking tbody tr[data-entity-id]');
    expect(await page.locator('.banner.synthetic').count()).toBe(1);

    // The ranking as rendered: ids, ranks and names in page order, against the API's JSON.
    const rows = await page.$$eval('#ranking tbody tr[data-entity-id]', (trs) => trs.map((tr) => ({
      id: tr.getAttribute('data-entity-id')!,
      rank: tr.querySelector('td.rank')!.textContent!.trim(),
      name: tr.querySelector('td.name a')!.textContent!.trim(),
    })));
    const api = await rankingJson(latestRound);
    expect(rows.map((r) => r.id).sort()).toEqual(api.map((e) => e.entityId).sort());
    expect(rows.length).toBe(9);
    for (const row of rows) {
      const e = api.find((x) => x.entityId === row.id)!;
      expect(row.rank).toBe(String(e.rank));
      expect(row.name).toBe(e.name ?? e.entityId);
      // Competition ranks on the rounded score: 1 + how many scored strictly higher.
      const shown = (x: RankingEntry): number => roundHalfEven(x.score!, plan.rounding.decimals);
      expect(e.rank).toBe(1 + api.filter((x) => shown(x) > shown(e)).length);
    }
    const ranks = rows.map((r) => Number(r.rank));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    await page.screenshot({ path: join(ARTIFACTS, 'demo-ranking-zh.png'), fullPage: true });

    // Into a scorecard: 滁州 had two major incidents in the demo data (a deduction and a veto).
    const city = '341100';
    await Promise.all([page.waitForURL(new RegExp(`/entities/${city}`)), page.click(`tr[data-entity-id="${city}"] td.name a`)]);
    await page.waitForSelector('#dimension-chart svg');
    expect(await page.textContent('#entity-name')).toBe(api.find((e) => e.entityId === city)!.name);
    const chartText = await page.locator('#dimension-chart svg').textContent();
    for (const d of dimensions) expect(chartText).toContain(d.label.zh);
    await page.waitForSelector('#trend-chart svg');
    await page.waitForSelector('#rules tr[data-rule="incident"][data-kind="deduction"]');
    expect(await page.locator('#rules tr[data-rule="serious_incident"][data-kind="veto"]').count()).toBe(1);
    expect(await page.locator('#rules').textContent()).toContain('较大及以上突发环境事件次数 = 2');
    expect(await page.locator('script').count()).toBe(0);

    // Switch to English: same page, English labels, English dimension names in the chart.
    await Promise.all([page.waitForURL(/[?&]lang=en/), page.click('a.lang-switch')]);
    await page.waitForSelector('html[lang="en"]');
    await page.waitForSelector('#dimension-chart svg');
    expect(await page.textContent('#dimensions-heading')).toBe('Dimension scores against the median');
    const chartEn = await page.locator('#dimension-chart svg').textContent();
    for (const d of dimensions) expect(chartEn).toContain(d.label.en);
    expect(await page.locator('#rules').textContent()).toContain('Major environmental incidents = 2');
    expect(await page.locator('#rules').textContent()).toContain('graded Good at most');
    await page.screenshot({ path: join(ARTIFACTS, 'demo-scorecard-en.png'), fullPage: true });

    // Print: no navigation, tables bordered in black.
    await page.emulateMedia({ media: 'print' });
    expect(await page.$eval('header.site', (el) => getComputedStyle(el).display)).toBe('none');
    expect(await page.$eval('#rules td', (el) => getComputedStyle(el).borderTopColor)).toBe('rgb(0, 0, 0)');
    await page.screenshot({ path: join(ARTIFACTS, 'demo-scorecard-en-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  }, 180_000);
});
