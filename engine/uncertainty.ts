/**
 * Uncertainty analysis: N replications of a round, each with its uncertain assumptions drawn
 * (uncertainty-replicate.ts), on this thread or split into batches on the worker pool; then,
 * per entity, the median and 5% and 95% quantiles (type 7, quantile.ts) of its rank and score
 * over the replications that scored it, and the share of replications that kept its nominal
 * grade. Replication r's draws depend only on the seed, r and the assumption, so the result is
 * the same bits for any thread count.
 */
import { KaoheError, type UncertaintySpec } from '../indicators/index.js';
import type { CompiledPlan } from './compile.js';
import { DEFAULT_CHUNK_SIZE, evaluate } from './evaluate.js';
import type { Frame } from './frame.js';
import { EvaluationError } from './parallel.js';
import { getPool } from './pool.js';
import { quantileSorted } from './quantile.js';
import type { Results } from './results.js';
import { runReplications, type Design, type DesignAssumption, type ReplicationBatch, type ReplicationTask } from './uncertainty-replicate.js';

export interface UncertaintyOptions {
  /** Replications (the base sample). */
  n: number;
  /** A whole number from 0 to 2^32 − 1. */
  seed: number;
  /** Worker threads; 1 runs on this thread. */
  threads?: number;
  asOf?: number;
  chunkSize?: number;
}

/** Per entity (frame order); NaN where an entity was never scored, or has no nominal grade. */
export interface UncertaintyResult {
  nominal: Results;
  replications: number;
  seed: number;
  rankMedian: Float64Array;
  rankP05: Float64Array;
  rankP95: Float64Array;
  scoreMedian: Float64Array;
  scoreP05: Float64Array;
  scoreP95: Float64Array;
  /** Share of replications with the nominal grade; all NaN when the scheme has no grades. */
  gradeShare: Float64Array;
}

/** The spec's node ids as plan node indices. */
export function designAssumptions(compiled: CompiledPlan, spec: UncertaintySpec): DesignAssumption[] {
  const index = new Map(compiled.plan.nodes.map((n, j) => [n.id, j]));
  return spec.assumptions.map((a) => ({ ...a, nodes: a.nodes.map((id) => index.get(id)!) }) as DesignAssumption);
}

export type DoneBatch = Extract<ReplicationBatch, { ok: true }>;

/** Counts the analyses this process has run on the pool, to key each one's batches. */
let analyses = 0;

/** Checks the options and runs `count` evaluations of a design, on this thread or in batches on the pool, in evaluation order. */
export async function runDesign(compiled: CompiledPlan, frame: Frame, spec: UncertaintySpec, design: Design, count: number, options: UncertaintyOptions): Promise<DoneBatch[]> {
  const { n: N, seed } = options;
  if (!Number.isSafeInteger(N) || N < 1) throw new Error(`n must be a positive integer, got ${N}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`seed must be a whole number from 0 to 2^32 − 1, got ${seed}`);
  const threads = options.threads ?? 1;
  const base: Omit<ReplicationTask, 'from' | 'to'> = {
    design, N, plan: compiled.plan, assumptions: designAssumptions(compiled, spec), frame, asOf: options.asOf ?? null,
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE, seed,
  };
  if (threads === 1) return checked([runReplications({ ...base, from: 0, to: count })]);
  const batches = Math.min(count, threads * 4);
  const key = `${process.pid}:${++analyses}:${seed}`;
  const bounds = Array.from({ length: batches }, (_, k) => [Math.floor((k * count) / batches), Math.floor(((k + 1) * count) / batches)]);
  const pool = getPool({ threads });
  const answers = await Promise.all(bounds.map(([from, to]) => pool.run({ ...base, from, to, key }, { name: 'runReplications' }) as Promise<ReplicationBatch>))
    .catch((e: Error & { code?: string }) => {
      throw new EvaluationError([{
        where: `${design} analysis`,
        zh: `分析在工作线程中失败：${e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? '工作线程内存不足' : e.message}；没有产生任何结果`,
        en: `the analysis failed in a worker: ${e.code ? `${e.code}: ` : ''}${e.message}; nothing was produced`,
      }]);
    });
  return checked(answers);
}

/** The first failure in evaluation order, if any, as the error. */
function checked(answers: ReplicationBatch[]): DoneBatch[] {
  const failed = answers.find((a) => !a.ok);
  if (failed && !failed.ok) throw new KaoheError(failed.problems);
  return answers as DoneBatch[];
}

export async function uncertaintyAnalysis(compiled: CompiledPlan, frame: Frame, spec: UncertaintySpec, options: UncertaintyOptions): Promise<UncertaintyResult> {
  const nominal = evaluate(compiled, frame, { chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE, asOf: options.asOf });
  const batches = await runDesign(compiled, frame, spec, 'uncertainty', options.n, options);
  return summarise(nominal, batches, options.n, options.seed);
}

/** Entities summarised between yields to the event loop: a service thread keeps answering (about 10 ms of sorting at N = 1,000). */
const SUMMARY_TURN = 64;

async function summarise(nominal: Results, batches: DoneBatch[], N: number, seed: number): Promise<UncertaintyResult> {
  const n = nominal.frame.n;
  const col = (): Float64Array => new Float64Array(n).fill(NaN);
  const res: UncertaintyResult = {
    nominal, replications: N, seed,
    rankMedian: col(), rankP05: col(), rankP95: col(), scoreMedian: col(), scoreP05: col(), scoreP95: col(), gradeShare: col(),
  };
  const hasGrades = nominal.plan.grades.length > 0;
  const ranks = new Float64Array(N);
  const scores = new Float64Array(N);
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % SUMMARY_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    let m = 0;
    let kept = 0;
    let r = 0;
    for (const b of batches) {
      const count = b.score.length / n;
      for (let k = 0; k < count; k++, r++) {
        const at = k * n + i;
        if (b.grade[at] === nominal.grade[i]) kept++;
        if (b.score[at] !== b.score[at]) continue;
        scores[m] = b.score[at];
        ranks[m] = b.rank[at];
        m++;
      }
    }
    const s = scores.subarray(0, m).sort();
    const q = ranks.subarray(0, m).sort();
    res.scoreMedian[i] = quantileSorted(s, 0.5);
    res.scoreP05[i] = quantileSorted(s, 0.05);
    res.scoreP95[i] = quantileSorted(s, 0.95);
    res.rankMedian[i] = quantileSorted(q, 0.5);
    res.rankP05[i] = quantileSorted(q, 0.05);
    res.rankP95[i] = quantileSorted(q, 0.95);
    if (hasGrades && nominal.grade[i] === nominal.grade[i]) res.gradeShare[i] = kept / r;
  }
  return res;
}
