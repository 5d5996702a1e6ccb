/**
 * The 通报 report as a print-ready page (A4; page numbers from the stylesheet's @page rule):
 * a title block with the issuing office and date, the ranking, the entities of each grade, the
 * vetoes, the lists (约谈, 整改 …), and the methodology as 附件 on a page of its own.
 */
import { html } from './html.js';
import { gradeTag, page, roundBanners } from './layout.js';
import { methodologySections } from './methodology-page.js';
import type { ReportGroupView, ReportView } from './report.js';
import { colon, fill, fmtDate, fmtRank, fmtScore, t, TXT } from './text.js';
import { rankingUrl, reportUrl } from './urls.js';
import type { Lang } from './view-models.js';

/** The words of the title block and the opening line, shared with the Word document. */
export function reportWords(view: ReportView, lang: Lang): { issuer: string | null; title: string; date: string; intro: string; more: string | null } {
  const at = view.run.publishedAt ?? view.run.createdAt;
  return {
    issuer: view.round.office ? t(view.round.office, lang) : null,
    title: fill(t(TXT.reportTitle, lang), { r: t(view.round.title, lang) }),
    date: fmtDate(at, lang),
    intro: fill(t(TXT.reportIntro, lang), { s: t(view.methodology.scheme.name, lang), v: view.methodology.scheme.version, p: view.round.period, n: view.entityCount }),
    more: view.entityCount > view.rows.length ? fill(t(TXT.reportMore, lang), { k: view.rows.length, n: view.entityCount }) : null,
  };
}

/** A group's entities joined as one line (顿号 in Chinese); none: a dash. */
export function entityLine(g: ReportGroupView, lang: Lang): string {
  return g.entities.length === 0 ? t(TXT.reportNone, lang) : g.entities.join(lang === 'zh' ? '、' : ', ');
}

/** Text in brackets, full-width in Chinese. */
export const paren = (text: string, lang: Lang): string => (lang === 'zh' ? `（${text}）` : ` (${text})`);

export function renderReportPage(view: ReportView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const w = reportWords(view, lang);
  const d = view.decimals;
  const c = colon(lang);
  const body = html`<p class="no-print"><a href="${rankingUrl(view.round.id, lang)}">← ${t(TXT.backToRanking, lang)}</a></p>
<p class="downloads no-print"><a class="button" id="report-docx" href="${reportUrl(view.round.id, lang, 'docx', view.run.id)}" download>${t(TXT.downloadDocx, lang)}</a><span class="muted">${t(TXT.printHint, lang)}</span></p>
${roundBanners(view.round, lang)}
<header class="report-head" id="report-title-block">
${w.issuer ? html`<p class="issuer">${w.issuer}</p>` : ''}
<h1>${w.title}</h1>
<p class="date">${w.date}</p>
</header>
<p>${w.intro}</p>
<h2 id="r-ranking">${t(TXT.reportRanking, lang)}</h2>
<table id="report-ranking">
<thead><tr><th scope="col" class="num">${t(TXT.rank, lang)}</th><th scope="col">${t(TXT.name, lang)}</th><th scope="col" class="num">${t(TXT.score, lang)}</th><th scope="col">${t(TXT.grade, lang)}</th></tr></thead>
<tbody>${view.rows.map((r) => html`<tr data-entity-id="${r.entityId}"><td class="num">${fmtRank(r.rank)}</td><td>${r.name ?? r.entityId}</td><td class="num">${fmtScore(r.score, d)}</td><td>${gradeTag(r.grade, lang)}</td></tr>`)}</tbody>
</table>
${w.more ? html`<p class="muted">${w.more}</p>` : ''}
${view.grades.length === 0 ? '' : html`<h2 id="r-grades">${t(TXT.reportGrades, lang)}</h2>
<ul id="report-grades">${view.grades.map((g) => html`<li data-grade="${g.id}"><strong>${t(g.label, lang)}</strong>${paren(String(g.entities.length), lang)}${c}${entityLine(g, lang)}</li>`)}</ul>`}
<h2 id="r-vetoes">${t(TXT.reportVetoes, lang)}</h2>
${view.vetoes.length === 0 ? html`<p id="report-vetoes">${t(TXT.reportNoVetoes, lang)}</p>` : html`<ul id="report-vetoes">${view.vetoes.map((v) => html`<li data-veto="${v.id}"><strong>${t(v.label, lang)}</strong>${v.effect ? paren(t(v.effect, lang), lang) : ''}${c}${entityLine(v, lang)}</li>`)}</ul>`}
${view.lists.length === 0 ? '' : html`<h2 id="r-lists">${t(TXT.reportLists, lang)}</h2>
<ul id="report-lists">${view.lists.map((l) => html`<li data-list="${l.id}"><strong>${t(l.label, lang)}</strong>${c}${entityLine(l, lang)}</li>`)}</ul>`}
<section class="annex" id="report-annex">
<h2>${t(TXT.reportAnnex, lang)}</h2>
${methodologySections(view.methodology, lang, 3)}
</section>`;
  return page({ lang, title: w.title, switchHref: reportUrl(view.round.id, other, 'html', view.run.id), session: view.session, body, bodyClass: 'report' });
}

