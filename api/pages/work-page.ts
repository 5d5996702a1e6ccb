/**
 * A round's work page, for the office that owns the round: where the round stands and what to
 * do next; open it for data; the fill-in template; the upload form (a correction needs its
 * reason); every problem of a refused file in a table (where, Chinese, English); the files
 * received with their validation reports; scoring, with the runs and their status (the page
 * refreshes itself while one scores — a meta refresh, no script); publishing. Every form
 * posts with the session's CSRF token in its first field.
 */
import { html, type SafeHtml } from './html.js';
import { named, page, roundBanners, roundMeta } from './layout.js';
import { colon, fill, fmtBytes, fmtTime, JOINT, RUN_STATUS, t, TXT, WORK } from './text.js';
import { participantsSection } from './participants-section.js';
import { partnerGrantsSection } from './partner-grants-section.js';
import { diffPageUrl, rankingUrl, roundsUrl, runBundleUrl, runExportUrl, runPageUrl, runRankingUrl, templateUrl, workActionUrl, workUrl } from './urls.js';
import type { Lang, ProblemView, RoundWorkView, RunRowView, SubmissionView } from './view-models.js';

/** Seconds between reloads while a run is queued or scoring. */
export const REFRESH_SECONDS = 2;

const scoring = (view: RoundWorkView): boolean => view.runs.some((r) => r.status === 'queued' || r.status === 'running');

export function renderWorkPage(view: RoundWorkView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const id = view.round.id;
  const title = `${t(WORK.title, lang)} · ${t(view.round.title, lang)}`;
  // A joint round's participant sends its own entities' data; the lead does the rest.
  const lead = view.joint?.role !== 'participant';
  const body = html`<p class="no-print"><a href="${roundsUrl(lang)}">← ${t(TXT.backToRounds, lang)}</a></p>
<h1>${t(view.round.title, lang)}</h1>
${roundMeta(view.round, lang)}
${roundBanners(view.round, lang)}
${notice(view, lang)}
${errorBlock(view, lang)}
${view.readOnly ? html`<p class="banner" role="note" id="read-only">${t(WORK.readOnly, lang)}</p>` : html`<p class="next-step" id="next-step"><strong>${t(WORK.nextStep, lang)}${colon(lang)}</strong>${lead ? nextStep(view, lang) : t(JOINT.participantNext, lang)}</p>`}
${view.joint && !view.readOnly ? participantsSection(view, view.joint, csrfField(view), lang) : ''}
${lead && view.round.status === 'draft' && !view.readOnly ? openSection(view, lang) : ''}
${view.readOnly ? '' : html`<section id="template" aria-labelledby="template-heading">
<h2 id="template-heading">${t(WORK.templateHeading, lang)}</h2>
<p class="muted">${t(view.joint ? JOINT.templateHelp : WORK.templateHelp, lang)}</p>
<p><a class="button" id="template-xlsx" href="${templateUrl(id, 'xlsx')}" download>${t(WORK.templateXlsx, lang)}</a> <a class="button" id="template-csv" href="${templateUrl(id, 'csv')}" download>${t(WORK.templateCsv, lang)}</a></p>
</section>`}
${view.readOnly ? '' : uploadSection(view, lang)}
${view.takesMap && !view.readOnly ? mapSection(view, lang) : ''}
${submissionsSection(view, lang)}
${lead ? scoreSection(view, lang) : ''}
${lead ? publishSection(view, lang) : ''}
${view.partners && !view.readOnly ? partnerGrantsSection(id, view.partners, csrfField(view), lang) : ''}
${lead && !view.readOnly ? archiveSection(view, lang) : ''}`;
  return page({
    lang, title, switchHref: workUrl(id, other), session: view.session, body,
    refresh: scoring(view) ? { seconds: REFRESH_SECONDS, url: workUrl(id, lang) } : null,
  });
}

function csrfField(view: RoundWorkView): SafeHtml {
  return view.session.csrfToken === undefined ? html`` : html`<input type="hidden" name="csrf" value="${view.session.csrfToken}">`;
}

function notice(view: RoundWorkView, lang: Lang): SafeHtml {
  if (!view.notice || view.error) return html``;
  const text = { created: WORK.noticeCreated, opened: WORK.noticeOpened, uploaded: WORK.noticeUploaded, scoring: WORK.noticeScoring, published: WORK.noticePublished, archived: WORK.noticeArchived, mapped: WORK.noticeMapped, confirmed: WORK.noticeConfirmed, granted: WORK.noticeGranted, revoked: WORK.noticeRevoked }[view.notice];
  return html`<p class="banner notice" role="status" id="notice" data-notice="${view.notice}">${t(text, lang)}</p>`;
}

function errorBlock(view: RoundWorkView, lang: Lang): SafeHtml {
  const e = view.error;
  if (!e) return html``;
  const [first, second] = lang === 'zh' ? [e.zh, e.en] : [e.en, e.zh];
  return html`<section id="work-error" class="banner error" role="alert" data-action="${e.action}">
<p><strong>${t(e.action === 'upload' ? WORK.uploadFailed : WORK.actionFailed, lang)}</strong></p>
<p>${first}</p>
${second !== first ? html`<p class="muted" lang="${lang === 'zh' ? 'en' : 'zh-CN'}">${second}</p>` : ''}
${e.problems.length > 0 ? problemsTable(e.problems, lang) : ''}
</section>`;
}

function problemsTable(problems: ProblemView[], lang: Lang): SafeHtml {
  return html`<table id="problems" class="problems">
<caption class="visually-hidden">${t(WORK.problems, lang)}</caption>
<thead><tr><th scope="col" class="num">#</th><th scope="col">${t(WORK.where, lang)}</th><th scope="col">${t(WORK.entity, lang)}</th><th scope="col" lang="zh-CN">${t(WORK.problemZh, lang)}</th><th scope="col" lang="en">${t(WORK.problemEn, lang)}</th></tr></thead>
<tbody>
${problems.map((p, k) => html`<tr data-where="${p.where}"><td class="num">${k + 1}</td><td class="where">${p.where || '—'}</td><td class="entity">${p.entity ? named(p.entity, lang) : '—'}</td><td lang="zh-CN">${p.zh}</td><td lang="en">${p.en}</td></tr>`)}
</tbody>
</table>`;
}

function nextStep(view: RoundWorkView, lang: Lang): SafeHtml {
  const s = view.round.status;
  const latest = view.runs[0];
  const review = (text: string): SafeHtml => html`${text} <a href="${rankingUrl(view.round.id, lang)}">${t(WORK.viewRanking, lang)}</a>`;
  if (s === 'draft') return html`${t(WORK.nextDraft, lang)}`;
  if (s === 'archived') return html`${t(WORK.nextArchived, lang)}`;
  if (scoring(view)) return html`${t(WORK.nextScoring, lang)} <a href="${workUrl(view.round.id, lang)}">${t(WORK.refresh, lang)}</a>`;
  if (latest?.status === 'failed') return html`${t(WORK.nextFailed, lang)}`;
  if (view.publishable) return review(t(WORK.nextReview, lang));
  if (s === 'published' && latest?.current) return review(t(WORK.nextPublished, lang));
  if (latest && !latest.current && view.hasData) return html`${t(WORK.nextRescore, lang)}`;
  if (!view.hasData) return html`${t(WORK.nextCollectEmpty, lang)}`;
  if (view.missingCount) return html`${fill(t(WORK.nextCollectMissing, lang), { n: view.missingCount })}`;
  return html`${t(WORK.nextCollectReady, lang)}`;
}

function openSection(view: RoundWorkView, lang: Lang): SafeHtml {
  return html`<section id="open" aria-labelledby="open-heading">
<h2 id="open-heading">${t(WORK.openHeading, lang)}</h2>
<form class="work" method="post" action="${workActionUrl(view.round.id, 'open', lang)}">${csrfField(view)}
<p class="muted">${t(WORK.openHelp, lang)}</p>
<div class="actions"><button class="primary" type="submit" id="open-button">${t(WORK.openButton, lang)}</button></div>
</form>
</section>`;
}

function uploadSection(view: RoundWorkView, lang: Lang): SafeHtml {
  const s = view.round.status;
  const open = s === 'collecting' || s === 'scored' || s === 'published';
  const correction = s === 'scored' || s === 'published';
  const c = colon(lang);
  return html`<section id="upload" aria-labelledby="upload-heading">
<h2 id="upload-heading">${t(WORK.uploadHeading, lang)}</h2>
${open ? html`<form class="work" id="upload-form" method="post" enctype="multipart/form-data" action="${workActionUrl(view.round.id, 'upload', lang)}">${csrfField(view)}
<p class="muted">${fill(t(WORK.uploadHelp, lang), { size: fmtBytes(view.maxUploadBytes) })}</p>
${correction ? html`<p class="muted">${t(WORK.correctionHelp, lang)}</p>
<label for="upload-reason">${t(WORK.correctionReason, lang)}</label>
<input id="upload-reason" name="reason" type="text" maxlength="2000" required value="${view.error?.action === 'upload' ? view.reasonTyped ?? '' : ''}">` : ''}
${view.takesRecords ? html`<label for="upload-part">${t(WORK.part, lang)}</label>
<select id="upload-part" name="part"><option value="data">${t(WORK.partData, lang)}</option><option value="records">${t(WORK.partRecords, lang)}</option></select>` : ''}
<label for="upload-file">${t(WORK.file, lang)}${c}</label>
<input id="upload-file" name="file" type="file" required accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv">
<div class="actions"><button class="primary" type="submit" id="upload-button">${t(WORK.uploadButton, lang)}</button></div>
</form>` : html`<p class="muted">${t(WORK.uploadClosed, lang)}</p>`}
</section>`;
}

/** The roster's map: region boundaries (GeoJSON) with the map's 审图号, for the round's map on the ranking and in print. */
function mapSection(view: RoundWorkView, lang: Lang): SafeHtml {
  const c = colon(lang);
  return html`<section id="map" aria-labelledby="map-heading">
<h2 id="map-heading">${t(WORK.mapHeading, lang)}</h2>
${view.map ? html`<p id="map-current">${fill(t(WORK.mapCurrent, lang), { n: view.map.features, a: view.map.approvalNo, t: fmtTime(view.map.uploadedAt, lang) })}</p>` : html`<p class="muted" id="map-current">${t(WORK.mapNone, lang)}</p>`}
<form class="work" id="map-form" method="post" enctype="multipart/form-data" action="${workActionUrl(view.round.id, 'map', lang)}">${csrfField(view)}
<p class="muted">${fill(t(WORK.mapHelp, lang), { size: fmtBytes(view.maxMapBytes ?? 0) })}</p>
<label for="map-approval">${t(WORK.mapApproval, lang)}${c}</label>
<input id="map-approval" name="approvalNo" type="text" maxlength="64" required value="${view.error?.action === 'map' ? view.reasonTyped ?? '' : ''}">
<label for="map-file">${t(WORK.mapFile, lang)}${c}</label>
<input id="map-file" name="file" type="file" required accept=".geojson,.json,application/geo+json,application/json">
<div class="actions"><button type="submit" id="map-button">${t(WORK.mapButton, lang)}</button></div>
</form>
</section>`;
}

function submissionsSection(view: RoundWorkView, lang: Lang): SafeHtml {
  return html`<section id="received" aria-labelledby="received-heading">
<h2 id="received-heading">${t(WORK.submissionsHeading, lang)}</h2>
${view.submissions.length === 0 ? html`<p class="muted">${t(WORK.noSubmissions, lang)}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="received-heading"><table id="submissions">
<thead><tr><th scope="col">${t(WORK.uploadedAt, lang)}</th><th scope="col">${t(WORK.fileName, lang)}</th><th scope="col">${t(WORK.kind, lang)}</th><th scope="col" class="num">${t(WORK.rows, lang)}</th><th scope="col" class="num">${t(WORK.blankRows, lang)}</th><th scope="col" class="num">${t(WORK.roundEntities, lang)}</th><th scope="col">${t(WORK.missing, lang)}</th></tr></thead>
<tbody>
${[...view.submissions].reverse().map((s) => submissionRow(s, lang))}
</tbody>
</table></div>`}
${view.submissions.length > 0 ? warningsTable(view.submissions[view.submissions.length - 1], lang) : ''}
</section>`;
}

/** The latest file's plausibility warnings: values far from last round's, to check before scoring (the file was taken). */
function warningsTable(s: SubmissionView, lang: Lang): SafeHtml {
  if (s.warningCount === 0) return html``;
  return html`<div class="banner warning" role="note" id="plausibility">
<p><strong>${fill(t(WORK.warningsHeading, lang), { n: s.warningCount })}</strong></p>
<table id="warnings" class="problems">
<thead><tr><th scope="col">${t(WORK.entity, lang)}</th><th scope="col" lang="zh-CN">${t(WORK.problemZh, lang)}</th><th scope="col" lang="en">${t(WORK.problemEn, lang)}</th></tr></thead>
<tbody>
${s.warnings.map((w) => html`<tr data-entity-id="${w.entity}"><td class="entity">${w.name === null ? w.entity : html`${named(w.name, lang)}<span class="code">${w.entity}</span>`}</td><td lang="zh-CN">${w.zh}</td><td lang="en">${w.en}</td></tr>`)}
</tbody>
</table>
${s.warningCount > s.warnings.length ? html`<p class="muted">${fill(t(WORK.andMore, lang), { n: s.warningCount })}</p>` : ''}
</div>`;
}

function submissionRow(s: SubmissionView, lang: Lang): SafeHtml {
  const shown = s.missing.slice(0, 20);
  return html`<tr data-submission-id="${s.id}" data-kind="${s.kind}">
<td>${fmtTime(s.uploadedAt, lang)}</td>
<td class="file-name">${s.fileName}<span class="code">${s.format}</span></td>
<td>${t(s.kind === 'correction' ? WORK.kindCorrection : WORK.kindSubmission, lang)}${s.reason ? html`<br><span class="muted reason">${s.reason}</span>` : ''}</td>
<td class="num rows">${s.rows}</td>
<td class="num blank-rows">${s.blankRows}</td>
<td class="num round-entities">${s.roundEntities}${s.expectedEntities === null ? '' : ` / ${s.expectedEntities}`}</td>
<td class="missing" data-missing="${s.missingCount}">${s.missingCount === 0 ? html`<span class="muted">${t(WORK.noneMissing, lang)}</span>` : html`${shown.map((m, k) => html`${k > 0 ? (lang === 'zh' ? '、' : ', ') : ''}<span class="entity" data-entity-id="${m.id}">${m.name === null ? m.id : named(m.name, lang)}<span class="code">${m.id}</span></span>`)}${
  s.missingCount > shown.length ? html` ${fill(t(WORK.andMore, lang), { n: s.missingCount })}` : ''}`}</td>
</tr>`;
}

function scoreSection(view: RoundWorkView, lang: Lang): SafeHtml {
  const s = view.round.status;
  const canScore = !view.readOnly && (s === 'collecting' || s === 'scored' || s === 'published') && view.hasData && !scoring(view);
  return html`<section id="scoring" aria-labelledby="scoring-heading">
<h2 id="scoring-heading">${t(WORK.scoreHeading, lang)}</h2>
${canScore ? html`<form class="work" method="post" action="${workActionUrl(view.round.id, 'score', lang)}">${csrfField(view)}
${view.joint?.participants.some((p) => !p.submitted) ? html`<label for="score-override">${t(JOINT.overrideLabel, lang)}</label>
<input id="score-override" name="reason" type="text" maxlength="2000" value="${view.error?.action === 'score' ? view.reasonTyped ?? '' : ''}">` : ''}
<div class="actions"><button class="primary" type="submit" id="score-button">${t(view.runs.length > 0 ? WORK.rescoreButton : WORK.scoreButton, lang)}</button></div>
</form>` : !view.hasData && s !== 'draft' && s !== 'archived' ? html`<p class="muted">${t(WORK.scoreNeedsData, lang)}</p>` : ''}
${scoring(view) ? html`<p><a href="${workUrl(view.round.id, lang)}" id="refresh-link">${t(WORK.refresh, lang)}</a></p>` : ''}
${view.runs.length === 0 ? html`<p class="muted">${t(WORK.noRuns, lang)}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="scoring-heading"><table id="runs">
<thead><tr><th scope="col">${t(WORK.runId, lang)}</th><th scope="col">${t(WORK.runStatus, lang)}</th><th scope="col">${t(WORK.requestedAt, lang)}</th><th scope="col">${t(WORK.finishedAt, lang)}</th><th scope="col" class="num">${t(WORK.scoredEntities, lang)}</th><th scope="col">${t(WORK.runFiles, lang)}</th></tr></thead>
<tbody>
${view.runs.map((r) => runRow(view, r, lang))}
</tbody>
</table></div>`}
</section>`;
}

function runRow(view: RoundWorkView, r: RunRowView, lang: Lang): SafeHtml {
  const progress = r.progress && r.progress.total > 0 ? ` ${Math.floor((100 * r.progress.done) / r.progress.total)}%` : '';
  return html`<tr data-run-id="${r.id}" data-run-status="${r.status}">
<td>${r.status === 'done' ? html`<a href="${view.readOnly ? runPageUrl(r.id, lang) : runRankingUrl(view.round.id, r.id, lang)}">#${r.id}</a>` : `#${r.id}`}</td>
<td class="run-status">${t(RUN_STATUS[r.status], lang)}${progress}${r.published ? html` <span class="badge list">${t(WORK.runPublished, lang)}</span>` : ''}${
  r.current ? '' : html` <span class="muted">(${t(WORK.runOldData, lang)})</span>`}${
  r.problems.length > 0 ? problemsTable(r.problems, lang) : ''}</td>
<td>${fmtTime(r.requestedAt, lang)}</td>
<td>${r.finishedAt ? fmtTime(r.finishedAt, lang) : '—'}</td>
<td class="num">${r.entities}</td>
<td class="run-files">${r.status === 'done' ? runFiles(r, lang) : '—'}</td>
</tr>`;
}

/** A finished run's results (the export route, each format), its audit bundle, and what changed since the run before it. */
function runFiles(r: RunRowView, lang: Lang): SafeHtml {
  const sep = ' · ';
  return html`<a href="${runExportUrl(r.id, 'xlsx')}" download>Excel</a>${sep}<a href="${runExportUrl(r.id, 'csv')}" download>CSV</a>${sep}<a href="${runExportUrl(r.id, 'json')}" download>JSON</a>${sep}<a href="${runBundleUrl(r.id)}" download>${t(WORK.bundle, lang)}</a>${
    r.previousRunId ? html`${sep}<a class="diff-link" href="${diffPageUrl(r.previousRunId, r.id, lang)}">${fill(t(WORK.diffWith, lang), { run: r.previousRunId })}</a>` : ''}`;
}

/** A published round is archived when its work is over (it stays readable). */
function archiveSection(view: RoundWorkView, lang: Lang): SafeHtml {
  if (view.round.status !== 'published') return html``;
  return html`<section id="archive" aria-labelledby="archive-heading">
<h2 id="archive-heading">${t(WORK.archiveHeading, lang)}</h2>
<form class="work" method="post" action="${workActionUrl(view.round.id, 'archive', lang)}">${csrfField(view)}
<p class="muted">${t(WORK.archiveHelp, lang)}</p>
<div class="actions"><button type="submit" id="archive-button">${t(WORK.archiveButton, lang)}</button></div>
</form>
</section>`;
}

function publishSection(view: RoundWorkView, lang: Lang): SafeHtml {
  const p = view.publishable;
  if (view.readOnly || view.round.status === 'draft' || view.round.status === 'archived') return html``;
  return html`<section id="publish" aria-labelledby="publish-heading">
<h2 id="publish-heading">${t(WORK.publishHeading, lang)}</h2>
${p ? html`<form class="work" method="post" action="${workActionUrl(view.round.id, 'publish', lang)}">${csrfField(view)}
<input type="hidden" name="run" value="${p.runId}">
<p>${fill(t(WORK.publishHelp, lang), { run: p.runId })} <a href="${runRankingUrl(view.round.id, p.runId, lang)}">${t(WORK.viewRanking, lang)}</a></p>
<label for="publish-reason">${t(p.republish ? WORK.republishReason : WORK.publishReason, lang)}</label>
<input id="publish-reason" name="reason" type="text" maxlength="2000"${p.republish ? html` required` : ''} value="${view.error?.action === 'publish' ? view.reasonTyped ?? '' : ''}">
<div class="actions"><button class="primary" type="submit" id="publish-button">${t(WORK.publishButton, lang)}</button></div>
</form>` : html`<p class="muted">${t(WORK.nothingToPublish, lang)}</p>`}
</section>`;
}
