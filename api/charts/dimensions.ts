/** The scorecard's bar chart: each dimension's score for one entity against the median of all entities. */
import type { SafeHtml } from '../pages/html.js';
import { fmtScore, t, TXT } from '../pages/text.js';
import type { DimensionView, Lang } from '../pages/view-models.js';
import { renderSvg, textWidth, WIDE } from './svg.js';

export const ENTITY_COLOR = '#1565c0';
export const MEDIAN_COLOR = '#9e9e9e';

export function dimensionChart(dimensions: DimensionView[], decimals: number, lang: Lang, size: { width: number; font: number } = WIDE): SafeHtml {
  const { width, font } = size;
  const height = 70 + 56 * Math.max(1, dimensions.length);
  const names = dimensions.map((d) => t(d.label, lang));
  const labelWidth = Math.min(Math.round(width * 0.38), Math.max(40, ...names.map((n) => textWidth(n, font))));
  const value = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x);
  const label = { show: true, position: 'right', fontSize: font, formatter: (p: { value: unknown }) => fmtScore(typeof p.value === 'number' ? p.value : null, decimals) };
  return renderSvg({
    legend: { top: 4, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: font } },
    // Room for the category labels is reserved by us (see textWidth), not estimated by ECharts.
    grid: { left: labelWidth + 16, right: 56, top: 40, bottom: 28, outerBoundsMode: 'none' },
    xAxis: { type: 'value', min: 0, axisLabel: { fontSize: font }, splitLine: { lineStyle: { color: '#e0e0e0' } } },
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { fontSize: font, color: '#212121', width: labelWidth, overflow: 'break' } },
    series: [
      { name: t(TXT.thisEntity, lang), type: 'bar', data: dimensions.map((d) => value(d.score)), itemStyle: { color: ENTITY_COLOR }, label, barGap: '10%' },
      { name: t(TXT.median, lang), type: 'bar', data: dimensions.map((d) => value(d.median)), itemStyle: { color: MEDIAN_COLOR }, label },
    ],
  }, width, height);
}
