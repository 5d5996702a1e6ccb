/** A scheme's settlement ledger: each round's transfers, then each term's balance. Words of this page are kept here, in both languages. */
import type { Label } from '../../indicators/index.js';
import { html } from './html.js';
import { page } from './layout.js';
import { t } from './text.js';
import type { Lang, SessionView } from './view-models.js';

export interface LedgerPageView {
  session: SessionView;
  scheme: string;
  unit: string | null;
  transfers: { roundId: number; asOf: string; entity: string; name: string | null; from: string; to: string; amount: number; rule: string; term: string | null }[];
  balances: { term: string; from: string; to: string; amount: number; transfers: number }[];
}

const W = {
  title: { zh: '生态补偿结算台账', en: 'Settlement ledger' },
  asOf: { zh: '评价基准日', en: 'As of' },
  entity: { zh: '对象', en: 'Entity' },
  from: { zh: '付款方', en: 'From' },
  to: { zh: '收款方', en: 'To' },
  amount: { zh: '金额', en: 'Amount' },
  rule: { zh: '规则', en: 'Rule' },
  term: { zh: '结算期', en: 'Term' },
  balances: { zh: '各结算期结余（净额）', en: 'Balance of each term (net)' },
  count: { zh: '笔数', en: 'Transfers' },
  none: { zh: '暂无转移支付。', en: 'No transfers yet.' },
  export: { zh: '导出 CSV', en: 'Export CSV' },
} satisfies Record<string, Label>;

export function renderLedgerPage(view: LedgerPageView, lang: Lang): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const unit = view.unit ? ` (${view.unit})` : '';
  const body = html`<h1>${t(W.title, lang)} · <span class="code">${view.scheme}</span></h1>
<p class="no-print"><a href="/api/ledger/${encodeURIComponent(view.scheme)}/export">${t(W.export, lang)}</a></p>
${view.transfers.length === 0 ? html`<p class="muted">${t(W.none, lang)}</p>` : html`<table id="ledger">
<thead><tr><th scope="col">${t(W.asOf, lang)}</th><th scope="col">${t(W.entity, lang)}</th><th scope="col">${t(W.from, lang)}</th><th scope="col">${t(W.to, lang)}</th><th scope="col" class="num">${t(W.amount, lang)}${unit}</th><th scope="col">${t(W.rule, lang)}</th><th scope="col">${t(W.term, lang)}</th></tr></thead>
<tbody>
${view.transfers.map((x) => html`<tr><td>${x.asOf}</td><td>${x.name ?? ''} <span class="code">${x.entity}</span></td><td>${x.from}</td><td>${x.to}</td><td class="num">${x.amount}</td><td>${x.rule}</td><td>${x.term ?? '—'}</td></tr>`)}
</tbody>
</table>`}
${view.balances.length === 0 ? '' : html`<h2>${t(W.balances, lang)}</h2>
<table id="ledger-balances">
<thead><tr><th scope="col">${t(W.term, lang)}</th><th scope="col">${t(W.from, lang)}</th><th scope="col">${t(W.to, lang)}</th><th scope="col" class="num">${t(W.amount, lang)}${unit}</th><th scope="col" class="num">${t(W.count, lang)}</th></tr></thead>
<tbody>
${view.balances.map((b) => html`<tr><td>${b.term}</td><td>${b.from}</td><td>${b.to}</td><td class="num">${b.amount}</td><td class="num">${b.transfers}</td></tr>`)}
</tbody>
</table>`}`;
  return page({ lang, title: `${t(W.title, lang)} ${view.scheme}`, switchHref: `/ledger/${encodeURIComponent(view.scheme)}${other === 'en' ? '?lang=en' : ''}`, session: view.session, body });
}
