/**
 * View models for page tests, built from a real evaluation of the demo scheme the way the
 * server builds them (api/pages/from-results.ts); the round and run facts are made up here.
 */
import { readFileSync } from 'node:fs';
import { compile, evaluate, type Results } from '../../engine/index.js';
import { loadSchemeText } from '../../indicators/index.js';
import { readCsvText } from '../../io/index.js';
import { gradeViews, peerGroups, rankingRows, scorecardParts, trendPoint } from '../../api/pages/from-results.js';
import type { RankingView, RoundHeaderView, ScorecardView, SessionView } from '../../api/pages/view-models.js';

const root = new URL('../../templates/', import.meta.url);
export const DEMO_SCHEME = readFileSync(new URL('demo-green.yaml', root), 'utf8');
export const DEMO_CSV = readFileSync(new URL('demo-green.csv', root), 'utf8');

export function evaluateDemo(csv = DEMO_CSV, schemeText = DEMO_SCHEME): Results {
  const compiled = compile(loadSchemeText(schemeText));
  return evaluate(compiled, readCsvText(csv, compiled.plan));
}

/** The demo CSV with one cell replaced (row by entity id, column by header name). */
export function editCsv(csv: string, entityId: string, column: string, value: string): string {
  const lines = csv.trimEnd().split('\n');
  const c = lines[0].split(',').indexOf(column);
  if (c < 0) throw new Error(`no column ${column}`);
  return `${lines.map((line) => {
    const cells = line.split(',');
    if (cells[0] === entityId) cells[c] = value;
    return cells.join(',');
  }).join('\n')}\n`;
}

export const SESSION: SessionView = { user: { name: '演示领导', role: 'leadership' } };

export function roundHeader(results: Results, over: Partial<RoundHeaderView> = {}): RoundHeaderView {
  return {
    id: 'r2025',
    title: { zh: '2025年度南京都市圈绿色发展评价', en: '2025 Nanjing metropolitan area green development' },
    schemeName: results.plan.scheme.name,
    schemeVersion: results.plan.scheme.version,
    period: '2025',
    status: 'published',
    published: true,
    synthetic: true,
    office: { zh: '南京都市圈考核办', en: 'Nanjing metro evaluation office' },
    ...over,
  };
}

export function rankingView(results: Results, previous?: Results, round = roundHeader(results)): RankingView {
  return {
    session: SESSION,
    round,
    run: { id: 'run-1', createdAt: '2025-03-01T09:30:00Z', publishedAt: '2025-03-02T10:00:00Z', publicationReason: null },
    decimals: results.plan.rounding.decimals,
    previousRoundLabel: previous ? '2024' : null,
    peerGroups: peerGroups(results),
    grades: gradeViews(results.plan),
    rows: rankingRows(results, previous ? new Map(previous.frame.ids.map((id, i) => [id, previous.rank[i]])) : undefined),
  };
}

export function scorecardView(results: Results, entityId: string, history: { results: Results; label: string }[] = [], round = roundHeader(results)): ScorecardView {
  const parts = scorecardParts(results, entityId);
  if (!parts) throw new Error(`no entity ${entityId}`);
  return {
    session: SESSION,
    round,
    run: null,
    ...parts,
    trend: [...history, { results, label: round.period }].map((h, k) => trendPoint(h.results, entityId, `r${k}`, h.label)),
    changes: null,
  };
}
