/** The web pages: renderers from view models to complete HTML documents (no script, inline CSS). */
export { renderRoundsPage } from './rounds-page.js';
export { renderRankingPage } from './ranking-page.js';
export { renderScorecardPage } from './scorecard-page.js';
export { renderMethodologyPage, type MethodologyPageView } from './methodology-page.js';
export { renderReportPage } from './report-page.js';
export { reportParts, REPORT_MAX_ROWS, type ReportView, type ReportGroupView } from './report.js';
export { methodologyView, type MethodologyView } from './methodology.js';
export { renderLoginPage } from './login-page.js';
export { renderErrorPage } from './error-page.js';
export { renderWorkPage, REFRESH_SECONDS } from './work-page.js';
export { renderNewRoundPage, NEW_ROUND_IDS } from './new-round-page.js';
export { FAVICON_SVG, PAGE_CSP } from './layout.js';
export { renderComparePage, type ComparePageView } from './compare-page.js';
export * from './urls.js';
export type * from './view-models.js';
export { renderRunPage, renderDiffPage, renderAuditLogPage, renderAuditsPage, renderAuditPage, type RerunView, type RunPageView } from './audit-pages.js';
export { renderListsPage, listsUrl, type ListsPageView } from './lists-page.js';
export { renderLedgerPage, type LedgerPageView } from './ledger-page.js';
