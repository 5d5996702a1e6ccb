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
  workConfirm: '/rounds/:roundId/work/confirm',
  compare: '/compare',
  newRound: '/rounds/new',
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

export function rankingUrl(roundId: string, lang: Lang, group?: GroupFilter): string {
  return withQuery(`/rounds/${encodeURIComponent(roundId)}`, [
    ['group', group?.by],
    ['value', group?.value],
    langParam(lang),
  ]);
}

export function scorecardUrl(roundId: string, entityId: string, lang: Lang): string {
  return withQuery(`/rounds/${encodeURIComponent(roundId)}/entities/${encodeURIComponent(entityId)}`, [langParam(lang)]);
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
export function workActionUrl(roundId: string, action: 'open' | 'upload' | 'score' | 'publish' | 'confirm', lang: Lang): string {
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

/** `?lang=en` → 'en'; anything else → 'zh' (Chinese first). */
export function langOf(query: unknown): Lang {
  const v = typeof query === 'object' && query !== null ? (query as Record<string, unknown>).lang : undefined;
  return v === 'en' ? 'en' : 'zh';
}

/** The comparison page, and its workbook (`format` xlsx, from the API). */
export function compareUrl(q: { scheme: string; version?: string; entities?: string; rounds?: string }, lang: Lang): string {
  return withQuery(PAGE_ROUTES.compare, [['scheme', q.scheme], ['version', q.version], ['entities', q.entities], ['rounds', q.rounds], langParam(lang)]);
}

export function compareWorkbookUrl(q: { scheme: string; version?: string; entities?: string; rounds?: string }): string {
  return withQuery('/api/compare', [['scheme', q.scheme], ['version', q.version], ['entities', q.entities], ['rounds', q.rounds], ['format', 'xlsx']]);
}
