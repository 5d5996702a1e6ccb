/**
 * The credit repair page rendered from view models: hostile text shown as text; an enterprise's
 * form with its own credit code fixed and no decision forms; the office's decision form on a
 * pending application only, each form with the CSRF token; a refusal's problems and what was
 * typed; English; the readers who may only read get no form at all.
 */
import { describe, expect, it } from 'vitest';
import { renderRepairsPage, type RepairsPageView } from '../../api/pages/index.js';
import { assertOnlyPageMarkup, decode } from './html-scan.js';

const EVIL = '<script>alert(1)</script>"\'&';
const USCC = '913201004000000342';

function view(over: Partial<RepairsPageView> = {}): RepairsPageView {
  return {
    session: { user: { name: '考核办', role: 'office' }, csrfToken: 'tok"en' },
    scheme: 'jiangsu-credit-12',
    lists: [{ id: 'red_list', label: { zh: '较重失信名单', en: 'Red list' } }, { id: 'blacklist', label: { zh: '严重失信名单', en: 'Blacklist' } }],
    apply: { entity: null },
    decides: true,
    notice: null,
    error: null,
    typed: null,
    applications: [
      { id: 1, entity: USCC, list: 'red_list', grounds: EVIL, attachments: [{ name: `${EVIL}.pdf`, sha256: 'ab'.repeat(32) }], appliedAt: '2026-03-01T02:00:00.000Z', decision: null },
      { id: 2, entity: USCC, list: 'blacklist', grounds: '已整改', attachments: [], appliedAt: '2026-03-02T02:00:00.000Z', decision: { decision: 'refused', reason: '材料不全', effective: null, decidedAt: '2026-03-03T02:00:00.000Z' } },
    ],
    ...over,
  };
}

describe('the credit repair page', () => {
  it('shows hostile grounds and file names as text, the decision form on the pending application only, the token in every form', () => {
    const doc = renderRepairsPage(view(), 'zh');
    const scan = assertOnlyPageMarkup(doc);
    expect(doc).not.toContain('<script>alert');
    expect(scan.text).toContain(EVIL);
    expect(scan.tags.filter((t) => t.name === 'form' && t.attrs.get('class')?.includes('decide')).map((t) => t.attrs.get('action'))).toEqual(['/repairs/jiangsu-credit-12/1/decision']);
    // The decision form, the application form and the header's logout form: each carries the token.
    const forms = scan.tags.filter((t) => t.name === 'form' && t.attrs.get('method') === 'post').map((t) => t.attrs.get('action')!.replace(/\?.*/, ''));
    const tokens = scan.tags.filter((t) => t.name === 'input' && t.attrs.get('name') === 'csrf').map((t) => decode(t.attrs.get('value')!));
    expect(forms.sort()).toEqual(['/logout', '/repairs/jiangsu-credit-12/1/decision', '/repairs/jiangsu-credit-12/applications']);
    expect(tokens).toEqual(['tok"en', 'tok"en', 'tok"en']);
    expect(doc).toContain('<span data-decision="refused">不予修复</span>');
    expect(doc).toContain('理由：材料不全');
    expect(doc).toContain('2026-03-01 10:00 北京时间');
  });

  it('an enterprise: its credit code fixed in the form, no decision form; a refusal shows its problems and what was typed', () => {
    const doc = renderRepairsPage(view({
      session: { user: { name: 'bing', role: 'enterprise' }, csrfToken: 't' }, apply: { entity: USCC }, decides: false,
      error: { zh: '内容有误', en: 'invalid', problems: [{ where: 'date', zh: `${USCC} 在 2026-05-01 没有可由信用修复结束的有效记录`, en: 'nothing to end' }] },
      typed: { entity: USCC, list: 'blacklist', grounds: EVIL, date: '2026-05-01' },
    }), 'zh');
    assertOnlyPageMarkup(doc);
    expect(doc).toContain(`name="entity" required maxlength="64" value="${USCC}" readonly`);
    expect(doc).not.toContain('class="work decide"');
    expect(doc).toContain('<span data-decision="pending">待决定</span>');
    expect(doc).toMatch(/role="alert" id="problems">.*没有可由信用修复结束的有效记录/s);
    expect(doc).toContain('<option value="blacklist" selected>');
    expect(doc).toContain('value="2026-05-01"');
    expect(doc).not.toContain('<script>alert');
  });

  it('in English; leadership reads without any form', () => {
    const en = renderRepairsPage(view({ notice: 'approved' }), 'en');
    expect(en).toContain('<h1>Credit repair');
    expect(en).toContain('Approved: the repair is in the records register');
    const leadership = renderRepairsPage(view({ session: { user: { name: '领导', role: 'leadership' } }, apply: null, decides: false }), 'zh');
    expect(leadership).not.toContain('<form class="work"');
    expect(leadership).not.toContain('id="apply-form"');
  });
});
