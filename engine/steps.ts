/**
 * The phases of an evaluation, as a generator of steps:
 *   1. row-wise   prepare: derived indicators, applicability, denomination
 *   2. reduce     imputation statistics (means; medians and group means read the whole column)
 *   3. row-wise   impute
 *   4. global     outlier rule per indicator (skew, kurtosis, winsorise or log)
 *   5. row-wise   treat
 *   6. reduce     normalisation statistics; ranks for rank-based normalisations
 *   7. row-wise   score: normalise, aggregate, adjust, grade, veto, list
 *   8. global     competition ranks, overall and within peer groups
 * Row-wise kernels, chunked reductions and the final ranks are yielded as steps for a driver to
 * run (inline, or on the worker pool: the ranks of a large round are a sort that would otherwise
 * hold the main thread); the other global steps run here, on the columns every thread shares.
 * Reductions merge exactly, so the results are the same bits for any chunk size and thread count.
 */
import { KaoheError, type RankOrder } from '../indicators/index.js';
import type { ChunkError, KernelName, MomentsPart } from './chunk-ops.js';
import { mergeMomentParts, mergeSumParts } from './chunk-ops.js';
import type { CompiledPlan } from './compile.js';
import type { Frame } from './frame.js';
import type { Layout } from './layout.js';
import { aggregateMethod, aggregateOperator } from './operators/aggregate/index.js';
import { imputeOperator } from './operators/impute/index.js';
import { normaliseOperator, STAT_NAMES } from './operators/normalise/index.js';
import { outlierOperator } from './operators/outliers/index.js';
import { writeParams } from './operators/params.js';
import type { PlanIndicator, ScoringPlan } from './plan.js';
import { minRankAscending } from './rank.js';
import type { IndicatorDetail, Results } from './results.js';
import { kernelsFor } from './kernels.js';
import { fillRecordColumns } from './records.js';
import type { ColumnSummary } from './stats.js';

export type Step =
  | { kind: 'kernel'; kernel: KernelName }
  | { kind: 'moments'; slots: number[] }
  | { kind: 'centred'; slots: number[]; centres: number[] }
  /** rankRound (rank.ts) of the score slot, rank 1 at the `direction`'s end; `groups` are the slots of the group columns and their code counts. */
  | { kind: 'rank'; slot: number; decimals: number | null; direction: RankOrder; groups: { slot: number; count: number }[] };

/** What a driver answers: per chunk, in chunk order; for ranks, the rank columns. */
export type StepAnswer =
  | { kind: 'kernel'; errors: ChunkError[] }
  | { kind: 'moments'; parts: MomentsPart[][] }
  | { kind: 'centred'; parts: number[][][] }
  | { kind: 'rank'; rank: Float64Array; groupRanks: Float64Array[] };

export interface EvalState {
  compiled: CompiledPlan;
  frame: Frame;
  layout: Layout;
  n: number;
  chunkSize: number;
  C: Float64Array[];
  P: Float64Array;
  G: Float64Array[];
  /** The evaluation date (day number) for dated records; null when none was given. */
  asOf: number | null;
  /**
   * Set by whoever evaluates this state again on the same frame with only weights changed (the
   * replications of an uncertainty analysis): phases 1–6 then give the same columns and
   * parameters every time, so after the first evaluation they are kept (with their details)
   * instead of recomputed. Null: every evaluation runs every phase.
   */
  kept: { details: (IndicatorDetail | null)[] | null; rescore: boolean } | null;
}

/**
 * A column for every slot, in shared memory when the pool will read it. The frame's own columns
 * serve as the sources unless the pool needs them shared and they are not; then they are copied.
 */
export function initState(compiled: CompiledPlan, frame: Frame, layout: Layout, chunkSize: number, shared: boolean, asOf?: number): EvalState {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error(`chunkSize must be a positive integer, got ${chunkSize}`);
  const n = frame.n;
  const alloc = (): Float64Array => (shared ? new Float64Array(new SharedArrayBuffer(n * 8)) : new Float64Array(n));
  const C: Float64Array[] = new Array(layout.slotCount);
  for (const [id, slot] of layout.source) {
    const col = frame.columns.get(id);
    if (!col || col.length !== n) throw new Error(`frame is missing column ${id}`);
    if (!shared || col.buffer instanceof SharedArrayBuffer) C[slot] = col;
    else {
      C[slot] = alloc();
      C[slot].set(col);
    }
  }
  for (let s = 0; s < layout.slotCount; s++) if (!C[s]) C[s] = alloc();
  fillRecordColumns(compiled.plan, layout, kernelsFor(compiled).filters, frame, asOf, C);
  const P = new Float64Array(layout.paramCount);
  for (const lit of layout.literals) P[lit.param] = frame.dictionaries.get(lit.column)?.indexOf(lit.value) ?? -1;
  return { compiled, frame, layout, n, chunkSize, C, P, G: new Array(layout.groupTableCount), asOf: asOf ?? null, kept: null };
}

export function* evaluationSteps(st: EvalState): Generator<Step, Results, StepAnswer> {
  const { layout, frame } = st;
  const plan = st.compiled.plan;
  const kept = st.kept?.details;
  const details = kept ?? (yield* normalisationReady(st, plan.nodes.flatMap((node, j) => (node.kind === 'indicator' ? [{ node, j }] : []))));
  // The indicators' scores from the state's last score run stand: only the weights changed.
  yield* kernel(st, kept && st.kept?.rescore ? 'rescore' : 'score');
  if (st.kept) st.kept.details = details;

  const ranks = yield {
    kind: 'rank',
    slot: layout.final,
    decimals: plan.ranking.on === 'rounded' ? plan.rounding.decimals : null,
    direction: plan.ranking.order ?? 'descending',
    groups: plan.ranking.groups.map((group) => ({ slot: layout.source.get(group)!, count: frame.dictionaries.get(group)?.length ?? 0 })),
  };
  if (ranks.kind !== 'rank') throw new Error('driver answered the wrong step');
  return finish(st, plan, details, ranks.rank, ranks.groupRanks);
}

/** Phases 1–6: prepared, imputed and treated columns and the normalisation statistics, with each indicator's details. */
function* normalisationReady(st: EvalState, indicators: { node: PlanIndicator; j: number }[]): Generator<Step, (IndicatorDetail | null)[], StepAnswer> {
  const { layout, C, P, G, frame } = st;
  const details: (IndicatorDetail | null)[] = st.compiled.plan.nodes.map((node) => (node.kind === 'indicator' ? {} : null));

  yield* kernel(st, 'prepare');

  // What each imputation reads of its whole column, its summary from one chunked reduction for all.
  const summarised = indicators.filter(({ node }) => imputeOperator(node.impute).summary);
  const rawSummaries = yield* summaries(summarised.map(({ j }) => layout.raw[j]), false);
  const summaryOf = new Map(summarised.map(({ j }, k) => [j, rawSummaries[k]]));
  const column = (id: string): { codes: Float64Array; categories: string[] } => ({ codes: C[layout.source.get(id)!], categories: frame.dictionaries.get(id) ?? [] });
  for (const { node, j } of indicators) {
    const op = imputeOperator(node.impute);
    if (!op.decide) continue;
    const decision = op.decide(node.impute as never, { raw: C[layout.raw[j]], summary: summaryOf.get(j) ?? null, column });
    if (decision.params) writeParams(P, layout.pImpute[j]!, decision.params, `imputation ${node.impute.method}`);
    if (decision.table) G[layout.groupTable[j]] = decision.table;
    Object.assign(details[j]!, decision.detail);
  }
  yield* kernel(st, 'impute');

  for (const { node, j } of indicators) {
    const op = outlierOperator(node.outliers);
    if (!op.decide) continue;
    const { params, treatment } = op.decide(node.outliers as never, C[layout.imputed[j]]);
    writeParams(P, layout.pTreat[j]!, params, `outlier treatment ${node.outliers.method}`);
    details[j]!.treatment = treatment;
  }
  yield* kernel(st, 'treat');

  const normalised = indicators.filter(({ j }) => layout.pStats[j] >= 0);
  const stats = yield* summaries(normalised.map(({ j }) => layout.treated[j]), true);
  normalised.forEach(({ node, j }, k) => {
    const s = stats[k];
    const b = layout.pStats[j];
    P.set(STAT_NAMES.map((name) => s[name]), b);
    details[j]!.stats = s;
    const problem = normaliseOperator(node.normalise).checkStats?.(s, node);
    if (problem) throw new KaoheError([problem]);
    if (layout.rank[j] >= 0) {
      const values = C[layout.treated[j]];
      minRankAscending(node.direction === 1 ? values : values.map((v) => -v), C[layout.rank[j]]);
    }
  });
  return details;
}

function* kernel(st: EvalState, name: KernelName): Generator<Step, void, StepAnswer> {
  const answer = yield { kind: 'kernel', kernel: name };
  if (answer.kind !== 'kernel') throw new Error('driver answered the wrong step');
  const first = answer.errors.find((e) => e !== null);
  if (first) throw aggregationError(st, first);
}

/** Count, min, max, mean and (when asked) sample sd of columns, from per-chunk parts. */
function* summaries(slots: number[], withSd: boolean): Generator<Step, ColumnSummary[], StepAnswer> {
  if (slots.length === 0) return [];
  const m = yield { kind: 'moments', slots };
  if (m.kind !== 'moments') throw new Error('driver answered the wrong step');
  const merged = slots.map((_, k) => mergeMomentParts(m.parts.map((chunk) => chunk[k])));
  const means = merged.map((x) => (x.n > 0 ? x.sum / x.n : NaN));
  let sds = merged.map(() => NaN);
  if (withSd) {
    const c = yield { kind: 'centred', slots, centres: means };
    if (c.kind !== 'centred') throw new Error('driver answered the wrong step');
    sds = merged.map((x, k) => (x.n > 1 ? Math.sqrt(mergeSumParts(c.parts.map((chunk) => chunk[k])) / (x.n - 1)) : NaN));
  }
  return merged.map((x, k) => (x.n === 0 ? { n: 0, min: NaN, max: NaN, mean: NaN, sd: NaN } : { n: x.n, min: x.min, max: x.max, mean: means[k], sd: sds[k] }));
}

function finish(st: EvalState, plan: ScoringPlan, details: (IndicatorDetail | null)[], rank: Float64Array, groupRanks: Float64Array[]): Results {
  const { layout, C, frame } = st;
  const score = C[layout.final];
  return {
    plan,
    planHash: st.compiled.hash,
    asOf: st.asOf,
    frame,
    layout,
    columns: C,
    nodeScores: layout.score.map((s) => C[s]),
    base: C[layout.base],
    deductions: C[layout.deductions],
    bonuses: C[layout.bonuses],
    score,
    grade: C[layout.grade],
    rank,
    groupRanks,
    adjustments: layout.adjustment.map((s) => C[s]),
    vetoes: layout.veto.map((s) => C[s]),
    lists: layout.list.map((s) => C[s]),
    indicators: details,
  };
}

function aggregationError(st: EvalState, [entity, j, c]: [number, number, number]): KaoheError {
  const i = entity - 1;
  const { plan } = st.compiled;
  const node = plan.nodes[j];
  const child = plan.nodes[c];
  const v = st.C[st.layout.score[c]][i];
  const agg = node.kind === 'aggregate' ? node.aggregate : 'mean';
  const method = aggregateMethod(agg);
  const zh = aggregateOperator(agg).nonNegative?.zh ?? method;
  return new KaoheError([{
    where: `${st.frame.ids[i]} › ${node.id}`,
    zh: `节点「${node.label.zh}」用${zh}平均汇总，要求子项得分非负，但「${child.label.zh}」为 ${v}；请改用非负的标准化（如 minmax）或算术平均`,
    en: `node ${node.id} aggregates by the ${method} mean, which needs non-negative child scores, but ${child.id} is ${v}; use a non-negative normalisation (such as minmax) or the arithmetic mean`,
  }]);
}
