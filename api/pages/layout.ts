/** The page shell every page shares: head with the inline stylesheet, header with the language switch and the user, and the pieces several pages show (round banners, grade, badges). */
import { safeColor } from '../charts/svg.js';
import { html, trusted, type SafeHtml } from './html.js';
import { PAGE_CSS } from './style.js';
import { AUD, colon, fmtDate, ROLE, STATUS, t, TXT } from './text.js';
import { auditLogUrl, auditsUrl, loginUrl, logoutUrl, methodologyUrl, reportUrl, roundsUrl, withLang } from './urls.js';
import type { BadgeView, GradeView, Lang, RoundHeaderView, RunRefView, SessionView } from './view-models.js';

/**
 * The Content-Security-Policy the pages are written for: no script at all, no external
 * fetches; inline styles only (the stylesheet and the charts' SVG styling).
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export interface PageShell {
  lang: Lang;
  title: string;
  /** The same page in the other language. */
  switchHref: string;
  /** null on pages outside a session (login, errors): neither user nor login link. */
  session: SessionView | null;
  body: SafeHtml;
  /** Reload (no script: a meta refresh) after this many seconds, at this address — while a run scores. */
  refresh?: { seconds: number; url: string } | null;
  /** A class on <body> for page-specific print rules (`scorecard`, `report`). */
  bodyClass?: string;
}

/** A Chinese page's header also links to it in 繁體; a page sent in Traditional characters has that link turned into 简体 (traditional-page.ts). */
export function page({ lang, title, switchHref, session, body, refresh, bodyClass }: PageShell): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  return `<!DOCTYPE html>\n${String(html`<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
${refresh ? html`<meta http-equiv="refresh" content="${Math.max(1, Math.round(refresh.seconds))}; url=${refresh.url}">
` : ''}<title>${title} · ${t(TXT.appName, lang)}</title>
<link rel="icon" href="${FAVICON}">
<style>${trusted(PAGE_CSS)}</style>
</head>
<body${bodyClass ? html` class="${bodyClass}"` : ''}>
<a class="skip-link" href="#main">${t(TXT.skipToContent, lang)}</a>
<header class="site">
<a class="brand" href="${roundsUrl(lang)}">${t(TXT.appName, lang)}<small>${t(TXT.appTagline, lang)}</small></a>
<nav>
${session?.user && (session.user.role === 'auditor' || session.user.role === 'admin') ? html`<a id="nav-audit-log" href="${auditLogUrl({}, lang)}">${t(AUD.logTitle, lang)}</a> <a id="nav-audits" href="${auditsUrl(lang)}">${t(AUD.auditsTitle, lang)}</a>` : ''}
${session?.user ? html`<span class="who">${named(session.user.name, lang)} · ${t(ROLE[session.user.role] ?? { zh: session.user.role, en: session.user.role }, lang)}</span>
<form method="post" action="${logoutUrl(lang)}">${session.csrfToken !== undefined ? html`<input type="hidden" name="csrf" value="${session.csrfToken}">` : ''}<button type="submit">${t(TXT.logout, lang)}</button></form>` : ''}
${session && !session.user ? html`<a href="${loginUrl(lang)}">${t(TXT.login, lang)}</a>` : ''}
${lang === 'zh' ? html`<a class="script-switch" id="script-switch" href="${withLang(switchHref, 'zh-Hant')}" hreflang="zh-Hant" lang="zh-Hant">繁體</a>` : ''}
<a class="lang-switch" href="${switchHref}" hreflang="${other === 'zh' ? 'zh-CN' : 'en'}" lang="${other === 'zh' ? 'zh-CN' : 'en'}" title="${t(TXT.switchToTitle, lang)}">${t(TXT.switchTo, lang)}</a>
</nav>
</header>
<main id="main" tabindex="-1">
${body}
</main>
</body>
</html>`)}\n`;
}

/** The site's icon, 考 on the brand colour: inline in every page (the pages fetch nothing), and at /favicon.ico for what asks there. */
export const FAVICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f5f8b"/><text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff" font-family="sans-serif">考</text></svg>';
const FAVICON = `data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}`;

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * A name as written (an entity, a person, a round without an English title): on an English
 * page, text in Chinese is marked `lang="zh-CN"` so a screen reader reads it in Chinese and
 * the browser picks a Chinese font.
 */
export function named(text: string, lang: Lang): SafeHtml {
  return lang === 'en' && HAN.test(text) ? html`<span lang="zh-CN">${text}</span>` : html`${text}`;
}

/** The banners a round's pages carry: synthetic data, unpublished results. */
export function roundBanners(round: RoundHeaderView, lang: Lang): SafeHtml {
  return html`${round.synthetic ? html`<p class="banner synthetic" role="note"><strong>⚠ ${t(TXT.synthetic, lang)}</strong></p>` : ''}${
    round.published ? '' : html`<p class="banner unpublished" role="note">${t(TXT.notPublished, lang)}</p>`}`;
}

/** A grade in its colour and always by name (colour alone says nothing in print or to a screen reader). */
export function gradeTag(grade: GradeView | null, lang: Lang): SafeHtml {
  if (!grade) return html`<span class="muted">${t(TXT.noGrade, lang)}</span>`;
  const color = safeColor(grade.color, '#9e9e9e');
  return html`<span class="grade" data-grade="${grade.id}"><span class="swatch" style="background:${color}" aria-hidden="true"></span>${t(grade.label, lang)}</span>`;
}

/** A list entry's dates after its name: （2025-03-01 起，至 2026-02-28） / (since 2025-03-01, until 2026-02-28); nothing when neither is known. */
function listDatesText(l: { since?: string | null; until?: string | null }, lang: Lang): SafeHtml | '' {
  const date = (d: string): SafeHtml => html`<time datetime="${d}">${d}</time>`;
  const since = l.since ? (lang === 'zh' ? html`<span class="list-since">${date(l.since)} ${t(TXT.listSince, lang)}</span>` : html`<span class="list-since">${t(TXT.listSince, lang)} ${date(l.since)}</span>`) : null;
  const until = l.until ? html`<span class="list-until">${t(TXT.listUntil, lang)} ${date(l.until)}</span>` : null;
  const parts = [since, until].filter((p): p is SafeHtml => p !== null);
  if (parts.length === 0) return '';
  return lang === 'zh' ? html`（${parts.map((p, k) => html`${k > 0 ? '，' : ''}${p}`)}）` : html` (${parts.map((p, k) => html`${k > 0 ? ', ' : ''}${p}`)})`;
}

export function badges(vetoes: BadgeView[], lists: (BadgeView & { since?: string | null; until?: string | null })[], lang: Lang): SafeHtml {
  return html`${vetoes.map((v) => html`<span class="badge veto" data-veto="${v.id}" title="${t(TXT.veto, lang)}">${t(TXT.veto, lang)}${colon(lang)}${t(v.label, lang)}</span>`)}${
    lists.map((l) => html`<span class="badge list" data-list="${l.id}" title="${t(TXT.list, lang)}">${t(TXT.list, lang)}${colon(lang)}${t(l.label, lang)}${listDatesText(l, lang)}</span>`)}`;
}

/** ▲3 / ▼2 / – with the direction in words for screen readers. */
export function rankChangeTag(change: number | null, lang: Lang): SafeHtml {
  if (change === null || !Number.isFinite(change)) return html`<span class="change same">—</span>`;
  if (change > 0) return html`<span class="change up" title="${t(TXT.up, lang)} ${change}">▲ ${change}<span class="visually-hidden"> ${t(TXT.up, lang)}</span></span>`;
  if (change < 0) return html`<span class="change down" title="${t(TXT.down, lang)} ${-change}">▼ ${-change}<span class="visually-hidden"> ${t(TXT.down, lang)}</span></span>`;
  return html`<span class="change same" title="${t(TXT.same, lang)}">– 0</span>`;
}

/** Round facts under a title: scheme, period, status. */
export function roundMeta(round: RoundHeaderView, lang: Lang): SafeHtml {
  const c = colon(lang);
  return html`<p class="meta"><span>${t(TXT.scheme, lang)}${c}${named(t(round.schemeName, lang), lang)} (${round.schemeVersion})</span><span>${t(TXT.period, lang)}${c}${round.period}</span><span>${t(TXT.status, lang)}${c}<span data-status="${round.status}">${t(STATUS[round.status], lang)}</span></span></p>`;
}

/** The printed page's title block: the issuing office and the date of the results (publication, else the run). */
export function titleBlock(round: RoundHeaderView, run: RunRefView | null, lang: Lang): SafeHtml {
  const at = run?.publishedAt ?? run?.createdAt ?? null;
  return html`<div class="print-only title-block" id="title-block">${round.office ? html`<p class="issuer">${t(TXT.issuer, lang)}${colon(lang)}${named(t(round.office, lang), lang)}</p>` : ''}${
    at ? html`<p class="date">${t(run?.publishedAt ? TXT.publishedOn : TXT.scoredOn, lang)}${colon(lang)}${fmtDate(at, lang)}</p>` : ''}</div>`;
}

/** Links to a round's 通报 (print-ready page and Word document) and methodology, for the round's pages. */
export function roundDownloads(roundId: string, runId: string | null, lang: Lang): SafeHtml {
  const run = runId ?? undefined;
  return html`<p class="downloads no-print" id="downloads"><a class="button" id="report-link" href="${reportUrl(roundId, lang, 'html', run)}">${t(TXT.openReport, lang)}</a><a class="button" id="docx-link" href="${reportUrl(roundId, lang, 'docx', run)}" download>${t(TXT.downloadDocx, lang)}</a><a class="button" id="methodology-link" href="${methodologyUrl(roundId, lang)}">${t(TXT.methodology, lang)}</a></p>`;
}
