/**
 * An uncertainty analysis as CSV and JSON: one row per entity, the nominal rank and score,
 * the median and 5%/95% quantiles of rank and score over the replications, and the share of
 * replications that kept the nominal grade (empty when the scheme has no grades); and the
 * sensitivity indices per assumption. Numbers in
 * full precision (shortest round-trip decimal), empty or null where missing.
 */
import { planSemantics, ENGINE_VERSION, type SensitivityResult, type UncertaintyResult } from '../engine/index.js';
import type { UncertaintySpec } from '../indicators/index.js';
import { numberCell, textCell } from './csv-output.js';

const COLUMNS = ['rank_median', 'rank_p05', 'rank_p95', 'score_median', 'score_p05', 'score_p95', 'grade_share'] as const;

function summaryColumns(u: UncertaintyResult): Float64Array[] {
  return [u.rankMedian, u.rankP05, u.rankP95, u.scoreMedian, u.scoreP05, u.scoreP95, u.gradeShare];
}

export function uncertaintyCsv(u: UncertaintyResult): string {
  const { frame } = u.nominal;
  const cols = summaryColumns(u);
  const lines = [['id', 'name', 'rank', 'score', ...COLUMNS].join(',')];
  for (let i = 0; i < frame.n; i++) {
    lines.push([
      textCell(frame.ids[i]),
      textCell(frame.names?.[i] ?? ''),
      numberCell(u.nominal.rank[i]),
      numberCell(u.nominal.score[i]),
      ...cols.map((c) => numberCell(c[i])),
    ].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** What uncertaintyJson writes, read back (a stored analysis, `kaohe uncertainty --json`). */
export interface UncertaintySummary {
  scheme: { id: string; version: string };
  planHash: string;
  replications: number;
  seed: number;
  entities: ({ id: string; name: string | null; rank: number | null; score: number | null } & Record<(typeof COLUMNS)[number], number | null>)[];
  /** With a sensitivity analysis of the mean absolute rank shift (the service's, on request). */
  sensitivity?: SensitivitySummary;
}

/** Sensitivity indices per assumption, as sensitivityCsv's columns; null where the output did not vary. */
export interface SensitivitySummary {
  output: 'mean absolute rank shift';
  /** The base sample N; N·(d + 2) evaluations. */
  n: number;
  seed: number;
  indices: ({ assumption: string } & Record<(typeof SENSITIVITY_COLUMNS)[number], number | null>)[];
}

const SENSITIVITY_COLUMNS = ['first', 'first_lo', 'first_hi', 'total', 'total_lo', 'total_hi'] as const;
const indexValues = (x: SensitivityResult['indices'][number]): number[] => [x.first, ...x.firstBounds, x.total, ...x.totalBounds];

export function uncertaintyJson(u: UncertaintyResult, spec: UncertaintySpec, sensitivity?: SensitivityResult): string {
  const { plan, frame } = u.nominal;
  const num = (v: number): number | null => (v === v ? v : null);
  const cols = summaryColumns(u);
  const entities = frame.ids.map((id, i) => ({
    id,
    name: frame.names?.[i] ?? null,
    rank: num(u.nominal.rank[i]),
    score: num(u.nominal.score[i]),
    ...Object.fromEntries(COLUMNS.map((c, k) => [c, num(cols[k][i])])),
  }));
  return `${JSON.stringify({
    scheme: { id: plan.scheme.id, version: plan.scheme.version },
    planHash: u.nominal.planHash,
    engine: ENGINE_VERSION,
    semantics: planSemantics(plan),
    replications: u.replications,
    seed: u.seed,
    quantiles: 'type 7 (R quantile default)',
    assumptions: spec.assumptions,
    entities,
    ...(sensitivity ? { sensitivity: sensitivitySummary(sensitivity, num) } : {}),
  }, null, 1)}\n`;
}

function sensitivitySummary(s: SensitivityResult, num: (v: number) => number | null): SensitivitySummary {
  return {
    output: 'mean absolute rank shift', n: s.n, seed: s.seed,
    indices: s.indices.map((x) => ({ assumption: x.id, ...Object.fromEntries(SENSITIVITY_COLUMNS.map((c, k) => [c, num(indexValues(x)[k])])) }) as SensitivitySummary['indices'][number]),
  };
}

/** Per assumption: first-order and total sensitivity indices of the mean absolute rank shift with bootstrap 95% bounds (empty when the output did not vary). */
export function sensitivityCsv(s: SensitivityResult): string {
  const lines = [
    ['assumption', ...SENSITIVITY_COLUMNS].join(','),
    ...s.indices.map((x) => [textCell(x.id), ...indexValues(x).map(numberCell)].join(',')),
  ];
  return `${lines.join('\n')}\n`;
}
