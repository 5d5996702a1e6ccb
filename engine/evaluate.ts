/**
 * Phased evaluation of a plan over a frame, chunk by chunk:
 *   1. row-wise   prepare: derived indicators, applicability, denomination
 *   2. reduce     imputation statistics (means, medians, group means)
 *   3. row-wise   impute
 *   4. global     outlier rule per indicator (skew, kurtosis, winsorise or log)
 *   5. row-wise   treat
 *   6. reduce     normalisation statistics; ranks for rank-based normalisations
 *   7. row-wise   score: normalise, aggregate, adjust, grade, veto, list
 *   8. global     competition ranks, overall and within peer groups
 * Reductions merge exactly, so results are the same bits for any chunk size.
 */
import { KaoheError } from '../indicators/index.js';
import type { CompiledPlan } from './compile.js';
import type { Frame } from './frame.js';
import { buildKernels, type Kernel, type Kernels } from './kernels.js';
import { decideTreatment } from './outliers.js';
import type { PlanIndicator } from './plan.js';
import { competitionRankDescending, minRankAscending } from './rank.js';
import type { IndicatorDetail, Results } from './results.js';
import { roundHalfEven } from './round.js';
import { groupMeans, median, summarise } from './stats.js';

export const DEFAULT_CHUNK_SIZE = 16_384;

export interface EvaluateOptions {
  chunkSize?: number;
}

export function evaluate(compiled: CompiledPlan, frame: Frame, options: EvaluateOptions = {}): Results {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error(`chunkSize must be a positive integer, got ${chunkSize}`);
  const { plan } = compiled;
  const kernels = buildKernels(plan);
  const { layout } = kernels;
  const n = frame.n;

  const C: Float64Array[] = new Array(layout.slotCount);
  for (const [id, slot] of layout.source) {
    const col = frame.columns.get(id);
    if (!col || col.length !== n) throw new Error(`frame is missing column ${id}`);
    C[slot] = col;
  }
  for (let s = 0; s < layout.slotCount; s++) if (!C[s]) C[s] = new Float64Array(n);
  const P = new Float64Array(layout.paramCount);
  for (const lit of layout.literals) P[lit.param] = frame.dictionaries.get(lit.column)?.indexOf(lit.value) ?? -1;
  const G: Float64Array[] = new Array(layout.groupTableCount);
  const E = new Int32Array(3);
  const details: (IndicatorDetail | null)[] = plan.nodes.map((node) => (node.kind === 'indicator' ? {} : null));
  const run = (kernel: Kernel): void => {
    for (let start = 0; start < n; start += chunkSize) {
      kernel(C, P, G, E, start, Math.min(n, start + chunkSize));
      if (E[0] !== 0) throw aggregationError(kernels, frame, C, E);
    }
  };

  run(kernels.prepare);

  plan.nodes.forEach((node, j) => {
    if (node.kind !== 'indicator') return;
    const raw = C[layout.raw[j]];
    if (node.impute.method === 'mean') {
      const v = summarise(raw, chunkSize).mean;
      P[layout.pImpute[j]] = v;
      details[j]!.imputeValue = v;
    } else if (node.impute.method === 'median') {
      const v = median(raw);
      P[layout.pImpute[j]] = v;
      details[j]!.imputeValue = v;
    } else if (node.impute.method === 'groupMean') {
      const group = node.impute.group;
      const dict = frame.dictionaries.get(group) ?? [];
      const table = groupMeans(raw, C[layout.source.get(group)!], dict.length);
      G[layout.groupTable[j]] = table;
      details[j]!.groupMeans = new Map(dict.map((value, code) => [value, table[code]]));
    }
  });
  run(kernels.impute);

  plan.nodes.forEach((node, j) => {
    if (node.kind !== 'indicator' || node.outliers.method !== 'coinr') return;
    const t = decideTreatment(C[layout.imputed[j]], { skew: node.outliers.skew, kurtosis: node.outliers.kurtosis, maxPoints: node.outliers.maxPoints });
    const b = layout.pTreat[j];
    P[b] = t.mode === 'winsorise' ? 1 : t.mode === 'log' ? 2 : 0;
    if (t.mode === 'winsorise') {
      P[b + 1] = t.lo;
      P[b + 2] = t.hi;
    } else if (t.mode === 'log') {
      P[b + 3] = t.min;
      P[b + 4] = t.offset;
    }
    details[j]!.treatment = t;
  });
  run(kernels.treat);

  plan.nodes.forEach((node, j) => {
    if (node.kind !== 'indicator' || layout.pStats[j] < 0) return;
    const values = C[layout.treated[j]];
    const stats = summarise(values, chunkSize);
    const b = layout.pStats[j];
    P[b] = stats.min;
    P[b + 1] = stats.max;
    P[b + 2] = stats.mean;
    P[b + 3] = stats.sd;
    P[b + 4] = stats.n;
    details[j]!.stats = stats;
    checkStats(node, stats.max);
    if (layout.rank[j] >= 0) {
      const signed = node.direction === 1 ? values : values.map((v) => -v);
      minRankAscending(signed, C[layout.rank[j]]);
    }
  });
  run(kernels.score);

  const score = C[layout.final];
  const rank = new Float64Array(n);
  const keys = plan.ranking.on === 'rounded' ? score.map((v) => roundHalfEven(v, plan.rounding.decimals)) : score;
  competitionRankDescending(keys, rank);
  const groupRanks = plan.ranking.groups.map((group) => rankWithinGroups(keys, C[layout.source.get(group)!], frame.dictionaries.get(group)?.length ?? 0));

  return {
    plan,
    planHash: compiled.hash,
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
    indicators: details,
  };
}

function rankWithinGroups(keys: Float64Array, groups: Float64Array, groupCount: number): Float64Array {
  const out = new Float64Array(keys.length).fill(NaN);
  const counts = new Int32Array(groupCount);
  for (let i = 0; i < groups.length; i++) if (groups[i] === groups[i]) counts[groups[i]]++;
  const members = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(groupCount);
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (g === g) members[g][fill[g]++] = i;
  }
  for (const m of members) competitionRankDescending(keys, out, m);
  return out;
}

function checkStats(node: PlanIndicator, max: number): void {
  if (node.normalise.method === 'fractionOfMax' && !(max > 0)) {
    throw new KaoheError([{
      where: `tree › ${node.id}.normalise`,
      zh: `指标「${node.label.zh}」按“占最大值比例”标准化，但最大值为 ${max}，需为正数`,
      en: `indicator ${node.id} uses fraction of max, but its maximum is ${max}; it must be positive`,
    }]);
  }
}

function aggregationError(kernels: Kernels, frame: Frame, C: Float64Array[], E: Int32Array): KaoheError {
  const [i, j, c] = [E[0] - 1, E[1], E[2]];
  const node = kernels.plan.nodes[j];
  const child = kernels.plan.nodes[c];
  const v = C[kernels.layout.score[c]][i];
  const agg = node.kind === 'aggregate' ? node.aggregate : 'mean';
  const method = typeof agg === 'string' ? agg : 'power';
  return new KaoheError([{
    where: `${frame.ids[i]} › ${node.id}`,
    zh: `节点「${node.label.zh}」用${method === 'geometric' ? '几何' : method === 'harmonic' ? '调和' : '幂'}平均汇总，要求子项得分非负，但「${child.label.zh}」为 ${v}；请改用非负的标准化（如 minmax）或算术平均`,
    en: `node ${node.id} aggregates by the ${method} mean, which needs non-negative child scores, but ${child.id} is ${v}; use a non-negative normalisation (such as minmax) or the arithmetic mean`,
  }]);
}

