/** The scorecard's trend: score (left axis) and rank (right axis, 1 at the top) over the rounds. */
import type { SafeHtml } from '../pages/html.js';
import { fmtScore, t, TXT } from '../pages/text.js';
import type { Lang, TrendPointView } from '../pages/view-models.js';
import { renderSvg } from './svg.js';

export const SCORE_COLOR = '#1565c0';
export const RANK_COLOR = '#ef6c00';

export function trendChart(points: TrendPointView[], decimals: number, lang: Lang): SafeHtml {
  const value = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x);
  const maxRank = Math.max(1, ...points.map((p) => value(p.of) ?? value(p.rank) ?? 1));
  const scores = points.map((p) => value(p.score)).filter((s): s is number => s !== null);
  // Padding above and below both lines, so their labels stay clear of the axes.
  const lo = scores.length ? Math.min(...scores) : 0;
  const hi = scores.length ? Math.max(...scores) : 100;
  const pad = Math.max(2, (hi - lo) * 0.3);
  const step = niceStep((hi - lo + 2 * pad) / 5);
  return renderSvg({
    legend: { top: 4, itemWidth: 14, itemHeight: 10 },
    grid: { left: 16, right: 24, top: 48, bottom: 8 },
    xAxis: { type: 'category', data: points.map((p) => p.roundLabel), boundaryGap: true, axisLine: { onZero: false }, axisLabel: { color: '#212121' } },
    yAxis: [
      { type: 'value', name: t(TXT.score, lang), min: Math.floor((lo - pad) / step) * step, max: Math.ceil((hi + pad) / step) * step, interval: step, splitLine: { lineStyle: { color: '#e0e0e0' } } },
      {
        type: 'value', name: t(TXT.rank, lang), nameLocation: 'start', inverse: true, min: 0, max: maxRank + 1, interval: maxRank <= 12 ? 1 : undefined, minInterval: 1, splitLine: { show: false },
        axisLabel: { formatter: (v: number) => (v >= 1 && v <= maxRank && Number.isInteger(v) ? String(v) : '') },
      },
    ],
    series: [
      {
        name: t(TXT.score, lang), type: 'line', yAxisIndex: 0, data: points.map((p) => value(p.score)),
        itemStyle: { color: SCORE_COLOR }, symbolSize: 8,
        label: { show: true, position: 'top', formatter: (p: { value: unknown }) => fmtScore(typeof p.value === 'number' ? p.value : null, decimals) },
      },
      {
        name: t(TXT.rank, lang), type: 'line', yAxisIndex: 1, data: points.map((p) => value(p.rank)),
        itemStyle: { color: RANK_COLOR }, lineStyle: { type: 'dashed' }, symbol: 'rect', symbolSize: 8,
        label: { show: true, position: 'bottom', color: RANK_COLOR, formatter: (p: { value: unknown }) => `#${String(p.value)}` },
      },
    ],
  }, 640, 300);
}

/** 1, 2 or 5 times a power of ten, at least `raw`: ticks at round numbers, the axis ending on one. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((x) => x >= raw)!;
}
