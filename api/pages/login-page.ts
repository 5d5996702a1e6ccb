/** The login page: one token field, posted to the server, which sets an HttpOnly session cookie. */
import { html } from './html.js';
import { page } from './layout.js';
import { t, TXT } from './text.js';
import { loginUrl } from './urls.js';
import type { Lang, LoginView } from './view-models.js';

export function renderLoginPage(view: LoginView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const body = html`<h1>${t(TXT.login, lang)}</h1>
${view.error ? html`<p class="banner error" role="alert" id="login-error">${t(view.error, lang)}</p>` : ''}
<form class="login" method="post" action="${loginUrl(lang)}">
<label for="token">${t(TXT.token, lang)}</label>
<input id="token" name="token" type="password" autocomplete="current-password" required spellcheck="false">
${view.next ? html`<input type="hidden" name="next" value="${view.next}">` : ''}
<p class="muted">${t(TXT.tokenHelp, lang)}${view.demoHint ? html` ${t(TXT.demoHint, lang)}` : ''}</p>
<div><button class="primary" type="submit">${t(TXT.login, lang)}</button></div>
</form>`;
  return page({ lang, title: t(TXT.login, lang), switchHref: loginUrl(other, view.next), session: null, body });
}
