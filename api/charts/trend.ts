/**
 * The scorecard's trend, as two charts side by side rather than one with twin axes (whose lines
 * cross and read as a finding): the score over the rounds on the scheme's score range (or from
 * zero), and the rank with 1 at the top on an axis from 1 to the most entities ranked.
 */
import type { SafeHtml } from '../pages/html.js';
import { fmtScore, t, TXT } from '../pages/text.js';
import type { Lang, TrendPointView } from '../pages/view-models.js';
import { renderSvg, type ChartSize } from './svg.js';

export const SCORE_COLOR = '#1565c0';
export const RANK_COLOR = '#ef6c00';

const value = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x);

/** `range`: the scheme's score range, if it has one. */
export function scoreTrendChart(points: TrendPointView[], decimals: number, lang: Lang, range: [number, number] | null, size: ChartSize): SafeHtml {
  const scores = points.map((p) => value(p.score)).filter((s): s is number => s !== null);
  const lo = range ? range[0] : Math.min(0, ...scores);
  const hi = range ? range[1] : niceCeil(Math.max(1, ...scores));
  return renderSvg({
    title: { text: t(TXT.scoreTrend, lang), left: 0, top: 0, textStyle: { fontSize: size.font + 1, fontWeight: 'bold', color: '#212121' } },
    grid: { left: 8, right: 16, top: 44, bottom: 8 },
    xAxis: { type: 'category', data: points.map((p) => p.roundLabel), boundaryGap: true, axisLabel: { color: '#212121', fontSize: size.font } },
    yAxis: { type: 'value', min: lo, max: hi, interval: niceCeil((hi - lo) / 5), axisLabel: { fontSize: size.font, color: '#424242' }, splitLine: { lineStyle: { color: '#e0e0e0' } } },
    series: [{
      name: t(TXT.score, lang), type: 'line', data: points.map((p) => value(p.score)),
      itemStyle: { color: SCORE_COLOR }, symbolSize: 8,
      label: { show: true, position: 'top', fontSize: size.font, formatter: (p: { value: unknown }) => fmtScore(typeof p.value === 'number' ? p.value : null, decimals) },
    }],
  }, size.width, size.height);
}

export function rankTrendChart(points: TrendPointView[], lang: Lang, size: ChartSize): SafeHtml {
  const most = Math.max(1, ...points.map((p) => value(p.of) ?? value(p.rank) ?? 1));
  return renderSvg({
    title: { text: t(TXT.rankTrend, lang), left: 0, top: 0, textStyle: { fontSize: size.font + 1, fontWeight: 'bold', color: '#212121' } },
    grid: { left: 8, right: 16, top: 44, bottom: 8 },
    xAxis: { type: 'category', data: points.map((p) => p.roundLabel), boundaryGap: true, axisLabel: { color: '#212121', fontSize: size.font } },
    yAxis: {
      type: 'value', inverse: true, min: 1, max: most, minInterval: 1, interval: most <= 10 ? 1 : undefined, splitNumber: 4,
      axisLabel: { fontSize: size.font, color: '#424242', formatter: (v: number) => String(v) }, splitLine: { lineStyle: { color: '#e0e0e0' } },
    },
    series: [{
      name: t(TXT.rank, lang), type: 'line', data: points.map((p) => value(p.rank)),
      itemStyle: { color: RANK_COLOR }, symbol: 'rect', symbolSize: 8,
      // Above the point: the worst rank sits on the axis, where a label below would cover the round names.
      label: { show: true, position: 'top', fontSize: size.font, color: '#212121', formatter: (p: { value: unknown }) => `#${String(p.value)}` },
    }],
  }, size.width, size.height);
}

/** 1, 2 or 5 times a power of ten, at least `x`. */
function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= x)!;
}
