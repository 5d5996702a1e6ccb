/**
 * The web pages' addresses, in one place: the renderers build their links with these and the
 * server registers its page routes at the same paths (JSON lives under /api/, pages at the root).
 * Chinese is the default; English pages carry `lang=en`, and every link keeps it.
 */
import type { GroupFilter, Lang } from './view-models.js';

export const PAGE_ROUTES = {
  rounds: '/',
  ranking: '/rounds/:roundId',
  scorecard: '/rounds/:roundId/entities/:entityId',
  login: '/login',
  logout: '/logout',
  work: '/rounds/:roundId/work',
  workTemplate: '/rounds/:roundId/work/template',
  workOpen: '/rounds/:roundId/work/open',
  workUpload: '/rounds/:roundId/work/upload',
  workScore: '/rounds/:roundId/work/score',
  workPublish: '/rounds/:roundId/work/publish',
  workArchive: '/rounds/:roundId/work/archive',
  workConfirm: '/rounds/:roundId/work/confirm',
  workPartners: '/rounds/:roundId/work/partners',
  compare: '/compare',
  newRound: '/rounds/new',
  run: '/runs/:runId',
  runRerun: '/runs/:runId/rerun',
  diff: '/diff',
  auditLog: '/audit-log',
  audits: '/audits',
  audit: '/audits/:auditId',
  workMap: '/rounds/:roundId/work/map',
  methodology: '/rounds/:roundId/methodology',
  report: '/rounds/:roundId/report',
  reportDocx: '/rounds/:roundId/report.docx',
} as const;

function withQuery(path: string, params: [string, string | undefined][]): string {
  const q = new URLSearchParams();
  for (const [k, v] of params) if (v !== undefined) q.append(k, v);
  const s = q.toString();
  return s === '' ? path : `${path}?${s}`;
}

const langParam = (lang: Lang): [string, string | undefined] => ['lang', lang === 'en' ? 'en' : undefined];

export function roundsUrl(lang: Lang): string {
  return withQuery(PAGE_ROUTES.rounds, [langParam(lang)]);
}

export function rankingUrl(roundId: string, lang: Lang, group?: GroupFilter, more: RankingSearch = {}): string {
  return withQuery(`/rounds/${encodeURIComponent(roundId)}`, [
    ['group', group?.by],
    ['value', group?.value],
    ['grade', more.grade || undefined],
    ['q', more.q || undefined],
    ['page', more.page !== undefined && more.page > 1 ? String(more.page) : undefined],
    ['size', more.size !== undefined && more.size !== RANKING_PAGE_SIZE ? String(more.size) : undefined],
    langParam(lang),
  ]);
}

/** Rows on a ranking page unless `?size=` asks for another number, which may not exceed the maximum. */
export const RANKING_PAGE_SIZE = 50;
export const RANKING_PAGE_SIZE_MAX = 200;

/** A ranking page's search, grade filter and page (besides the peer-group filter). */
export interface RankingSearch {
  grade?: string;
  q?: string;
  page?: number;
  size?: number;
}

export function scorecardUrl(roundId: string, entityId: string, lang: Lang): string {
  return withQuery(`/rounds/${encodeURIComponent(roundId)}/entities/${encodeURIComponent(entityId)}`, [langParam(lang)]);
}

/** An entity's scorecard in a given run (a participant's own entity before publication). */
export function runScorecardUrl(roundId: string, entityId: string, runId: string, lang: Lang): string {
  return withQuery(`/rounds/${encodeURIComponent(roundId)}/entities/${encodeURIComponent(entityId)}`, [['run', runId], langParam(lang)]);
}

/** A run's results file from the API (the session cookie reads it): Excel, CSV or JSON, with its provenance. */
export function runExportUrl(runId: string, format: 'xlsx' | 'csv' | 'json'): string {
  return `/api/runs/${encodeURIComponent(runId)}/export?format=${format}`;
}

/** A run's audit bundle (zip), to check offline with `kaohe verify`. */
export function runBundleUrl(runId: string): string {
  return `/api/runs/${encodeURIComponent(runId)}/bundle`;
}

/** A round's work page (the owning office), with a notice after a form was accepted. */
export function workUrl(roundId: string, lang: Lang, notice?: string): string {
  return withQuery(`/rounds/${encodeURIComponent(roundId)}/work`, [['notice', notice], langParam(lang)]);
}

/** The new-round form (an office), which also posts there. */
export function newRoundUrl(lang: Lang): string {
  return withQuery(PAGE_ROUTES.newRound, [langParam(lang)]);
}

/** Where a work page form posts to (open, upload, score, publish). */
export function workActionUrl(roundId: string, action: 'open' | 'upload' | 'score' | 'publish' | 'archive' | 'map' | 'confirm' | 'partners', lang: Lang): string {
  return withQuery(`/rounds/${encodeURIComponent(roundId)}/work/${action}`, [langParam(lang)]);
}

export function templateUrl(roundId: string, format: 'xlsx' | 'csv'): string {
  return withQuery(`/rounds/${encodeURIComponent(roundId)}/work/template`, [['format', format === 'csv' ? 'csv' : undefined]]);
}

/** A run's ranking (for reviewing an unpublished run). */
export function runRankingUrl(roundId: string, runId: string, lang: Lang): string {
  return withQuery(`/rounds/${encodeURIComponent(roundId)}`, [['run', runId], langParam(lang)]);
}

export function loginUrl(lang: Lang, next?: string | null): string {
  return withQuery(PAGE_ROUTES.login, [['next', next ?? undefined], langParam(lang)]);
}

export function logoutUrl(lang: Lang): string {
  return withQuery(PAGE_ROUTES.logout, [langParam(lang)]);
}

/** The same address with another `lang` (the 简体/繁體 switch: `zh-Hans`, `zh-Hant`). */
export function withLang(href: string, lang: string): string {
  const u = new URL(href, 'http://page.invalid');
  u.searchParams.set('lang', lang);
  return u.pathname + u.search;
}

/** `?lang=en` → 'en'; anything else → 'zh' (Chinese first; `zh-Hant` is Chinese in Traditional characters). */
export function langOf(query: unknown): Lang {
  const v = typeof query === 'object' && query !== null ? (query as Record<string, unknown>).lang : undefined;
  return v === 'en' ? 'en' : 'zh';
}

/** A run's auditor page: its hashes, verification and the rerun form (which posts to runRerunUrl). */
export function runPageUrl(runId: string, lang: Lang): string {
  return withQuery(`/runs/${encodeURIComponent(runId)}`, [langParam(lang)]);
}

export function runRerunUrl(runId: string, lang: Lang): string {
  return withQuery(`/runs/${encodeURIComponent(runId)}/rerun`, [langParam(lang)]);
}

export function diffPageUrl(from: string, to: string, lang: Lang): string {
  return withQuery('/diff', [['from', from], ['to', to], langParam(lang)]);
}

export interface AuditLogFilter {
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
  round?: string;
  page?: string;
}

export function auditLogUrl(f: AuditLogFilter, lang: Lang): string {
  return withQuery('/audit-log', [['action', f.action || undefined], ['actor', f.actor || undefined], ['from', f.from || undefined], ['to', f.to || undefined],
    ['round', f.round || undefined], ['page', f.page && f.page !== '1' ? f.page : undefined], langParam(lang)]);
}

export function auditsUrl(lang: Lang): string {
  return withQuery('/audits', [langParam(lang)]);
}

export function auditPageUrl(auditId: string, lang: Lang): string {
  return withQuery(`/audits/${encodeURIComponent(auditId)}`, [langParam(lang)]);
}

export function workpaperUrl(auditId: string): string {
  return `/api/audits/${encodeURIComponent(auditId)}/workpaper`;
}

export function bundleUrl(runId: string): string {
  return `/api/runs/${encodeURIComponent(runId)}/bundle`;
}

export function snapshotUrl(hash: string, format: 'csv' | 'xlsx'): string {
  return withQuery(`/api/snapshots/${encodeURIComponent(hash)}`, [['format', format === 'xlsx' ? 'xlsx' : undefined]]);
}

/** The methodology of a round's scheme. */
export function methodologyUrl(roundId: string, lang: Lang): string {
  return withQuery(`/rounds/${encodeURIComponent(roundId)}/methodology`, [langParam(lang)]);
}

/** A round's 通报 report: the print-ready page, or the Word document. */
export function reportUrl(roundId: string, lang: Lang, format: 'html' | 'docx' = 'html', runId?: string): string {
  return withQuery(`/rounds/${encodeURIComponent(roundId)}/report${format === 'docx' ? '.docx' : ''}`, [['run', runId], langParam(lang)]);
}

/** The comparison page, and its workbook (`format` xlsx, from the API). */
export function compareUrl(q: { scheme: string; version?: string; entities?: string; rounds?: string }, lang: Lang): string {
  return withQuery(PAGE_ROUTES.compare, [['scheme', q.scheme], ['version', q.version], ['entities', q.entities], ['rounds', q.rounds], langParam(lang)]);
}

export function compareWorkbookUrl(q: { scheme: string; version?: string; entities?: string; rounds?: string }): string {
  return withQuery('/api/compare', [['scheme', q.scheme], ['version', q.version], ['entities', q.entities], ['rounds', q.rounds], ['format', 'xlsx']]);
}
