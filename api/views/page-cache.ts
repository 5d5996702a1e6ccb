/**
 * Rendered pages kept by their view model: a renderer is a pure function of (view, language),
 * so the same view gives the same HTML, and a scorecard (whose server-side charts take tens of
 * milliseconds to draw) is rendered once per distinct view, not once per request. Keyed by the
 * view's JSON, so anything that changes what a page shows — a new run, a republication, who is
 * logged in — is a new key. For small views only: the key is the whole view.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Lang } from '../pages/index.js';

const pages = new LRUCache<string, string>({ maxSize: 64 * 1024 * 1024, sizeCalculation: (html) => Math.max(1, html.length * 2) });

export function renderCached<V>(kind: string, render: (view: V, lang: Lang) => string, view: V, lang: Lang): string {
  const key = `${kind}:${lang}:${createHash('sha256').update(JSON.stringify(view)).digest('base64url')}`;
  let html = pages.get(key);
  if (html === undefined) {
    html = render(view, lang);
    pages.set(key, html);
  }
  return html;
}
