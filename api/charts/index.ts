export { dimensionChart } from './dimensions.js';
export { scoreTrendChart, rankTrendChart } from './trend.js';
export { renderSvg, assertInertSvg, safeColor, responsive, CHART_FONT_FAMILY, WIDE, NARROW, type ChartSize } from './svg.js';
export { rankingBarChart } from './ranking-bars.js';
export { regionMap, NO_RESULT_COLOR, type MapRegion } from './region-map.js';
export { comparisonChart, roundAxisLabel } from './compare.js';
