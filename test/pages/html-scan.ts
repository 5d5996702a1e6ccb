/**
 * A strict little reader of the pages' HTML for tests: every `<` must start a well-formed tag,
 * closing tag, doctype or CDATA section, and every attribute value must be quoted. If escaping
 * ever failed, a hostile name would show up here as an extra tag or attribute.
 */
export interface Tag {
  name: string;
  attrs: Map<string, string>;
}

export interface Scan {
  tags: Tag[];
  /** Text between tags, entities decoded (style and CDATA contents left out). */
  text: string[];
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" };

export function decode(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|#39);/g, (_, e: string) => ENTITIES[e]);
}

const OPEN = /^<([a-zA-Z][\w:-]*)((?:\s+[a-zA-Z_:][\w:.-]*(?:\s*=\s*"[^"]*")?)*)\s*\/?>/;
const ATTR = /([a-zA-Z_:][\w:.-]*)(?:\s*=\s*"([^"]*)")?/g;

export function scanHtml(doc: string): Scan {
  const tags: Tag[] = [];
  const text: string[] = [];
  let pos = 0;
  let rawUntil: string | null = null;
  while (pos < doc.length) {
    const lt = doc.indexOf('<', pos);
    const chunk = doc.slice(pos, lt < 0 ? doc.length : lt);
    if (rawUntil === null && chunk.trim() !== '') text.push(decode(chunk));
    if (lt < 0) break;
    const rest = doc.slice(lt);
    if (rawUntil !== null && !rest.toLowerCase().startsWith(rawUntil) && !rest.startsWith('<![CDATA[')) {
      throw new Error(`'<' inside <style> at ${lt}: ${rest.slice(0, 40)}`);
    }
    let m: RegExpExecArray | null;
    if (rest.startsWith('<!DOCTYPE html>')) pos = lt + 15;
    else if (rest.startsWith('<![CDATA[')) {
      const end = doc.indexOf(']]>', lt);
      if (end < 0) throw new Error(`unterminated CDATA at ${lt}`);
      pos = end + 3;
    } else if ((m = /^<\/([a-zA-Z][\w:-]*)\s*>/.exec(rest))) {
      if (rawUntil !== null && `</${m[1].toLowerCase()}` === rawUntil) rawUntil = null;
      pos = lt + m[0].length;
    } else if ((m = OPEN.exec(rest))) {
      const attrs = new Map<string, string>();
      for (const a of m[2].matchAll(ATTR)) {
        if (attrs.has(a[1])) throw new Error(`attribute ${a[1]} twice in <${m[1]}> at ${lt}`);
        attrs.set(a[1].toLowerCase(), decode(a[2] ?? ''));
      }
      tags.push({ name: m[1].toLowerCase(), attrs });
      if (m[1].toLowerCase() === 'style') rawUntil = '</style';
      pos = lt + m[0].length;
    } else {
      throw new Error(`'<' that starts no well-formed tag at ${lt}: ${rest.slice(0, 60)}`);
    }
  }
  return { tags, text };
}

/** Every element the pages and the charts' SVG are made of; anything else means markup got in. */
export const PAGE_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'link', 'style', 'body', 'details', 'summary', 'fieldset', 'legend', 'header', 'nav', 'main', 'section', 'footer', 'a', 'span', 'strong', 'small', 'p', 'br',
  'h1', 'h2', 'h3', 'ul', 'li', 'form', 'label', 'input', 'select', 'option', 'button', 'div', 'dl', 'dt', 'dd', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td',
  'code', 'time', 'textarea', 'fieldset', 'legend', 'figure', 'figcaption', 'svg', 'g', 'path', 'rect', 'text', 'tspan', 'circle', 'line', 'polyline', 'polygon', 'defs', 'clippath',
]);

/** Fails on any tag or attribute a page should never contain (scripts, handlers, frames, images). */
export function assertOnlyPageMarkup(doc: string): Scan {
  const scan = scanHtml(doc);
  for (const tag of scan.tags) {
    if (!PAGE_TAGS.has(tag.name)) throw new Error(`unexpected <${tag.name}>`);
    // The only link: the inline icon (a page fetches nothing).
    if (tag.name === 'link' && !(tag.attrs.get('rel') === 'icon' && tag.attrs.get('href')?.startsWith('data:image/svg+xml,'))) throw new Error('a <link> other than the inline icon');
    for (const [name, value] of tag.attrs) {
      if (name.startsWith('on')) throw new Error(`event handler attribute ${name} on <${tag.name}>`);
      if (/^\s*javascript:/i.test(value)) throw new Error(`javascript: URL in ${name} on <${tag.name}>`);
    }
  }
  return scan;
}
