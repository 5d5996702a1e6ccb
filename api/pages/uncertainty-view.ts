/**
 * What the pages show of a run's uncertainty analysis, when it has one: on the ranking, each
 * entity's 5–95% rank interval as a small bar on the axis of all ranks, and the groups of
 * neighbours whose intervals overlap marked "statistically tied" (统计上并列); on the scorecard,
 * the entity's rank and score intervals and the assumptions varied. Without an analysis every
 * part renders as nothing, so the pages look as before.
 */
import { html, type SafeHtml } from './html.js';
import { fill, fmtRank, fmtScore, t } from './text.js';
import type { Lang } from './view-models.js';

export interface RankIntervalView {
  median: number;
  p05: number;
  p95: number;
  /** The nominal ranks of the statistically tied group this entity is in, null when it stands alone. */
  tied: { from: number; to: number } | null;
}

export interface RankIntervalsView {
  replications: number;
  /** Entities ranked: the bar's axis runs from 1 to this. */
  of: number;
  byEntity: Record<string, RankIntervalView>;
  /** What was varied, in words. */
  assumptions: { zh: string; en: string }[];
}

export interface EntityIntervalView {
  replications: number;
  of: number;
  rankMedian: number;
  rankP05: number;
  rankP95: number;
  scoreMedian: number;
  scoreP05: number;
  scoreP95: number;
  tied: { from: number; to: number } | null;
  assumptions: { zh: string; en: string }[];
}

const TEXT = {
  heading: { zh: '排名区间（5%–95%）', en: 'Rank interval (5%–95%)' },
  tied: { zh: '统计上并列（第 {a}–{b} 名）', en: 'statistically tied (ranks {a}–{b})' },
  note: {
    zh: '排名区间：在 {n} 次改变下列假设的重新计算中，排名落在其中的 90%（条形为 5%–95%，竖线为公布的排名）。区间相互重叠的相邻实体标为统计上并列：它们的先后取决于方法的选择。变化的假设：',
    en: 'Rank interval: where the rank fell in 90% of {n} recomputations varying the assumptions below (the bar is 5%–95%, the tick the published rank). Neighbours whose intervals overlap are marked statistically tied: their order depends on the choice of method. Assumptions varied: ',
  },
  scorecard: { zh: '不确定性', en: 'Uncertainty' },
  rankInterval: { zh: '排名区间', en: 'Rank interval' },
  scoreInterval: { zh: '得分区间', en: 'Score interval' },
  range: { zh: '第 {a}–{b} 名（中位数 {m}）', en: 'ranks {a}–{b} (median {m})' },
  scoreRange: { zh: '{a}–{b}（中位数 {m}）', en: '{a}–{b} (median {m})' },
  basis: { zh: '{n} 次重新计算的 5%–95% 区间；变化的假设：', en: '5%–95% over {n} recomputations; assumptions varied: ' },
} as const;

/** The ranking table's header cell for the intervals, or nothing. */
export function rankIntervalHeader(iv: RankIntervalsView | null | undefined, lang: Lang): SafeHtml | string {
  return iv ? html`<th scope="col">${t(TEXT.heading, lang)}</th>` : '';
}

/** One entity's interval cell on the ranking: the bar, and the tied mark; or nothing. */
export function rankIntervalCell(iv: RankIntervalsView | null | undefined, entityId: string, rank: number | null, lang: Lang): SafeHtml | string {
  if (!iv) return '';
  const e = iv.byEntity[entityId];
  if (!e) return html`<td class="interval muted">—</td>`;
  return html`<td class="interval" data-rank-p05="${e.p05}" data-rank-p95="${e.p95}">${rankBar(e.p05, e.p95, rank, iv.of)} <span class="num">${e.p05 === e.p95 ? fmtRank(e.p05) : `${fmtRank(e.p05)}–${fmtRank(e.p95)}`}</span>${
    e.tied ? html` <span class="tag tied" data-tied="${e.tied.from}-${e.tied.to}">${fill(t(TEXT.tied, lang), { a: e.tied.from, b: e.tied.to })}</span>` : ''}</td>`;
}

/** The note under the ranking saying what the intervals are, or nothing. */
export function rankIntervalsNote(iv: RankIntervalsView | null | undefined, lang: Lang): SafeHtml | string {
  if (!iv) return '';
  return html`<p class="meta" id="interval-note">${fill(t(TEXT.note, lang), { n: iv.replications })}${iv.assumptions.map((a) => t(a, lang)).join(lang === 'zh' ? '；' : '; ')}</p>`;
}

/** The scorecard's uncertainty section, or nothing. */
export function scorecardInterval(iv: EntityIntervalView | null | undefined, decimals: number, lang: Lang): SafeHtml | string {
  if (!iv) return '';
  return html`<section id="uncertainty"><h2>${t(TEXT.scorecard, lang)}</h2>
<dl class="summary">
<div><dt>${t(TEXT.rankInterval, lang)}</dt><dd id="rank-interval">${fill(t(TEXT.range, lang), { a: fmtRank(iv.rankP05), b: fmtRank(iv.rankP95), m: fmtRank(iv.rankMedian) })}${
  iv.tied ? html` <span class="tag tied">${fill(t(TEXT.tied, lang), { a: iv.tied.from, b: iv.tied.to })}</span>` : ''}</dd></div>
<div><dt>${t(TEXT.scoreInterval, lang)}</dt><dd id="score-interval">${fill(t(TEXT.scoreRange, lang), { a: fmtScore(iv.scoreP05, decimals), b: fmtScore(iv.scoreP95, decimals), m: fmtScore(iv.scoreMedian, decimals) })}</dd></div>
</dl>
<p class="meta">${fill(t(TEXT.basis, lang), { n: iv.replications })}${iv.assumptions.map((a) => t(a, lang)).join(lang === 'zh' ? '；' : '; ')}</p>
</section>`;
}

/** A 120 × 10 bar on the axis of ranks 1..of: the 5–95% interval, and a tick at the published rank. */
function rankBar(p05: number, p95: number, rank: number | null, of: number): SafeHtml {
  const W = 120;
  const x = (r: number): number => (of <= 1 ? 0 : Math.round(((r - 1) / (of - 1)) * (W - 4) * 10) / 10 + 2);
  return html`<svg class="rank-bar" width="${W}" height="10" viewBox="0 0 ${W} 10" aria-hidden="true"><line x1="2" y1="5" x2="${W - 2}" y2="5" stroke="#ccc"/><rect x="${x(p05) - 2}" y="2" width="${x(p95) - x(p05) + 4}" height="6" rx="3" fill="#7aa6d6"/>${
    rank === null ? '' : html`<line x1="${x(rank)}" y1="0" x2="${x(rank)}" y2="10" stroke="#1a3d6b" stroke-width="2"/>`}</svg>`;
}
