/**
 * One chunk of results as the CSV and JSON formatters read it: rows [from, to) of every column
 * the output needs, indexed from 0, and the labels (grade, veto and list ids) once per run. It
 * goes to a worker as it is: a column in shared memory as a view (no copy), any other as a copy
 * of the chunk's rows only (a view of a private buffer would send the whole buffer).
 */
import { planSemantics, settlements, type Results, type ScoringPlan, type Transfer } from '../engine/index.js';

export interface ResultsChunk {
  /** The first row's index in the whole results (the JSON's first entity has no `,` before it). */
  from: number;
  ids: string[];
  /** The entities' names (JSON only; null when the frame has none or the CSV is wanted). */
  names: (string | null)[] | null;
  rank: Float64Array;
  score: Float64Array;
  /** Index into the labels' grades, NaN for none. */
  grade: Float64Array;
  deductions: Float64Array;
  bonuses: Float64Array;
  nodeScores: Float64Array[];
  groupRanks: Float64Array[];
  vetoes: Float64Array[];
  lists: Float64Array[];
  /** Per entity with a settlement: its transfer or null; null without one. */
  transfers: (Transfer | null)[] | null;
  /** Per list, the day each entity came on it and left it (the JSON, and the CSV's list dates; null when not wanted or not knowable). */
  dates: { since: Float64Array[]; until: Float64Array[] } | null;
}

/** What every chunk of one run shares: the plan's ids in output order. */
export interface ResultsLabels {
  nodes: string[];
  groups: string[];
  grades: string[];
  vetoes: string[];
  lists: string[];
  /** The CSV has list_since / list_until after lists. */
  listDates: boolean;
}

/** Whether this plan's results CSV carries the list dates: semantics level 3, lists, and record types to date them by (without records no date is knowable). */
export const hasListDateColumns = (plan: Pick<ScoringPlan, 'lists' | 'records' | 'engine' | 'semantics'>): boolean =>
  plan.lists.length > 0 && (plan.records?.length ?? 0) > 0 && planSemantics(plan) >= 3;

export const resultsLabels = (results: Results): ResultsLabels => {
  const { plan } = results;
  return {
    nodes: plan.nodes.map((n) => n.id),
    groups: plan.ranking.groups,
    grades: plan.grades.map((g) => g.id),
    vetoes: plan.vetoes.map((v) => v.id),
    lists: plan.lists.map((l) => l.id),
    listDates: hasListDateColumns(plan),
  };
};

/** Each entity's transfer, computed once per results. */
const transfersOf = (() => {
  const cache = new WeakMap<Results, (Transfer | null)[]>();
  return (results: Results): (Transfer | null)[] => {
    let t = cache.get(results);
    if (!t) cache.set(results, (t = settlements(results)));
    return t;
  };
})();

const rows = (c: Float64Array, from: number, to: number): Float64Array => (c.buffer instanceof SharedArrayBuffer ? c.subarray(from, to) : c.slice(from, to));

export interface ChunkExtras {
  /** The entities' names (the JSON has them). */
  names: boolean;
  /** listDates' columns, or null. */
  dates: ResultsChunk['dates'];
}

/** Rows [from, to) of `results`, with the names and list dates if asked for. */
export function resultsChunk(results: Results, from: number, to: number, extras: ChunkExtras = { names: false, dates: null }): ResultsChunk {
  const { frame } = results;
  const cut = (cs: readonly Float64Array[]): Float64Array[] => cs.map((c) => rows(c, from, to));
  return {
    from,
    ids: frame.ids.slice(from, to),
    names: extras.names && frame.names ? frame.names.slice(from, to) : null,
    rank: rows(results.rank, from, to),
    score: rows(results.score, from, to),
    grade: rows(results.grade, from, to),
    deductions: rows(results.deductions, from, to),
    bonuses: rows(results.bonuses, from, to),
    nodeScores: cut(results.nodeScores),
    groupRanks: cut(results.groupRanks),
    vetoes: cut(results.vetoes),
    lists: cut(results.lists),
    transfers: results.plan.settlement ? transfersOf(results).slice(from, to) : null,
    dates: extras.dates ? { since: cut(extras.dates.since), until: cut(extras.dates.until) } : null,
  };
}
