export { dimensionChart } from './dimensions.js';
export { trendChart } from './trend.js';
export { renderSvg, assertInertSvg, safeColor, CHART_FONT_FAMILY } from './svg.js';
export { comparisonChart, roundAxisLabel } from './compare.js';
