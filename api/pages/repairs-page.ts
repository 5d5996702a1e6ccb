/**
 * Credit repair of a scheme (信用修复) as a page: every application the reader may see with its
 * grounds, attachments (names and SHA-256) and decision; the office decides a pending one
 * (approve with the day it takes effect, or refuse; a reason either way); the office, or an
 * enterprise for its own credit code, applies. Words of this page are kept here, in both languages.
 */
import type { Label } from '../../indicators/index.js';
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';
import { fmtTime, t } from './text.js';
import type { Lang, SessionView } from './view-models.js';

export type RepairNotice = 'applied' | 'approved' | 'refused';
export const REPAIR_NOTICES: readonly RepairNotice[] = ['applied', 'approved', 'refused'];

export interface RepairsPageView {
  session: SessionView;
  scheme: string;
  lists: { id: string; label: Label }[];
  /** The reader may apply: null; or the credit code an enterprise applies for (fixed). */
  apply: { entity: string | null } | null;
  /** The reader (the office) decides pending applications. */
  decides: boolean;
  notice: RepairNotice | null;
  error: { zh: string; en: string; problems: { where: string; zh: string; en: string }[] } | null;
  /** What was typed into a refused application form, shown again. */
  typed: { entity: string; list: string; grounds: string; date: string } | null;
  applications: {
    id: number; entity: string; list: string; grounds: string; attachments: { name: string; sha256: string }[]; appliedAt: string;
    decision: { decision: 'approved' | 'refused'; reason: string; effective: string | null; decidedAt: string } | null;
  }[];
}

const W = {
  title: { zh: '信用修复', en: 'Credit repair' },
  applications: { zh: '修复申请', en: 'Applications' },
  none: { zh: '暂无修复申请。', en: 'No applications yet.' },
  no: { zh: '编号', en: 'No.' },
  entity: { zh: '企业（统一社会信用代码）', en: 'Enterprise (credit code)' },
  list: { zh: '名单', en: 'List' },
  grounds: { zh: '申请理由', en: 'Grounds' },
  attachments: { zh: '附件（名称与 SHA-256）', en: 'Attachments (name and SHA-256)' },
  appliedAt: { zh: '申请时间', en: 'Applied' },
  decision: { zh: '决定', en: 'Decision' },
  pending: { zh: '待决定', en: 'pending' },
  approved: { zh: '予以修复', en: 'approved' },
  refused: { zh: '不予修复', en: 'refused' },
  effective: { zh: '生效日期', en: 'Takes effect' },
  reason: { zh: '理由', en: 'Reason' },
  decide: { zh: '提交决定', en: 'Decide' },
  approve: { zh: '予以修复', en: 'Approve' },
  refuse: { zh: '不予修复', en: 'Refuse' },
  apply: { zh: '提交修复申请', en: 'Apply for repair' },
  date: { zh: '申请日期（留空为今天；按该日在效的记录判断能否修复）', en: 'Date of application (empty: today; whether a repair can apply is judged on the records in force then)' },
  file: { zh: '附件（可选，只保存名称与 SHA-256）', en: 'Attachment (optional; only its name and SHA-256 are kept)' },
  send: { zh: '提交申请', en: 'Apply' },
  appliedNotice: { zh: '申请已提交，等待考核办决定。', en: 'The application is in; the office will decide.' },
  approvedNotice: { zh: '已予以修复：修复记录已记入记录库，此后的评价按其生效日期读取。', en: 'Approved: the repair is in the records register, and later rounds read it from the day it takes effect.' },
  refusedNotice: { zh: '已决定不予修复。', en: 'Refused.' },
  refusedForm: { zh: '未能办理', en: 'Not done' },
} satisfies Record<string, Label>;

const NOTICE_TEXT: Record<RepairNotice, Label> = { applied: W.appliedNotice, approved: W.approvedNotice, refused: W.refusedNotice };

export function repairsUrl(scheme: string, lang: Lang, notice?: RepairNotice): string {
  const q = [...(lang === 'en' ? ['lang=en'] : []), ...(notice ? [`notice=${notice}`] : [])];
  return `/repairs/${encodeURIComponent(scheme)}${q.length ? `?${q.join('&')}` : ''}`;
}

const langQuery = (lang: Lang): string => (lang === 'en' ? '?lang=en' : '');

export function renderRepairsPage(view: RepairsPageView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const csrf: SafeHtml = view.session.csrfToken === undefined ? html`` : html`<input type="hidden" name="csrf" value="${view.session.csrfToken}">`;
  const listLabel = (id: string): string => {
    const l = view.lists.find((x) => x.id === id);
    return l ? t(l.label, lang) : id;
  };
  const decisionCell = (a: RepairsPageView['applications'][number]): SafeHtml => {
    if (a.decision) {
      const d = a.decision;
      return html`<span data-decision="${d.decision}">${t(d.decision === 'approved' ? W.approved : W.refused, lang)}</span>${d.effective ? html`，${t(W.effective, lang)} ${d.effective}` : ''}<div>${t(W.reason, lang)}：${d.reason}</div><div class="muted">${fmtTime(d.decidedAt, lang)}</div>`;
    }
    if (!view.decides) return html`<span data-decision="pending">${t(W.pending, lang)}</span>`;
    const id = `decide-${a.id}`;
    return html`<form class="work decide" id="${id}" method="post" action="/repairs/${encodeURIComponent(view.scheme)}/${a.id}/decision${langQuery(lang)}">${csrf}
<fieldset><legend>${t(W.pending, lang)} · ${t(W.decision, lang)} #${a.id}</legend>
<label><input type="radio" name="decision" value="approve" checked> ${t(W.approve, lang)}</label>
<label><input type="radio" name="decision" value="refuse"> ${t(W.refuse, lang)}</label>
<label>${t(W.effective, lang)} <input type="date" name="effective"></label>
<label>${t(W.reason, lang)} <input type="text" name="reason" required maxlength="500"></label>
<button type="submit">${t(W.decide, lang)}</button></fieldset></form>`;
  };
  const rows = view.applications.map((a) => html`<tr data-application="${a.id}">
<td>${a.id}</td><td><span class="code">${a.entity}</span></td><td>${listLabel(a.list)}</td><td>${a.grounds}</td>
<td>${a.attachments.map((f) => html`<div>${f.name} <span class="code" title="${f.sha256}">${f.sha256.slice(0, 12)}…</span></div>`)}</td>
<td>${fmtTime(a.appliedAt, lang)}</td><td>${decisionCell(a)}</td></tr>`);
  const typed = view.typed;
  const applyForm = view.apply === null ? '' : html`<h2 id="apply-heading">${t(W.apply, lang)}</h2>
<form class="work" id="apply-form" method="post" enctype="multipart/form-data" action="/repairs/${encodeURIComponent(view.scheme)}/applications${langQuery(lang)}" aria-labelledby="apply-heading">${csrf}
<label>${t(W.entity, lang)} <input type="text" id="apply-entity" name="entity" required maxlength="64" value="${view.apply.entity ?? typed?.entity ?? ''}"${view.apply.entity ? html` readonly` : ''}></label>
<label>${t(W.list, lang)} <select id="apply-list" name="list">${view.lists.map((l) => html`<option value="${l.id}"${typed?.list === l.id ? html` selected` : ''}>${t(l.label, lang)}</option>`)}</select></label>
<label>${t(W.grounds, lang)} <textarea id="apply-grounds" name="grounds" required maxlength="4000" rows="3">${typed?.grounds ?? ''}</textarea></label>
<label>${t(W.date, lang)} <input type="date" id="apply-date" name="date" value="${typed?.date ?? ''}"></label>
<label>${t(W.file, lang)} <input type="file" id="apply-file" name="file"></label>
<button type="submit" id="apply-button">${t(W.send, lang)}</button>
</form>`;
  const body = html`<h1>${t(W.title, lang)} · <span class="code">${view.scheme}</span></h1>
${view.notice ? html`<p class="notice" role="status" id="notice">${t(NOTICE_TEXT[view.notice], lang)}</p>` : ''}
${view.error ? html`<div class="error" role="alert" id="problems"><p>${t(W.refusedForm, lang)}：${t(view.error, lang)}</p><ul>${view.error.problems.map((p) => html`<li><span class="code">${p.where}</span> ${t(p, lang)}</li>`)}</ul></div>` : ''}
<h2>${t(W.applications, lang)}</h2>
${view.applications.length === 0 ? html`<p class="muted" id="applications-none">${t(W.none, lang)}</p>` : html`<div class="scroll" tabindex="0" role="region" aria-label="${t(W.applications, lang)}"><table id="applications">
<thead><tr><th scope="col">${t(W.no, lang)}</th><th scope="col">${t(W.entity, lang)}</th><th scope="col">${t(W.list, lang)}</th><th scope="col">${t(W.grounds, lang)}</th><th scope="col">${t(W.attachments, lang)}</th><th scope="col">${t(W.appliedAt, lang)}</th><th scope="col">${t(W.decision, lang)}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`}
${applyForm}`;
  return page({ lang, title: `${t(W.title, lang)} ${view.scheme}`, switchHref: repairsUrl(view.scheme, other), session: view.session, body });
}
