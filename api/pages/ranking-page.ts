/**
 * A round's ranking: rank, name, score, grade in its colour, rank change, veto and list badges;
 * peer-group filter links (no script: each is a plain GET link); within a group, the group rank too.
 */
import { NO_RESULT_COLOR, rankingBarChart, regionMap, responsive, safeColor } from '../charts/index.js';
import { html, type SafeHtml } from './html.js';
import { badges, gradeTag, named, page, rankChangeTag, roundBanners, roundDownloads, roundMeta, titleBlock } from './layout.js';
import { colon, fill, fmtRank, fmtScore, fmtTime, t, TXT, WORK } from './text.js';
import { rankIntervalCell, rankIntervalHeader, rankIntervalsNote } from './uncertainty-view.js';
import { RANKING_PAGE_SIZE, RANKING_PAGE_SIZE_MAX, rankingUrl, roundsUrl, scorecardUrl, workUrl, type RankingSearch } from './urls.js';
import type { GradeView, GroupFilter, Lang, MapView, PeerGroupView, RankingRowView, RankingView } from './view-models.js';

/**
 * The rows a ranking page shows: those of the peer group, grade and search (`q`: part of the
 * name or code, any case), then one page of them (at most RANKING_PAGE_SIZE_MAX), so a round
 * of any size is a page of bounded size.
 */
export function selectRankingRows(rows: readonly RankingRowView[], group: GroupFilter | undefined, search: RankingSearch): { rows: RankingRowView[]; total: number; page: number; pages: number; size: number } {
  const q = search.q?.trim().toLowerCase() ?? '';
  const matching = group || search.grade || q
    ? rows.filter((r) => (!group || r.groups[group.by] === group.value)
      && (!search.grade || r.grade?.id === search.grade)
      && (!q || r.entityId.toLowerCase().includes(q) || (r.name ?? '').toLowerCase().includes(q)))
    : rows;
  const size = Math.min(RANKING_PAGE_SIZE_MAX, Math.max(1, Math.floor(search.size ?? RANKING_PAGE_SIZE)));
  const pages = Math.max(1, Math.ceil(matching.length / size));
  const page = Math.min(pages, Math.max(1, Math.floor(search.page ?? 1)));
  return { rows: matching.slice((page - 1) * size, page * size), total: matching.length, page, pages, size };
}

export function renderRankingPage(view: RankingView, lang: Lang, options: { group?: GroupFilter; search?: RankingSearch } = {}): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  // A filter on a group the round doesn't have is ignored rather than showing an empty table.
  const group = options.group && view.peerGroups.some((g) => g.id === options.group!.by) ? options.group : undefined;
  const search: RankingSearch = { ...options.search, grade: view.grades.some((g) => g.id === options.search?.grade) ? options.search?.grade : undefined };
  const selected = selectRankingRows(view.rows, group, search);
  const rows = selected.rows;
  const title = t(view.round.title, lang);
  const changeHeader = view.previousRoundLabel === null
    ? t(TXT.rankChange, lang)
    : `${t(TXT.rankChange, lang)} (${fill(t(TXT.rankChangeSince, lang), { p: view.previousRoundLabel })})`;
  const body = html`<p class="no-print"><a href="${roundsUrl(lang)}">← ${t(TXT.backToRounds, lang)}</a>${
  view.canWork ? html` · <a class="work-link" href="${workUrl(view.round.id, lang)}">${t(WORK.link, lang)}</a>` : ''}</p>
${titleBlock(view.round, view.run, lang)}
<h1>${named(title, lang)}</h1>
${roundMeta(view.round, lang)}
${runMeta(view, lang)}
${roundBanners(view.round, lang)}
${roundDownloads(view.round.id, view.run?.id ?? null, lang)}
${view.peerGroups.map((g) => groupFilter(view.round.id, g, group, lang))}
${searchForm(view, group, search, selected.size, lang)}
${pager(view.round.id, group, search, selected, lang)}
<div class="table-wrap" tabindex="0" role="region" aria-label="${title} · ${t(TXT.ranking, lang)}"><table id="ranking">
<caption class="visually-hidden">${named(title, lang)} · ${t(TXT.ranking, lang)}</caption>
<thead><tr>
<th scope="col" class="num">${t(TXT.rank, lang)}</th>
${group ? html`<th scope="col" class="num">${t(TXT.groupRank, lang)}</th>` : ''}
<th scope="col">${t(TXT.name, lang)}</th>
${view.peerGroups.map((g) => html`<th scope="col" class="opt">${t(g.label, lang)}</th>`)}
<th scope="col" class="num">${t(TXT.score, lang)}</th>
${rankIntervalHeader(view.intervals, lang)}
<th scope="col">${t(TXT.grade, lang)}</th>
<th scope="col" class="num opt">${changeHeader}</th>
<th scope="col">${t(TXT.flags, lang)}</th>
</tr></thead>
<tbody>
${rows.length === 0 ? html`<tr><td colspan="${6 + view.peerGroups.length + (group ? 1 : 0)}" class="muted">${t(TXT.noRows, lang)}</td></tr>` : rows.map((r) => row(view, r, group, lang))}
</tbody>
</table></div>
${rankIntervalsNote(view.intervals, lang)}
${selected.pages > 1 ? pager(view.round.id, group, search, selected, lang, 'bottom') : ''}
${rows.length === 0 ? '' : charts(view, rows, lang)}
${view.chainHead ? html`<footer class="chain-head">${t(TXT.chainHead, lang)}${colon(lang)}<code>${view.chainHead.count}:${view.chainHead.hash}</code></footer>` : ''}`;
  return page({ lang, title, switchHref: rankingUrl(view.round.id, other, group, { ...search, page: selected.page, size: selected.size }), session: view.session, body });
}

function row(view: RankingView, r: RankingRowView, group: GroupFilter | undefined, lang: Lang): SafeHtml {
  return html`<tr data-entity-id="${r.entityId}" data-rank="${r.rank ?? ''}">
<td class="num rank">${r.rank === null ? html`<span class="muted">${t(TXT.unranked, lang)}</span>` : fmtRank(r.rank)}</td>
${group ? html`<td class="num">${fmtRank(r.groupRanks[group.by] ?? null)}</td>` : ''}
<td class="name"><a href="${scorecardUrl(view.round.id, r.entityId, lang)}">${named(r.name ?? r.entityId, lang)}</a><span class="code">${r.entityId}</span></td>
${view.peerGroups.map((g) => html`<td class="opt">${named(r.groups[g.id] ?? '—', lang)}</td>`)}
<td class="num score">${fmtScore(r.score, view.decimals)}</td>
${rankIntervalCell(view.intervals, r.entityId, r.rank, lang)}
<td>${gradeTag(r.grade, lang)}</td>
<td class="num opt">${rankChangeTag(r.rankChange, lang)}</td>
<td>${badges(r.vetoes, r.lists, lang)}</td>
</tr>`;
}

function groupFilter(roundId: string, g: PeerGroupView, current: GroupFilter | undefined, lang: Lang): SafeHtml {
  const on = (value: string | null): boolean => (value === null ? current === undefined : current?.by === g.id && current.value === value);
  const link = (label: string | SafeHtml, value: string | null): SafeHtml => html`<a href="${rankingUrl(roundId, lang, value === null ? undefined : { by: g.id, value })}"${on(value) ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<nav class="filters" aria-label="${t(TXT.peerGroup, lang)}"><span>${t(TXT.peerGroup, lang)} · ${t(g.label, lang)}${colon(lang)}</span>${link(t(TXT.all, lang), null)}${g.values.map((v) => link(named(v, lang), v))}</nav>`;
}

function runMeta(view: RankingView, lang: Lang): SafeHtml {
  if (!view.run) return html``;
  const c = colon(lang);
  return html`<p class="meta"><span>${t(TXT.run, lang)}${c}${fmtTime(view.run.createdAt, lang)}</span>${
    view.run.publishedAt ? html`<span>${t(TXT.publishedAt, lang)}${c}${fmtTime(view.run.publishedAt, lang)}</span>` : ''}${
    view.run.publicationReason ? html`<span>${t(TXT.publicationReason, lang)}${c}${named(view.run.publicationReason, lang)}</span>` : ''}</p>`;
}

/** A plain GET form (no script): search by name or code, filter by grade, rows per page; the peer-group filter rides along. */
function searchForm(view: RankingView, group: GroupFilter | undefined, search: RankingSearch, size: number, lang: Lang): SafeHtml {
  const sizes = [...new Set([20, RANKING_PAGE_SIZE, 100, RANKING_PAGE_SIZE_MAX, size])].sort((a, b) => a - b);
  return html`<form class="search no-print" id="ranking-search" method="get" action="${rankingUrl(view.round.id, lang)}" role="search">
${group ? html`<input type="hidden" name="group" value="${group.by}"><input type="hidden" name="value" value="${group.value}">` : ''}${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
<label for="ranking-q">${t(TXT.searchLabel, lang)}<input type="search" id="ranking-q" name="q" value="${search.q ?? ''}" maxlength="100"></label>
${view.grades.length === 0 ? '' : html`<label for="ranking-grade">${t(TXT.grade, lang)}<select id="ranking-grade" name="grade"><option value="">${t(TXT.all, lang)}</option>${view.grades.map((g: GradeView) => html`<option value="${g.id}"${search.grade === g.id ? html` selected` : ''}>${t(g.label, lang)}</option>`)}</select></label>`}
<label for="ranking-size">${t(TXT.pageSize, lang)}<select id="ranking-size" name="size">${sizes.map((n) => html`<option value="${n}"${n === size ? html` selected` : ''}>${n}</option>`)}</select></label>
<button type="submit" id="ranking-search-button">${t(TXT.filter, lang)}</button>
</form>`;
}

function pager(roundId: string, group: GroupFilter | undefined, search: RankingSearch, s: { total: number; page: number; pages: number; size: number }, lang: Lang, where = 'top'): SafeHtml {
  const to = (p: number): string => rankingUrl(roundId, lang, group, { ...search, page: p, size: s.size });
  const link = (p: number, label: string, rel: string): SafeHtml => (p === s.page || p < 1 || p > s.pages
    ? html`<span class="muted">${label}</span>`
    : html`<a href="${to(p)}" rel="${rel}" data-page="${p}">${label}</a>`);
  const first = s.total === 0 ? 0 : (s.page - 1) * s.size + 1;
  const last = Math.min(s.total, s.page * s.size);
  return html`<nav class="pager no-print" aria-label="${t(TXT.pages, lang)}${where === 'top' ? '' : ` (${t(TXT.bottom, lang)})`}" id="pager-${where}"${where === 'top' ? html` data-total="${s.total}" data-page="${s.page}" data-pages="${s.pages}"` : ''}>
<span>${fill(t(TXT.pageOf, lang), { a: first, b: last, n: s.total, p: s.page, m: s.pages })}</span>
${s.pages > 1 ? html`${link(1, t(TXT.firstPage, lang), 'first')}${link(s.page - 1, t(TXT.prevPage, lang), 'prev')}${link(s.page + 1, t(TXT.nextPage, lang), 'next')}${link(s.pages, t(TXT.lastPage, lang), 'last')}` : ''}
</nav>`;
}

/** The bar chart of the rows shown, and the map of every region (when the roster has one). */
function charts(view: RankingView, rows: RankingRowView[], lang: Lang): SafeHtml {
  const map = view.map;
  return html`<section id="ranking-charts">
${map ? mapFigure(view, map, lang) : ''}
<h2 id="bars-heading">${t(TXT.barsHeading, lang)}</h2>
<figure id="ranking-bars" aria-labelledby="bars-heading">${responsive((size) => rankingBarChart(rows, view.decimals, view.scoreRange ?? null, size))}
<figcaption>${t(TXT.barsNote, lang)}</figcaption></figure>
</section>`;
}

export function mapFigure(view: Pick<RankingView, 'rows' | 'grades'>, map: MapView, lang: Lang): SafeHtml {
  const regions = view.rows.map((r) => ({ code: r.entityId, name: r.name ?? r.entityId, score: r.score, gradeColor: r.grade?.color ?? null }));
  const hasGrades = view.grades.length > 0;
  return html`<h2 id="map-heading">${t(TXT.mapHeading, lang)}</h2>
<figure id="region-map" aria-labelledby="map-heading">${responsive((size) => regionMap(map, regions, size, hasGrades))}
<figcaption>${hasGrades ? html`<span class="map-legend">${view.grades.map((g) => html`<span class="grade"><span class="swatch" style="background:${safeColor(g.color, '#9e9e9e')}" aria-hidden="true"></span>${t(g.label, lang)}</span>`)}<span class="grade"><span class="swatch" style="background:${NO_RESULT_COLOR}" aria-hidden="true"></span>${t(TXT.noResult, lang)}</span></span>` : html`<span>${t(TXT.mapShadeNote, lang)}</span>`}
<span class="approval-no" id="approval-no">${t(TXT.approvalNo, lang)}${colon(lang)}${map.approvalNo}</span></figcaption>
</figure>`;
}
