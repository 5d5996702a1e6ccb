/** The ranking page's bar chart: each shown entity's score, best first, in its grade's colour. */
import type { SafeHtml } from '../pages/html.js';
import { fmtScore } from '../pages/text.js';
import type { RankingRowView } from '../pages/view-models.js';
import { renderSvg, safeColor, textWidth } from './svg.js';

export const NO_GRADE_COLOR = '#1565c0';

export function rankingBarChart(rows: RankingRowView[], decimals: number, range: [number, number] | null, size: { width: number; font: number }): SafeHtml {
  const { width, font } = size;
  const names = rows.map((r) => `${r.rank ?? '—'}  ${r.name ?? r.entityId}`);
  const labelWidth = Math.min(Math.round(width * 0.4), Math.max(40, ...names.map((n) => textWidth(n, font))));
  const scores = rows.map((r) => r.score).filter((s): s is number => s !== null);
  return renderSvg({
    grid: { left: labelWidth + 12, right: 56, top: 8, bottom: 24, outerBoundsMode: 'none' },
    xAxis: { type: 'value', min: range ? Math.min(range[0], ...scores) : Math.min(0, ...scores), max: range ? range[1] : undefined, axisLabel: { fontSize: font }, splitLine: { lineStyle: { color: '#e0e0e0' } } },
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { fontSize: font, color: '#212121', width: labelWidth, overflow: 'truncate' } },
    series: [{
      type: 'bar', barMaxWidth: 18,
      data: rows.map((r) => ({ value: r.score, itemStyle: { color: safeColor(r.grade?.color, NO_GRADE_COLOR) } })),
      label: { show: true, position: 'right', fontSize: font, color: '#212121', formatter: (p: { value: unknown }) => fmtScore(typeof p.value === 'number' ? p.value : null, decimals) },
    }],
  }, width, 32 + 24 * Math.max(1, rows.length));
}
