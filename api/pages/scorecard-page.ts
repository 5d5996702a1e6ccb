/**
 * One entity's scorecard: score, rank, grade; dimension scores as a chart against the median
 * of all entities; the trend over rounds; strongest and weakest indicators; every deduction,
 * bonus, veto and list with its reason; and, after a correction, what moved and why.
 * Each chart has its numbers in a table beside it for screen readers.
 */
import { dimensionChart, rankTrendChart, responsive, scoreTrendChart } from '../charts/index.js';
import { html, type SafeHtml } from './html.js';
import { badges, gradeTag, named, page, roundBanners, roundDownloads, roundMeta, titleBlock } from './layout.js';
import { appealBanner } from './appeal-banner.js';
import { colon, fill, fmtRank, fmtScore, fmtShare, fmtValue, t, TXT } from './text.js';
import { scorecardInterval } from './uncertainty-view.js';
import { rankingUrl, scorecardUrl } from './urls.js';
import type { ChangeView, ConversionView, IndicatorRowView, IndicatorStatus, Lang, RuleFiredView, ScorecardView } from './view-models.js';

export function renderScorecardPage(view: ScorecardView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const d = view.decimals;
  const name = view.entity.name ?? view.entity.id;
  // A veto that changed nothing (the score's grade was already no better) is listed with the rules, not as a badge.
  const vetoes = view.rules.filter((r) => r.kind === 'veto' && r.changedGrade !== false);
  const lists = view.rules.filter((r) => r.kind === 'list');
  const c = colon(lang);
  const body = html`<p class="no-print"><a href="${rankingUrl(view.round.id, lang)}">← ${t(TXT.backToRanking, lang)}</a></p>
${titleBlock(view.round, view.run, lang)}
<h1><span id="entity-name">${named(name, lang)}</span><span class="code">${view.entity.id}</span></h1>
<p class="meta"><span>${named(t(view.round.title, lang), lang)}</span>${view.peerGroups.map((g) => html`<span>${t(g.label, lang)}${c}${named(view.entity.groups[g.id] ?? '—', lang)}</span>`)}</p>
${roundMeta(view.round, lang)}
${roundBanners(view.round, lang)}
${roundDownloads(view.round.id, view.run?.id ?? null, lang)}
${appealBanner(view.appeal, lang)}
<dl class="summary" id="summary">
<div><dt>${t(TXT.score, lang)}</dt><dd id="score">${fmtScore(view.score, d)}</dd></div>
<div><dt>${t(TXT.rank, lang)}</dt><dd id="rank">${view.rank === null ? t(TXT.unranked, lang) : fill(t(TXT.rankOf, lang), { r: view.rank, n: view.rankedCount })}</dd></div>
${view.peerRanks.map((g) => html`<div data-peer-group="${g.id}"><dt>${t(TXT.peerRank, lang)} · ${t(g.label, lang)}</dt><dd class="peer-rank">${g.rank === null ? t(TXT.unranked, lang) : rankIn(g.value, g.rank, g.of, lang)}</dd></div>`)}
<div><dt>${t(TXT.grade, lang)}</dt><dd id="grade">${gradeTag(view.grade, lang)}</dd></div>
<div><dt>${t(TXT.base, lang)} / ${t(TXT.deductions, lang)} / ${t(TXT.bonuses, lang)}</dt><dd id="adjustments">${fmtScore(view.base, d)} / ${signed('−', view.deductions, d)} / ${signed('+', view.bonuses, d)}</dd></div>
</dl>
${scorecardInterval(view.interval, d, lang)}
${vetoes.length + lists.length > 0 ? html`<p>${badges(vetoes, lists, lang)}</p>` : ''}
${view.changes ? changes(view, lang) : ''}
<div class="print-row"><section>
<h2 id="dimensions-heading">${t(TXT.dimensions, lang)}</h2>
<figure id="dimension-chart" aria-labelledby="dimensions-heading">
${responsive((size) => dimensionChart(view.dimensions, d, lang, size))}
<figcaption>${t(TXT.medianNote, lang)}</figcaption>
</figure>
<table class="visually-hidden" id="dimension-table">
<caption>${t(TXT.dimensions, lang)}</caption>
<thead><tr><th scope="col">${t(TXT.dimension, lang)}</th><th scope="col" class="num">${t(TXT.score, lang)}</th><th scope="col" class="num">${t(TXT.median, lang)}</th></tr></thead>
<tbody>${view.dimensions.map((x) => html`<tr data-dimension="${x.id}"><th scope="row">${t(x.label, lang)}</th><td class="num">${fmtScore(x.score, d)}</td><td class="num">${fmtScore(x.median, d)}</td></tr>`)}</tbody>
</table>
</section><section>
<h2 id="trend-heading">${t(TXT.trend, lang)}</h2>
${view.trend.length === 0 ? html`<p class="muted">${t(TXT.noTrend, lang)}</p>` : html`<div class="charts-pair" id="trend-charts">
<figure id="score-trend-chart" aria-label="${t(TXT.scoreTrend, lang)}">${responsive((w) => scoreTrendChart(view.trend, d, lang, view.scoreRange, { ...w, height: 220 }))}</figure>
<figure id="rank-trend-chart" aria-label="${t(TXT.rankTrend, lang)}">${responsive((w) => rankTrendChart(view.trend, lang, { ...w, height: 220 }))}</figure>
</div>
<table class="visually-hidden" id="trend-table">
<caption>${t(TXT.trend, lang)}</caption>
<thead><tr><th scope="col">${t(TXT.period, lang)}</th><th scope="col" class="num">${t(TXT.score, lang)}</th><th scope="col" class="num">${t(TXT.rank, lang)}</th></tr></thead>
<tbody>${view.trend.map((p) => html`<tr><th scope="row">${p.roundLabel}</th><td class="num">${fmtScore(p.score, d)}</td><td class="num">${fmtRank(p.rank)}${p.of === null ? '' : ` / ${p.of}`}</td></tr>`)}</tbody>
</table>`}
</section></div>
${indicatorTable(view.indicators, d, lang)}
${view.conversions && view.conversions.length > 0 ? conversionsSection(view.conversions, d, lang) : ''}
<h2>${t(TXT.rules, lang)}</h2>
${view.rules.length === 0 ? html`<p class="muted" id="rules-none">${t(TXT.noRules, lang)}</p>` : html`<table id="rules">
<thead><tr><th scope="col">${t(TXT.kind, lang)}</th><th scope="col">${t(TXT.rule, lang)}</th><th scope="col" class="num">${t(TXT.points, lang)}</th><th scope="col">${t(TXT.reason, lang)}</th></tr></thead>
<tbody>${view.rules.map((r) => ruleRow(r, d, lang))}</tbody>
</table>`}`;
  return page({ lang, title: `${name} · ${t(TXT.scorecard, lang)}`, switchHref: scorecardUrl(view.round.id, view.entity.id, other), session: view.session, body, bodyClass: 'scorecard' });
}

const STATUS_MARK: Record<Exclude<IndicatorStatus, 'measured'>, { mark: string; label: { zh: string; en: string }; legend: { zh: string; en: string } }> = {
  imputed: { mark: '*', label: TXT.statusImputed, legend: TXT.legendImputed },
  fixed: { mark: '†', label: TXT.statusFixed, legend: TXT.legendFixed },
  notApplicable: { mark: '○', label: TXT.statusNotApplicable, legend: TXT.legendNotApplicable },
  missing: { mark: '—', label: TXT.statusMissing, legend: TXT.legendMissing },
};

/** Every node below the root: value and unit, normalised score, effective weight, contribution, and a mark when the score is not from the entity's own data. */
function indicatorTable(rows: IndicatorRowView[], d: number, lang: Lang): SafeHtml {
  const used = new Set(rows.map((r) => r.status));
  const marks = (Object.keys(STATUS_MARK) as (keyof typeof STATUS_MARK)[]).filter((k) => used.has(k));
  return html`<h2 id="indicators-heading">${t(TXT.indicatorTable, lang)}</h2>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="indicators-heading"><table id="indicators" aria-labelledby="indicators-heading">
<thead><tr><th scope="col">${t(TXT.indicator, lang)}</th><th scope="col" class="num">${t(TXT.value, lang)}</th><th scope="col" class="num">${t(TXT.normalised, lang)}</th><th scope="col" class="num">${t(TXT.weight, lang)}</th><th scope="col" class="num">${t(TXT.contribution, lang)}</th></tr></thead>
<tbody>${rows.map((r) => indicatorRow(r, d, lang))}</tbody>
</table></div>
${marks.length === 0 ? '' : html`<ul class="legend" id="indicator-legend">${marks.map((k) => html`<li data-status="${k}"><span class="mark status-${k}" aria-hidden="true">${STATUS_MARK[k].mark}</span> ${t(STATUS_MARK[k].legend, lang)}</li>`)}</ul>`}`;
}

function indicatorRow(r: IndicatorRowView, d: number, lang: Lang): SafeHtml {
  const status = r.status === 'measured' ? null : STATUS_MARK[r.status];
  const tag = status ? html` <span class="status status-${r.status}"><span aria-hidden="true">${status.mark}</span>${t(status.label, lang)}</span>` : '';
  const hl = r.highlight ? html` <span class="hl ${r.highlight}">${t(r.highlight === 'strongest' ? TXT.strongMark : TXT.weakMark, lang)}</span>` : '';
  const value = r.kind === 'indicator' ? html`${fmtValue(r.value, d)}${r.unit && r.value !== null ? html`<span class="unit"> ${r.unit}</span>` : ''}` : '';
  return html`<tr data-node="${r.id}" data-kind="${r.kind}" data-status="${r.status}" class="depth-${Math.min(r.depth, 4)}${r.kind === 'aggregate' ? ' aggregate' : ''}">
<th scope="row">${t(r.label, lang)}${tag}${hl}</th>
<td class="num value">${value}</td>
<td class="num score">${fmtScore(r.score, d)}</td>
<td class="num weight">${r.status === 'notApplicable' || r.status === 'missing' ? '—' : fmtShare(r.weight, d)}</td>
<td class="num contribution">${fmtScore(r.contribution, d)}</td>
</tr>`;
}

/** How each converted value was read: as uploaded × the round's rate = the value scored. */
function conversionsSection(conversions: ConversionView[], d: number, lang: Lang): SafeHtml {
  return html`<section id="conversions" aria-labelledby="conversions-heading">
<h2 id="conversions-heading">${t(TXT.conversions, lang)}</h2>
<p class="muted">${t(TXT.conversionsHelp, lang)}</p>
<ul>${conversions.map((c) => html`<li data-input="${c.input}"><strong>${t(c.label, lang)}</strong>${colon(lang)}<span class="num">${fmtValue(c.uploaded, d)}</span> ${c.from} × <span class="num factor">${String(c.factor)}</span> = <span class="num">${fmtValue(c.value, d)}</span> ${c.to}${c.note ? html` <span class="muted">${lang === 'zh' ? `（${c.note}）` : `(${c.note})`}</span>` : ''}</li>`)}</ul>
</section>`;
}

const KIND_LABEL = { deduction: TXT.deduction, bonus: TXT.bonus, veto: TXT.veto, list: TXT.list } as const;

function ruleRow(r: RuleFiredView, d: number, lang: Lang): SafeHtml {
  const sign = r.kind === 'deduction' ? '−' : r.kind === 'bonus' ? '+' : '';
  return html`<tr data-rule="${r.id}" data-kind="${r.kind}">
<td><span class="badge ${r.kind === 'veto' ? 'veto' : r.kind === 'list' ? 'list' : ''}">${t(KIND_LABEL[r.kind], lang)}</span></td>
<td>${t(r.label, lang)}${r.effect ? html`<br><span class="muted">${t(r.effect, lang)}</span>` : ''}${r.changedGrade === false ? html`<br><span class="muted veto-no-change">${t(TXT.vetoNoChange, lang)}</span>` : ''}</td>
<td class="num">${r.points === null ? '—' : `${sign}${fmtScore(r.points, d)}`}</td>
<td>${t(r.reason, lang)}</td>
</tr>`;
}

function changes(view: ScorecardView, lang: Lang): SafeHtml {
  const ch = view.changes!;
  return html`<section id="changes">
<h2>${t(TXT.changes, lang)}</h2>
<p class="meta">${fill(t(TXT.changesSince, lang), { s: t(ch.since, lang) })}</p>
${ch.items.length === 0 ? html`<p class="muted">${t(TXT.noChanges, lang)}</p>` : html`<table>
<thead><tr><th scope="col">${t(TXT.what, lang)}</th><th scope="col" class="num">${t(TXT.from, lang)}</th><th scope="col" class="num">${t(TXT.to, lang)}</th><th scope="col">${t(TXT.because, lang)}</th></tr></thead>
<tbody>${ch.items.map((x) => html`<tr><td>${t(x.what, lang)}</td><td class="num">${changeValue(x, x.from, view.decimals, lang)}</td><td class="num">${changeValue(x, x.to, view.decimals, lang)}</td><td>${t(x.because, lang)}</td></tr>`)}</tbody>
</table>`}
</section>`;
}

function changeValue(x: ChangeView, v: ChangeView['from'], d: number, lang: Lang): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return t(v, lang);
  if (x.kind === 'score') return fmtScore(v, d);
  if (x.kind === 'rank') return fmtRank(v);
  return String(v);
}

/** "rank r of n in the group", with the group's name marked as a name. */
function rankIn(group: string, rank: number, of: number, lang: Lang): SafeHtml {
  const [before, after = ''] = fill(t(TXT.rankIn, lang), { r: rank, n: of }).split('{g}');
  return html`${before}${named(group, lang)}${after}`;
}

/** A deduction or bonus total with its sign; none was applied shows as a plain 0 (never "−0.00"). */
function signed(sign: '−' | '+', x: number | null, decimals: number): string {
  const text = fmtScore(x, decimals);
  return x !== null && x !== 0 && Number.isFinite(x) && /[1-9]/.test(text) ? `${sign}${text}` : text;
}
