/**
 * The new-round form rendered from view models: the CSRF token first, the choices with their
 * names, what was typed kept after a refusal, every problem above the form (linking to its field)
 * and under its field, English, an empty store, hostile text shown as text; and which readers
 * the rounds list offers the form to.
 */
import { describe, expect, it } from 'vitest';
import { NEW_ROUND_IDS, renderNewRoundPage, renderRoundsPage } from '../../api/pages/index.js';
import type { NewRoundView, SessionView } from '../../api/pages/view-models.js';
import { assertOnlyPageMarkup, scanHtml } from './html-scan.js';

const EVIL = '<script>alert(1)</script>"\'&';
const OFFICE: SessionView = { user: { name: '演示考核办', role: 'office' }, csrfToken: 'tok"en' };

function view(over: Partial<NewRoundView> = {}): NewRoundView {
  return {
    session: OFFICE,
    schemes: [
      { value: 'demo-green@2025.1', id: 'demo-green', version: '2025.1', name: { zh: '绿色发展示范评价', en: 'Green development (demo)' } },
      { value: 'credit@1', id: 'credit', version: '1', name: { zh: '信用评价', en: '信用评价' } },
    ],
    rosters: [
      { value: '1', name: '都市圈城市', regions: 9, officials: 0, enterprises: 0 },
      { value: '2', name: '干部与企业', regions: 2, officials: 3, enterprises: 40 },
      { value: '3', name: '空', regions: 0, officials: 0, enterprises: 0 },
    ],
    values: { nameZh: '', nameEn: '', scheme: '', roster: '', participants: '', periodStart: '', periodEnd: '', deadline: '', contact: '', convFrom: '', convTo: '', convFactor: '', convInput: '', convNote: '' },
    problems: [],
    nameMax: 200,
    offices: [{ id: 'anhui', name: { zh: '安徽省考核办', en: 'Anhui office' } }],
    ...over,
  };
}

const field = (doc: string, id: string) => scanHtml(doc).tags.find((t) => t.attrs.get('id') === id)!;

describe('the new-round form', () => {
  it('an empty form: the token in the first field, nothing chosen, each choice with its names, the dates as date inputs', () => {
    const doc = renderNewRoundPage(view(), 'zh');
    const scan = assertOnlyPageMarkup(doc);
    expect(doc).toContain('<form class="work" id="new-round-form" method="post" action="/rounds/new"><input type="hidden" name="csrf" value="tok&quot;en">');
    expect(doc).not.toContain('id="form-error"');
    const main = doc.slice(doc.indexOf('<main'));
    expect(main).not.toContain('aria-invalid');
    expect(main).not.toContain(' selected');
    expect(doc).toContain('<option value="demo-green@2025.1">绿色发展示范评价 · demo-green 2025.1 · Green development (demo)</option>');
    expect(doc).toContain('<option value="credit@1">信用评价 · credit 1</option>');
    expect(doc).toContain('<option value="2">干部与企业（2 个地区，3 名干部，40 家企业）</option>');
    expect(doc).toContain('<option value="3">空（空名单）</option>');
    expect(field(doc, NEW_ROUND_IDS.periodStart).attrs.get('type')).toBe('date');
    expect(field(doc, NEW_ROUND_IDS.periodEnd).attrs.get('type')).toBe('date');
    expect(field(doc, NEW_ROUND_IDS.scheme).attrs.has('required')).toBe(true);
    // Every field has its label.
    for (const id of Object.values(NEW_ROUND_IDS)) expect(scan.tags.some((t) => t.name === 'label' && t.attrs.get('for') === id)).toBe(true);
  });

  it('refused: every problem above the form, linked to its field, and under it; the fields keep what was typed', () => {
    const doc = renderNewRoundPage(view({
      values: { nameZh: '', nameEn: 'Typed', scheme: 'demo-green@2025.1', roster: '2', participants: 'anhui', periodStart: '2027-12-31', periodEnd: '2027-01-01', deadline: '2027-03-31', contact: '王科长 025-1234', convFrom: '亿港元', convTo: '亿元', convFactor: '', convInput: 'gdp', convNote: '' },
      problems: [
        { field: 'nameZh', zh: '轮次需要中文名称', en: 'the round needs a Chinese name' },
        { field: 'periodEnd', zh: '结束早于开始', en: 'ends before it starts' },
        { field: null, zh: '找不到考核办 x', en: 'office x not found' },
      ],
    }), 'zh');
    assertOnlyPageMarkup(doc);
    expect(doc).toContain('<section id="form-error" class="banner error" role="alert">');
    expect(doc).toContain('<li data-field="nameZh"><a href="#round-name-zh">中文名称</a>：轮次需要中文名称 <span class="muted" lang="en">the round needs a Chinese name</span></li>');
    expect(doc).toContain('<li data-field="">找不到考核办 x <span class="muted" lang="en">office x not found</span></li>');
    expect(doc).toContain('<div class="field-problems" id="round-period-end-problems" data-field="periodEnd"><p class="field-problem">结束早于开始');
    expect(field(doc, NEW_ROUND_IDS.periodEnd).attrs.get('aria-describedby')).toBe('round-period-end-problems');
    expect(field(doc, NEW_ROUND_IDS.periodEnd).attrs.get('aria-invalid')).toBe('true');
    expect(field(doc, NEW_ROUND_IDS.periodStart).attrs.has('aria-invalid')).toBe(false);
    expect(field(doc, NEW_ROUND_IDS.nameEn).attrs.get('value')).toBe('Typed');
    expect(field(doc, NEW_ROUND_IDS.periodStart).attrs.get('value')).toBe('2027-12-31');
    expect(doc).toContain('<option value="demo-green@2025.1" selected>');
    expect(doc).toContain('<option value="2" selected>');
    // The problem under a field comes before the field (a screen reader also hears it from aria-describedby).
    expect(doc.indexOf('id="round-period-end-problems"')).toBeLessThan(doc.indexOf(`id="${NEW_ROUND_IDS.periodEnd}" name=`));
  });

  it('in English: English first, the form posting with lang=en, the switch to Chinese to the same form', () => {
    const doc = renderNewRoundPage(view({ problems: [{ field: 'scheme', zh: '请选择指标方案版本', en: 'choose a scheme version' }] }), 'en');
    expect(doc).toContain('<html lang="en"');
    expect(doc).toContain('action="/rounds/new?lang=en"');
    expect(doc).toContain('<a href="#round-scheme">Scheme version</a>: choose a scheme version <span class="muted" lang="zh-CN">请选择指标方案版本</span>');
    expect(doc).toContain('Green development (demo) · demo-green 2025.1 · 绿色发展示范评价');
    expect(doc).toContain('(2 regions, 3 officials, 40 enterprises)');
    expect(doc).toContain('<a class="lang-switch" href="/rounds/new" hreflang="zh-CN"');
    expect(doc).toContain('<a href="/?lang=en">← All rounds</a>');
  });

  it('an empty store: says where schemes and rosters come from', () => {
    const doc = renderNewRoundPage(view({ schemes: [], rosters: [] }), 'zh');
    expect(doc).toContain('id="no-schemes"');
    expect(doc).toContain('id="no-rosters"');
    expect(doc).toContain('请管理员先上传方案');
  });

  it('hostile text everywhere is shown as text', () => {
    const doc = renderNewRoundPage(view({
      schemes: [{ value: EVIL, id: EVIL, version: EVIL, name: { zh: EVIL, en: EVIL } }],
      rosters: [{ value: EVIL, name: EVIL, regions: 1, officials: 0, enterprises: 0 }],
      values: { nameZh: EVIL, nameEn: EVIL, scheme: EVIL, roster: EVIL, participants: EVIL, periodStart: EVIL, periodEnd: EVIL, deadline: EVIL, contact: EVIL, convFrom: EVIL, convTo: EVIL, convFactor: EVIL, convInput: EVIL, convNote: EVIL },
      offices: [{ id: EVIL, name: { zh: EVIL, en: EVIL } }],
      problems: [{ field: 'nameZh', zh: EVIL, en: `${EVIL}!` }],
    }), 'zh');
    const scan = assertOnlyPageMarkup(doc);
    expect(scan.tags.some((t) => t.name === 'script')).toBe(false);
    expect(doc).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"');
    expect(field(doc, NEW_ROUND_IDS.nameZh).attrs.get('value')).toBe(EVIL);
    expect(scan.text.join('\n')).toContain(EVIL);
  });
});

describe('the rounds list offers the form', () => {
  it('to an office logged in with the session cookie (its forms have the CSRF token) only', () => {
    const link = (session: SessionView): boolean => renderRoundsPage({ session, rounds: [] }, 'zh').includes('id="new-round-link"');
    expect(link(OFFICE)).toBe(true);
    expect(renderRoundsPage({ session: OFFICE, rounds: [] }, 'en')).toContain('href="/rounds/new?lang=en"');
    expect(link({ user: OFFICE.user })).toBe(false); // a bearer token: no cookie session
    for (const role of ['admin', 'leadership', 'auditor', 'public'] as const) expect(link({ user: { name: role, role }, csrfToken: 't' })).toBe(false);
    expect(link({ user: null })).toBe(false);
  });
});
