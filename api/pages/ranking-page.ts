/**
 * A round's ranking: rank, name, score, grade in its colour, rank change, veto and list badges;
 * peer-group filter links (no script: each is a plain GET link); within a group, the group rank too.
 */
import { html, type SafeHtml } from './html.js';
import { badges, gradeTag, page, rankChangeTag, roundBanners, roundMeta } from './layout.js';
import { colon, fill, fmtRank, fmtScore, fmtTime, t, TXT, WORK } from './text.js';
import { rankIntervalCell, rankIntervalHeader, rankIntervalsNote } from './uncertainty-view.js';
import { rankingUrl, roundsUrl, scorecardUrl, workUrl } from './urls.js';
import type { GroupFilter, Lang, PeerGroupView, RankingRowView, RankingView } from './view-models.js';

export function renderRankingPage(view: RankingView, lang: Lang, options: { group?: GroupFilter } = {}): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  // A filter on a group the round doesn't have is ignored rather than showing an empty table.
  const group = options.group && view.peerGroups.some((g) => g.id === options.group!.by) ? options.group : undefined;
  const rows = group ? view.rows.filter((r) => r.groups[group.by] === group.value) : view.rows;
  const title = t(view.round.title, lang);
  const changeHeader = view.previousRoundLabel === null
    ? t(TXT.rankChange, lang)
    : `${t(TXT.rankChange, lang)} (${fill(t(TXT.rankChangeSince, lang), { p: view.previousRoundLabel })})`;
  const body = html`<p class="no-print"><a href="${roundsUrl(lang)}">← ${t(TXT.backToRounds, lang)}</a>${
  view.canWork ? html` · <a class="work-link" href="${workUrl(view.round.id, lang)}">${t(WORK.link, lang)}</a>` : ''}</p>
<h1>${title}</h1>
${roundMeta(view.round, lang)}
${runMeta(view, lang)}
${roundBanners(view.round, lang)}
${view.peerGroups.map((g) => groupFilter(view.round.id, g, group, lang))}
<table id="ranking">
<caption class="visually-hidden">${title} · ${t(TXT.ranking, lang)}</caption>
<thead><tr>
<th scope="col" class="num">${t(TXT.rank, lang)}</th>
${group ? html`<th scope="col" class="num">${t(TXT.groupRank, lang)}</th>` : ''}
<th scope="col">${t(TXT.name, lang)}</th>
${view.peerGroups.map((g) => html`<th scope="col">${t(g.label, lang)}</th>`)}
<th scope="col" class="num">${t(TXT.score, lang)}</th>
${rankIntervalHeader(view.intervals, lang)}
<th scope="col">${t(TXT.grade, lang)}</th>
<th scope="col" class="num">${changeHeader}</th>
<th scope="col">${t(TXT.flags, lang)}</th>
</tr></thead>
<tbody>
${rows.length === 0 ? html`<tr><td colspan="${6 + view.peerGroups.length + (group ? 1 : 0)}" class="muted">${t(TXT.noRows, lang)}</td></tr>` : rows.map((r) => row(view, r, group, lang))}
</tbody>
</table>
${rankIntervalsNote(view.intervals, lang)}
${view.chainHead ? html`<footer class="chain-head">${t(TXT.chainHead, lang)}${colon(lang)}<code>${view.chainHead.count}:${view.chainHead.hash}</code></footer>` : ''}`;
  return page({ lang, title, switchHref: rankingUrl(view.round.id, other, group), session: view.session, body });
}

function row(view: RankingView, r: RankingRowView, group: GroupFilter | undefined, lang: Lang): SafeHtml {
  return html`<tr data-entity-id="${r.entityId}" data-rank="${r.rank ?? ''}">
<td class="num rank">${r.rank === null ? html`<span class="muted">${t(TXT.unranked, lang)}</span>` : fmtRank(r.rank)}</td>
${group ? html`<td class="num">${fmtRank(r.groupRanks[group.by] ?? null)}</td>` : ''}
<td class="name"><a href="${scorecardUrl(view.round.id, r.entityId, lang)}">${r.name ?? r.entityId}</a><span class="code">${r.entityId}</span></td>
${view.peerGroups.map((g) => html`<td>${r.groups[g.id] ?? '—'}</td>`)}
<td class="num score">${fmtScore(r.score, view.decimals)}</td>
${rankIntervalCell(view.intervals, r.entityId, r.rank, lang)}
<td>${gradeTag(r.grade, lang)}</td>
<td class="num">${rankChangeTag(r.rankChange, lang)}</td>
<td>${badges(r.vetoes, r.lists, lang)}</td>
</tr>`;
}

function groupFilter(roundId: string, g: PeerGroupView, current: GroupFilter | undefined, lang: Lang): SafeHtml {
  const on = (value: string | null): boolean => (value === null ? current === undefined : current?.by === g.id && current.value === value);
  const link = (label: string, value: string | null): SafeHtml => html`<a href="${rankingUrl(roundId, lang, value === null ? undefined : { by: g.id, value })}"${on(value) ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<nav class="filters" aria-label="${t(TXT.peerGroup, lang)}"><span>${t(TXT.peerGroup, lang)} · ${t(g.label, lang)}${colon(lang)}</span>${link(t(TXT.all, lang), null)}${g.values.map((v) => link(v, v))}</nav>`;
}

function runMeta(view: RankingView, lang: Lang): SafeHtml {
  if (!view.run) return html``;
  const c = colon(lang);
  return html`<p class="meta"><span>${t(TXT.run, lang)}${c}${fmtTime(view.run.createdAt)}</span>${
    view.run.publishedAt ? html`<span>${t(TXT.publishedAt, lang)}${c}${fmtTime(view.run.publishedAt)}</span>` : ''}${
    view.run.publicationReason ? html`<span>${t(TXT.publicationReason, lang)}${c}${view.run.publicationReason}</span>` : ''}</p>`;
}
