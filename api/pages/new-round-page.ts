/**
 * The new-round form, for an office: the round's name (Chinese required, English optional), a
 * scheme version and a roster chosen from those in the store, the period's first and last days.
 * A refused form comes back with every problem listed above the form (each linking to its field)
 * and again under the field it concerns, and with what was typed still in the fields. The form
 * posts with the session's CSRF token in its first field; no script.
 */
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';
import { colon, fill, NEW_ROUND, NEW_ROUND_FIELD, t, TXT, NEW_ROUND_FIELD_LABEL } from './text.js';
import { newRoundUrl, roundsUrl } from './urls.js';
import type { FormProblemView, Lang, NewRoundField, NewRoundView, RosterChoiceView, SchemeChoiceView, ConversionField } from './view-models.js';

/** Each field's element id (the labels, the problem links and aria-describedby point at these). */
export const NEW_ROUND_IDS: Record<NewRoundField, string> = {
  nameZh: 'round-name-zh',
  nameEn: 'round-name-en',
  scheme: 'round-scheme',
  roster: 'round-roster',
  participants: 'round-participants',
  periodStart: 'round-period-start',
  periodEnd: 'round-period-end',
  deadline: 'round-deadline',
  contact: 'round-contact',
  convFrom: 'round-conv-from',
  convTo: 'round-conv-to',
  convFactor: 'round-conv-factor',
  convInput: 'round-conv-input',
  convNote: 'round-conv-note',
};

export function renderNewRoundPage(view: NewRoundView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const v = view.values;
  const body = html`<p class="no-print"><a href="${roundsUrl(lang)}">← ${t(TXT.backToRounds, lang)}</a></p>
<h1>${t(NEW_ROUND.title, lang)}</h1>
<p class="muted">${t(NEW_ROUND.help, lang)}</p>
${problemSummary(view.problems, lang)}
<form class="work" id="new-round-form" method="post" action="${newRoundUrl(lang)}">${
  view.session.csrfToken === undefined ? '' : html`<input type="hidden" name="csrf" value="${view.session.csrfToken}">`}
<label for="${NEW_ROUND_IDS.nameZh}">${t(NEW_ROUND.nameZh, lang)}</label>
${fieldProblems(view, 'nameZh', lang)}
<input id="${NEW_ROUND_IDS.nameZh}" name="nameZh" type="text" lang="zh-CN" required maxlength="${view.nameMax}" value="${v.nameZh}"${invalid(view, 'nameZh')}>
<label for="${NEW_ROUND_IDS.nameEn}">${t(NEW_ROUND.nameEn, lang)}</label>
${fieldProblems(view, 'nameEn', lang)}
<input id="${NEW_ROUND_IDS.nameEn}" name="nameEn" type="text" lang="en" maxlength="${view.nameMax}" value="${v.nameEn}"${invalid(view, 'nameEn')}>
<label for="${NEW_ROUND_IDS.scheme}">${t(NEW_ROUND.scheme, lang)}</label>
${fieldProblems(view, 'scheme', lang)}
${view.schemes.length === 0 ? html`<p class="muted" id="no-schemes">${t(NEW_ROUND.noSchemes, lang)}</p>` : ''}
<select id="${NEW_ROUND_IDS.scheme}" name="scheme" required${invalid(view, 'scheme')}>
<option value="">${t(NEW_ROUND.choose, lang)}</option>
${view.schemes.map((s) => html`<option value="${s.value}"${s.value === v.scheme ? ' selected' : ''}>${schemeText(s, lang)}</option>`)}
</select>
<label for="${NEW_ROUND_IDS.roster}">${t(NEW_ROUND.roster, lang)}</label>
${fieldProblems(view, 'roster', lang)}
${view.rosters.length === 0 ? html`<p class="muted" id="no-rosters">${t(NEW_ROUND.noRosters, lang)}</p>` : ''}
<select id="${NEW_ROUND_IDS.roster}" name="roster" required${invalid(view, 'roster')}>
<option value="">${t(NEW_ROUND.choose, lang)}</option>
${view.rosters.map((r) => html`<option value="${r.value}"${r.value === v.roster ? ' selected' : ''}>${rosterText(r, lang)}</option>`)}
</select>
<label for="${NEW_ROUND_IDS.participants}">${t(NEW_ROUND.participants, lang)}</label>
${fieldProblems(view, 'participants', lang)}
<input id="${NEW_ROUND_IDS.participants}" name="participants" type="text" maxlength="2000" value="${v.participants}"${invalid(view, 'participants')}>
${view.offices.length > 0 ? html`<p class="muted" id="participant-offices">${t(NEW_ROUND.participantsHelp, lang)} ${view.offices.map((o, k) => html`${k > 0 ? (lang === 'zh' ? '、' : ', ') : ''}<span class="code">${o.id}</span> ${t(o.name, lang)}`)}</p>` : ''}
<div class="period">
<div><label for="${NEW_ROUND_IDS.periodStart}">${t(NEW_ROUND.periodStart, lang)}</label>
${fieldProblems(view, 'periodStart', lang)}
<input id="${NEW_ROUND_IDS.periodStart}" name="periodStart" type="date" required value="${v.periodStart}"${invalid(view, 'periodStart')}></div>
<div><label for="${NEW_ROUND_IDS.periodEnd}">${t(NEW_ROUND.periodEnd, lang)}</label>
${fieldProblems(view, 'periodEnd', lang)}
<input id="${NEW_ROUND_IDS.periodEnd}" name="periodEnd" type="date" required value="${v.periodEnd}"${invalid(view, 'periodEnd')}></div>
</div>
<div class="period">
<div><label for="${NEW_ROUND_IDS.deadline}">${t(NEW_ROUND.deadline, lang)}</label>
${fieldProblems(view, 'deadline', lang)}
<input id="${NEW_ROUND_IDS.deadline}" name="deadline" type="date" value="${v.deadline}"${invalid(view, 'deadline')}></div>
<div><label for="${NEW_ROUND_IDS.contact}">${t(NEW_ROUND.contact, lang)}</label>
${fieldProblems(view, 'contact', lang)}
<input id="${NEW_ROUND_IDS.contact}" name="contact" type="text" maxlength="200" autocomplete="off" value="${v.contact}"${invalid(view, 'contact')}></div>
</div>
${conversionFields(view, lang)}
<p class="muted">${t(NEW_ROUND.templateNote, lang)}</p>
<div class="actions"><button class="primary" type="submit" id="create-round-button">${t(NEW_ROUND.button, lang)}</button></div>
</form>`;
  return page({ lang, title: t(NEW_ROUND.title, lang), switchHref: newRoundUrl(other), session: view.session, body });
}

/** A unit conversion the round declares (an HK column in 港元 at the round's exchange rate): all optional, all or none. */
function conversionFields(view: NewRoundView, lang: Lang): SafeHtml {
  const v = view.values;
  const field = (f: ConversionField, type: string, extra: SafeHtml | string = '') => html`<div><label for="${NEW_ROUND_IDS[f]}">${t(NEW_ROUND_FIELD_LABEL[f], lang)}</label>
${fieldProblems(view, f, lang)}
<input id="${NEW_ROUND_IDS[f]}" name="${f}" type="${type}" maxlength="200" autocomplete="off" value="${v[f]}"${extra}${invalid(view, f)}></div>`;
  return html`<fieldset id="conversion">
<legend>${t(NEW_ROUND.conversion, lang)}</legend>
<p class="muted">${t(NEW_ROUND.conversionHelp, lang)}</p>
<div class="period">${field('convFrom', 'text')}${field('convTo', 'text')}</div>
<div class="period">${field('convFactor', 'text', html` inputmode="decimal"`)}${field('convInput', 'text')}</div>
${field('convNote', 'text')}
</fieldset>`;
}

/**
 * `绿色发展指数 · gdi 2016 · Green development index`: the name in the page's language, the
 * scheme and version (early, so a narrow list still shows them), the name in the other language.
 */
function schemeText(s: SchemeChoiceView, lang: Lang): string {
  const [first, second] = lang === 'zh' ? [s.name.zh, s.name.en] : [s.name.en, s.name.zh];
  return `${first} · ${s.id} ${s.version}${second === first ? '' : ` · ${second}`}`;
}

/** `南京都市圈城市（9 个地区）`: the roster's name and what it lists. */
function rosterText(r: RosterChoiceView, lang: Lang): string {
  const parts = [
    r.regions > 0 ? fill(t(NEW_ROUND.regions, lang), { n: r.regions }) : null,
    r.officials > 0 ? fill(t(NEW_ROUND.officials, lang), { n: r.officials }) : null,
    r.enterprises > 0 ? fill(t(NEW_ROUND.enterprises, lang), { n: r.enterprises }) : null,
  ].filter((p): p is string => p !== null);
  const counts = parts.length > 0 ? parts.join(lang === 'zh' ? '，' : ', ') : t(NEW_ROUND.empty, lang);
  return lang === 'zh' ? `${r.name}（${counts}）` : `${r.name} (${counts})`;
}

const describedBy = (field: NewRoundField): string => `${NEW_ROUND_IDS[field]}-problems`;

function invalid(view: NewRoundView, field: NewRoundField): SafeHtml {
  return view.problems.some((p) => p.field === field) ? html` aria-invalid="true" aria-describedby="${describedBy(field)}"` : html``;
}

/** Both languages, the page's first. */
function both(p: FormProblemView, lang: Lang): SafeHtml {
  const [first, second] = lang === 'zh' ? [p.zh, p.en] : [p.en, p.zh];
  return html`${first}${second !== first ? html` <span class="muted" lang="${lang === 'zh' ? 'en' : 'zh-CN'}">${second}</span>` : ''}`;
}

/** Under a field's label: its own problems. */
function fieldProblems(view: NewRoundView, field: NewRoundField, lang: Lang): SafeHtml {
  const mine = view.problems.filter((p) => p.field === field);
  if (mine.length === 0) return html``;
  return html`<div class="field-problems" id="${describedBy(field)}" data-field="${field}">${mine.map((p) => html`<p class="field-problem">${both(p, lang)}</p>`)}</div>`;
}

/** Above the form: every problem, each linking to its field. */
function problemSummary(problems: FormProblemView[], lang: Lang): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<section id="form-error" class="banner error" role="alert">
<p><strong>${t(NEW_ROUND.failed, lang)}</strong></p>
<ul id="form-problems">
${problems.map((p) => html`<li data-field="${p.field ?? ''}">${p.field ? html`<a href="#${NEW_ROUND_IDS[p.field]}">${fieldLabel(p.field, lang)}</a>${colon(lang)}` : ''}${both(p, lang)}</li>`)}
</ul>
</section>`;
}

/** `中文名称`, `The Chinese name`. */
function fieldLabel(field: NewRoundField, lang: Lang): string {
  const name = t(NEW_ROUND_FIELD[field], lang);
  return name.charAt(0).toUpperCase() + name.slice(1);
}
