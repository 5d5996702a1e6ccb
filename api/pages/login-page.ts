/** The login page: account name and password (or, folded away, a token for tools), posted to the server, which sets an HttpOnly session cookie. */
import { html } from './html.js';
import { page } from './layout.js';
import { t, TXT } from './text.js';
import { loginUrl } from './urls.js';
import type { Lang, LoginView } from './view-models.js';

export function renderLoginPage(view: LoginView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const next = view.next ? html`<input type="hidden" name="next" value="${view.next}">` : '';
  const body = html`<h1>${t(TXT.login, lang)}</h1>
${view.error ? html`<p class="banner error" role="alert" id="login-error">${t(view.error, lang)}</p>` : ''}
<form class="login" method="post" action="${loginUrl(lang)}">
<label for="name">${t(TXT.accountName, lang)}</label>
<input id="name" name="name" type="text" autocomplete="username" required spellcheck="false" autocapitalize="none" maxlength="100">
<label for="password">${t(TXT.password, lang)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200">
${next}
${view.demoHint ? html`<p class="muted">${t(TXT.demoHint, lang)}</p>` : ''}
<div><button class="primary" type="submit">${t(TXT.login, lang)}</button></div>
</form>
<details class="login-token"><summary>${t(TXT.withToken, lang)}</summary>
<form class="login" method="post" action="${loginUrl(lang)}">
<label for="token">${t(TXT.token, lang)}</label>
<input id="token" name="token" type="password" autocomplete="off" required spellcheck="false">
${next}
<p class="muted">${t(TXT.tokenHelp, lang)}</p>
<div><button type="submit">${t(TXT.login, lang)}</button></div>
</form>
</details>`;
  return page({ lang, title: t(TXT.login, lang), switchHref: loginUrl(other, view.next), session: null, body });
}
