/**
 * Where everything lives while a plan is evaluated: column slots (the `C` array a kernel
 * sees) and parameter indices (the `P` array of statistics the reductions fill in). buildLayout
 * chooses the slots and the statistics' indices; code generation (codegen.ts) appends one
 * parameter per quoted category value as it meets it (`literals`), so a layout is complete once
 * its kernels are generated. Kernels refer to nothing else.
 */
import { imputeOperator } from './operators/impute/index.js';
import { NORMALISE_OPERATORS, needsStatistics, normaliseOperator, STAT_NAMES, type NormaliseTable } from './operators/normalise/index.js';
import { outlierOperator } from './operators/outliers/index.js';
import { paramBlock, type ParamBlock } from './operators/params.js';
import type { ScoringPlan } from './plan.js';

export interface Layout {
  slotCount: number;
  source: Map<string, number>;
  derived: Map<string, number>;
  /** Record function columns (`#rK`), filled from the dated records before the kernels run. */
  records: Map<string, number>;
  /** Per node: slot of its applicability flag (1/0), −1 when always applicable. */
  app: number[];
  /** Per indicator node (−1 for aggregates): the value after denomination (the input's own slot when there is none). */
  raw: number[];
  /** After imputation (the raw slot when the indicator imputes nothing). */
  imputed: number[];
  /** After outlier treatment (the imputed slot when untreated). */
  treated: number[];
  /** Ranks of the treated value, for rank-based normalisations; −1 otherwise. */
  rank: number[];
  score: number[];
  base: number;
  deductions: number;
  bonuses: number;
  final: number;
  grade: number;
  adjustment: number[];
  veto: number[];
  list: number[];

  paramCount: number;
  /** Per indicator node: the P indices of its imputation operator's named parameters (null for aggregates). */
  pImpute: (ParamBlock | null)[];
  /** Per indicator node: the P indices of its outlier operator's named parameters (null for aggregates). */
  pTreat: (ParamBlock | null)[];
  /** Per node: P base of the treated column's statistics (STAT_NAMES, in that order; `statParam` finds one), −1 if not needed. */
  pStats: number[];
  /** Per node: index into the G array of group-mean tables, −1 if none. */
  groupTable: number[];
  groupTableCount: number;
  /**
   * Per node: P index of its weight, only in the kernels of an uncertainty analysis (weights
   * drawn per replication without recompiling); absent in every scoring kernel, whose weights
   * are constants.
   */
  pWeight?: number[];
  /**
   * Per node, with pWeight: the slot holding ln of its score when its parent takes a geometric
   * mean, else −1. The score kernel fills it; the rescore kernel reads it instead of taking the
   * logarithm again (it is the same double), since only weights change between replications.
   */
  logScore?: number[];
  /** P indices of quoted category values in expressions, filled from the frame's dictionaries. */
  literals: { param: number; column: string; value: string }[];
}

/** `normalise` is the operator table the nodes' methods are looked up in (tests add to it). */
export function buildLayout(plan: ScoringPlan, normalise: NormaliseTable = NORMALISE_OPERATORS): Layout {
  let slots = 0;
  let params = 0;
  let tables = 0;
  const take = (): number => slots++;
  const source = new Map(plan.sources.map((s) => [s.id, take()]));
  const records = new Map((plan.recordAggregates ?? []).map((r) => [r.id, take()]));
  const derived = new Map(plan.derived.map((d) => [d.id, take()]));
  const nn = plan.nodes.length;
  const app = new Array<number>(nn).fill(-1);
  const raw = new Array<number>(nn).fill(-1);
  const imputed = new Array<number>(nn).fill(-1);
  const treated = new Array<number>(nn).fill(-1);
  const rank = new Array<number>(nn).fill(-1);
  const pImpute = new Array<ParamBlock | null>(nn).fill(null);
  const pTreat = new Array<ParamBlock | null>(nn).fill(null);
  const takeParam = (): number => params++;
  const pStats = new Array<number>(nn).fill(-1);
  const groupTable = new Array<number>(nn).fill(-1);
  plan.nodes.forEach((node, j) => {
    // A node is conditionally applicable if it or any ancestor has a condition.
    if (node.applicable || (node.parent >= 0 && app[node.parent] >= 0)) app[j] = take();
    if (node.kind !== 'indicator') return;
    // Without denomination or an applicability gate the prepared value is the input itself.
    const input = source.get(node.input) ?? derived.get(node.input)!;
    raw[j] = node.denominate || app[j] >= 0 ? take() : input;
    const impute = imputeOperator(node.impute);
    imputed[j] = impute.fill ? take() : raw[j];
    if (impute.table) groupTable[j] = tables++;
    pImpute[j] = paramBlock(impute.params, takeParam);
    const outliers = outlierOperator(node.outliers);
    treated[j] = outliers.emit ? take() : imputed[j];
    pTreat[j] = paramBlock(outliers.params, takeParam);
    const op = normaliseOperator(node.normalise, normalise);
    if (needsStatistics(op)) {
      pStats[j] = params;
      params += STAT_NAMES.length;
    }
    if (op.ranks) rank[j] = take();
  });
  const score = plan.nodes.map(() => take());
  return {
    source, records, derived, app, raw, imputed, treated, rank, score,
    base: take(),
    deductions: take(),
    bonuses: take(),
    final: take(),
    grade: take(),
    adjustment: plan.adjustments.rules.map(() => take()),
    veto: plan.vetoes.map(() => take()),
    list: plan.lists.map(() => take()),
    slotCount: slots,
    paramCount: params,
    pImpute, pTreat, pStats, groupTable,
    groupTableCount: tables,
    literals: [],
  };
}
