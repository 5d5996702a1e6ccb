/**
 * Creating a round from the browser (inject): an office logged in with the session cookie finds
 * the "new round" link on the rounds list, fills the form (name, scheme version, roster, period)
 * and lands on the new round's work page; the round is the one POST /api/rounds would have made,
 * with the same audit entry. A refused form comes back (422) with every problem by its field and
 * what was typed (escaped), and nothing is created: a missing name, the period ending before it
 * starts, a scheme version or roster the form didn't offer, a name over the API's limit. Without
 * the page's CSRF token or from another site's page: 403, nothing created. Leadership, auditors,
 * the public and administrators see no link and get 403 on the form, with their own valid token too.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getRound, listAudit, SYSTEM, addSchemeVersion, createRoster, type AuditEntry } from '../../store/index.js';
import { assertOnlyPageMarkup, decode, scanHtml } from '../pages/html-scan.js';
import { bearer, demoServer, tokenFor, type DemoServer } from './helpers.js';
import { csrfOf, form, loginCookie } from './page-forms.js';

let s: DemoServer;

beforeAll(async () => {
  s = await demoServer({ rateLimits: { upload: 1000, login: 1000 }, threads: 1 });
});
afterAll(async () => { await s.close(); });

const login = (token: string): Promise<string> => loginCookie(s.app, token);

const newRoundPage = (headers: Record<string, string>, query = '') => s.app.inject({ url: `/rounds/new${query}`, headers });
const postNewRound = (fields: Record<string, string>, headers: Record<string, string>, query = '') =>
  s.app.inject({ method: 'POST', url: `/rounds/new${query}`, ...form(fields, headers) });

/** What a round creation leaves behind: the rounds and the audit log. */
function footprint(): { rounds: number; audit: number } {
  return {
    rounds: s.db.prepare('SELECT count(*) FROM rounds').pluck().get() as number,
    audit: s.db.prepare('SELECT count(*) FROM audit').pluck().get() as number,
  };
}

/** The form's problems as listed above it: field, text. */
function summary(page: string): { field: string; text: string }[] {
  const list = /<ul id="form-problems">([\s\S]*?)<\/ul>/.exec(page);
  if (!list) return [];
  return [...list[1].matchAll(/<li data-field="([^"]*)">([\s\S]*?)<\/li>/g)].map((m) => ({ field: m[1], text: decode(m[2].replace(/<[^>]*>/g, '')) }));
}

/** The problems shown under one field. */
function underField(page: string, field: string): string {
  const m = new RegExp(`<div class="field-problems" id="[^"]*" data-field="${field}">([\\s\\S]*?)</div>`).exec(page);
  return m ? decode(m[1].replace(/<[^>]*>/g, '')) : '';
}

const valueOf = (page: string, id: string): string | undefined => {
  const tag = scanHtml(page).tags.find((t) => t.attrs.get('id') === id);
  return tag?.attrs.get('value');
};
const selected = (page: string, id: string): string | undefined => {
  const select = new RegExp(`<select id="${id}"[\\s\\S]*?</select>`).exec(page);
  return select ? /<option value="([^"]*)" selected>/.exec(select[0])?.[1] : undefined;
};

const good = (over: Record<string, string> = {}): Record<string, string> => ({
  nameZh: '2027年度南京都市圈绿色发展评价', nameEn: '2027 Nanjing metro green development',
  scheme: 'demo-green@2025.1', roster: '1', periodStart: '2027-01-01', periodEnd: '2027-12-31', ...over,
});

describe('an office creates a round with the form', () => {
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    cookie = await login(s.token('office'));
  });

  test('the rounds list links to the form, in the reader\'s language', async () => {
    const zh = await s.app.inject({ url: '/', headers: { cookie } });
    expect(zh.body).toContain('<a class="button" id="new-round-link" href="/rounds/new">＋ 新建考核轮次</a>');
    const en = await s.app.inject({ url: '/?lang=en', headers: { cookie } });
    expect(en.body).toContain('<a class="button" id="new-round-link" href="/rounds/new?lang=en">＋ New round</a>');
  });

  test('the form: the CSRF token first, the names, every scheme version with its bilingual name, every roster with its counts, two dates', async () => {
    const r = await newRoundPage({ cookie });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-security-policy']).toContain("form-action 'self'");
    const scan = assertOnlyPageMarkup(r.body);
    expect(scan.tags.some((t) => t.name === 'script')).toBe(false);
    expect(r.body).toMatch(/<form class="work" id="new-round-form" method="post" action="\/rounds\/new"><input type="hidden" name="csrf" value="[^"]+">/);
    csrf = csrfOf(r.body);
    const inputs = scan.tags.filter((t) => t.name === 'input' || t.name === 'select').map((t) => [t.attrs.get('name'), t.attrs.get('type') ?? t.name]);
    expect(inputs).toEqual([
      ['csrf', 'hidden'], ['csrf', 'hidden'], // the logout form's, then this form's
      ['nameZh', 'text'], ['nameEn', 'text'], ['scheme', 'select'], ['roster', 'select'], ['participants', 'text'], ['periodStart', 'date'], ['periodEnd', 'date'],
      ['deadline', 'date'], ['contact', 'text'],
      ['convFrom', 'text'], ['convTo', 'text'], ['convFactor', 'text'], ['convInput', 'text'], ['convNote', 'text'],
    ]);
    expect(r.body).toContain('<option value="demo-green@2025.1">南京都市圈绿色发展示范评价 · demo-green 2025.1 · Nanjing metropolitan area green development (demo)</option>');
    expect(r.body).toMatch(/<option value="1">南京都市圈城市 Nanjing metropolitan area cities（9 个地区，3 名干部）<\/option>/);
    expect(scan.tags.find((t) => t.attrs.get('name') === 'nameZh')?.attrs.has('required')).toBe(true);
    expect(scan.tags.find((t) => t.attrs.get('name') === 'nameZh')?.attrs.get('maxlength')).toBe('200');
    expect(scan.tags.find((t) => t.attrs.get('name') === 'nameEn')?.attrs.has('required')).toBe(false);
    const en = await newRoundPage({ cookie }, '?lang=en');
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('action="/rounds/new?lang=en"');
    expect(en.body).toContain('Nanjing metropolitan area green development (demo) · demo-green 2025.1 · 南京都市圈绿色发展示范评价');
    expect(en.body).toContain('(9 regions, 3 officials)');
    expect(en.body).toContain('<a class="lang-switch" href="/rounds/new" hreflang="zh-CN"');
  });

  test('created: 303 to the new round\'s work page; the round is what the API would have made, with the same audit entry', async () => {
    const before = footprint();
    const r = await postNewRound({ csrf, ...good() }, { cookie });
    expect(r.statusCode).toBe(303);
    const m = /^\/rounds\/(\d+)\/work\?notice=created$/.exec(String(r.headers.location));
    expect(m).not.toBeNull();
    const id = Number(m![1]);
    expect(footprint()).toEqual({ rounds: before.rounds + 1, audit: before.audit + 1 });
    const round = getRound(s.db, id);
    expect(round).toMatchObject({
      name: { zh: '2027年度南京都市圈绿色发展评价', en: '2027 Nanjing metro green development' },
      schemeId: 'demo-green', schemeVersion: '2025.1', rosterId: 1, officeId: 'nanjing-metro',
      periodStart: '2027-01-01', periodEnd: '2027-12-31', status: 'draft', synthetic: false, snapshotHash: null,
    });

    // The same round over the JSON API: the same audit entry but for its number.
    const api = await s.app.inject({
      method: 'POST', url: '/api/rounds', headers: bearer(s.token('office')),
      payload: { name: { zh: round.name.zh, en: round.name.en }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId: 1, periodStart: '2027-01-01', periodEnd: '2027-12-31' },
    });
    expect(api.statusCode).toBe(201);
    const apiId = (api.json() as { id: number }).id;
    const entry = (target: string): AuditEntry => listAudit(s.db, { target, limit: 1000 }).find((e) => e.action === 'round.create')!;
    const fromPage = entry(`round:${id}`);
    const fromApi = entry(`round:${apiId}`);
    expect(fromPage.actor).toBe(fromApi.actor);
    expect(fromPage.actorId).toBe(fromApi.actorId);
    expect(fromPage.detail).toEqual(fromApi.detail);
    expect(getRound(s.db, apiId)).toMatchObject({ ...round, id: apiId, createdAt: expect.any(String) as string });

    // The work page says it was created, and the round is in the list with its work link.
    const work = await s.app.inject({ url: String(r.headers.location), headers: { cookie } });
    expect(work.statusCode).toBe(200);
    expect(work.body).toContain('data-notice="created"');
    expect(work.body).toContain('考核轮次已创建（草稿）');
    expect(work.body).toContain('id="open-button"');
    const list = await s.app.inject({ url: '/', headers: { cookie } });
    expect(list.body).toMatch(new RegExp(`<tr data-round-id="${id}">[\\s\\S]*?<a class="work-link" href="/rounds/${id}/work">办理</a>`));
  });

  test('in English the new round\'s page is English too; an empty English name becomes the Chinese one, as over the API', async () => {
    const r = await postNewRound({ csrf, ...good({ nameZh: '  2028年度评价  ', nameEn: '', periodStart: '2028-01-01', periodEnd: '2028-06-30' }) }, { cookie }, '?lang=en');
    expect(r.statusCode).toBe(303);
    const m = /^\/rounds\/(\d+)\/work\?notice=created&lang=en$/.exec(String(r.headers.location));
    expect(m).not.toBeNull();
    expect(getRound(s.db, Number(m![1]))).toMatchObject({ name: { zh: '2028年度评价', en: '2028年度评价' }, periodEnd: '2028-06-30' });
    const work = await s.app.inject({ url: String(r.headers.location), headers: { cookie } });
    expect(work.body).toContain('The round was created (a draft).');
  });

  test('a bearer token (no cookie, so no CSRF) creates the round too, as the office: the form is another way to the same store call', async () => {
    const page = await newRoundPage(bearer(s.token('office')));
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('name="csrf"');
    const r = await postNewRound(good({ nameZh: '令牌创建的轮次' }), bearer(s.token('office')));
    expect(r.statusCode).toBe(303);
  });

  describe('refused: 422, the form again with every problem by its field and what was typed, nothing created', () => {
    async function refused(fields: Record<string, string>, query = ''): Promise<string> {
      const before = footprint();
      const r = await postNewRound({ csrf, ...fields }, { cookie }, query);
      expect(r.statusCode).toBe(422);
      expect(footprint()).toEqual(before);
      assertOnlyPageMarkup(r.body);
      expect(r.body).toContain('id="form-error"');
      // The form is there again, with its token, ready to submit.
      expect(csrfOf(r.body.slice(r.body.indexOf('id="new-round-form"')))).toBe(csrf);
      return r.body;
    }

    test('no Chinese name: the store\'s own words, under the name; the rest kept', async () => {
      const page = await refused(good({ nameZh: '   ' }));
      expect(summary(page)).toEqual([{ field: 'nameZh', text: '中文名称：轮次需要中文名称 the round needs a Chinese name' }]);
      expect(underField(page, 'nameZh')).toContain('轮次需要中文名称');
      expect(page).toMatch(/id="round-name-zh"[^>]* aria-invalid="true" aria-describedby="round-name-zh-problems"/);
      expect(valueOf(page, 'round-name-en')).toBe('2027 Nanjing metro green development');
      expect(selected(page, 'round-scheme')).toBe('demo-green@2025.1');
      expect(selected(page, 'round-roster')).toBe('1');
      expect(valueOf(page, 'round-period-start')).toBe('2027-01-01');
      expect(valueOf(page, 'round-period-end')).toBe('2027-12-31');
    });

    test('the period ends before it starts: the store\'s message under the end date', async () => {
      const page = await refused(good({ periodStart: '2027-12-31', periodEnd: '2027-01-01' }));
      expect(summary(page).map((p) => p.field)).toEqual(['periodEnd']);
      expect(underField(page, 'periodEnd')).toContain('考核期结束日期 2027-01-01 早于开始日期 2027-12-31');
      expect(underField(page, 'periodEnd')).toContain('the period ends (2027-01-01) before it starts (2027-12-31)');
      expect(valueOf(page, 'round-name-zh')).toBe('2027年度南京都市圈绿色发展评价');
    });

    test('a date that is not a day of the calendar: the store says so', async () => {
      const page = await refused(good({ periodEnd: '2027-02-30' }));
      expect(underField(page, 'periodEnd')).toContain('考核期结束日期应为 YYYY-MM-DD，实际为「2027-02-30」');
    });

    test('a scheme version that is not in the store, with a missing name: both listed at once', async () => {
      const page = await refused(good({ scheme: 'demo-green@9.9', nameZh: '' }));
      expect(summary(page).map((p) => p.field)).toEqual(['nameZh', 'scheme']);
      expect(underField(page, 'scheme')).toContain('所选指标方案版本「demo-green@9.9」不在可选列表中');
      expect(underField(page, 'scheme')).toContain('the scheme version "demo-green@9.9" is not one of the choices');
      expect(selected(page, 'round-scheme')).toBeUndefined();
      expect(selected(page, 'round-roster')).toBe('1');
    });

    test('forged select values are refused, shown escaped, and nothing else of them gets in', async () => {
      const evil = '"><script>alert(1)</script>';
      const page = await refused(good({ scheme: evil, roster: '1 OR 1=1', nameEn: `<img src=x onerror=alert(2)>"'&` }));
      expect(summary(page).map((p) => p.field)).toEqual(['scheme', 'roster']);
      expect(underField(page, 'roster')).toContain('所选参评名单「1 OR 1=1」不在可选列表中');
      expect(underField(page, 'scheme')).toContain(evil);
      expect(valueOf(page, 'round-name-en')).toBe(`<img src=x onerror=alert(2)>"'&`);
      const tags = scanHtml(page).tags.map((t) => t.name);
      expect(tags).not.toContain('script');
      expect(tags).not.toContain('img');
      // A roster or scheme number that doesn't exist is no better than garbage.
      const missing = await refused(good({ roster: '999' }));
      expect(summary(missing).map((p) => p.field)).toEqual(['roster']);
    });

    test('nothing filled in: every field that needs one says so, in field order', async () => {
      const page = await refused({ nameZh: '', nameEn: '', scheme: '', roster: '', periodStart: '', periodEnd: '' });
      expect(summary(page).map((p) => p.field)).toEqual(['nameZh', 'scheme', 'roster', 'periodStart', 'periodEnd']);
      expect(underField(page, 'scheme')).toContain('请选择指标方案版本');
      expect(underField(page, 'periodStart')).toContain('请填写考核期开始日期');
      // Fields absent from the body altogether are the same as empty.
      const bare = await refused({});
      expect(summary(bare).map((p) => p.field)).toEqual(['nameZh', 'scheme', 'roster', 'periodStart', 'periodEnd']);
    });

    test('a name over the API\'s limit (200 characters) is refused as the API refuses it', async () => {
      const page = await refused(good({ nameZh: '长'.repeat(201) }));
      expect(underField(page, 'nameZh')).toContain('中文名称最多 200 字，实际 201 字');
      const api = await s.app.inject({
        method: 'POST', url: '/api/rounds', headers: bearer(s.token('office')),
        payload: { name: { zh: '长'.repeat(201) }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId: 1, periodStart: '2027-01-01', periodEnd: '2027-12-31' },
      });
      expect(api.statusCode).toBe(400);
    });

    test('in English: the problems English first, the link back in English', async () => {
      const page = await refused(good({ periodStart: '2027-12-31', periodEnd: '2027-01-01' }), '?lang=en');
      expect(page).toContain('The round was not created.');
      expect(summary(page)[0].text).toMatch(/^The end of the period: the period ends \(2027-01-01\) before it starts \(2027-12-31\)/);
      expect(page).toContain('action="/rounds/new?lang=en"');
    });
  });

  test('a scheme version and roster added later are offered too, each by its own name', async () => {
    const text = (await import('node:fs')).readFileSync(new URL('../../templates/demo-green.yaml', import.meta.url), 'utf8').replace('version: "2025.1"', 'version: "2026@beta"');
    addSchemeVersion(s.db, SYSTEM, text);
    const roster = createRoster(s.db, SYSTEM, { name: '两市 <b>', regions: [{ code: '320100', name: '南京市' }, { code: '320200', name: '无锡市' }] });
    const page = await newRoundPage({ cookie });
    expect(page.body).toContain('<option value="demo-green@2026@beta">');
    expect(page.body).toContain(`<option value="${roster.id}">两市 &lt;b&gt;（2 个地区）</option>`);
    const r = await postNewRound({ csrf, ...good({ scheme: 'demo-green@2026@beta', roster: String(roster.id) }) }, { cookie });
    expect(r.statusCode).toBe(303);
    const id = Number(/\/rounds\/(\d+)\//.exec(String(r.headers.location))![1]);
    expect(getRound(s.db, id)).toMatchObject({ schemeVersion: '2026@beta', rosterId: roster.id });
  });
});

describe('CSRF: the cookie creates a round only with the page\'s token, from this site', () => {
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    cookie = await login(s.token('office'));
    csrf = csrfOf((await newRoundPage({ cookie })).body);
  });

  test('no token, a wrong one, another session\'s: 403, nothing created', async () => {
    const other = await login(s.token('office'));
    const otherCsrf = csrfOf((await newRoundPage({ cookie: other })).body);
    expect(otherCsrf).not.toBe(csrf);
    const before = footprint();
    for (const token of [undefined, '', 'not-the-token', otherCsrf, `${csrf}x`]) {
      const r = await postNewRound({ ...(token === undefined ? {} : { csrf: token }), ...good() }, { cookie });
      expect(r.statusCode).toBe(403);
      expect(r.body).toContain('表单已失效');
    }
    expect(footprint()).toEqual(before);
  });

  test('the right token from another site\'s page: 403, nothing created; from this site\'s: created', async () => {
    const before = footprint();
    const foreign: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { referer: 'https://evil.example/rounds/new' }];
    for (const h of foreign) {
      const r = await postNewRound({ csrf, ...good() }, { cookie, ...h });
      expect(r.statusCode).toBe(403);
      expect(r.body).toContain('another site');
    }
    expect(footprint()).toEqual(before);
    const ok = await postNewRound({ csrf, ...good({ nameZh: '本站提交' }) }, { cookie, origin: 'http://localhost:80', host: 'localhost:80' });
    expect(ok.statusCode).toBe(303);
  });

  test('a bad form without the token is refused for the token, not shown back', async () => {
    const r = await postNewRound(good({ nameZh: '' }), { cookie });
    expect(r.statusCode).toBe(403);
    expect(r.body).not.toContain('id="new-round-form"');
  });

  test('no session at all: the form sends you to log in, then back to it; so does the page', async () => {
    const r = await postNewRound({ csrf, ...good() }, {}, '?lang=en');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/login?next=${encodeURIComponent('/rounds/new?lang=en')}&lang=en`);
    const page = await newRoundPage({});
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/login?next=${encodeURIComponent('/rounds/new')}`);
  });
});

describe('only an office creates rounds', () => {
  const readers: [string, () => string][] = [
    ['leadership', () => s.token('leadership')],
    ['auditor', () => s.token('auditor')],
    ['public', () => tokenFor(s.db, 'public', 'new-round-public')],
    ['admin', () => s.token('admin')],
  ];

  test.each(readers)('%s: no link, 403 on the form and on posting it even with its own valid token; nothing created', async (_who, token) => {
    const t = token();
    const cookie = await login(t);
    const list = await s.app.inject({ url: '/', headers: { cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('/rounds/new');
    expect(list.body).not.toContain('新建考核轮次');
    const csrf = csrfOf(list.body);
    const page = await newRoundPage({ cookie });
    expect(page.statusCode).toBe(403);
    expect(page.body).not.toContain('id="new-round-form"');
    const before = footprint();
    const r = await postNewRound({ csrf, ...good() }, { cookie });
    expect(r.statusCode).toBe(403);
    expect(r.body).toMatch(/此操作需要以下角色之一：考核办/);
    expect(r.body).not.toContain('表单已失效');
    expect((await postNewRound(good(), bearer(t))).statusCode).toBe(403);
    expect(footprint()).toEqual(before);
  });

  test('an office reading with its bearer token (no session cookie) gets no link: the link is for the browser\'s session', async () => {
    const list = await s.app.inject({ url: '/', headers: bearer(s.token('office')) });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('id="new-round-link"');
  });
});

describe('a unit conversion declared on the form', () => {
  test('港元 at the round\'s rate: the round has it as the API would; without a rate, or to a unit no input has: 422 by field, nothing created', async () => {
    const cookie = await login(s.token('office'));
    const page = await newRoundPage({ cookie });
    expect(page.body).toContain('<fieldset id="conversion">');
    const csrf = csrfOf(page.body);
    const r = await postNewRound({ csrf, ...good({ nameZh: '深港联合评价', convFrom: '亿港元', convTo: '亿元', convFactor: '０.９２１６', convInput: 'gdp', convNote: '2027-12-31 中间价' }) }, { cookie });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(303);
    const id = Number(/\/rounds\/(\d+)\/work/.exec(String(r.headers.location))![1]);
    expect((await s.app.inject({ url: `/api/rounds/${id}`, headers: bearer(s.token('office')) })).json().conversions)
      .toEqual([{ from: '亿港元', to: '亿元', factor: 0.9216, input: 'gdp', note: '2027-12-31 中间价' }]);

    const before = footprint();
    const noRate = await postNewRound({ csrf, ...good({ nameZh: '无汇率', convFrom: '亿港元', convTo: '亿元' }) }, { cookie });
    expect(noRate.statusCode).toBe(422);
    expect(underField(noRate.body, 'convFactor')).toContain('缺少换算率');
    expect(valueOf(noRate.body, 'round-conv-from')).toBe('亿港元');
    const badUnit = await postNewRound({ csrf, ...good({ nameZh: '单位不对', convFrom: '澳门元', convTo: '美元', convFactor: '0.9' }) }, { cookie });
    expect(badUnit.statusCode).toBe(422);
    expect(underField(badUnit.body, 'convTo')).toContain('美元');
    expect(footprint()).toEqual(before);
  });
});
