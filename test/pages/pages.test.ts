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

  it('shows veto and list badges where the Results have them', () => {
    const vetoSlots = results.layout.veto.map((s) => results.columns[s]);
    for (const row of rankingView(results).rows) {
      const i = ids.indexOf(row.entityId);
      const html = new RegExp(`<tr data-entity-id="${row.entityId}"[\\s\\S]*?</tr>`).exec(zh)![0];
      results.plan.vetoes.forEach((v, k) => {
        expect(html.includes(`data-veto="${v.id}"`)).toBe(vetoSlots[k][i] === 1);
      });
    }
    // The demo data has two cities with incidents, so the serious-incident veto is on two rows.
    const withIncidents = DEMO_CSV.trim().split('\n').slice(1).filter((l) => Number(l.split(',')[12]) > 0).length;
    expect(zh.split('data-veto="serious_incident"').length - 1).toBe(withIncidents);
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

  it('inlines the dimension chart as SVG with every dimension name, and the trend chart', () => {
    assertOnlyPageMarkup(doc);
    const fig = /<figure id="dimension-chart"[^>]*>([\s\S]*?)<\/figure>/.exec(doc)![1];
    expect(fig).toMatch(/^\s*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const svgText = scanHtml(fig).text.join('\n');
    for (const n of results.plan.nodes.filter((n) => n.parent === 0)) expect(svgText).toContain(n.label.zh);
    expect(doc).toMatch(/<figure id="trend-chart"[^>]*>\s*<svg/);
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
      session: SESSION, round: roundHeader(tie), run: null, decimals: 2, previousRoundLabel: null, peerGroups: [], rows: rankingRows(tie),
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
    expect(doc).toContain('2025-03-01 09:30 UTC');
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
