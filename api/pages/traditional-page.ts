/**
 * A page in Traditional characters (繁體, the `lang=zh-Hant` choice): the Chinese page as
 * rendered, its text converted by OpenCC (Hong Kong's standard), and a scheme's own `zh-Hant`
 * names put where their Simplified names stand. Only what a reader reads is converted: text
 * between tags and the title, aria-label, alt and placeholder attributes; never a link, a form
 * value, an id or a data attribute (they name things), nor a stylesheet or a textarea's text, nor
 * an element marked `data-keep-script`.
 * The escaping is kept: the conversion maps Chinese characters to Chinese characters, and a
 * scheme's name goes in escaped.
 */
import { traditionalText } from '../../io/index.js';
export { hantNames } from '../../io/index.js';
import { escapeHtml } from './html.js';

const READ_ATTRIBUTES = /\b(title|aria-label|alt|placeholder)="([^"]*)"/g;
const TAG = /<[^>]*>/g;
const RAW = new Set(['style', 'textarea', 'script']);

/** The escaped names as one pattern, longest first (so a longer name wins over a name inside it). */
function namesPattern(names: ReadonlyMap<string, string>): { re: RegExp; hant: Map<string, string> } | null {
  if (names.size === 0) return null;
  const hant = new Map([...names].map(([zh, h]) => [escapeHtml(zh), escapeHtml(h)]));
  const alternatives = [...hant.keys()].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { re: new RegExp(alternatives.join('|'), 'g'), hant };
}

/** The header's 繁體 link (layout.ts) on a page now in Traditional characters: the way back, 简体, written in Simplified ones. */
const HANT_SWITCH = /<a class="script-switch" id="script-switch" href="([^"]*)" hreflang="zh-Hant" lang="zh-Hant">繁體<\/a>/;

function backToSimplified(page: string): string {
  return page.replace(HANT_SWITCH, (_all, href: string) => `<a class="script-switch" id="script-switch" href="${href.replace('lang=zh-Hant', 'lang=zh-Hans')}" hreflang="zh-Hans" lang="zh-Hans" data-keep-script>简体</a>`);
}

export function traditionalPage(html: string, names: ReadonlyMap<string, string> = new Map()): string {
  const page = backToSimplified(html);
  const pattern = namesPattern(names);
  const convert = (text: string): string => {
    if (!/[\u3400-\u9fff]/.test(text)) return text;
    if (!pattern) return traditionalText(text);
    let out = '';
    let at = 0;
    for (const m of text.matchAll(pattern.re)) {
      out += traditionalText(text.slice(at, m.index)) + pattern.hant.get(m[0])!;
      at = m.index + m[0].length;
    }
    return out + traditionalText(text.slice(at));
  };
  let out = '';
  let at = 0;
  let raw: string | null = null;
  let keep = false;
  for (const m of page.matchAll(TAG)) {
    const text = page.slice(at, m.index);
    out += raw || keep ? text : convert(text);
    const tag = m[0];
    // An element written in its own characters (the 简体 switch): its text is left as it is.
    keep = / data-keep-script[ >]/.test(tag);
    const name = /^<\/?([a-zA-Z][\w-]*)/.exec(tag)?.[1]?.toLowerCase() ?? '';
    if (raw) {
      if (tag.startsWith('</') && name === raw) raw = null;
      out += tag;
    } else {
      if (!tag.startsWith('</') && RAW.has(name)) raw = name;
      out += name === 'html' ? tag.replace('lang="zh-CN"', 'lang="zh-Hant"') : tag.replace(READ_ATTRIBUTES, (_all, attr: string, value: string) => `${attr}="${convert(value)}"`);
    }
    at = m.index + tag.length;
  }
  return out + (raw ? page.slice(at) : convert(page.slice(at)));
}
