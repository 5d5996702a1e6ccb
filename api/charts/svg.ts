/**
 * ECharts rendered to an SVG string on the server (no DOM, no client script). ECharts escapes
 * the text it draws (`<` in a label becomes `&lt;`), but not the values it puts into style
 * attributes (a font family with a double quote would end the attribute), so the options we
 * pass keep quotes out of fonts and colours, and the output is checked for anything active
 * before it goes into a page.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { html, trusted, type SafeHtml } from '../pages/html.js';

echarts.use([BarChart, LineChart, MapChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

/** Chinese fonts first (Linux, Windows, macOS), single-quoted: the family sits inside a style attribute. */
export const CHART_FONT_FAMILY =
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/**
 * The size a chart is drawn at, and its text size. Pages draw each chart twice, wide for screens
 * and print and narrow for phones (CSS shows one), so that on a 390 px phone the narrow one is
 * shown at its own size and its text stays at least 11 px, instead of a wide one shrunk to 6 px.
 */
export interface ChartSize {
  width: number;
  height: number;
  font: number;
}

export const WIDE = { width: 640, font: 12 } as const;
export const NARROW = { width: 360, font: 12 } as const;

/** A chart in both sizes, for the page's stylesheet to choose (`.chart-wide`, `.chart-narrow`). */
export function responsive(draw: (size: { width: number; font: number }) => SafeHtml): SafeHtml {
  return html`<div class="chart-wide">${draw(WIDE)}</div><div class="chart-narrow">${draw(NARROW)}</div>`;
}

/** Scheme colours are checked `#rrggbb`; anything else falls back to the neutral one. */
export function safeColor(color: string | null | undefined, fallback: string): string {
  return color && /^#[0-9a-fA-F]{6}$/.test(color) ? color : fallback;
}

/** The elements ECharts' SVG renderer draws with; anything else (script, foreignObject, a, image) is refused. */
const ALLOWED_TAGS = new Set(['svg', 'g', 'path', 'rect', 'text', 'tspan', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'defs', 'clippath', 'lineargradient', 'radialgradient', 'stop', 'style', 'title']);
/**
 * A generous estimate of a label's width in pixels: the server has no fonts to measure with,
 * and ECharts' own estimate is too small for Latin text in a CJK font, so labels got clipped.
 */
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? fontSize : fontSize * 0.62;
  return Math.ceil(w);
}

const ACTIVE_ATTRIBUTE = /\son[a-z]+\s*=|href\s*=|javascript:|url\s*\(\s*['"]?\s*[^#'"\s]/i;

/** Throws unless every tag is a drawing element without event handlers or links (text between tags is escaped by ECharts). */
export function assertInertSvg(svg: string): void {
  for (const m of svg.matchAll(/<\/?([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    if (!ALLOWED_TAGS.has(m[1].toLowerCase()) || ACTIVE_ATTRIBUTE.test(m[2])) {
      throw new Error(`chart SVG has an unexpected <${m[1]}> tag or attribute; refusing to inline it`);
    }
  }
}

export function renderSvg(option: Record<string, unknown>, width: number, height: number): SafeHtml {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT_FAMILY }, ...option });
    const svg = chart.renderToSVGString({ useViewBox: true });
    assertInertSvg(svg);
    return trusted(svg);
  } finally {
    chart.dispose();
  }
}
