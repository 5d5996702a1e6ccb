/**
 * End to end in a real Chromium (Debian's, driven by playwright-core): the service started on a
 * free port with a fresh SQLite database seeded with the demo; log in with a demo token on the
 * login page, open the latest demo round, check the ranking against the API's ranking JSON,
 * open a city's scorecard, check its chart and rules, switch to English, print view, and save
 * screenshots into test-artifacts/. Then the office's work in the same browser: log in as the
 * office, create a round with the form the list links to (a backwards period refused first, 422),
 * open the round's work page from the list, open it for data, download the CSV
 * template, upload it with a bad cell (the problem shown by line and column, 422) and then filled
 * in, through the file input; score (the page refreshes itself until the run is done), publish,
 * and see the published ranking. Then the auditor's walk: log in as the auditor, the read-only
 * work page of the latest round, its run page with the hashes the API gives, rerun it (identical),
 * the audit log filtered to that rerun, the tenure audit of Nanjing's mayor and its workpaper
 * downloaded and read back; every auditor page checked with axe-core (no violations).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeViolations, demoInBrowser, ROOT, WAIT, type DemoInBrowser } from './browser.js';
import { compile, roundHalfEven } from '../../engine/index.js';
import { loadSchemeText } from '../../indicators/index.js';
import type { DemoSeed } from '../../store/demo-seed.js';

/** The demo scheme's dimensions (first level of the tree), to look for in the chart. */
const plan = compile(loadSchemeText(readFileSync(join(ROOT, 'templates/demo-green.yaml'), 'utf8'))).plan;
const dimensions = plan.nodes.filter((n) => n.parent === 0);

interface RankingEntry { entityId: string; name: string | null; rank: number | null; score: number | null }

describe('the demo in a browser', () => {
  let tmp: string;
  let seed: DemoSeed;
  let base: string;
  let page: Page;
  let leadershipToken: string;
  let officeToken: string;
  let auditorToken: string;
  let latestRound: number;

  let demo: DemoInBrowser;
  beforeAll(async () => {
    demo = await demoInBrowser('kaohe-browser-');
    ({ tmp, seed, base, page } = demo);
    leadershipToken = seed.accounts.find((a) => a.role === 'leadership')!.token;
    officeToken = seed.accounts.find((a) => a.role === 'office')!.token;
    auditorToken = seed.accounts.find((a) => a.role === 'auditor')!.token;
    latestRound = seed.roundIds[seed.roundIds.length - 1];
  }, 180_000);

  afterAll(async () => { await demo?.close(); }, 60_000);

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
    await page.waitForSelector('form.login input[name="password"]');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');

    // A wrong token is refused on the page, then the demo account's password gets in.
    await page.click('details.login-token summary');
    await page.fill('#token', 'not-a-token');
    await Promise.all([page.waitForURL(/\/login/), page.click('details.login-token button[type="submit"]')]);
    await page.waitForSelector('#login-error');
    const leadership = seed.accounts.find((a) => a.role === 'leadership')!;
    await page.fill('#name', leadership.name);
    await page.fill('#password', leadership.password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form.login button[type="submit"]')]);
    await page.waitForSelector('#rounds');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('#new-round-link').count()).toBe(0); // creating rounds is an office's

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
    await page.waitForSelector('#dimension-chart .chart-wide svg');
    expect(await page.textContent('#entity-name')).toBe(api.find((e) => e.entityId === city)!.name);
    const chartText = await page.locator('#dimension-chart .chart-wide svg').textContent();
    for (const d of dimensions) expect(chartText).toContain(d.label.zh);
    await page.waitForSelector('#score-trend-chart .chart-wide svg');
    await page.waitForSelector('#rules tr[data-rule="incident"][data-kind="deduction"]');
    expect(await page.locator('#rules tr[data-rule="serious_incident"][data-kind="veto"]').count()).toBe(1);
    expect(await page.locator('#rules').textContent()).toContain('较大及以上突发环境事件次数 = 2');
    expect(await page.locator('script').count()).toBe(0);

    // Switch to English: same page, English labels, English dimension names in the chart.
    await Promise.all([page.waitForURL(/[?&]lang=en/), page.click('a.lang-switch')]);
    await page.waitForSelector('html[lang="en"]');
    await page.waitForSelector('#dimension-chart .chart-wide svg');
    expect(await page.textContent('#dimensions-heading')).toBe('Dimension scores against the median');
    const chartEn = await page.locator('#dimension-chart .chart-wide svg').textContent();
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

  it('an office works a new round in the browser: create it with the form, open, template, a refused upload with its cell, the filled file, score, publish, the published ranking', async () => {
    // Log in as the office (replacing the leadership session).
    await page.goto(`${base}/login`);
    await page.click('details.login-token summary');
    await page.fill('#token', officeToken);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('details.login-token button[type="submit"]')]);
    await page.waitForSelector('#rounds');

    // A new round through the form the list links to: first with the period backwards (refused,
    // 422, the problem under the end date, what was typed kept), then right.
    await Promise.all([page.waitForURL(/\/rounds\/new$/), page.click('#new-round-link')]);
    await page.fill('#round-name-zh', '2026年度南京都市圈绿色发展评价');
    await page.fill('#round-name-en', '2026 Nanjing metro green development');
    await page.selectOption('#round-scheme', 'demo-green@2025.1');
    await page.selectOption('#round-roster', '1');
    await page.fill('#round-period-start', '2026-12-31');
    await page.fill('#round-period-end', '2026-01-01');
    const [backwards] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/rounds/new') && r.request().method() === 'POST'),
      page.click('#create-round-button'),
    ]);
    expect(backwards.status()).toBe(422);
    await page.waitForSelector('#form-problems li[data-field="periodEnd"]');
    expect(await page.textContent('#round-period-end-problems')).toContain('早于开始日期');
    expect(await page.inputValue('#round-name-zh')).toBe('2026年度南京都市圈绿色发展评价');
    expect(await page.inputValue('#round-scheme')).toBe('demo-green@2025.1');
    await page.screenshot({ path: join(ARTIFACTS, 'office-new-round-refused-zh.png'), fullPage: true });
    await page.fill('#round-period-start', '2026-01-01');
    await page.fill('#round-period-end', '2026-12-31');
    await page.fill('#round-deadline', '2027-01-31');
    await page.fill('#round-contact', '王科长 025-83456789');
    await Promise.all([page.waitForURL(/\/rounds\/\d+\/work\?notice=created$/), page.click('#create-round-button')]);
    await page.waitForSelector('#notice[data-notice="created"]');
    const round = Number(/\/rounds\/(\d+)\/work/.exec(page.url())![1]);
    const created = await fetch(`${base}/api/rounds/${round}`, { headers: { authorization: `Bearer ${officeToken}` } });
    expect(await created.json()).toMatchObject({
      name: { zh: '2026年度南京都市圈绿色发展评价', en: '2026 Nanjing metro green development' }, schemeId: 'demo-green', schemeVersion: '2025.1',
      rosterId: 1, periodStart: '2026-01-01', periodEnd: '2026-12-31', status: 'draft', deadline: '2027-01-31', contact: '王科长 025-83456789',
    });

    // From the list to the round's work page; open it for data.
    await page.goto(`${base}/`);
    await Promise.all([page.waitForURL(new RegExp(`/rounds/${round}/work`)), page.click(`tr[data-round-id="${round}"] a.work-link`)]);
    await page.waitForSelector('#open-button');
    expect(await page.locator('script').count()).toBe(0);
    await Promise.all([page.waitForURL(/notice=opened/), page.click('#open-button')]);
    await page.waitForSelector('#notice[data-notice="opened"]');

    // Download the CSV template through its link.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#template-csv')]);
    const templatePath = join(tmp, 'template.csv');
    await download.saveAs(templatePath);
    const templateText = readFileSync(templatePath, 'utf8').replace(/^\uFEFF/, '');
    const header = templateText.split(/\r?\n/)[0].split(',');
    const templateIds = (parse(templateText, { columns: true }) as Record<string, string>[]).map((r) => r.id);
    const demo = parse(readFileSync(join(ROOT, 'templates/demo-green.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect([...templateIds].sort()).toEqual(demo.map((r) => r.id).sort());
    const filled = (bad?: { id: string; column: string; value: string }): string => `${header.join(',')}\r\n${templateIds.map((id) => {
      const row = demo.find((r) => r.id === id)!;
      return header.map((h) => (bad && bad.id === id && bad.column === h ? bad.value : row[h] ?? '')).join(',');
    }).join('\r\n')}\r\n`;

    // A file with a bad cell: refused with 422, the problem named by line and column, nothing stored.
    const badPath = join(tmp, '填报-有误.csv');
    writeFileSync(badPath, filled({ id: '320100', column: 'pm25', value: '约30' }));
    await page.setInputFiles('#upload-file', badPath);
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/rounds/${round}/work/upload`) && r.request().method() === 'POST'),
      page.click('#upload-button'),
    ]);
    expect(refused.status()).toBe(422);
    await page.waitForSelector('#problems');
    const where = await page.$$eval('#problems tbody tr td.where', (tds) => tds.map((td) => td.textContent));
    const line = 2 + templateIds.indexOf('320100');
    expect(where).toContain(`填报-有误.csv:${line} pm25`);
    // The row's city beside the cell, and the table within the page (no sideways scrolling).
    expect(await page.$$eval('#problems tbody tr td.entity', (tds) => tds.map((td) => td.textContent))).toContain('南京市（320100）');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await page.locator('#submissions').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'office-upload-problems-zh.png'), fullPage: true });

    // The filled file: accepted, with its report.
    const goodPath = join(tmp, '填报.csv');
    writeFileSync(goodPath, filled());
    await page.setInputFiles('#upload-file', goodPath);
    await Promise.all([page.waitForURL(/notice=uploaded/), page.click('#upload-button')]);
    await page.waitForSelector('#submissions tr[data-submission-id]');
    expect((await page.textContent('#submissions td.rows'))?.trim()).toBe(String(templateIds.length));
    expect(await page.getAttribute('#submissions td.missing', 'data-missing')).toBe('0');

    // Score: the page refreshes itself until the run is done; then publish the run it offers.
    await Promise.all([page.waitForURL(/notice=scoring/), page.click('#score-button')]);
    await page.waitForSelector('#runs tr[data-run-status="done"]', WAIT);
    await page.waitForSelector('#publish-button');
    await page.screenshot({ path: join(ARTIFACTS, 'office-work-scored-zh.png'), fullPage: true });
    await Promise.all([page.waitForURL(/notice=published/), page.click('#publish-button')]);
    await page.waitForSelector('#notice[data-notice="published"]');

    // The published ranking: every city, no "unpublished" banner, as the public API now serves it.
    await page.goto(`${base}/rounds/${round}`);
    await page.waitForSelector('#ranking tbody tr[data-entity-id]');
    expect(await page.locator('#ranking tbody tr[data-entity-id]').count()).toBe(templateIds.length);
    expect(await page.locator('.banner.unpublished').count()).toBe(0);
    expect(await page.locator('a.work-link').count()).toBe(1);
    const api = await rankingJson(round);
    expect(api).toHaveLength(templateIds.length);
    await page.screenshot({ path: join(ARTIFACTS, 'office-published-ranking-zh.png'), fullPage: true });
  }, 180_000);

  it('an auditor\'s walk: the read-only work page, a run page and its rerun, the audit log, a tenure audit and its workpaper', async () => {
    const api = async (path: string, init: RequestInit = {}): Promise<Record<string, unknown>> => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${auditorToken}`);
      const res = await fetch(`${base}${path}`, { ...init, headers });
      expect(res.status).toBeLessThan(300);
      return (await res.json()) as Record<string, unknown>;
    };
    // The auditor comes in with a token (the login for tools, folded under the password form).
    await page.goto(`${base}/login`);
    await page.click('details.login-token summary');
    await page.fill('#token', auditorToken);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('details.login-token button[type="submit"]')]);
    await page.waitForSelector('#nav-audits');

    // The latest demo round's work page, read-only: no forms but the log-out button.
    await page.waitForSelector('#rounds');
    await Promise.all([page.waitForURL(new RegExp(`/rounds/${latestRound}/work`)), page.click(`tr[data-round-id="${latestRound}"] a.record-link`)]);
    await page.waitForSelector('#read-only');
    expect(await page.locator('main form').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // Its published run's page: the hashes the API gives.
    const runId = ((await api(`/api/rounds/${latestRound}`)).publication as { runId: number }).runId;
    const run = await api(`/api/runs/${runId}`);
    await Promise.all([page.waitForURL(new RegExp(`/runs/${runId}$`)), page.click(`#runs tr[data-run-id="${runId}"] a`)]);
    expect(await page.textContent('#plan-hash')).toBe(run.planHash);
    expect(await page.textContent('#snapshot-hash')).toBe(run.snapshotHash);
    expect(await page.textContent('#results-hash')).toBe(run.resultsHash);
    expect(await axeViolations(page)).toEqual([]);

    // Rerun through the form: identical, shown on the page.
    await page.click('#rerun-button');
    await page.waitForSelector('#rerun-result[data-identical="true"]');
    expect(await page.textContent('#rerun-result')).toContain(String(run.resultsHash));
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'auditor-run-rerun-zh.png'), fullPage: true });

    // The audit log filtered to reruns: ours is the newest.
    await page.click('#nav-audit-log');
    await page.waitForSelector('#chain-status.ok');
    await page.fill('#f-action', 'run.verify');
    await Promise.all([page.waitForURL(/action=run\.verify/), page.click('#filter-button')]);
    await page.waitForSelector('#audit-log tbody tr');
    expect(await page.locator('#audit-log tbody tr').count()).toBe(1);
    expect(await page.textContent('#audit-log tbody tr')).toContain('demo-auditor');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'auditor-audit-log-zh.png'), fullPage: true });

    // The tenure audit of Nanjing's mayor who left mid-2024, then its workpaper.
    await page.click('#nav-audits');
    await page.waitForSelector('#audit-official');
    expect(await axeViolations(page)).toEqual([]);
    await page.selectOption('#audit-official', 'NJ-01');
    await Promise.all([page.waitForURL(/\/audits\/\d+$/), page.click('#audit-button')]);
    const auditId = Number(/\/audits\/(\d+)$/.exec(page.url())![1]);
    const audit = await api(`/api/audits/${auditId}`);
    expect(await page.getAttribute('#all-identical', 'data-identical')).toBe('true');
    const shownRuns = await page.$$eval('#audit-rounds tr[data-run]', (trs) => trs.map((tr) => Number(tr.getAttribute('data-run'))));
    expect(shownRuns).toEqual((audit.rounds as { runId: number }[]).map((r) => r.runId));
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'auditor-tenure-audit-zh.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#workpaper-link')]);
    const workpaper = join(tmp, 'workpaper.xlsx');
    await download.saveAs(workpaper);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(workpaper);
    const summary = new Map<string, unknown>();
    wb.getWorksheet('概要 Summary')!.eachRow((row) => { summary.set(String(row.getCell(1).value), row.getCell(2).value); });
    expect(summary.get('审计编号 Audit id')).toBe(auditId);
    expect(summary.get('任期得分 Tenure score')).toBe(audit.tenureScore);
    expect(summary.get('审计报告哈希 Report hash')).toBe(audit.reportHash);

    // In English: the same audit, still without violations.
    await Promise.all([page.waitForURL(/lang=en/), page.click('a.lang-switch')]);
    await page.waitForSelector('html[lang="en"]');
    expect(await axeViolations(page)).toEqual([]);
  }, 180_000);
});
