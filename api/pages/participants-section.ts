/**
 * The work page's part for a joint round: every participating office with its entities, its last
 * upload and whether it confirmed its data ("submitted"); the reader's confirm form while its
 * latest file is unconfirmed; and the results of the reader's own entities (before publication
 * only its own, as the store allows).
 */
import { html, type SafeHtml } from './html.js';
import { badges, gradeTag } from './layout.js';
import { fill, fmtScore, fmtTime, JOINT, t, TXT } from './text.js';
import { runScorecardUrl, workActionUrl } from './urls.js';
import type { JointWorkView, Lang, RoundWorkView } from './view-models.js';

export function participantsSection(view: RoundWorkView, joint: JointWorkView, csrf: SafeHtml, lang: Lang): SafeHtml {
  const mine = joint.participants.find((p) => p.id === joint.officeId);
  const open = view.round.status !== 'draft' && view.round.status !== 'archived';
  return html`<section id="participants" aria-labelledby="participants-heading">
<h2 id="participants-heading">${t(JOINT.heading, lang)}</h2>
<p class="muted">${t(JOINT.help, lang)}</p>
<table id="participants-table">
<thead><tr><th scope="col">${t(JOINT.office, lang)}</th><th scope="col" class="num">${t(JOINT.entities, lang)}</th><th scope="col">${t(JOINT.lastUpload, lang)}</th><th scope="col">${t(JOINT.state, lang)}</th></tr></thead>
<tbody>
${joint.participants.map((p) => html`<tr data-office-id="${p.id}" data-submitted="${p.submitted ? 'yes' : 'no'}">
<td>${t(p.name, lang)}<span class="code">${p.id}</span>${p.lead ? html` <span class="badge list">${t(JOINT.lead, lang)}</span>` : ''}</td>
<td class="num">${p.entities}</td>
<td>${p.lastSubmissionAt ? fmtTime(p.lastSubmissionAt, lang) : '—'}</td>
<td class="state">${p.submitted ? html`${t(JOINT.submitted, lang)} <span class="muted">${fmtTime(p.confirmedAt!, lang)}</span>` : html`<span class="muted">${t(JOINT.notSubmitted, lang)}</span>`}</td>
</tr>`)}
</tbody>
</table>
${open && mine && !mine.submitted && mine.lastSubmissionAt ? html`<form class="work" method="post" action="${workActionUrl(view.round.id, 'confirm', lang)}">${csrf}
<p class="muted">${t(JOINT.confirmHelp, lang)}</p>
<div class="actions"><button class="primary" type="submit" id="confirm-button">${t(JOINT.confirmButton, lang)}</button></div>
</form>` : ''}
</section>
${joint.role === 'participant' ? ownResults(view.round.id, joint, lang) : ''}`;
}

function ownResults(roundId: string, joint: JointWorkView, lang: Lang): SafeHtml {
  const own = joint.own;
  return html`<section id="own-results" aria-labelledby="own-results-heading">
<h2 id="own-results-heading">${t(JOINT.ownHeading, lang)}</h2>
${own === null ? html`<p class="muted">${t(JOINT.noOwnResults, lang)}</p>` : html`<p class="muted">${fill(t(own.published ? JOINT.ownPublished : JOINT.ownUnpublished, lang), { run: own.runId })}</p>
<table id="own-results-table">
<thead><tr><th scope="col" class="num">${t(TXT.rank, lang)}</th><th scope="col">${t(TXT.name, lang)}</th><th scope="col" class="num">${t(TXT.score, lang)}</th><th scope="col">${t(TXT.grade, lang)}</th><th scope="col">${t(TXT.flags, lang)}</th></tr></thead>
<tbody>
${own.rows.map((r) => html`<tr data-entity-id="${r.entityId}">
<td class="num rank">${r.rank === null ? html`<span class="muted">${t(TXT.unranked, lang)}</span>` : String(r.rank)}</td>
<td class="name"><a href="${runScorecardUrl(roundId, r.entityId, own.runId, lang)}">${r.name ?? r.entityId}</a><span class="code">${r.entityId}</span></td>
<td class="num score">${fmtScore(r.score, own.decimals)}</td>
<td>${gradeTag(r.grade, lang)}</td>
<td>${badges(r.vetoes, r.lists, lang)}</td>
</tr>`)}
</tbody>
</table>`}
</section>`;
}
