/**
 * The start page: every round the reader may see, newest first as the server sorts them; an
 * office logged in with the session cookie (its forms carry the session's CSRF token) also
 * gets the link to the new-round form; an auditor, a link to each round's work page, read-only.
 */
import { html } from './html.js';
import { named, page } from './layout.js';
import { fmtTime, NEW_ROUND, STATUS, t, TXT, WORK } from './text.js';
import { newRoundUrl, rankingUrl, roundsUrl, workUrl } from './urls.js';
import type { Lang, RoundsListView } from './view-models.js';

export function renderRoundsPage(view: RoundsListView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const rows = view.rounds.map((r) => html`<tr data-round-id="${r.id}">
<td><a href="${rankingUrl(r.id, lang)}">${named(t(r.title, lang), lang)}</a>${r.synthetic ? html` <span class="badge list" title="${t(TXT.synthetic, lang)}">${lang === 'zh' ? '演示数据' : 'demo data'}</span>` : ''}${
  r.canWork ? html` <a class="work-link" href="${workUrl(r.id, lang)}">${t(WORK.linkShort, lang)}</a>` : ''}${
  view.session.user?.role === 'auditor' ? html` <a class="record-link" href="${workUrl(r.id, lang)}">${t(WORK.recordLink, lang)}</a>` : ''}</td>
<td>${named(t(r.schemeName, lang), lang)} <span class="code">${r.schemeVersion}</span></td>
<td>${r.period}</td>
<td data-status="${r.status}">${t(STATUS[r.status], lang)}</td>
<td class="num">${r.entityCount ?? '—'}</td>
<td>${r.lastRunAt === null ? '—' : fmtTime(r.lastRunAt, lang)}</td>
</tr>`);
  const canCreate = view.session.user?.role === 'office' && view.session.csrfToken !== undefined;
  const body = html`<h1>${t(TXT.rounds, lang)}</h1>
${canCreate ? html`<p class="no-print"><a class="button" id="new-round-link" href="${newRoundUrl(lang)}">＋ ${t(NEW_ROUND.link, lang)}</a></p>` : ''}
${view.rounds.length === 0 ? html`<p class="muted">${t(TXT.noRounds, lang)}</p>` : html`<table id="rounds">
<thead><tr><th scope="col">${t(TXT.round, lang)}</th><th scope="col">${t(TXT.scheme, lang)}</th><th scope="col">${t(TXT.period, lang)}</th><th scope="col">${t(TXT.status, lang)}</th><th scope="col" class="num">${t(TXT.entities, lang)}</th><th scope="col">${t(TXT.lastRun, lang)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`}`;
  return page({ lang, title: t(TXT.rounds, lang), switchHref: roundsUrl(other), session: view.session, body });
}
