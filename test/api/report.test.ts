/**
 * The 通报 report of the published demo round: the print-ready page (title block with the
 * issuing office and date, the ranking, grades, vetoes, lists, the methodology as 附件) and the
 * Word document, opened by LibreOffice (converted to PDF) with its title block and page numbers
 * found in the PDF's text. And the methodology page, from the scheme.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOffice, getRound, latestPublication } from '../../store/index.js';
import { assertOnlyPageMarkup } from '../pages/html-scan.js';
import { bearer, demoServer, type DemoServer } from './helpers.js';

const SOFFICE = '/usr/bin/soffice';
let s: DemoServer;
let round: number;
let dir: string;
let office: string;
let day: string;

beforeAll(async () => {
  s = await demoServer();
  round = s.seed.roundIds[s.seed.roundIds.length - 1];
  dir = mkdtempSync(join(tmpdir(), 'kaohe-report-'));
  office = getOffice(s.db, getRound(s.db, round).officeId).name.zh;
  // The publication's day in 北京时间 (UTC+8), written out as a Chinese date.
  const at = new Date(Date.parse(latestPublication(s.db, round)!.publishedAt) + 8 * 3600_000);
  day = `${at.getUTCFullYear()}年${at.getUTCMonth() + 1}月${at.getUTCDate()}日`;
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const ranking = async (): Promise<{ entityId: string; name: string; rank: number }[]> =>
  (await s.app.inject({ url: `/api/rounds/${round}/ranking`, headers: bearer(s.token('leadership')) })).json().rows;

describe('the 通报 report page', () => {
  it('has the title block, every city in rank order, grades, vetoes, lists and the methodology annex', async () => {
    const r = await s.app.inject({ url: `/rounds/${round}/report`, headers: bearer(s.token('leadership')) });
    expect(r.statusCode).toBe(200);
    assertOnlyPageMarkup(r.body);
    const head = /<header class="report-head" id="report-title-block">([\s\S]*?)<\/header>/.exec(r.body)![1];
    expect(head).toContain(`<p class="issuer">${office}</p>`);
    expect(head).toMatch(/<h1>关于.*结果的通报<\/h1>/);
    expect(head).toContain(`<p class="date">${day}</p>`);
    const rows = [...r.body.matchAll(/<tr data-entity-id="([^"]*)">/g)].map((m) => m[1]);
    expect(rows).toEqual((await ranking()).map((e) => e.entityId));
    expect(r.body).toContain('id="report-grades"');
    expect(r.body).toContain('id="r-vetoes"');
    expect(r.body).toMatch(/<section class="annex" id="report-annex">[\s\S]*附件：评价方法[\s\S]*id="methodology-nodes"/);
    expect(r.body).toContain('href="/rounds/' + round + '/report.docx?run=');
  });

  it('is A4 with page numbers when printed', async () => {
    const r = await s.app.inject({ url: `/rounds/${round}/report`, headers: bearer(s.token('leadership')) });
    expect(r.body).toMatch(/@page \{ size: A4;[^}]*@bottom-center \{ content: counter\(page\)/);
    expect(r.body).toContain('<body class="report">');
  });

  it('needs a reader: not logged in, the page sends you to log in', async () => {
    const r = await s.app.inject({ url: `/rounds/${round}/report.docx` });
    expect([302, 303]).toContain(r.statusCode);
  });
});

describe('the 通报 as a Word document', () => {
  it('is a .docx that LibreOffice opens and converts to PDF, with the title block and page numbers in it', async () => {
    const r = await s.app.inject({ url: `/rounds/${round}/report.docx`, headers: bearer(s.token('leadership')) });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="round-\d+-report\.docx"; filename\*=UTF-8''/);
    const docx = join(dir, 'report.docx');
    writeFileSync(docx, r.rawPayload);
    const lo = spawnSync(SOFFICE, ['--headless', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'pdf', '--outdir', dir, docx], { encoding: 'utf8', timeout: 120_000 });
    if (lo.error) throw lo.error;
    expect(lo.status, lo.stderr).toBe(0);
    const pdf = join(dir, 'report.pdf');
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text.status, text.stderr).toBe(0);
    const flat = text.stdout.replace(/\s+/g, '');
    expect(flat).toContain(office.replace(/\s+/g, ''));
    expect(flat).toMatch(/关于.*结果的通报/);
    expect(flat).toContain(day);
    expect(flat).toContain('第1页/共');
    for (const e of await ranking()) expect(flat).toContain(e.name);
    expect(flat).toContain('附件：评价方法');
  }, 180_000);

  it('comes in English too', async () => {
    const r = await s.app.inject({ url: `/rounds/${round}/report.docx?lang=en`, headers: bearer(s.token('leadership')) });
    expect(r.statusCode).toBe(200);
    expect(r.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('the methodology page', () => {
  it('lists every node of the scheme with its weight and share, and the formula', async () => {
    const r = await s.app.inject({ url: `/rounds/${round}/methodology`, headers: bearer(s.token('leadership')) });
    expect(r.statusCode).toBe(200);
    assertOnlyPageMarkup(r.body);
    expect(r.body).toContain('功效系数法：60 + 40·(x − min)/(max − min)');
    expect(r.body).toContain('id="methodology-formula"');
    // The root carries 100%; the indicators' shares add up to 100% again.
    const shares = [...r.body.matchAll(/<tr data-node="([^"]*)" class="depth-(\d)( aggregate)?">[\s\S]*?<td class="num share">([\d.]+)%<\/td>/g)];
    expect(shares[0][4]).toBe('100.00');
    const leaves = shares.filter((m) => !m[3]).map((m) => Number(m[4]));
    expect(Math.abs(leaves.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(0.05);
  });
});
