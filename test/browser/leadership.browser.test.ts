/**
 * What leadership sees, in a real Chromium (Debian's, driven by playwright-core), on the demo
 * seeded into a fresh database: the office uploads a small hand-made GeoJSON for the roster on
 * the round's work page (a bad one refused first, its ring named),
 * then leadership logs in and finds the ranking with its map (and 审图号) and bar chart, pages
 * and searches it, opens 滁州's full scorecard with its fixed-60 mark and legend, prints it on
 * one A4 page with the title block, opens the 通报 and the methodology, and reads the ranking
 * and scorecard on a 390 px phone without horizontal scrolling and with chart text ≥ 11 px; last,
 * the office's work page on the phone with a refused upload's problems table, also within the width.
 * Every page is checked with axe-core's WCAG 2.1 A/AA rules (0 violations); screenshots go to
 * test-artifacts/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, listenLocally } from './browser.js';
import { buildServer } from '../../api/server.js';
import { getRoster, openStore, type Db } from '../../store/index.js';
import { seedDemo, type DemoSeed } from '../../store/demo-seed.js';
import { gridGeoJson } from '../pages/grid-map.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CITY = '341100'; // 滁州: no wetland data (the scheme's fixed 60), two incidents


/** How the page fits a narrow window: its scroll width, and the header's right edge. */
function fit(page: Page): Promise<{ scrollWidth: number; width: number; headerRight: number; navRight: number }> {
  return page.evaluate(() => {
    const right = (sel: string): number => Math.max(0, ...[...document.querySelectorAll(sel)].map((e) => e.getBoundingClientRect().right));
    return { scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth, headerRight: right('header.site'), navRight: right('header.site nav > *') };
  });
}

/** The smallest text drawn in the charts shown, in CSS pixels (the SVG's font size times its scale on the page). */
function smallestChartText(page: Page): Promise<number> {
  return page.evaluate(() => {
    let least = Infinity;
    for (const svg of document.querySelectorAll('figure svg')) {
      const box = svg.getBoundingClientRect();
      if (box.width === 0) continue; // the other size, hidden
      const scale = box.width / (svg as SVGSVGElement).viewBox.baseVal.width;
      for (const text of svg.querySelectorAll('text')) {
        if (!text.textContent?.trim()) continue;
        least = Math.min(least, parseFloat(getComputedStyle(text).fontSize) * scale);
      }
    }
    return least;
  });
}

describe('leadership in a browser', () => {
  let tmp: string;
  let db: Db;
  let app: FastifyInstance;
  let seed: DemoSeed;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let round: number;

  /** Log in as the demo account of a role, with its name and password, as a person would. */
  async function logIn(role: string): Promise<void> {
    const account = seed.accounts.find((a) => a.role === role)!;
    await page.goto(`${base}/login`);
    await page.fill('#name', account.name);
    await page.fill('#password', account.password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form.login button[type="submit"]')]);
  }

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'kaohe-leadership-'));
    db = openStore(join(tmp, 'kaohe.db'));
    seed = await seedDemo(db, join(ROOT, 'templates'));
    round = seed.roundIds[seed.roundIds.length - 1];
    app = await buildServer({ db, threads: 1 });
    base = await listenLocally(app);
    ({ context, page } = await launchChromium(join(tmp, 'chromium-profile'), { width: 1366, height: 900 }));
    mkdirSync(ARTIFACTS, { recursive: true });

    // The office uploads boundaries for the roster's nine cities (squares, not real ones) with a
    // 审图号, from the round's work page: first a file with a ring left open (refused, 422, the
    // ring named), then the good one.
    await logIn('office');
    await page.goto(`${base}/rounds/${round}/work`);
    const map = gridGeoJson(getRoster(db, 1).regions.map((r) => r.code)) as { features: { geometry: { coordinates: number[][][] } }[] };
    const bad = structuredClone(map);
    bad.features[2].geometry.coordinates[0][4] = [0, 0];
    writeFileSync(join(tmp, '有误.geojson'), JSON.stringify(bad));
    writeFileSync(join(tmp, '都市圈.geojson'), JSON.stringify(map));
    await page.fill('#map-approval', 'GS(2099)0001号（测试用）');
    await page.setInputFiles('#map-file', join(tmp, '有误.geojson'));
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().includes('/work/map') && r.request().method() === 'POST'), page.click('#map-button')]);
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#problems')).toContain('features[2].geometry.coordinates[0]');
    expect(await page.inputValue('#map-approval')).toBe('GS(2099)0001号（测试用）');
    await page.setInputFiles('#map-file', join(tmp, '都市圈.geojson'));
    await Promise.all([page.waitForURL(/notice=mapped/), page.click('#map-button')]);
    expect(await page.textContent('#map-current')).toContain('9 个地区，审图号 GS(2099)0001号（测试用）');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'office-work-map-zh.png'), fullPage: true });

    await logIn('leadership');
    await page.waitForSelector('#rounds');
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await app?.close();
    db?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  it('the ranking: the map from the uploaded boundaries with its 审图号, the bar chart, paging and search', async () => {
    await page.goto(`${base}/rounds/${round}`);
    await page.waitForSelector('#region-map .chart-wide svg');
    expect(await page.textContent('#approval-no')).toBe('审图号：GS(2099)0001号（测试用）');
    expect(await page.locator('#region-map .chart-wide svg path[ecmeta_ssr_type="chart"]').count()).toBe(9);
    expect(await page.locator('#region-map .chart-wide svg').textContent()).toContain('滁州市');
    expect(await page.locator('#ranking-bars .chart-wide svg').textContent()).toContain('南京市');
    expect(await page.locator('script').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'leadership-ranking-map-zh.png'), fullPage: true });

    // Four to a page: three pages; the next page shows the next four in rank order.
    const all = await page.$$eval('#ranking tbody tr[data-entity-id]', (trs) => trs.map((tr) => tr.getAttribute('data-entity-id')));
    expect(all).toHaveLength(9);
    await page.goto(`${base}/rounds/${round}?size=4`);
    expect(await page.getAttribute('#pager-top', 'data-pages')).toBe('3');
    expect(await page.$$eval('#ranking tbody tr[data-entity-id]', (trs) => trs.map((tr) => tr.getAttribute('data-entity-id')))).toEqual(all.slice(0, 4));
    await Promise.all([page.waitForURL(/page=2/), page.click('#pager-top a[rel="next"]')]);
    expect(await page.$$eval('#ranking tbody tr[data-entity-id]', (trs) => trs.map((tr) => tr.getAttribute('data-entity-id')))).toEqual(all.slice(4, 8));
    expect(await axeViolations(page)).toEqual([]);

    // Search by name with the form (a plain GET).
    await page.fill('#ranking-q', '滁州');
    await Promise.all([page.waitForURL(/q=/), page.click('#ranking-search-button')]);
    expect(await page.$$eval('#ranking tbody tr[data-entity-id]', (trs) => trs.map((tr) => tr.getAttribute('data-entity-id')))).toEqual([CITY]);
    expect(await page.inputValue('#ranking-q')).toBe('滁州');
  }, 180_000);

  it('the full scorecard: every indicator with value, unit, weight and contribution, the fixed-60 mark and its legend, peer rank, two trend charts', async () => {
    await page.goto(`${base}/rounds/${round}/entities/${CITY}`);
    await page.waitForSelector('#indicators');
    const wetland = page.locator('#indicators tr[data-node="wetland"]');
    expect(await wetland.getAttribute('data-status')).toBe('fixed');
    expect(await wetland.locator('th').textContent()).toContain('无数据·固定分');
    expect((await wetland.locator('td.score').textContent())?.trim()).toBe('60.00');
    expect(await page.locator('#indicators tr[data-node="water_quality"]').getAttribute('data-status')).toBe('measured');
    expect(await page.textContent('#indicator-legend')).toContain('并非实测的最低值');
    expect(await page.textContent('#indicators tr[data-node="forest"] td.value')).toBe('28.90 %');
    expect(await page.textContent('.peer-rank')).toMatch(/^安徽第 \d 名 \/ 共 \d$/);
    await page.waitForSelector('#score-trend-chart svg');
    await page.waitForSelector('#rank-trend-chart svg');
    // 滁州's incident veto (at most 良好) changed nothing at its score: no badge, a note in the rules.
    expect(await page.locator('#summary ~ p [data-veto]').count()).toBe(0);
    expect(await page.textContent('#rules tr[data-rule="serious_incident"]')).toContain('否决未改变等级');
    expect(await page.locator('#downloads a').count()).toBe(3);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'leadership-scorecard-zh.png'), fullPage: true });
  }, 180_000);

  it('prints the scorecard on one A4 page with the title block', async () => {
    await page.goto(`${base}/rounds/${round}/entities/${CITY}`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.$eval('#title-block', (el) => getComputedStyle(el).display)).toBe('block');
    expect(await page.textContent('#title-block')).toContain('发布单位：');
    expect(await page.$eval('header.site', (el) => getComputedStyle(el).display)).toBe('none');
    await page.screenshot({ path: join(ARTIFACTS, 'leadership-scorecard-print.png'), fullPage: true });
    const pdf = join(tmp, 'scorecard.pdf');
    writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info.status, info.stderr).toBe(0);
    expect(info.stdout, info.stdout).toMatch(/^Pages:\s+1$/m);
    expect(info.stdout, info.stdout).toMatch(/^Page size:.* pts \(A4\)$/m);
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(text, text).toMatch(/^\s*1\s*\/\s*1\s*$/m); // the page number from the stylesheet's @page rule
    expect(text).toContain('滁州市');
    await page.emulateMedia({ media: 'screen' });
  }, 180_000);

  it('the 通报 and the methodology pages, with their download button', async () => {
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${base}/rounds/${round}`);
    await Promise.all([page.waitForURL(/\/report/), page.click('#report-link')]);
    await page.waitForSelector('#report-title-block');
    expect(await page.textContent('#report-title-block h1')).toMatch(/^关于.*结果的通报$/);
    expect(await page.locator('#report-ranking tbody tr').count()).toBe(9);
    expect(await axeViolations(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report-docx')]);
    const docx = join(tmp, 'report.docx');
    await download.saveAs(docx);
    expect(readFileSync(docx).subarray(0, 2).toString()).toBe('PK');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(ARTIFACTS, 'leadership-report-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${base}/rounds/${round}/methodology`);
    await page.waitForSelector('#methodology-nodes');
    expect(await axeViolations(page)).toEqual([]);
  }, 180_000);

  it('on a 390 px phone: no horizontal scroll on the ranking and the scorecard, the header whole, chart text at least 11 px', async () => {
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 390, height: 844 });
    for (const url of [`/rounds/${round}`, `/rounds/${round}/entities/${CITY}`]) {
      await page.goto(`${base}${url}`);
      await page.waitForSelector('figure .chart-narrow svg', { state: 'visible' });
      expect(await page.locator('figure .chart-wide svg').first().isVisible()).toBe(false);
      const f = await fit(page);
      expect(f.scrollWidth, url).toBeLessThanOrEqual(390);
      expect(f.headerRight, url).toBeLessThanOrEqual(390);
      expect(f.navRight, url).toBeLessThanOrEqual(390);
      expect(await smallestChartText(page), url).toBeGreaterThanOrEqual(11);
      expect(await axeViolations(page), url).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, `leadership-390${url.includes('entities') ? '-scorecard' : '-ranking'}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  }, 180_000);

  it('on a 390 px phone: the office\'s work page with a refused upload\'s problems table has no horizontal scroll', async () => {
    await logIn('office');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/rounds/${round}/work`);
    // Two bad cells, one a long unbroken value, in a file with a long name: the problems table has to wrap them.
    const rows = readFileSync(join(ROOT, 'templates/demo-green.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const pm25 = rows[0].indexOf('pm25');
    rows[1][pm25] = '约30';
    rows[2][pm25] = '9'.repeat(40) + 'x';
    const bad = join(tmp, '南京都市圈绿色发展评价数据填报表（2025年度，第二次报送）.csv');
    writeFileSync(bad, `${rows.map((r) => r.join(',')).join('\n')}\n`);
    await page.setInputFiles('#upload-file', bad);
    await page.fill('#upload-reason', '更正两市 PM2.5 数据 / correcting two cities\' PM2.5'); // the round is published: an upload is a correction
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/rounds/${round}/work/upload`) && r.request().method() === 'POST'),
      page.click('#upload-button'),
    ]);
    expect(refused.status()).toBe(422);
    await page.waitForSelector('#problems tbody tr td.where');
    expect(await page.locator('#problems tbody tr').count()).toBe(2);
    const f = await fit(page);
    expect(f.scrollWidth).toBeLessThanOrEqual(390);
    expect(f.headerRight).toBeLessThanOrEqual(390);
    expect(f.navRight).toBeLessThanOrEqual(390);
    // The table itself within the window, not just clipped by an ancestor.
    expect(await page.evaluate(() => document.querySelector('#problems')!.getBoundingClientRect().right)).toBeLessThanOrEqual(390);
    // Each problem readable on the phone: its position and messages get most of the width, not a fifth of it each.
    const widths = await page.$$eval('#problems tbody tr:first-child td:not(.num)', (tds) => tds.map((td) => td.getBoundingClientRect().width));
    expect(widths).toHaveLength(4);
    for (const w of widths) expect(w).toBeGreaterThanOrEqual(250);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'office-390-upload-problems.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
  }, 180_000);
});
