/** An error page: the status, what happened in both languages (the chosen one first), a way back. */
import { html } from './html.js';
import { page } from './layout.js';
import { t, TXT } from './text.js';
import { roundsUrl } from './urls.js';
import type { Lang } from './view-models.js';

export function renderErrorPage(status: number, zh: string, en: string, lang: Lang): string {
  const [first, second] = lang === 'zh' ? [zh, en] : [en, zh];
  const body = html`<h1>${status} · ${t(TXT.error, lang)}</h1>
<p class="banner error" role="alert">${first}</p>
${second !== first ? html`<p class="muted" lang="${lang === 'zh' ? 'en' : 'zh-CN'}">${second}</p>` : ''}
<p><a href="${roundsUrl(lang)}">${t(TXT.home, lang)}</a></p>`;
  // The switch goes to the start page: an error page has no address of its own to repeat.
  return page({ lang, title: `${status}`, switchHref: roundsUrl(lang === 'zh' ? 'en' : 'zh'), session: null, body });
}
