/**
 * The auditor's pages: a run with its hashes, verification and rerun form; the diff of two
 * runs; the audit log with filters, paging and its chain check; the tenure audit (pick an
 * official, run it, read the result, download the workpaper). Chinese first, English switch,
 * print-friendly like every page; every value escaped (html``), times in 北京时间.
 */
import { beijingTime } from '../../store/index.js';
import type { RunDiff, TenureAudit, TenureAuditSummary, Official, AuditEntry, ResultsFinding } from '../../store/index.js';
import { html, type SafeHtml } from './html.js';
import { page, roundBanners, roundMeta } from './layout.js';
import { AUD, colon, fill, fmtScore, RUN_STATUS, t, TXT } from './text.js';
import {
  auditLogUrl, auditPageUrl, auditsUrl, bundleUrl, diffPageUrl, roundsUrl, runPageUrl, runRankingUrl, runRerunUrl, snapshotUrl, workpaperUrl, workUrl, type AuditLogFilter,
} from './urls.js';
import type { Lang, ProblemView, RoundHeaderView, RunRowView, SessionView } from './view-models.js';

const bj = (iso: string | null): string => (iso ? beijingTime(iso) : '—');
const yes = (b: boolean, lang: Lang): string => t(b ? AUD.yes : AUD.no, lang);

function csrf(session: SessionView): SafeHtml {
  return session.csrfToken === undefined ? html`` : html`<input type="hidden" name="csrf" value="${session.csrfToken}">`;
}

/** Links every auditor page carries. */
function auditNav(lang: Lang): SafeHtml {
  return html`<nav class="no-print audit-nav" aria-label="${t(AUD.nav, lang)}"><a href="${roundsUrl(lang)}">← ${t(TXT.backToRounds, lang)}</a> · <a href="${auditLogUrl({}, lang)}">${t(AUD.logTitle, lang)}</a> · <a href="${auditsUrl(lang)}">${t(AUD.auditsTitle, lang)}</a></nav>`;
}

function problemsList(problems: ProblemView[], lang: Lang): SafeHtml {
  return html`<ul class="problems">${problems.map((p) => html`<li><code>${p.where}</code> ${lang === 'zh' ? p.zh : p.en}</li>`)}</ul>`;
}

export interface RerunView {
  identical: boolean;
  storedResultsHash: string | null;
  resultsHash: string;
  findings: ResultsFinding[];
}

export interface RunPageView {
  session: SessionView;
  round: RoundHeaderView;
  run: {
    id: string; status: RunRowView['status']; planHash: string; snapshotHash: string; resultsHash: string | null; asOf: string; engineVersion: string;
    entities: number; requestedAt: string; finishedAt: string | null; published: boolean;
  };
  previousRunId: string | null;
  /** The last rerun of this run in the audit log (anyone's, any time), or null. */
  lastVerify: { at: string; actor: string; identical: boolean } | null;
  rerun: RerunView | null;
  error: { zh: string; en: string; problems: ProblemView[] } | null;
}

export function renderRunPage(v: RunPageView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const r = v.run;
  const c = colon(lang);
  const title = fill(t(AUD.runTitle, lang), { run: r.id });
  const done = r.status === 'done';
  const body = html`${auditNav(lang)}
<h1>${title} · ${t(v.round.title, lang)}</h1>
${roundMeta(v.round, lang)}
${roundBanners(v.round, lang)}
<p>${v.session.user?.role === 'auditor' ? html`<a href="${workUrl(v.round.id, lang)}">${t(TXT.round, lang)} ${v.round.id}</a>` : html`${t(TXT.round, lang)} ${v.round.id}`}${done ? html` · <a href="${runRankingUrl(v.round.id, r.id, lang)}">${t(TXT.ranking, lang)}</a>` : ''}${
  v.previousRunId ? html` · <a id="diff-previous" href="${diffPageUrl(v.previousRunId, r.id, lang)}">${fill(t(AUD.diffPrevious, lang), { run: v.previousRunId })}</a>` : ''}</p>
<section aria-labelledby="hashes-heading">
<h2 id="hashes-heading">${t(AUD.hashes, lang)}</h2>
<dl class="facts" id="run-facts">
<dt>${t(AUD.planHash, lang)}</dt><dd><code id="plan-hash">${r.planHash}</code></dd>
<dt>${t(AUD.snapshotHash, lang)}</dt><dd><code id="snapshot-hash">${r.snapshotHash}</code></dd>
<dt>${t(AUD.resultsHash, lang)}</dt><dd><code id="results-hash">${r.resultsHash ?? '—'}</code></dd>
<dt>${t(AUD.asOf, lang)}</dt><dd>${r.asOf}</dd>
<dt>${t(AUD.engine, lang)}</dt><dd>${r.engineVersion}</dd>
<dt>${t(AUD.entities, lang)}</dt><dd>${r.entities}</dd>
<dt>${t(AUD.requestedAt, lang)}</dt><dd>${bj(r.requestedAt)}</dd>
<dt>${t(AUD.finishedAt, lang)}</dt><dd>${bj(r.finishedAt)}</dd>
<dt>${t(TXT.status, lang)}</dt><dd>${t(RUN_STATUS[r.status], lang)} · ${t(r.published ? AUD.published : AUD.notPublished, lang)}</dd>
</dl>
</section>
${done ? html`<section aria-labelledby="downloads-heading" class="no-print">
<h2 id="downloads-heading">${t(AUD.downloads, lang)}</h2>
<ul>
<li><a id="bundle-link" href="${bundleUrl(r.id)}" download>${t(AUD.bundle, lang)}</a></li>
<li><a href="${snapshotUrl(r.snapshotHash, 'csv')}" download>${t(AUD.snapshotCsv, lang)}</a></li>
<li><a id="snapshot-xlsx" href="${snapshotUrl(r.snapshotHash, 'xlsx')}" download>${t(AUD.snapshotXlsx, lang)}</a></li>
</ul>
</section>
<section aria-labelledby="verify-heading">
<h2 id="verify-heading">${t(AUD.verifyHeading, lang)}</h2>
<p class="muted">${t(AUD.verifyHelp, lang)}</p>
${v.error ? html`<div class="banner error" role="alert" id="rerun-error"><p>${lang === 'zh' ? v.error.zh : v.error.en}</p>${problemsList(v.error.problems, lang)}</div>` : ''}
${v.rerun ? html`<div id="rerun-result" class="banner ${v.rerun.identical ? 'ok' : 'error'}" role="status" data-identical="${String(v.rerun.identical)}">
<p><strong>${t(v.rerun.identical ? AUD.identical : AUD.differs, lang)}</strong></p>
<p>${t(AUD.storedResultsHash, lang)}${c}<code>${v.rerun.storedResultsHash ?? '—'}</code><br>${t(AUD.rerunResultsHash, lang)}${c}<code>${v.rerun.resultsHash}</code></p>
${v.rerun.findings.length > 0 ? problemsList(v.rerun.findings.map((f) => ({ where: f.where, zh: f.zh, en: f.en })), lang) : ''}
</div>` : html`<p class="muted" id="rerun-none">${t(AUD.notVerified, lang)}</p>`}
${v.lastVerify ? html`<p id="last-verify" data-identical="${String(v.lastVerify.identical)}">${fill(t(AUD.lastVerify, lang), { at: bj(v.lastVerify.at), actor: v.lastVerify.actor })}${t(v.lastVerify.identical ? AUD.identicalShort : AUD.differsShort, lang)}</p>` : html`<p class="muted" id="last-verify">${t(AUD.neverVerified, lang)}</p>`}
<form class="work no-print" method="post" action="${runRerunUrl(r.id, lang)}">${csrf(v.session)}
<div class="actions"><button class="primary" type="submit" id="rerun-button">${t(AUD.rerunButton, lang)}</button></div>
</form>
</section>` : ''}`;
  return page({ lang, title, switchHref: runPageUrl(r.id, other), session: v.session, body });
}

export interface DiffPageView {
  session: SessionView;
  diff: RunDiff;
  decimals: number;
  /** Grade names by id (the later run's scheme). */
  grades: Map<string, { zh: string; en: string }>;
}

export function renderDiffPage(v: DiffPageView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const d = v.diff;
  const [from, to] = [String(d.from.runId), String(d.to.runId)];
  const title = fill(t(AUD.diffTitle, lang), { from, to });
  const gradeName = (id: string | null): string => (id === null ? '—' : v.grades.has(id) ? t(v.grades.get(id)!, lang) : id);
  const body = html`${auditNav(lang)}
<h1>${title}</h1>
<p class="meta"><span><a href="${runPageUrl(from, lang)}">#${from}</a> → <a href="${runPageUrl(to, lang)}">#${to}</a></span>${d.planChanged ? html`<span class="badge veto">${t(AUD.planChanged, lang)}</span>` : ''}${
  d.snapshotChanged ? html`<span class="badge list">${t(AUD.snapshotChanged, lang)}</span>` : ''}</p>
${d.changed.length === 0 ? html`<p id="no-changes">${t(AUD.noChanges, lang)}</p>` : html`<table id="diff">
<thead><tr><th scope="col">${t(TXT.code, lang)}</th><th scope="col">${t(TXT.name, lang)}</th><th scope="col" class="num">${t(AUD.scoreFrom, lang)}</th><th scope="col" class="num">${t(AUD.scoreTo, lang)}</th><th scope="col" class="num">${t(AUD.rankFrom, lang)}</th><th scope="col" class="num">${t(AUD.rankTo, lang)}</th><th scope="col">${t(AUD.gradeChange, lang)}</th><th scope="col">${t(AUD.changedInputs, lang)}</th><th scope="col">${t(AUD.why, lang)}</th></tr></thead>
<tbody>
${d.changed.map((e) => html`<tr data-entity="${e.id}"><td>${e.id}</td><td>${e.name ?? ''}</td><td class="num">${fmtScore(e.score.from, v.decimals)}</td><td class="num">${fmtScore(e.score.to, v.decimals)}</td><td class="num">${e.rank.from ?? '—'}</td><td class="num">${e.rank.to ?? '—'}</td><td>${gradeName(e.grade.from)} → ${gradeName(e.grade.to)}</td><td>${
  e.inputs.map((i) => html`<span class="code">${t(i.label, lang)}: ${String(i.from ?? '—')} → ${String(i.to ?? '—')}</span> `)}</td><td data-why="${e.why}">${t(AUD.whyText[e.why], lang)}</td></tr>`)}
</tbody>
</table>`}
<p class="muted">${fill(t(AUD.unchangedCount, lang), { n: d.unchanged })}</p>`;
  return page({ lang, title, switchHref: diffPageUrl(from, to, other), session: v.session, body });
}

export interface AuditLogView {
  session: SessionView;
  filter: AuditLogFilter;
  entries: AuditEntry[];
  total: number;
  page: number;
  pages: number;
  chain: { ok: boolean; entries: number; head: string; zh?: string; en?: string };
  error: { zh: string; en: string } | null;
}

export function renderAuditLogPage(v: AuditLogView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const f = v.filter;
  const field = (id: keyof AuditLogFilter, label: { zh: string; en: string }, type: 'text' | 'date', maxLength = 100): SafeHtml =>
    html`<div><label for="f-${id}">${t(label, lang)}</label> <input id="f-${id}" name="${id}" type="${type}" value="${f[id] ?? ''}" maxlength="${maxLength}"></div>`;
  const title = t(AUD.logTitle, lang);
  const body = html`${auditNav(lang)}
<h1>${title}</h1>
<p id="chain-status" class="banner ${v.chain.ok ? 'ok' : 'error'}" role="status">${v.chain.ok ? html`${fill(t(AUD.chainOk, lang), { n: v.chain.entries })}<code>${v.chain.entries}:${v.chain.head}</code>` : html`${t(AUD.chainBroken, lang)}${lang === 'zh' ? v.chain.zh : v.chain.en}`}</p>
<form class="work filters no-print" method="get" action="/audit-log" aria-label="${t(AUD.logFilter, lang)}">
${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
${field('action', AUD.action, 'text')}
${field('actor', AUD.actor, 'text')}
${field('from', AUD.dateFrom, 'date', 10)}
${field('to', AUD.dateTo, 'date', 10)}
${field('round', AUD.round, 'text', 12)}
<div class="actions"><button type="submit" id="filter-button">${t(AUD.apply, lang)}</button></div>
</form>
${v.error ? html`<p class="banner error" role="alert" id="filter-error">${lang === 'zh' ? v.error.zh : v.error.en}</p>` : ''}
<p id="log-count">${fill(t(AUD.matches, lang), { n: v.total, page: v.page, pages: v.pages })}</p>
${v.entries.length === 0 ? html`<p class="muted">${t(AUD.noEntries, lang)}</p>` : html`<table id="audit-log">
<thead><tr><th scope="col" class="num">${t(AUD.seq, lang)}</th><th scope="col">${t(AUD.at, lang)}</th><th scope="col">${t(AUD.actorCol, lang)}</th><th scope="col">${t(AUD.actionCol, lang)}</th><th scope="col">${t(AUD.target, lang)}</th><th scope="col">${t(AUD.detail, lang)}</th><th scope="col">${t(AUD.entryHash, lang)}</th></tr></thead>
<tbody>
${v.entries.map((e) => html`<tr data-seq="${e.seq}"><td class="num">${e.seq}</td><td>${bj(e.at)}</td><td>${e.actor}</td><td>${e.action}</td><td>${e.target}</td><td class="detail"><code>${JSON.stringify(e.detail).slice(0, 300)}</code></td><td><code title="${e.hash}">${e.hash.slice(0, 16)}…</code></td></tr>`)}
</tbody>
</table>`}
<p class="no-print pager">${v.page > 1 ? html`<a id="prev-page" href="${auditLogUrl({ ...f, page: String(v.page - 1) }, lang)}">← ${t(AUD.prevPage, lang)}</a>` : ''} ${
  v.page < v.pages ? html`<a id="next-page" href="${auditLogUrl({ ...f, page: String(v.page + 1) }, lang)}">${t(AUD.nextPage, lang)} →</a>` : ''}</p>`;
  return page({ lang, title, switchHref: auditLogUrl(f, other), session: v.session, body });
}

export interface AuditsView {
  session: SessionView;
  officials: Official[];
  audits: TenureAuditSummary[];
  typed: { official: string; from: string; to: string };
  error: { zh: string; en: string; problems: ProblemView[] } | null;
}

export function renderAuditsPage(v: AuditsView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const title = t(AUD.auditsTitle, lang);
  const body = html`${auditNav(lang)}
<h1>${title}</h1>
${v.error ? html`<div class="banner error" role="alert" id="audit-error"><p>${lang === 'zh' ? v.error.zh : v.error.en}</p>${problemsList(v.error.problems, lang)}</div>` : ''}
<form class="work no-print" method="post" action="${auditsUrl(lang)}">${csrf(v.session)}
<label for="audit-official">${t(AUD.official, lang)}</label>
<select id="audit-official" name="official" required>
${v.officials.map((o) => html`<option value="${o.id}"${o.id === v.typed.official ? html` selected` : ''}>${o.id} ${o.name} — ${o.posts.map((p) => `${p.post} ${p.start}–${p.end ?? '…'}`).join('; ')}</option>`)}
</select>
<label for="audit-from">${t(AUD.from, lang)}</label><input id="audit-from" name="from" type="date" value="${v.typed.from}">
<label for="audit-to">${t(AUD.to, lang)}</label><input id="audit-to" name="to" type="date" value="${v.typed.to}">
<div class="actions"><button class="primary" type="submit" id="audit-button">${t(AUD.runAudit, lang)}</button></div>
</form>
<h2>${t(AUD.pastAudits, lang)}</h2>
${v.audits.length === 0 ? html`<p class="muted">${t(AUD.noAudits, lang)}</p>` : html`<table id="audits">
<thead><tr><th scope="col">#</th><th scope="col">${t(AUD.official, lang)}</th><th scope="col">${t(AUD.period, lang)}</th><th scope="col">${t(AUD.auditedAt, lang)}</th><th scope="col">${t(AUD.reportHash, lang)}</th></tr></thead>
<tbody>
${v.audits.map((a) => html`<tr><td><a href="${auditPageUrl(String(a.id), lang)}">#${a.id}</a></td><td>${a.official}</td><td>${a.from} – ${a.to}</td><td>${bj(a.createdAt)}</td><td><code>${a.reportHash.slice(0, 16)}…</code></td></tr>`)}
</tbody>
</table>`}`;
  return page({ lang, title, switchHref: auditsUrl(other), session: v.session, body });
}

export interface AuditPageView {
  session: SessionView;
  audit: TenureAudit;
  /** Decimals of each round's scheme, and the widest of them for the tenure score. */
  decimals: Map<number, number>;
}

export function renderAuditPage(v: AuditPageView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const a = v.audit;
  const id = String(a.id);
  const d = Math.max(0, ...v.decimals.values());
  const title = fill(t(AUD.auditTitle, lang), { id });
  const none = html`<p class="muted">${t(AUD.none, lang)}</p>`;
  const body = html`${auditNav(lang)}
<h1>${title} · ${a.official.id} ${a.official.name}</h1>
<p class="no-print"><a class="button primary" id="workpaper-link" href="${workpaperUrl(id)}" download>${t(AUD.workpaper, lang)}</a></p>
<dl class="facts" id="audit-summary">
<dt>${t(AUD.posts, lang)}</dt><dd>${a.official.posts.map((p) => html`${p.post} ${p.regionCode} ${p.regionName} ${p.start} – ${p.end ?? '…'}<br>`)}</dd>
<dt>${t(AUD.period, lang)}</dt><dd>${a.from} – ${a.to}</dd>
<dt>${t(AUD.tenureDays, lang)}</dt><dd>${a.tenureDays}</dd>
<dt>${t(AUD.coveredDays, lang)}</dt><dd>${a.coveredDays}</dd>
<dt>${t(AUD.tenureScore, lang)}</dt><dd id="tenure-score">${fmtScore(a.tenureScore, d)}</dd>
<dt>${t(AUD.verifyHeading, lang)}</dt><dd id="all-identical" data-identical="${String(a.allIdentical)}">${t(a.allIdentical ? AUD.allIdentical : AUD.notAllIdentical, lang)}</dd>
<dt>${t(AUD.logTitle, lang)}</dt><dd>${a.chain.ok ? fill(t(AUD.chainOk, lang), { n: a.chain.head.count }) : t(AUD.chainBroken, lang)}<code>${a.chain.head.count}:${a.chain.head.hash}</code></dd>
<dt>${t(AUD.reportHash, lang)}</dt><dd><code>${a.reportHash}</code></dd>
<dt>${t(AUD.auditedAt, lang)}</dt><dd>${bj(a.createdAt)}</dd>
</dl>
<h2>${t(AUD.roundsHeading, lang)}</h2>
<table id="audit-rounds">
<thead><tr><th scope="col">${t(TXT.round, lang)}</th><th scope="col">${t(AUD.run, lang)}</th><th scope="col">${t(AUD.identicalShort, lang)}</th><th scope="col" class="num">${t(AUD.days, lang)}</th><th scope="col" class="num">${t(TXT.score, lang)}</th><th scope="col" class="num">${t(TXT.rank, lang)}</th><th scope="col">${t(TXT.grade, lang)}</th><th scope="col">${t(AUD.resultsHash, lang)}</th></tr></thead>
<tbody>
${a.rounds.map((r) => html`<tr data-round="${r.roundId}" data-run="${r.runId}"><td>${t(r.name, lang)}</td><td><a href="${runPageUrl(String(r.runId), lang)}">#${r.runId}</a></td><td>${yes(r.identical, lang)}</td><td class="num">${r.days}</td><td class="num">${fmtScore(r.score, v.decimals.get(r.roundId) ?? d)}</td><td class="num">${
  r.posts.map((p) => (p.rank === null ? '—' : String(p.rank))).join('; ')}</td><td>${r.posts.map((p) => (p.grade ? t(p.grade.label, lang) : '—')).join('; ')}</td><td><code title="${r.resultsHash}">${r.resultsHash.slice(0, 16)}…</code></td></tr>`)}
</tbody>
</table>
<h2>${t(AUD.gaps, lang)}</h2>
${a.gaps.length === 0 ? none : html`<ul id="audit-gaps">${a.gaps.map((g) => html`<li>${lang === 'zh' ? g.zh : g.en}</li>`)}</ul>`}
<h2>${t(AUD.corrections, lang)}</h2>
${a.corrections.length === 0 ? none : html`<ul id="audit-corrections">${a.corrections.map((c) => html`<li>${t(TXT.round, lang)} ${c.roundId}: ${c.fileName} — ${c.reason ?? '—'} (${bj(c.at)})</li>`)}</ul>`}
<h2>${t(AUD.republications, lang)}</h2>
${a.republications.length === 0 ? none : html`<ul id="audit-republications">${a.republications.map((p) => html`<li>${t(TXT.round, lang)} ${p.roundId}: <a href="${diffPageUrl(String(p.replaces), String(p.runId), lang)}">#${p.replaces} → #${p.runId}</a> — ${p.reason ?? '—'} (${bj(p.at)})</li>`)}</ul>`}
<h2>${t(AUD.circumstances, lang)}</h2>
${a.circumstances === undefined ? html`<p class="muted">${t(AUD.notRecorded, lang)}</p>` : a.circumstances.length === 0 ? none : html`<ul id="audit-circumstances">${a.circumstances.map((c) => html`<li>${t(TXT.round, lang)} ${c.roundId} · ${c.entity} · ${t(c.label, lang)}${c.points === null ? '' : ` −${c.points}`}${c.values ? ` [${c.values}]` : ''}</li>`)}</ul>`}
${a.accountabilityRounds && a.accountabilityRounds.length > 0 ? html`<h2>${t(AUD.accountabilityRounds, lang)}</h2>
<ul id="audit-accountability">${a.accountabilityRounds.map((r) => html`<li>${t(r.name, lang)}: <a href="${runPageUrl(String(r.runId), lang)}">#${r.runId}</a> · ${t(AUD.identicalShort, lang)}${colon(lang)}${yes(r.identical, lang)}</li>`)}</ul>` : ''}
<h2>${t(AUD.sources, lang)}</h2>
${a.sources === undefined ? html`<p class="muted">${t(AUD.notRecorded, lang)}</p>` : a.sources.length === 0 ? none : html`<table id="audit-sources">
<thead><tr><th scope="col">${t(TXT.round, lang)}</th><th scope="col">${t(AUD.file, lang)}</th><th scope="col">SHA-256</th><th scope="col">${t(AUD.uploadedAt, lang)}</th></tr></thead>
<tbody>
${a.sources.map((f) => html`<tr><td>${f.roundId}</td><td>${f.fileName}</td><td><code>${f.sha256}</code></td><td>${bj(f.uploadedAt)}</td></tr>`)}
</tbody>
</table>`}`;
  return page({ lang, title, switchHref: auditPageUrl(id, other), session: v.session, body });
}
