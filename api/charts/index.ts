export { dimensionChart } from './dimensions.js';
export { scoreTrendChart, rankTrendChart } from './trend.js';
export { renderSvg, assertInertSvg, safeColor, responsive, CHART_FONT_FAMILY, WIDE, NARROW, type ChartSize } from './svg.js';
