/**
 * The 繁體 switch: `?lang=zh-Hant` writes every Chinese page in Traditional characters and keeps
 * the choice in a cookie for the links after; `?lang=zh-Hans` goes back. Only the text a reader
 * reads changes: every tag, link, form value and id is the same as on the Simplified page (so
 * the escaping is the same too), and a scheme's own zh-Hant names stand where given.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../engine/index.js';
import { loadSchemeText } from '../../indicators/index.js';
import { hantNames, traditionalPage } from '../../api/pages/traditional-page.js';
import { bearer, demoServer, multipart, TEMPLATES, type DemoServer } from './helpers.js';
import { loginCookie } from './page-forms.js';
import { PAGE_TAGS, scanHtml, type Scan } from '../pages/html-scan.js';

let s: DemoServer;
let office: string;
let auditor: string;

beforeAll(async () => {
  s = await demoServer({ publicResults: true });
  office = await loginCookie(s.app, s.token('office'));
  auditor = await loginCookie(s.app, s.token('auditor'));
});
afterAll(async () => { await s.close(); });

/** Characters that exist only in Simplified writing (their Traditional forms differ): none may be left on a 繁體 page. */
const SIMPLIFIED_ONLY = Array.from('轮发数据个为这绿计评级关门时间题总类环资价态测达标务单办区对应结论输标准');
const READ_ATTRS = new Set(['title', 'aria-label', 'alt', 'placeholder']);

/**
 * Each tag with the attributes that name things (not those a reader reads), the switch and the
 * page's language left out; the charts' generated class names are numbered per drawing.
 */
function structure(scan: Scan): string[] {
  return scan.tags.map((tag) => `${tag.name} ${[...tag.attrs].filter(([k]) => !READ_ATTRS.has(k) && !(tag.name === 'html' && k === 'lang') && !(tag.attrs.get('id') === 'script-switch' && k !== 'id' && k !== 'class'))
    .map(([k, v]) => `${k}=${v.replace(/zr\d+-(cls-)?\w+/g, 'zr')}`).join(' ')}`);
}

const pages = (): [string, string | null][] => {
  const pub = s.seed.roundIds[2];
  return [
    ['/', null], [`/rounds/${pub}`, null], [`/rounds/${pub}/entities/320100`, null], [`/rounds/${pub}/methodology`, null], [`/rounds/${pub}/report`, null],
    ['/compare?scheme=demo-green', null], ['/lists/demo-green', null], ['/ledger/demo-green', null], ['/login', null], ['/no-such-page', null],
    [`/rounds/${pub}/work`, 'office'], ['/rounds/new', 'office'], ['/audit-log', 'auditor'], [`/runs/${(s.db.prepare('SELECT run_id FROM publications ORDER BY id DESC LIMIT 1').get() as { run_id: number }).run_id}`, 'auditor'],
  ];
};

describe('every page in 繁體', () => {
  test('the same tags, links and values as the Simplified page; the text in Traditional characters; <html lang="zh-Hant">', async () => {
    for (const [url, who] of pages()) {
      const cookie = who === 'office' ? office : who === 'auditor' ? auditor : undefined;
      const get = (u: string) => s.app.inject({ url: u, headers: cookie ? { cookie } : {} });
      const hans = await get(url);
      const hant = await get(`${url}${url.includes('?') ? '&' : '?'}lang=zh-Hant`);
      expect(hant.statusCode, url).toBe(hans.statusCode);
      const [a, b] = [scanHtml(hans.body), scanHtml(hant.body)];
      for (const tag of b.tags) expect(PAGE_TAGS.has(tag.name), `${url}: <${tag.name}>`).toBe(true);
      expect(structure(b), url).toEqual(structure(a));
      expect(b.tags.find((t) => t.name === 'html')?.attrs.get('lang'), url).toBe('zh-Hant');
      expect(a.tags.find((t) => t.name === 'html')?.attrs.get('lang'), url).toBe('zh-CN');
      const text = b.text.join('\n');
      const left = SIMPLIFIED_ONLY.filter((c) => text.includes(c));
      expect(left, `${url}: Simplified characters left`).toEqual([]);
      expect(a.text.length, url).toBe(b.text.length);
      // Every page, the login and error pages too, offers the way back in Simplified characters.
      expect(hant.body, url).toContain('hreflang="zh-Hans" lang="zh-Hans" data-keep-script>简体</a>');
      expect(hans.body, url).toContain('hreflang="zh-Hant" lang="zh-Hant">繁體</a>');
    }
  });

  test('the choice is kept in a cookie: links without lang stay in 繁體 until 简体 is chosen; English pages are English', async () => {
    const first = await s.app.inject({ url: '/?lang=zh-Hant' });
    expect(first.body).toContain('考核輪次');
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    expect(cookie).toBe('kaohe_script=hant');
    const next = await s.app.inject({ url: `/rounds/${s.seed.roundIds[2]}`, headers: { cookie } });
    expect(next.body).toContain('<html lang="zh-Hant">');
    // The switch offers 简体, written in Simplified characters, and keeps the page's address.
    expect(next.body).toContain(`<a class="script-switch" id="script-switch" href="/rounds/${s.seed.roundIds[2]}?lang=zh-Hans" hreflang="zh-Hans" lang="zh-Hans" data-keep-script>简体</a>`);
    const english = await s.app.inject({ url: '/?lang=en', headers: { cookie } });
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('Assessment rounds');
    const back = await s.app.inject({ url: '/?lang=zh-Hans', headers: { cookie } });
    expect(back.body).toContain('考核轮次');
    expect(String(back.headers['set-cookie'])).toMatch(/^kaohe_script=;/);
    const plain = await s.app.inject({ url: '/' });
    expect(plain.body).toContain('href="/?lang=zh-Hant" hreflang="zh-Hant" lang="zh-Hant">繁體</a>');
  });

  test('JSON answers are never converted', async () => {
    const r = await s.app.inject({ url: `/api/rounds/${s.seed.roundIds[2]}/ranking?lang=zh-Hant`, headers: bearer(s.token('office')) });
    expect([r.statusCode, r.body.includes('绿色'), r.body.includes('綠色')]).toEqual([200, true, false]);
  });
});

describe('a scheme\'s own zh-Hant names', () => {
  test('stand where their Simplified names are, unconverted; hostile text stays escaped', () => {
    const page = '<!DOCTYPE html>\n<html lang="zh-CN"><head><title>干部考核</title><style>.a::after{content:"发"}</style></head><body>'
      + '<h1 title="干部考核">干部考核 · 发展</h1><p>&lt;script&gt;发&lt;/script&gt;</p><a href="/x?q=%E5%8F%91" data-id="发">发</a>'
      + '<input type="hidden" name="reason" value="发"><textarea>发</textarea></body></html>';
    const out = traditionalPage(page, new Map([['干部考核', '幹部考覈']]));
    expect(out).toBe('<!DOCTYPE html>\n<html lang="zh-Hant"><head><title>幹部考覈</title><style>.a::after{content:"发"}</style></head><body>'
      + '<h1 title="幹部考覈">幹部考覈 · 發展</h1><p>&lt;script&gt;發&lt;/script&gt;</p><a href="/x?q=%E5%8F%91" data-id="发">發</a>'
      + '<input type="hidden" name="reason" value="发"><textarea>发</textarea></body></html>');
  });

  test('a scheme label may carry zh-Hant, and the plan carries it; a scheme without one compiles to the plan hash it had', () => {
    const text = readFileSync(join(TEMPLATES, 'demo-green.yaml'), 'utf8');
    const withHant = text
      .replace('name: { zh: 南京都市圈绿色发展示范评价,', 'name: { zh: 南京都市圈绿色发展示范评价, zh-Hant: 南京都市圈綠色發展示範評價,')
      .replace("{ id: gdp, label: { zh: 地区生产总值,", "{ id: gdp, label: { zh: 地区生产总值, zh-Hant: 地區生產總值（本地生產總值）,");
    expect(withHant).not.toBe(text);
    const plan = compile(loadSchemeText(withHant));
    expect(Object.fromEntries(hantNames(plan.plan))).toEqual({ 南京都市圈绿色发展示范评价: '南京都市圈綠色發展示範評價', 地区生产总值: '地區生產總值（本地生產總值）' });
    expect(hantNames(compile(loadSchemeText(text)).plan).size).toBe(0);
    expect(compile(loadSchemeText(text)).hash).toBe(s.db.prepare("SELECT plan_hash FROM schemes WHERE id = 'demo-green'").pluck().get());
  });

  test('on a round\'s pages: a scheme version with zh-Hant names shows them in 繁體, the others converted', async () => {
    const text = readFileSync(join(TEMPLATES, 'demo-green.yaml'), 'utf8')
      .replace('version: "2025.1"', 'version: "2025.1-hk"')
      .replaceAll('label: { zh: 单位GDP能耗,', 'label: { zh: 单位GDP能耗, zh-Hant: 單位本地生產總值能耗,');
    const m = multipart({}, { name: 'demo-green-hk.yaml', content: text });
    const up = await s.app.inject({ method: 'POST', url: '/api/schemes', headers: { ...bearer(s.token('admin')), ...m.headers }, payload: m.payload });
    expect(up.statusCode, up.body.slice(0, 300)).toBe(201);
    const made = await s.app.inject({ method: 'POST', url: '/api/rounds', headers: bearer(s.token('office')), payload: { name: { zh: '港版方案轮次' }, schemeId: 'demo-green', schemeVersion: '2025.1-hk', rosterId: 1, periodStart: '2027-01-01', periodEnd: '2027-12-31' } });
    const page = (await s.app.inject({ url: `/rounds/${made.json().id}/methodology?lang=zh-Hant` })).body;
    expect(page).toContain('單位本地生產總值能耗');
    expect(page).not.toContain('單位GDP能耗');
    expect(page).toContain('森林覆蓋率');
    // The same page of a version without them: the conversion.
    expect((await s.app.inject({ url: `/rounds/${s.seed.roundIds[2]}/methodology?lang=zh-Hant` })).body).toContain('單位GDP能耗');
  });
});
