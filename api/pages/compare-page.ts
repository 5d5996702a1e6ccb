/**
 * The comparison page: the rounds compared (a scheme family over the years, or several offices'
 * rounds of one version), a chart of each entity's score over them (SVG rendered on the server),
 * and a table of score, rank and grade per entity and round, as stored; a link to the workbook.
 * Only rounds the reader may see are here (the API chose them).
 */
import type { Comparison } from '../../io/index.js';
import { comparisonChart, roundAxisLabel } from '../charts/index.js';
import { html } from './html.js';
import { page } from './layout.js';
import { fmtRank, fmtScore, t, TXT } from './text.js';
import { compareUrl, compareWorkbookUrl, rankingUrl, scorecardUrl } from './urls.js';
import type { Lang, SessionView } from './view-models.js';

export interface ComparePageView {
  session: SessionView;
  comparison: Comparison;
  query: { scheme: string; version?: string; entities?: string; rounds?: string };
}

const TEXT = {
  title: { zh: '对比', en: 'Comparison' },
  help: { zh: '同一方案各轮次（各年、各考核办）的得分、名次和等级，均为各轮已存储运行的结果；只列出您可查看的轮次。', en: 'Score, rank and grade in each round of the scheme (years, offices), each the stored run\'s; only the rounds you may see.' },
  workbook: { zh: '下载对比工作簿（.xlsx）', en: 'Download the comparison workbook (.xlsx)' },
  unpublished: { zh: '未发布', en: 'unpublished' },
  entity: { zh: '对象', en: 'Entity' },
} as const;

export function renderComparePage(view: ComparePageView, lang: Lang): string {
  const c = view.comparison;
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const title = `${t(TEXT.title, lang)} · ${c.schemeId}${view.query.version ? ` ${view.query.version}` : ''}`;
  const body = html`<h1>${title}</h1>
<p class="muted">${t(TEXT.help, lang)}</p>
<p><a class="button" id="compare-workbook" href="${compareWorkbookUrl(view.query)}" download>${t(TEXT.workbook, lang)}</a></p>
<figure class="chart" id="compare-chart">${comparisonChart(c, lang)}</figure>
<table id="compare">
<thead><tr><th scope="col">${t(TEXT.entity, lang)}</th>${c.rounds.map((r, k) => html`<th scope="col" data-round-id="${r.roundId}"><a href="${rankingUrl(String(r.roundId), lang)}">${roundAxisLabel(c, k)}</a>${r.published ? '' : html` <span class="badge list">${t(TEXT.unpublished, lang)}</span>`}</th>`)}</tr></thead>
<tbody>
${c.entities.map((e) => html`<tr data-entity-id="${e.id}"><th scope="row">${e.name ?? e.id}<span class="code">${e.id}</span></th>${e.points.map((p, k) => (p === null ? html`<td class="muted">—</td>` : html`<td class="num" data-round-id="${c.rounds[k].roundId}"><a href="${scorecardUrl(String(c.rounds[k].roundId), e.id, lang)}"><span class="score">${fmtScore(p.score, c.rounds[k].decimals)}</span></a><br><span class="muted">${t(TXT.rank, lang)} ${p.rank === null ? '—' : fmtRank(p.rank)}${p.grade ? ` · ${t(p.grade, lang)}` : ''}</span></td>`))}</tr>`)}
</tbody>
</table>`;
  return page({ lang, title, switchHref: compareUrl(view.query, other), session: view.session, body });
}
