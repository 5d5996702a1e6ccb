/**
 * A scheme's published lists (红/黑名单公示) on a date: each list with who is on it, since when
 * and until when (the last day known now), the rule and the records behind each entry; then the
 * history of entries and exits. Words of this page are kept here, in both languages.
 */
import type { Label } from '../../indicators/index.js';
import { html } from './html.js';
import { page } from './layout.js';
import { t } from './text.js';
import type { Lang, SessionView } from './view-models.js';

export interface ListsPageView {
  session: SessionView;
  scheme: string;
  date: string;
  lists: {
    id: string;
    label: Label;
    entries: { entity: string; name: string | null; since: string | null; until: string | null; asOf: string; rule: string; records: { type: string; start: string; until: string | null; role?: string }[]; consequence: { label: Label; rate: number; unit: string; from: string; to: string; amount: number | null } | null }[];
  }[];
  history: { list: string; entity: string; name: string | null; since: string | null; until: string | null; exitSeenAt: string | null }[];
}

const W = {
  title: { zh: '名单公示', en: 'Published lists' },
  on: { zh: '日期', en: 'On' },
  entity: { zh: '对象', en: 'Entity' },
  since: { zh: '列入日期', en: 'Since' },
  until: { zh: '最早移出日期（按现有记录）', en: 'Until (as the records now stand)' },
  rule: { zh: '列入规则', en: 'Rule' },
  records: { zh: '依据记录', en: 'Records behind it' },
  asOf: { zh: '评价基准日', en: 'As of' },
  consequence: { zh: '下一期后果', en: 'Consequence next period' },
  none: { zh: '该日期无人在此名单上。', en: 'Nobody is on this list on this date.' },
  history: { zh: '列入与移出记录', en: 'History of entries and exits' },
  list: { zh: '名单', en: 'List' },
  exit: { zh: '移出（此后的评价未再列入）', en: 'Exit (not listed by a later round as of)' },
  unknown: { zh: '不详', en: 'unknown' },
  open: { zh: '未定', en: 'open' },
  export: { zh: '导出 CSV', en: 'Export CSV' },
  repairs: { zh: '信用修复申请', en: 'Credit repair applications' },
} satisfies Record<string, Label>;

export function listsUrl(scheme: string, date: string, lang: Lang): string {
  return `/lists/${encodeURIComponent(scheme)}?date=${date}${lang === 'en' ? '&lang=en' : ''}`;
}

export function renderListsPage(view: ListsPageView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const d = (v: string | null, empty: Label): string => v ?? t(empty, lang);
  const lists = view.lists.map((l) => html`<section class="list" data-list="${l.id}">
<h2>${t(l.label, lang)}</h2>
${l.entries.length === 0 ? html`<p class="muted">${t(W.none, lang)}</p>` : html`<table>
<thead><tr><th scope="col">${t(W.entity, lang)}</th><th scope="col">${t(W.since, lang)}</th><th scope="col">${t(W.until, lang)}</th><th scope="col">${t(W.rule, lang)}</th><th scope="col">${t(W.records, lang)}</th><th scope="col">${t(W.consequence, lang)}</th><th scope="col">${t(W.asOf, lang)}</th></tr></thead>
<tbody>
${l.entries.map((e) => html`<tr data-entity="${e.entity}">
<td>${e.name ?? ''} <span class="code">${e.entity}</span></td>
<td>${d(e.since, W.unknown)}</td>
<td>${d(e.until, W.open)}</td>
<td><code>${e.rule}</code></td>
<td>${e.records.map((r) => html`<div>${r.type}${r.role ? ` (${r.role})` : ''} ${r.start} → ${r.until ?? t(W.open, lang)}</div>`)}</td>
<td>${e.consequence ? html`${t(e.consequence.label, lang)}: +${e.consequence.rate} ${e.consequence.unit}, ${e.consequence.from} – ${e.consequence.to}${e.consequence.amount === null ? '' : html` (${e.consequence.amount})`}` : '—'}</td>
<td>${e.asOf}</td>
</tr>`)}
</tbody>
</table>`}
</section>`);
  const history = html`<h2>${t(W.history, lang)}</h2>
<table id="list-history">
<thead><tr><th scope="col">${t(W.list, lang)}</th><th scope="col">${t(W.entity, lang)}</th><th scope="col">${t(W.since, lang)}</th><th scope="col">${t(W.until, lang)}</th><th scope="col">${t(W.exit, lang)}</th></tr></thead>
<tbody>
${view.history.map((h) => html`<tr><td>${h.list}</td><td>${h.name ?? ''} <span class="code">${h.entity}</span></td><td>${d(h.since, W.unknown)}</td><td>${d(h.until, W.open)}</td><td>${h.exitSeenAt ?? '—'}</td></tr>`)}
</tbody>
</table>`;
  const body = html`<h1>${t(W.title, lang)} · <span class="code">${view.scheme}</span></h1>
<form method="get" action="/lists/${encodeURIComponent(view.scheme)}" class="no-print"><label>${t(W.on, lang)} <input type="date" name="date" value="${view.date}"></label>${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''} <button type="submit">OK</button>
<a href="/api/lists/${encodeURIComponent(view.scheme)}/export?date=${view.date}">${t(W.export, lang)}</a>${view.session.user && view.session.user.role !== 'public' && view.session.user.role !== 'partner' ? html` · <a id="repairs-link" href="/repairs/${encodeURIComponent(view.scheme)}${lang === 'en' ? '?lang=en' : ''}">${t(W.repairs, lang)}</a>` : ''}</form>
${lists}
${history}`;
  return page({ lang, title: `${t(W.title, lang)} ${view.scheme}`, switchHref: listsUrl(view.scheme, view.date, other), session: view.session, body });
}
