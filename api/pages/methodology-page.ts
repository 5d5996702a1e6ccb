/** The methodology page (from the scheme), and the same content as the 通报 report's 附件. */
import { html, type SafeHtml } from './html.js';
import { page, roundBanners, roundMeta } from './layout.js';
import { bandText, type MethodologyView } from './methodology.js';
import { colon, fmtShare, t, TXT } from './text.js';
import { methodologyUrl, rankingUrl } from './urls.js';
import type { Lang, RoundHeaderView, SessionView } from './view-models.js';

export interface MethodologyPageView {
  session: SessionView;
  round: RoundHeaderView;
  methodology: MethodologyView;
}

/** The methodology as sections; `level` is the heading level its sections start at. */
export function methodologySections(m: MethodologyView, lang: Lang, level: 2 | 3 = 2): SafeHtml {
  const h = (text: string, id: string): SafeHtml => (level === 2 ? html`<h2 id="${id}">${text}</h2>` : html`<h3 id="${id}">${text}</h3>`);
  const d = m.decimals;
  return html`${m.scheme.description ? html`<p>${t(m.scheme.description, lang)}</p>` : ''}
${h(t(TXT.mIndicators, lang), 'm-indicators')}
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="m-indicators"><table id="methodology-nodes">
<thead><tr><th scope="col">${t(TXT.indicator, lang)}</th><th scope="col" class="num">${t(TXT.mWeight, lang)}</th><th scope="col" class="num">${t(TXT.mShare, lang)}</th><th scope="col">${t(TXT.mMethod, lang)}</th></tr></thead>
<tbody>${m.nodes.map((n) => html`<tr data-node="${n.id}" class="depth-${Math.min(n.depth, 4)}${n.kind === 'aggregate' ? ' aggregate' : ''}">
<th scope="row">${t(n.label, lang)}${n.unit ? html`<span class="unit"> (${n.unit})</span>` : ''}</th>
<td class="num">${n.depth === 0 ? '—' : String(n.weight)}</td>
<td class="num share">${fmtShare(n.share, d)}</td>
<td>${t(n.method, lang)}${n.missing ? html`<br><span class="muted">${t(n.missing, lang)}</span>` : ''}${n.applicable ? html`<br><span class="muted">${t(TXT.mApplicable, lang)}${colon(lang)}<code>${n.applicable}</code></span>` : ''}</td>
</tr>`)}</tbody>
</table></div>
${h(t(TXT.mFormula, lang), 'm-formula')}
<p id="methodology-formula">${t(m.formula, lang)}</p>
<p>${t(m.ranking, lang)}</p>
${m.rules.length === 0 ? '' : html`${h(t(TXT.mRules, lang), 'm-rules')}
<ul id="methodology-rules">${m.rules.map((r) => html`<li>${t(r.kind === 'deduction' ? TXT.deduction : TXT.bonus, lang)}${colon(lang)}${t(r.label, lang)} — <code>${r.points}</code>${r.when ? html` · ${t(TXT.mWhen, lang)} <code>${r.when}</code>` : ''}${r.cap !== null ? html` · ${t(TXT.mCap, lang)} ${r.cap}` : ''}</li>`)}
${m.caps.deduction !== null ? html`<li>${t(TXT.mDeductionCap, lang)} ${m.caps.deduction}</li>` : ''}${m.caps.bonus !== null ? html`<li>${t(TXT.mBonusCap, lang)} ${m.caps.bonus}</li>` : ''}</ul>`}
${m.grades.length === 0 ? '' : html`${h(t(TXT.mGrades, lang), 'm-grades')}
<ul id="methodology-grades">${m.grades.map((g) => html`<li>${t(g.label, lang)}${colon(lang)}${bandText(g, d)}</li>`)}</ul>`}
${m.vetoes.length === 0 ? '' : html`${h(t(TXT.mVetoes, lang), 'm-vetoes')}
<ul id="methodology-vetoes">${m.vetoes.map((v) => html`<li>${t(v.label, lang)}${colon(lang)}${t(TXT.mWhen, lang)} <code>${v.when}</code> → ${t(v.effect, lang)}</li>`)}</ul>`}
${m.lists.length === 0 ? '' : html`${h(t(TXT.mLists, lang), 'm-lists')}
<ul id="methodology-lists">${m.lists.map((l) => html`<li>${t(l.label, lang)}${colon(lang)}${t(TXT.mWhen, lang)} <code>${l.when}</code></li>`)}</ul>`}`;
}

export function renderMethodologyPage(view: MethodologyPageView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const m = view.methodology;
  const title = `${t(m.scheme.name, lang)} · ${t(TXT.methodology, lang)}`;
  const body = html`<p class="no-print"><a href="${rankingUrl(view.round.id, lang)}">← ${t(TXT.backToRanking, lang)}</a></p>
<h1>${t(TXT.methodology, lang)}</h1>
<p class="meta"><span>${t(m.scheme.name, lang)}</span><span>${m.scheme.id} ${m.scheme.version}</span></p>
${roundMeta(view.round, lang)}
${roundBanners(view.round, lang)}
${methodologySections(m, lang)}`;
  return page({ lang, title, switchHref: methodologyUrl(view.round.id, other), session: view.session, body });
}
