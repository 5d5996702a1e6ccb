/**
 * The web pages rendered from a real evaluation of the demo scheme: ranking order and ranks as
 * the Results say, scores rounded half-to-even, the English switch, print CSS, no script, and
 * hostile names shown as text everywhere (table, title, chart SVG, attributes).
 */
import { describe, expect, it } from 'vitest';
import {
  renderErrorPage,
  renderLoginPage,
  renderRankingPage,
  FAVICON_SVG,
  renderRoundsPage,
  renderScorecardPage,
  rankingUrl,
  scorecardUrl,
} from '../../api/pages/index.js';
import { TXT } from '../../api/pages/text.js';
import { rankingRows } from '../../api/pages/from-results.js';
import type { RoundSummaryView } from '../../api/pages/view-models.js';
import { run, schemeWith, table } from '../helpers.js';
import { DEMO_CSV, DEMO_SCHEME, SESSION, editCsv, evaluateDemo, rankingView, roundHeader, scorecardView } from './demo-views.js';
import { assertOnlyPageMarkup, decode, scanHtml, type Tag } from './html-scan.js';

const results = evaluateDemo();
const ids = results.frame.ids;

/** Ranking rows as rendered: entity id and rank text, in page order. */
function renderedRows(doc: string): { id: string; rank: string; score: string }[] {
  const rows = [...doc.matchAll(/<tr data-entity-id="([^"]*)" data-rank="([^"]*)">([\s\S]*?)<\/tr>/g)];
  return rows.map((m) => ({ id: decode(m[1]), rank: m[2], score: /<td class="num score">([^<]*)<\/td>/.exec(m[3])![1] }));
}

const tagsNamed = (tags: Tag[], name: string): Tag[] => tags.filter((t) => t.name === name);

describe('ranking page', () => {
  const zh = renderRankingPage(rankingView(results), 'zh');

  it('lists every entity in rank order with the ranks the Results give', () => {
    const rows = renderedRows(zh);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const ranks = rows.map((r) => Number(r.rank));
    for (const r of rows) expect(Number(r.rank)).toBe(results.rank[ids.indexOf(r.id)]);
    // Property: the page order is by rank, and higher scores never come after lower ones.
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const scores = rows.map((r) => results.score[ids.indexOf(r.id)]);
    scores.forEach((s, k) => k > 0 && expect(s).toBeLessThanOrEqual(scores[k - 1]));
  });

  it('shows each score with the scheme decimals', () => {
    for (const r of renderedRows(zh)) expect(r.score).toMatch(/^\d+\.\d{2}$/);
  });

  it('is well-formed, has no script at all, and carries the print stylesheet', () => {
    const scan = assertOnlyPageMarkup(zh);
    expect(zh.toLowerCase()).not.toContain('<script');
    expect(tagsNamed(scan.tags, 'html')[0].attrs.get('lang')).toBe('zh-CN');
    const css = zh.slice(zh.indexOf('<style>'), zh.indexOf('</style>'));
    expect(css).toMatch(/@media print\s*\{[^]*\.site[^{]*\{\s*display:\s*none/);
    expect(css).toMatch(/@media print[^]*th, td \{ border: 1px solid #000/);
    // No external assets: nothing is loaded from anywhere.
    expect(scan.tags.some((t) => t.attrs.has('src'))).toBe(false);
    expect(tagsNamed(scan.tags, 'link').map((l) => l.attrs.get('href')!.slice(0, 19))).toEqual(['data:image/svg+xml,']);
  });

  it('shows grades by name next to their colour, and the synthetic-data banner', () => {
    const scan = scanHtml(zh);
    for (const row of rankingView(results).rows) {
      if (!row.grade) continue;
      expect(zh).toContain(`data-grade="${row.grade.id}"><span class="swatch" style="background:${row.grade.color}" aria-hidden="true"></span>${row.grade.label.zh}</span>`);
    }
    expect(scan.text.join(' ')).toContain(TXT.synthetic.zh);
    const notSynthetic = renderRankingPage({ ...rankingView(results), round: roundHeader(results, { synthetic: false }) }, 'zh');
    expect(notSynthetic).not.toContain(TXT.synthetic.zh);
  });

  it('shows a veto badge only where the veto fired and changed the grade, and list badges where the Results have them', () => {
    const vetoSlots = results.layout.veto.map((s) => results.columns[s]);
    const listSlots = results.layout.list.map((s) => results.columns[s]);
    // The demo's vetoes: data fraud forces 不合格 (changes the grade unless the score already fails:
    // below 60 when rounded), a major incident caps at 良好 (changes it only from 90 up).
    const rounded = (i: number): number => Number(results.score[i].toFixed(2));
    const changes: Record<string, (i: number) => boolean> = { fraud: (i) => rounded(i) >= 60, serious_incident: (i) => rounded(i) >= 90 };
    let shown = 0;
    let hidden = 0;
    for (const row of rankingView(results).rows) {
      const i = ids.indexOf(row.entityId);
      const html = new RegExp(`<tr data-entity-id="${row.entityId}"[\\s\\S]*?</tr>`).exec(zh)![0];
      results.plan.vetoes.forEach((v, k) => {
        const badge = vetoSlots[k][i] === 1 && changes[v.id](i);
        expect(html.includes(`data-veto="${v.id}"`)).toBe(badge);
        if (badge) shown++;
        else if (vetoSlots[k][i] === 1) hidden++;
      });
      results.plan.lists.forEach((l, k) => expect(html.includes(`data-list="${l.id}"`)).toBe(listSlots[k][i] === 1));
    }
    // The demo data has two cities with incidents: one scores 90 or more (capped: a badge), 滁州 scores 66 (nothing changed: none).
    const withIncidents = DEMO_CSV.trim().split('\n').slice(1).filter((l) => Number(l.split(',')[12]) > 0).length;
    expect(withIncidents).toBe(2);
    expect(hidden).toBeGreaterThan(0);
    expect(shown + hidden).toBe(withIncidents);
  });

  it('carries a title block for print: the issuing office and the publication day in 北京时间', () => {
    const block = /<div class="print-only title-block" id="title-block">([\s\S]*?)<\/div>/.exec(zh)![1];
    expect(block).toContain('发布单位：南京都市圈考核办');
    // Published 2025-03-02T10:00:00Z: 18:00 in Beijing, the same day.
    expect(block).toContain('发布日期：2025年3月2日');
  });

  it('shows rank changes against the previous round as arrows with numbers', () => {
    // Last year's data: 宣城's forest cover much lower, which moves it down then.
    const previous = evaluateDemo(editCsv(DEMO_CSV, '341800', 'forest_cover', '20'));
    const doc = renderRankingPage(rankingView(results, previous), 'zh');
    let arrows = 0;
    for (const id of ids) {
      const before = previous.rank[previous.frame.ids.indexOf(id)];
      const now = results.rank[ids.indexOf(id)];
      const row = new RegExp(`<tr data-entity-id="${id}"[\\s\\S]*?</tr>`).exec(doc)![0];
      if (before > now) { expect(row).toContain(`▲ ${before - now}`); arrows++; }
      if (before < now) { expect(row).toContain(`▼ ${now - before}`); arrows++; }
      if (before === now) expect(row).toContain('– 0');
    }
    expect(arrows).toBeGreaterThan(0);
    expect(doc).toContain('较2024');
  });

  it('filters by peer group with plain links, with ranks within the group', () => {
    const doc = renderRankingPage(rankingView(results), 'zh', { group: { by: 'province', value: '安徽' } });
    const rows = renderedRows(doc);
    const province = results.frame.columns.get('province')!;
    const anhui = ids.filter((_, i) => results.frame.dictionaries.get('province')![province[i]] === '安徽');
    expect(rows.map((r) => r.id).sort()).toEqual([...anhui].sort());
    const groupRanks = [...doc.matchAll(/data-rank="[^"]*">\s*<td class="num rank">[^<]*<\/td>\s*<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(groupRanks).toEqual(rows.map((r) => results.groupRanks[0][ids.indexOf(r.id)]));
    // Independently: 1 + how many in the group rank strictly better overall.
    const overall = (id: string): number => results.rank[ids.indexOf(id)];
    expect(groupRanks).toEqual(rows.map((r) => 1 + anhui.filter((id) => overall(id) < overall(r.id)).length));
    const links = tagsNamed(scanHtml(doc).tags, 'a').map((a) => a.attrs.get('href'));
    expect(links).toContain(rankingUrl('r2025', 'zh', { by: 'province', value: '江苏' }));
    expect(links).toContain('/rounds/r2025?group=province&value=%E6%B1%9F%E8%8B%8F');
    expect(doc).toMatch(/<a href="[^"]*value=%E5%AE%89%E5%BE%BD" aria-current="page">安徽<\/a>/);
  });

  it('ignores a filter on a group the round does not have, and says so when nothing matches', () => {
    const unknown = renderRankingPage(rankingView(results), 'zh', { group: { by: 'nope', value: 'x' } });
    expect(renderedRows(unknown)).toHaveLength(ids.length);
    const none = renderRankingPage(rankingView(results), 'zh', { group: { by: 'province', value: '浙江' } });
    expect(renderedRows(none)).toHaveLength(0);
    expect(none).toContain(TXT.noRows.zh);
  });
});

describe('the English switch', () => {
  it('links each page to itself in the other language and sets html lang', () => {
    const view = rankingView(results);
    const zh = renderRankingPage(view, 'zh');
    const en = renderRankingPage(view, 'en');
    const switchOf = (doc: string): string => tagsNamed(scanHtml(doc).tags, 'a').find((a) => a.attrs.get('class') === 'lang-switch')!.attrs.get('href')!;
    expect(switchOf(zh)).toBe(rankingUrl('r2025', 'en'));
    expect(switchOf(en)).toBe(rankingUrl('r2025', 'zh'));
    expect(rankingUrl('r2025', 'en')).toBe('/rounds/r2025?lang=en');
    expect(en).toContain('<html lang="en">');
    // English labels in the table head and for grades; the Chinese ones are gone.
    expect(en).toContain(`>${TXT.rank.en}</th>`);
    expect(en).not.toContain(`>${TXT.rank.zh}</th>`);
    for (const g of results.plan.grades.filter((g) => view.rows.some((r) => r.grade?.id === g.id))) {
      expect(en).toContain(g.label.en);
      expect(en).not.toContain(`${g.label.zh}</span>`);
    }
    // Links inside the English page stay in English.
    for (const a of tagsNamed(scanHtml(en).tags, 'a')) {
      const href = a.attrs.get('href')!;
      if (a.attrs.get('class') !== 'lang-switch' && !href.startsWith('#')) expect(href).toContain('lang=en');
    }
    const card = renderScorecardPage(scorecardView(results, '320100'), 'en');
    expect(card).toContain(`href="${scorecardUrl('r2025', '320100', 'zh')}"`);
    expect(card).toContain(TXT.dimensions.en);
  });
});

describe('scorecard page', () => {
  const doc = renderScorecardPage(scorecardView(results, '341100'), 'zh');

  /** The rendered indicator table's row for a node: status, and the texts of its cells. */
  const nodeRow = (html: string, id: string): { status: string; cells: string[] } => {
    const m = new RegExp(`<tr data-node="${id}"[^>]*data-status="([^"]*)"[^>]*>([\\s\\S]*?)</tr>`).exec(html)!;
    return { status: m[1], cells: [...m[2].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1].replace(/<[^>]*>/g, '').trim()) };
  };

  it('has the full indicator table: every node, value with unit, normalised score, weight and contribution', () => {
    const table = /<table id="indicators"[^>]*>([\s\S]*?)<\/table>/.exec(doc)![1];
    for (const n of results.plan.nodes.slice(1)) expect(table).toContain(`data-node="${n.id}"`);
    // 滁州's forest cover as entered, with its unit, and the efficacy score 60 + 40·(x − min)/(max − min).
    const forest = nodeRow(doc, 'forest');
    expect(forest.status).toBe('measured');
    const col = DEMO_CSV.trim().split('\n').slice(1).map((l) => Number(l.split(',')[9]));
    const expected = 60 + (40 * (28.9 - Math.min(...col))) / (Math.max(...col) - Math.min(...col));
    expect(forest.cells[1]).toBe('28.90 %'); // the scheme's two decimals
    expect(Math.abs(Number(forest.cells[2]) - expected)).toBeLessThanOrEqual(0.005);
    // Weights of the indicators add up to 100%, contributions to the base score.
    const indicators = results.plan.nodes.filter((n) => n.kind === 'indicator').map((n) => nodeRow(doc, n.id));
    const weights = indicators.map((r) => Number(r.cells[3].replace('%', '')));
    expect(Math.abs(weights.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(0.05);
    const contributions = indicators.map((r) => Number(r.cells[4]));
    const base = Number(/<dd id="adjustments">([\d.]+)/.exec(doc)![1]);
    expect(Math.abs(contributions.reduce((a, b) => a + b, 0) - base)).toBeLessThan(0.05);
  });

  it('marks a missing value filled with the fixed score, apart from a measured 60, with a legend', () => {
    // 滁州 has no wetland data: the scheme gives 60, which must not read as a measured worst.
    const wetland = nodeRow(doc, 'wetland');
    expect(wetland.status).toBe('fixed');
    expect(wetland.cells[0]).toContain(TXT.statusFixed.zh);
    expect(wetland.cells[1]).toBe('—');
    expect(wetland.cells[2]).toBe('60.00');
    expect(nodeRow(doc, 'water_quality').status).toBe('measured');
    expect(/<ul class="legend" id="indicator-legend">([\s\S]*?)<\/ul>/.exec(doc)![1]).toContain(TXT.legendFixed.zh);
  });

  it('marks a value imputed before normalisation (mean) as imputed', () => {
    const scheme = DEMO_SCHEME.replace(
      "label: { zh: 湿地保护率, en: Wetland protection }, weight: 1, normalise: { method: efficacy }, missing: { method: fixed, value: 60 } }",
      "label: { zh: 湿地保护率, en: Wetland protection }, weight: 1, normalise: { method: efficacy }, missing: mean }",
    );
    expect(scheme).not.toBe(DEMO_SCHEME);
    const imputed = evaluateDemo(DEMO_CSV, scheme);
    const en = renderScorecardPage(scorecardView(imputed, '341100'), 'en');
    const wetland = nodeRow(en, 'wetland');
    expect(wetland.status).toBe('imputed');
    expect(wetland.cells[0]).toContain(TXT.statusImputed.en);
    expect(wetland.cells[2]).not.toBe('60.00');
    expect(/<ul class="legend" id="indicator-legend">([\s\S]*?)<\/ul>/.exec(en)![1]).toContain(TXT.legendImputed.en);
  });

  it('shows the rank within the peer group (province)', () => {
    const anhui = results.frame.ids.filter((_, i) => DEMO_CSV.trim().split('\n')[i + 1].split(',')[2] === '安徽');
    const i = ids.indexOf('341100');
    const higher = anhui.filter((id) => Number(results.score[ids.indexOf(id)].toFixed(2)) > Number(results.score[i].toFixed(2))).length;
    expect(/<dd class="peer-rank">([^<]*)<\/dd>/.exec(doc)![1]).toBe(`安徽第 ${1 + higher} 名 / 共 ${anhui.length}`);
  });

  it('shows no badge for a veto that changed nothing, and says so in the rules table', () => {
    // 滁州 scores below 良好's cap already: the incident veto fired but left the grade as it was.
    const summary = doc.slice(doc.indexOf('<dl class="summary"'), doc.indexOf('<h2'));
    expect(summary + doc.slice(0, doc.indexOf('<table id="rules">'))).not.toContain('data-veto="serious_incident"');
    const veto = /<tr data-rule="serious_incident"[\s\S]*?<\/tr>/.exec(doc)![0];
    expect(veto).toContain(TXT.vetoNoChange.zh);
  });

  it('inlines the dimension chart as SVG with every dimension name, and the trend chart', () => {
    assertOnlyPageMarkup(doc);
    const fig = /<figure id="dimension-chart"[^>]*>([\s\S]*?)<\/figure>/.exec(doc)![1];
    expect(fig).toMatch(/^\s*<div class="chart-wide"><svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const svgText = scanHtml(fig).text.join('\n');
    for (const n of results.plan.nodes.filter((n) => n.parent === 0)) expect(svgText).toContain(n.label.zh);
    expect(doc).toMatch(/<figure id="score-trend-chart"[^>]*><div class="chart-wide"><svg/);
    expect(doc).toMatch(/<figure id="rank-trend-chart"[^>]*><div class="chart-wide"><svg/);
  });

  it('shows score, rank and grade as the Results do, rounded half-to-even', () => {
    const i = ids.indexOf('341100');
    const score = /<dd id="score">([^<]*)<\/dd>/.exec(doc)![1];
    expect(Math.abs(Number(score) - results.score[i])).toBeLessThanOrEqual(0.005);
    expect(doc).toContain(`第 ${results.rank[i]} 名 / 共 ${ids.length}`);
  });

  it('lists the deduction and the veto with their reasons', () => {
    // 滁州 had 2 major incidents: 3 points each, capped at 6; the incident veto caps the grade.
    const rules = /<table id="rules">([\s\S]*?)<\/table>/.exec(doc)![1];
    expect(rules).toMatch(/data-rule="incident" data-kind="deduction">[\s\S]*?−6\.00[\s\S]*?较大及以上突发环境事件次数 = 2/);
    expect(rules).toMatch(/data-rule="serious_incident" data-kind="veto">[\s\S]*?最高评为「良好」/);
    const clean = renderScorecardPage(scorecardView(results, '320100'), 'zh');
    expect(clean).toContain('id="rules-none"');
  });

  it('signs the deduction total, and shows none as a plain 0 rather than −0.00', () => {
    const adjustments = (page: string): string => /<dd id="adjustments">([^<]*)<\/dd>/.exec(page)![1];
    expect(adjustments(doc)).toMatch(/^\d+\.\d\d \/ −6\.00 \/ 0\.00$/);
    expect(adjustments(renderScorecardPage(scorecardView(results, '320100'), 'zh'))).toMatch(/^\d+\.\d\d \/ 0\.00 \/ 0\.00$/);
  });
});

describe('half-to-even rounding on the page', () => {
  // Scores that are exact binary ties at 2 decimals: half-to-even and toFixed disagree on x.125.
  const tie = run(schemeWith(['x'], { rounding: { decimals: 2 } }), table({ id: ['a', 'b', 'c'], x: [80.125, 70.375, 60.625] }));

  it('shows 80.125 as 80.12, 70.375 as 70.38, 60.625 as 60.62', () => {
    const doc = renderRankingPage({
      session: SESSION, round: roundHeader(tie), run: null, decimals: 2, previousRoundLabel: null, peerGroups: [], grades: [], rows: rankingRows(tie),
    }, 'zh');
    expect((80.125).toFixed(2)).toBe('80.13'); // the naive way, which the page must not use
    expect(renderedRows(doc).map((r) => r.score)).toEqual(['80.12', '70.38', '60.62']);
  });
});

describe('hostile text is shown as text', () => {
  const evil = '<script>alert(1)</script>';
  const attr = 'x" onmouseover="alert(2)';
  const schemeText = DEMO_SCHEME
    .replace('{ zh: 资源利用, en: Resource use }', `{ zh: ${JSON.stringify(evil)}, en: ${JSON.stringify(attr)} }`)
    .replace('categories: [江苏, 安徽]', `categories: [江苏, ${JSON.stringify(attr)}]`)
    .replace('{ zh: 较大及以上突发环境事件, en: Major environmental incidents }', `{ zh: ${JSON.stringify(`${evil}扣分`)}, en: "</td><td onclick=x>" }`);
  const csv = DEMO_CSV
    .replace('南京市', evil)
    .replace('341100,滁州市', `"${attr.replace(/"/g, '""')}",'滁州<i>`)
    .replaceAll(',安徽,', `,"${attr.replace(/"/g, '""')}",`);
  const bad = evaluateDemo(csv, schemeText);
  const round = roundHeader(bad, { title: { zh: evil, en: attr }, period: `<b>2025</b>` });
  const pages = [
    renderRankingPage(rankingView(bad, undefined, round), 'zh'),
    renderRankingPage(rankingView(bad, undefined, round), 'en', { group: { by: 'province', value: attr } }),
    renderScorecardPage(scorecardView(bad, '320100', [], round), 'zh'),
    renderScorecardPage(scorecardView(bad, attr, [], round), 'en'),
  ];

  it('never lets markup or attributes through, in the table, title, chart or links', () => {
    for (const doc of pages) {
      expect(doc.toLowerCase()).not.toContain('<script');
      const scan = assertOnlyPageMarkup(doc);
      expect(scan.tags.some((t) => t.attrs.has('onmouseover') || t.attrs.has('onclick'))).toBe(false);
      expect(tagsNamed(scan.tags, 'i')).toHaveLength(0);
      expect(tagsNamed(scan.tags, 'b')).toHaveLength(0);
    }
  });

  it('shows the names as they were written', () => {
    const [zh, en, card, cardEn] = pages.map((d) => scanHtml(d).text.join('\n'));
    expect(zh).toContain(evil); // entity name in the table, round title in <title> and <h1>
    expect(scanHtml(pages[0]).text.filter((t) => t.includes(`${evil} · 考核`))).toHaveLength(1);
    expect(en).toContain(attr);
    expect(card).toContain(evil);
    expect(card).toContain('<b>2025</b>');
    expect(cardEn).toContain("'滁州<i>");
  });

  it('escapes names inside the chart SVG and inside attributes', () => {
    const card = pages[2];
    const svg = /<figure id="dimension-chart"[^>]*>([\s\S]*?)<\/figure>/.exec(card)![1];
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const svgEn = /<figure id="dimension-chart"[^>]*>([\s\S]*?)<\/figure>/.exec(pages[3])![1];
    expect(scanHtml(svgEn).text).toContain(attr);
    // The hostile entity id sits in data attributes and hrefs, escaped and URL-encoded.
    const rowTag = scanHtml(pages[0]).tags.find((t) => t.attrs.get('data-entity-id') === attr);
    expect(rowTag).toBeDefined();
    const link = scanHtml(pages[0]).tags.find((t) => t.name === 'a' && t.attrs.get('href') === scorecardUrl('r2025', attr, 'zh'));
    expect(link).toBeDefined();
    expect(scorecardUrl('r2025', attr, 'zh')).not.toMatch(/["<> ]/);
  });

  it('keeps a grade colour that is not #rrggbb out of the style attribute', () => {
    const v = rankingView(results);
    const hostile = { ...v, rows: v.rows.map((r) => ({ ...r, grade: r.grade && { ...r.grade, color: 'red;background:url(https://x/)' } })) };
    const doc = renderRankingPage(hostile, 'zh');
    expect(doc).not.toContain('url(https://x/)');
    expect(doc).toContain('style="background:#9e9e9e"');
  });
});

describe('other pages', () => {
  it('rounds list links each round and marks synthetic ones', () => {
    const r: RoundSummaryView = { ...roundHeader(results), entityCount: 9, lastRunAt: '2025-03-01T09:30:00Z' };
    const doc = renderRoundsPage({ session: SESSION, rounds: [r, { ...r, id: 'r2024', synthetic: false, status: 'archived', published: false }] }, 'zh');
    assertOnlyPageMarkup(doc);
    expect(doc).toContain(`href="${rankingUrl('r2025', 'zh')}"`);
    expect(doc).toContain('2025-03-01 17:30 北京时间'); // 09:30 UTC
    expect(doc.match(/演示数据<\/span>/g)).toHaveLength(1);
    expect(renderRoundsPage({ session: SESSION, rounds: [] }, 'en')).toContain(TXT.noRounds.en);
  });

  it('shows who is logged in with a logout form, or a login link for the public', () => {
    const mine = scanHtml(renderRoundsPage({ session: { ...SESSION, csrfToken: 'c"t' }, rounds: [] }, 'en'));
    const logout = tagsNamed(mine.tags, 'form').find((f) => f.attrs.get('action') === '/logout?lang=en');
    expect(logout?.attrs.get('method')).toBe('post');
    expect(tagsNamed(mine.tags, 'input').find((i) => i.attrs.get('name') === 'csrf')?.attrs.get('value')).toBe('c"t');
    expect(mine.text.join('')).toContain('演示领导 · Leadership');
    const anonymous = scanHtml(renderRoundsPage({ session: { user: null }, rounds: [] }, 'zh'));
    expect(tagsNamed(anonymous.tags, 'form')).toHaveLength(0);
    expect(tagsNamed(anonymous.tags, 'a').some((a) => a.attrs.get('href') === '/login')).toBe(true);
  });

  it('every page starts with a skip link to the content, and carries its icon inline (nothing to fetch)', () => {
    const scan = scanHtml(renderRoundsPage({ session: SESSION, rounds: [] }, 'en'));
    const first = tagsNamed(scan.tags, 'a')[0];
    expect(first.attrs.get('class')).toBe('skip-link');
    expect(first.attrs.get('href')).toBe('#main');
    expect(tagsNamed(scan.tags, 'main')[0].attrs.get('id')).toBe('main');
    const icon = tagsNamed(scan.tags, 'link').find((l) => l.attrs.get('rel') === 'icon');
    expect(icon?.attrs.get('href')).toMatch(/^data:image\/svg\+xml,/);
    expect(scanHtml(renderRoundsPage({ session: SESSION, rounds: [] }, 'zh')).text.join(' ')).toContain('跳到正文');
    expect(decodeURIComponent(icon!.attrs.get('href')!.slice('data:image/svg+xml,'.length))).toBe(FAVICON_SVG);
  });

  it('on an English page, Chinese names are marked lang="zh-CN"; on a Chinese page they need no mark', () => {
    const r: RoundSummaryView = { ...roundHeader(results), entityCount: 9, lastRunAt: null, title: { zh: '江苏省考核', en: '江苏省考核' } };
    const en = scanHtml(renderRoundsPage({ session: SESSION, rounds: [r] }, 'en'));
    const marked = tagsNamed(en.tags, 'span').filter((x) => x.attrs.get('lang') === 'zh-CN');
    expect(marked.length).toBeGreaterThanOrEqual(2); // the user's name and the round's title
    const zh = scanHtml(renderRoundsPage({ session: SESSION, rounds: [r] }, 'zh'));
    expect(tagsNamed(zh.tags, 'span').filter((x) => x.attrs.get('lang') === 'zh-CN')).toHaveLength(0);
  });

  /** The texts an English page marks as Chinese. */
  const markedZh = (doc: string): string[] => [...doc.matchAll(/<span lang="zh-CN">([^<]*)<\/span>/g)].map((m) => decode(m[1]));
  const chineseOnly = roundHeader(results, { title: { zh: '江苏省考核', en: '江苏省考核' }, schemeName: { zh: '绿色发展方案', en: '绿色发展方案' }, office: { zh: '考核办', en: '考核办' } });
  const names = DEMO_CSV.trim().split('\n').slice(1).map((l) => l.split(','));

  it('on the English ranking page, entity, round, scheme, office and province names in Chinese are marked lang="zh-CN"', () => {
    const en = markedZh(renderRankingPage(rankingView(results, undefined, chineseOnly), 'en'));
    for (const [, name] of names) expect(en).toContain(name);
    for (const province of new Set(names.map((c) => c[2]))) expect(en.filter((x) => x === province).length).toBeGreaterThanOrEqual(2); // the filter link and the table cells
    expect(en).toEqual(expect.arrayContaining(['江苏省考核', '绿色发展方案', '考核办']));
    // An English title is not marked; a Chinese page marks nothing.
    expect(markedZh(renderRankingPage(rankingView(results), 'en'))).not.toContain(roundHeader(results).title.en);
    expect(markedZh(renderRankingPage(rankingView(results, undefined, chineseOnly), 'zh'))).toEqual([]);
  });

  it('on the English scorecard, the entity, round, scheme, office and province names in Chinese are marked lang="zh-CN"', () => {
    const doc = renderScorecardPage(scorecardView(results, '341100', [], chineseOnly), 'en');
    const en = markedZh(doc);
    const city = names.find((c) => c[0] === '341100')!;
    expect(en).toEqual(expect.arrayContaining([city[1], city[2], '江苏省考核', '绿色发展方案', '考核办']));
    expect(/<span id="entity-name"><span lang="zh-CN">([^<]*)<\/span><\/span>/.exec(doc)![1]).toBe(city[1]);
    // The peer rank names the province in Chinese inside the English sentence.
    expect(/<dd class="peer-rank">(.*?)<\/dd>/.exec(doc)![1]).toMatch(new RegExp(`^<span lang="zh-CN">${city[2]}</span>: rank \\d+ of \\d+$`));
    expect(markedZh(renderScorecardPage(scorecardView(results, '341100', [], chineseOnly), 'zh'))).toEqual([]);
  });

  it('login page posts a token field, keeps `next`, shows an error, and escapes it all', () => {
    const doc = renderLoginPage({ error: { zh: '令牌无效', en: 'invalid token' }, next: '/rounds/a"b?x=<y>', demoHint: true }, 'en');
    const scan = assertOnlyPageMarkup(doc);
    const form = tagsNamed(scan.tags, 'form')[0];
    expect(form.attrs.get('method')).toBe('post');
    expect(form.attrs.get('action')).toBe('/login?lang=en');
    const inputs = tagsNamed(scan.tags, 'input');
    expect(inputs.find((i) => i.attrs.get('name') === 'token')?.attrs.get('type')).toBe('password');
    expect(inputs.find((i) => i.attrs.get('name') === 'next')?.attrs.get('value')).toBe('/rounds/a"b?x=<y>');
    expect(scan.text.join(' ')).toContain('invalid token');
  });

  it('error page escapes the message and shows both languages, the chosen one first', () => {
    const doc = renderErrorPage(404, `找不到「${'<img src=x>'}」`, 'not found: <img src=x>', 'zh');
    const scan = assertOnlyPageMarkup(doc);
    const text = scan.text.join('\n');
    expect(text.indexOf('找不到')).toBeLessThan(text.indexOf('not found'));
    expect(text).toContain('<img src=x>');
    expect(tagsNamed(scan.tags, 'img')).toHaveLength(0);
  });
});
