/**
 * Replications of an uncertainty analysis, on whichever thread runs them. A replication draws
 * its choices from its own random stream (prng.ts), so it is the same wherever it runs. Each
 * distinct combination of operator choices is a variant plan (the nominal plan with those
 * operators replaced) whose kernels are built once per thread and kept by plan hash; when
 * weights are uncertain the kernels read each weight from P, so drawing new weights is writing
 * numbers, never compiling. A variant's evaluation state (its columns) is reused by every
 * replication of that variant in a batch: every step overwrites what it writes, and what comes
 * before scoring (imputation, outlier treatment, normalisation statistics) runs once per variant,
 * since weights don't enter it.
 */
import { LRUCache } from 'lru-cache';
import { KaoheError, type AggregateDef, type OperatorDef, type OperatorKind, type Problem } from '../indicators/index.js';
import { planHash } from './compile.js';
import { DEFAULT_CHUNK_SIZE, driveInline } from './evaluate.js';
import type { Frame } from './frame.js';
import { buildKernels, type Kernels } from './kernels.js';
import type { ScoringPlan } from './plan.js';
import { ReplicationRng } from './prng.js';
import { initState, type EvalState } from './steps.js';

/** An uncertain assumption in plan terms: node indices into plan.nodes. */
export type DesignAssumption =
  | { id: string; kind: 'weights'; nodes: number[]; noise: number }
  | { id: string; kind: OperatorKind; nodes: number[]; alternatives: OperatorDef[]; p: number[] }
  | { id: string; kind: 'exclude'; nodes: number[]; p: number[] };

/**
 * Which sample each assumption of evaluation e reads. `uncertainty`: evaluation r is sample r
 * for every assumption. `sensitivity` (Saltelli's N·(d + 2) design, in COINr's order): the
 * first N evaluations are the rows of A (samples 2k), the next N the rows of B (samples 2k + 1),
 * then for each assumption i the N rows of AB_i: A with assumption i taken from B.
 */
export type Design = 'uncertainty' | 'sensitivity';

export function samplesOf(design: Design, e: number, d: number, N: number): number[] {
  if (design === 'uncertainty') return new Array<number>(d).fill(e);
  const block = Math.floor(e / N);
  const k = e % N;
  if (block === 0) return new Array<number>(d).fill(2 * k);
  if (block === 1) return new Array<number>(d).fill(2 * k + 1);
  return Array.from({ length: d }, (_, a) => (a === block - 2 ? 2 * k + 1 : 2 * k));
}

export interface ReplicationTask {
  design: Design;
  /** The base sample N (the sensitivity design's block length). */
  N: number;
  plan: ScoringPlan;
  assumptions: DesignAssumption[];
  frame: Frame;
  asOf: number | null;
  chunkSize?: number;
  seed: number;
  /** Evaluations from..to−1 of the design. */
  from: number;
  to: number;
  /**
   * Names one analysis (its plan, frame, as-of and chunk size): the batches of an analysis that
   * a thread runs share their variants' evaluation states, so what precedes scoring runs once per
   * variant and thread, not once per batch. Without it a batch keeps its states to itself.
   */
  key?: string;
  out: ReplicationOut;
}

/**
 * Where evaluations write, indexed by evaluation (so batches fill disjoint parts; in shared
 * memory when they run on the pool). `entities`: row r (at r·n) of the final score and rank of
 * every entity, and per entity the count of evaluations that gave it its nominal grade index
 * (added atomically once per batch: whole numbers, so the same in any order). The sensitivity analysis' outputs, one number per evaluation, so
 * its design keeps no rows: `shift`, y[r] the mean over entities ranked in both of
 * |rank − nominal rank|; `score`, y[r] the final score of one entity.
 */
export type ReplicationOut =
  | { kind: 'entities'; score: Float64Array; rank: Float32Array; nominalGrade: Float64Array; gradeKept: Int32Array }
  | { kind: 'shift'; nominalRank: Float64Array; y: Float64Array }
  | { kind: 'score'; entity: number; y: Float64Array };

export type ReplicationBatch = { ok: true } | { ok: false; problems: Problem[] };

/** The mean absolute rank shift from the nominal ranks; NaN when no entity is ranked in both. */
export function meanRankShift(rank: ArrayLike<number>, nominal: ArrayLike<number>): number {
  let sum = 0;
  let m = 0;
  for (let i = 0; i < rank.length; i++) {
    const r = rank[i];
    const r0 = nominal[i];
    if (r !== r || r0 !== r0) continue;
    sum += Math.abs(r - r0);
    m++;
  }
  return m > 0 ? sum / m : NaN;
}

/** One replication's draws: the alternative chosen per discrete assumption (−1 for weights) and every node's weight. */
export interface Draw {
  choice: number[];
  weights: Float64Array;
}

/** Index of the alternative a uniform u picks, by cumulative probability. */
function pick(p: number[], u: number): number {
  let c = 0;
  for (let k = 0; k < p.length - 1; k++) {
    c += p[k];
    if (u < c) return k;
  }
  return p.length - 1;
}

/**
 * The draws of one evaluation: assumption a reads the stream (seed, samples[a], a): one uniform
 * for a discrete assumption, one per varied node (in plan order) for weights. A varied weight is multiplied by
 * U[1 − noise, 1 + noise], then its siblings are scaled by (nominal total / drawn total) so the
 * parent's total weight stays as the scheme has it (what a `sum` node's scale depends on).
 */
export function drawReplication(plan: ScoringPlan, assumptions: DesignAssumption[], seed: number, samples: number[]): Draw {
  const weights = new Float64Array(plan.nodes.map((n) => n.weight));
  const varied = new Set<number>();
  const choice = assumptions.map((a, k) => {
    const rng = new ReplicationRng(seed, samples[k], k);
    if (a.kind !== 'weights') return pick(a.p, rng.next());
    for (const j of a.nodes) {
      weights[j] *= 1 + a.noise * (2 * rng.next() - 1);
      varied.add(plan.nodes[j].parent);
    }
    return -1;
  });
  for (const parent of varied) {
    const node = plan.nodes[parent];
    if (node.kind !== 'aggregate') continue;
    let nominal = 0;
    let drawn = 0;
    for (const c of node.children) {
      nominal += plan.nodes[c].weight;
      drawn += weights[c];
    }
    if (!(drawn > 0)) continue;
    const scale = nominal / drawn;
    for (const c of node.children) weights[c] *= scale;
  }
  return { choice, weights };
}

/** Never applicable: how a variant drops an indicator (its parent shares its weight among the others). */
const NEVER = { t: 'num', v: 0 } as const;

/** The nominal plan with the chosen operators in place, and the chosen indicator dropped. */
export function variantPlan(plan: ScoringPlan, assumptions: DesignAssumption[], choice: number[]): ScoringPlan {
  const nodes = plan.nodes.map((n) => ({ ...n }));
  assumptions.forEach((a, k) => {
    if (a.kind === 'weights') return;
    if (a.kind === 'exclude') {
      if (choice[k] > 0) nodes[a.nodes[choice[k] - 1]].applicable = NEVER;
      return;
    }
    for (const j of a.nodes) {
      const n = nodes[j];
      const alt = a.alternatives[choice[k]];
      // The operator kinds are the plan's field names (validated against the node's kind by the spec).
      if (a.kind === 'aggregate') {
        if (n.kind === 'aggregate') n.aggregate = alt as AggregateDef;
      } else if (n.kind === 'indicator') Object.assign(n, { [a.kind]: alt });
    }
  });
  return { ...plan, nodes };
}

const kernelCache = new LRUCache<string, Kernels>({ max: 64 });

function variantKernels(plan: ScoringPlan, weightParams: boolean): { hash: string; kernels: Kernels } {
  const hash = planHash(plan);
  const key = `${hash}${weightParams ? '+weights' : ''}`;
  let k = kernelCache.get(key);
  if (!k) {
    k = buildKernels(plan, hash, { weightParams });
    kernelCache.set(key, k);
  }
  return { hash, kernels: k };
}

/** Which alternatives a replication chose, for an error message. */
function describe(assumptions: DesignAssumption[], plan: ScoringPlan, d: Draw): string {
  return assumptions
    .map((a, k) => {
      if (a.kind === 'weights') return null;
      if (a.kind === 'exclude') return `${a.id}=${d.choice[k] === 0 ? 'none' : `drop ${plan.nodes[a.nodes[d.choice[k] - 1]].id}`}`;
      return `${a.id}=${JSON.stringify(a.alternatives[d.choice[k]])}`;
    })
    .filter((x) => x !== null)
    .join(', ');
}

type VariantStates = Map<string, { st: EvalState; kernels: Kernels }>;

/**
 * This thread's states of the analysis it ran last (task.key), each reading the frame of the
 * batch that made it (the same columns, by the key's contract). An analysis's batches arrive
 * back to back; the states (a column per slot per variant) are let go once none has come for a second.
 */
let kept: { key: string; states: VariantStates; timer: NodeJS.Timeout | null } | null = null;
const KEEP_MS = 1000;

function statesFor(task: ReplicationTask): VariantStates {
  if (task.key === undefined) return new Map();
  if (kept?.key !== task.key) kept = { key: task.key, states: new Map(), timer: null };
  const mine = kept;
  if (mine.timer) clearTimeout(mine.timer);
  mine.timer = setTimeout(() => { if (kept === mine) kept = null; }, KEEP_MS).unref();
  return mine.states;
}

export function runReplications(task: ReplicationTask): ReplicationBatch {
  const { plan, assumptions, frame, seed } = task;
  const n = frame.n;
  const out = task.out;
  const kept = out.kind === 'entities' ? new Int32Array(n) : null;
  const weightParams = assumptions.some((a) => a.kind === 'weights');
  const states = statesFor(task);
  for (let r = task.from; r < task.to; r++) {
    const d = drawReplication(plan, assumptions, seed, samplesOf(task.design, r, assumptions.length, task.N));
    const key = d.choice.join(',');
    let v = states.get(key);
    if (!v) {
      const vp = variantPlan(plan, assumptions, d.choice);
      const { hash, kernels } = variantKernels(vp, weightParams);
      v = { kernels, st: initState({ plan: vp, hash }, frame, kernels.layout, task.chunkSize ?? DEFAULT_CHUNK_SIZE, false, task.asOf ?? undefined) };
      // Only the weights differ between replications of a variant: everything before scoring is kept.
      v.st.kept = { details: null, rescore: v.kernels.rescore !== null };
      states.set(key, v);
    }
    const pw = v.kernels.layout.pWeight;
    if (pw) pw.forEach((p, j) => { v.st.P[p] = d.weights[j]; });
    let results;
    try {
      results = driveInline(v.st, v.kernels);
    } catch (e) {
      if (!(e instanceof KaoheError)) throw e;
      const choices = describe(assumptions, plan, d);
      return {
        ok: false,
        problems: e.problems.map((p) => ({
          ...p,
          where: `evaluation ${r}${choices ? ` (${choices})` : ''} › ${p.where}`,
          zh: `${p.zh}（不确定性或敏感性分析的第 ${r} 次评分；请从规格中去掉该组合不能接受的备选项）`,
          en: `${p.en} (evaluation ${r} of the uncertainty or sensitivity analysis; remove from the spec the alternative this combination can't take)`,
        })),
      };
    }
    if (out.kind === 'shift') out.y[r] = meanRankShift(results.rank, out.nominalRank);
    else if (out.kind === 'score') out.y[r] = results.score[out.entity];
    else {
      out.score.set(results.score, r * n);
      out.rank.set(results.rank, r * n);
      const g = results.grade;
      for (let i = 0; i < n; i++) if (g[i] === out.nominalGrade[i]) kept![i]++;
    }
  }
  if (out.kind === 'entities') for (let i = 0; i < n; i++) if (kept![i] > 0) Atomics.add(out.gradeKept, i, kept![i]);
  return { ok: true };
}
