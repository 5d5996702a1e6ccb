/**
 * "Under appeal" (申诉中) on a scorecard: the entity's result in this round has an open appeal —
 * filed, or upheld and awaiting the republication that carries it out. Only the appeal's number,
 * state and date: its grounds are for the offices and auditors.
 */
import { html, type SafeHtml } from './html.js';
import { fmtTime, t } from './text.js';
import type { AppealBannerView, Lang } from './view-models.js';

const TEXT = {
  filed: { zh: '申诉中：本结果已被申诉（#{id}，{at}），待牵头单位决定', en: 'Under appeal: this result is appealed (#{id}, {at}), awaiting the lead office\'s decision' },
  upheld: { zh: '申诉中：申诉 #{id} 已成立，更正后的结果待重新发布（{at}）', en: 'Under appeal: appeal #{id} is upheld; the corrected result awaits republication ({at})' },
} as const;

export function appealBanner(appeal: AppealBannerView | null | undefined, lang: Lang): SafeHtml {
  if (!appeal) return html``;
  const text = t(TEXT[appeal.state], lang).replace('{id}', appeal.id).replace('{at}', fmtTime(appeal.at, lang));
  return html`<p class="banner synthetic" id="under-appeal" data-appeal-id="${appeal.id}" data-appeal-state="${appeal.state}">${text}</p>`;
}
