/**
 * A map of a round's regions from the boundaries the office uploaded for its roster
 * (io/boundaries.ts), each region in its grade's colour (or, without grades, shaded by score),
 * drawn by ECharts to SVG like the other charts. Regions without a result are grey.
 */
import * as echarts from 'echarts/core';
import type { Boundaries } from '../../io/index.js';
import type { SafeHtml } from '../pages/html.js';
import { renderSvg, safeColor } from './svg.js';

export const NO_RESULT_COLOR = '#e0e0e0';

export interface MapRegion {
  code: string;
  name: string;
  score: number | null;
  gradeColor: string | null;
}

/** Map names registered with ECharts, by the stored map's id (a stored map never changes). */
const registered = new Set<string>();

function mapName(id: number, boundaries: Boundaries): string {
  const name = `kaohe-map-${id}`;
  if (!registered.has(name)) {
    // ECharts' registry keeps what it is given; our boundaries are plain GeoJSON.
    echarts.registerMap(name, boundaries as unknown as Parameters<typeof echarts.registerMap>[1]);
    registered.add(name);
  }
  return name;
}

/** Light to dark blue between the lowest and the highest score shown. */
function shade(score: number, lo: number, hi: number): string {
  const f = hi > lo ? (score - lo) / (hi - lo) : 1;
  const mix = (a: number, b: number): string => Math.round(a + (b - a) * f).toString(16).padStart(2, '0');
  return `#${mix(0xe3, 0x0d)}${mix(0xf2, 0x47)}${mix(0xfd, 0xa1)}`;
}

export function regionMap(map: { id: number; boundaries: Boundaries }, regions: MapRegion[], size: { width: number; font: number }, hasGrades: boolean): SafeHtml {
  const scores = regions.map((r) => r.score).filter((s): s is number => s !== null);
  const lo = Math.min(...scores);
  const hi = Math.max(...scores);
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const color = (r: MapRegion): string => (r.score === null ? NO_RESULT_COLOR : hasGrades ? safeColor(r.gradeColor, NO_RESULT_COLOR) : shade(r.score, lo, hi));
  return renderSvg({
    series: [{
      type: 'map', map: mapName(map.id, map.boundaries), nameProperty: 'code', roam: false, selectedMode: false,
      left: 8, right: 8, top: 8, bottom: 8,
      itemStyle: { areaColor: NO_RESULT_COLOR, borderColor: '#ffffff', borderWidth: 1 },
      label: { show: true, fontSize: size.font, color: '#111111', textBorderColor: '#ffffff', textBorderWidth: 3, formatter: (p: { name: string }) => byCode.get(p.name)?.name ?? '' },
      data: regions.map((r) => ({ name: r.code, value: r.score, itemStyle: { areaColor: color(r) } })),
    }],
  }, size.width, Math.round(size.width * 0.75));
}
