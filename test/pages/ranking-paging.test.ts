/**
 * Large rankings: a 20,000-entity round's ranking page is one bounded page (< 300 KB) with
 * paging links, and the search (name or code), grade filter and page size select the rows.
 */
import { describe, expect, it } from 'vitest';
import { compile, evaluate } from '../../engine/index.js';
import { loadSchemeText } from '../../indicators/index.js';
import { synthFrame } from '../../io/index.js';
import { renderRankingPage, RANKING_PAGE_SIZE, RANKING_PAGE_SIZE_MAX } from '../../api/pages/index.js';
import { DEMO_SCHEME, evaluateDemo, rankingView } from './demo-views.js';
import { assertOnlyPageMarkup, decode } from './html-scan.js';

const rowIds = (doc: string): string[] => [...doc.matchAll(/<tr data-entity-id="([^"]*)"/g)].map((m) => decode(m[1]));
const pagerOf = (doc: string): { total: number; page: number; pages: number } => {
  const m = /id="pager-top" data-total="(\d+)" data-page="(\d+)" data-pages="(\d+)"/.exec(doc)!;
  return { total: Number(m[1]), page: Number(m[2]), pages: Number(m[3]) };
};

describe('a 20,000-entity ranking', () => {
  const compiled = compile(loadSchemeText(DEMO_SCHEME));
  const big = evaluate(compiled, synthFrame(compiled.plan, 20_000, 7));
  const view = rankingView(big);
  const byRank = view.rows.map((r) => r.entityId);

  it('renders one page of rows, well under 300 KB, with links to the other pages', () => {
    const doc = renderRankingPage(view, 'zh');
    assertOnlyPageMarkup(doc);
    expect(Buffer.byteLength(doc)).toBeLessThan(300 * 1024);
    expect(rowIds(doc)).toEqual(byRank.slice(0, RANKING_PAGE_SIZE));
    expect(pagerOf(doc)).toEqual({ total: 20_000, page: 1, pages: Math.ceil(20_000 / RANKING_PAGE_SIZE) });
    expect(doc).toContain(`href="/rounds/r2025?page=2" rel="next"`);
    expect(doc).toContain(`href="/rounds/r2025?page=${20_000 / RANKING_PAGE_SIZE}" rel="last"`);
  });

  it('shows the rows of the page asked for, and the last page for a page past the end', () => {
    const third = renderRankingPage(view, 'zh', { search: { page: 3 } });
    expect(rowIds(third)).toEqual(byRank.slice(2 * RANKING_PAGE_SIZE, 3 * RANKING_PAGE_SIZE));
    const past = renderRankingPage(view, 'en', { search: { page: 999_999, size: 100 } });
    expect(rowIds(past)).toEqual(byRank.slice(19_900));
    expect(pagerOf(past)).toEqual({ total: 20_000, page: 200, pages: 200 });
  });

  it('never shows more than the largest page size', () => {
    const doc = renderRankingPage(view, 'zh', { search: { size: 100_000 } });
    expect(rowIds(doc)).toHaveLength(RANKING_PAGE_SIZE_MAX);
    expect(Buffer.byteLength(doc)).toBeLessThan(600 * 1024);
  });

  it('filters by grade, and pages through what matches', () => {
    const grade = big.plan.grades[1];
    const expected = view.rows.filter((r) => r.grade?.id === grade.id).map((r) => r.entityId);
    expect(expected.length).toBeGreaterThan(RANKING_PAGE_SIZE);
    const doc = renderRankingPage(view, 'zh', { search: { grade: grade.id, page: 2 } });
    expect(pagerOf(doc).total).toBe(expected.length);
    expect(rowIds(doc)).toEqual(expected.slice(RANKING_PAGE_SIZE, 2 * RANKING_PAGE_SIZE));
    expect(doc).toContain(`<option value="${grade.id}" selected>`);
    // Page links keep the filter.
    expect(doc).toContain(`?grade=${grade.id}&amp;page=3`);
  });

  it('ignores a grade the scheme does not have', () => {
    expect(pagerOf(renderRankingPage(view, 'zh', { search: { grade: 'nope' } })).total).toBe(20_000);
  });
});

describe('search by name or code', () => {
  const results = evaluateDemo();
  const view = rankingView(results);

  it('finds a city by part of its name or by its code, any case', () => {
    expect(rowIds(renderRankingPage(view, 'zh', { search: { q: '滁州' } }))).toEqual(['341100']);
    expect(rowIds(renderRankingPage(view, 'zh', { search: { q: ' 3411 ' } }))).toEqual(['341100']);
    const anhui = results.frame.ids.filter((id) => id.startsWith('34'));
    expect(rowIds(renderRankingPage(view, 'zh', { search: { q: '34' } })).sort()).toEqual(anhui.sort());
  });

  it('says so when nothing matches, and keeps what was typed, escaped', () => {
    const doc = renderRankingPage(view, 'zh', { search: { q: '"><b>x' } });
    assertOnlyPageMarkup(doc);
    expect(rowIds(doc)).toEqual([]);
    expect(doc).toContain('value="&quot;&gt;&lt;b&gt;x"');
    expect(doc).toContain('没有符合条件的对象');
  });
});
