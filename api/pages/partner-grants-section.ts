/**
 * The work page's part for the round's own office: the partners that may read the round's
 * results before publication, each with a form to revoke that (a reason required), and a form to
 * let another bound partner read them. Both post to the same form route with the CSRF token.
 */
import { html, type SafeHtml } from './html.js';
import { fmtTime, PARTNERS, t } from './text.js';
import { workActionUrl } from './urls.js';
import type { Lang, PartnerGrantsView } from './view-models.js';

export function partnerGrantsSection(roundId: string, partners: PartnerGrantsView, csrf: SafeHtml, lang: Lang): SafeHtml {
  const action = workActionUrl(roundId, 'partners', lang);
  return html`<section id="partner-grants" aria-labelledby="partner-grants-heading">
<h2 id="partner-grants-heading">${t(PARTNERS.heading, lang)}</h2>
<p class="muted">${t(PARTNERS.help, lang)}</p>
${partners.grants.length === 0 ? html`<p class="muted" id="no-partner-grants">${t(PARTNERS.none, lang)}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="partner-grants-heading"><table id="partner-grants-table">
<thead><tr><th scope="col">${t(PARTNERS.partner, lang)}</th><th scope="col">${t(PARTNERS.reason, lang)}</th><th scope="col">${t(PARTNERS.grantedAt, lang)}</th><th scope="col">${t(PARTNERS.revoke, lang)}</th></tr></thead>
<tbody>
${partners.grants.map((g) => html`<tr data-account-id="${g.accountId}">
<td>${g.name}<span class="code">${g.accountId}</span></td>
<td>${g.reason}</td>
<td>${fmtTime(g.grantedAt, lang)}</td>
<td><form method="post" action="${action}">${csrf}<input type="hidden" name="do" value="revoke"><input type="hidden" name="account" value="${g.accountId}">
<label for="revoke-reason-${g.accountId}">${t(PARTNERS.revokeReason, lang)}</label> <input id="revoke-reason-${g.accountId}" name="reason" type="text" maxlength="2000" required>
<button type="submit" id="revoke-${g.accountId}">${t(PARTNERS.revoke, lang)}</button></form></td>
</tr>`)}
</tbody>
</table></div>`}
${partners.ungranted.length === 0 ? '' : html`<form class="work" method="post" action="${action}" id="grant-form">${csrf}<input type="hidden" name="do" value="grant">
<label for="grant-account">${t(PARTNERS.grantPartner, lang)}</label>
<select id="grant-account" name="account">${partners.ungranted.map((p) => html`<option value="${p.accountId}">${p.name}</option>`)}</select>
<label for="grant-reason">${t(PARTNERS.grantReason, lang)}</label>
<input id="grant-reason" name="reason" type="text" maxlength="2000" required>
<div class="actions"><button type="submit" id="grant-button">${t(PARTNERS.grant, lang)}</button></div>
</form>`}
</section>`;
}
