/** The comparison chart: one line per entity, its score over the rounds compared (gaps where a round lacks it). */
import type { Comparison } from '../../io/index.js';
import type { SafeHtml } from '../pages/html.js';
import { t, TXT } from '../pages/text.js';
import type { Lang } from '../pages/view-models.js';
import { renderSvg } from './svg.js';

const PALETTE = ['#1565c0', '#ef6c00', '#2e7d32', '#6a1b9a', '#c62828', '#00838f', '#5d4037', '#ad1457', '#9e9d24', '#37474f'];

/** The x-axis label of a round: its period, and its office when several offices' rounds are compared. */
export function roundAxisLabel(c: Comparison, k: number): string {
  const r = c.rounds[k];
  const offices = new Set(c.rounds.map((x) => x.officeId));
  return offices.size > 1 ? `${r.period} ${r.officeId}` : `${r.period} #${r.roundId}`;
}

export function comparisonChart(c: Comparison, lang: Lang): SafeHtml {
  const scores = c.entities.flatMap((e) => e.points.map((p) => p?.score ?? null)).filter((s): s is number => s !== null);
  const lo = scores.length ? Math.min(...scores) : 0;
  const hi = scores.length ? Math.max(...scores) : 100;
  const pad = Math.max(2, (hi - lo) * 0.1);
  return renderSvg({
    color: PALETTE,
    legend: { top: 4, type: 'plain', itemWidth: 14, itemHeight: 10 },
    grid: { left: 16, right: 24, top: 56, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: c.rounds.map((_, k) => roundAxisLabel(c, k)), boundaryGap: true, axisLabel: { color: '#212121' } },
    yAxis: { type: 'value', name: t(TXT.score, lang), min: Math.floor(lo - pad), max: Math.ceil(hi + pad), splitLine: { lineStyle: { color: '#e0e0e0' } } },
    series: c.entities.slice(0, PALETTE.length).map((e) => ({
      name: e.name ?? e.id, type: 'line', connectNulls: false, symbolSize: 7, data: e.points.map((p) => p?.score ?? null),
    })),
  }, 720, 340);
}
