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
import type { Results } from './results.js';
import { runReplications, type Design, type DesignAssumption, type ReplicationBatch, type ReplicationOut, type ReplicationTask } from './uncertainty-replicate.js';
import { summariseEntities, type SummaryTask } from './uncertainty-summary.js';

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

/** Counts the analyses this process has run on the pool, to key each one's batches. */
let analyses = 0;

/** A Float64Array or Float32Array of `length`, in shared memory when the pool fills it. */
function column<T extends Float64Array | Float32Array>(make: new (b: ArrayBufferLike) => T, bytes: number, length: number, shared: boolean): T {
  return new make(shared ? new SharedArrayBuffer(length * bytes) : new ArrayBuffer(length * bytes));
}

/** Every entity's rows (and grades kept against the nominal ones), or one number per evaluation (the sensitivity analysis' outputs). */
export type DesignOutput = { kind: 'entities'; nominalGrade: Float64Array } | { kind: 'shift'; nominalRank: Float64Array } | { kind: 'score'; entity: number };

/** Batches per thread: small enough that a slow batch doesn't leave a thread idle at the end. */
const BATCHES_PER_THREAD = 4;

/** [from, to) of k parts of 0..count. */
export function parts(count: number, k: number): [number, number][] {
  return Array.from({ length: k }, (_, j) => [Math.floor((j * count) / k), Math.floor(((j + 1) * count) / k)]);
}

/**
 * Checks the options and runs `count` evaluations of a design, on this thread or in batches on
 * the pool, each batch writing its evaluations into `out` (`entities` or `shift`, allocated here
 * in shared memory when the pool runs them). A batch's evaluations don't depend on its bounds,
 * so the result is the same for any thread count.
 */
export async function runDesign(compiled: CompiledPlan, frame: Frame, spec: UncertaintySpec, design: Design, count: number, options: UncertaintyOptions, output: DesignOutput): Promise<ReplicationOut> {
  const { n: N, seed } = options;
  if (!Number.isSafeInteger(N) || N < 1) throw new Error(`n must be a positive integer, got ${N}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`seed must be a whole number from 0 to 2^32 − 1, got ${seed}`);
  const threads = options.threads ?? 1;
  const shared = threads > 1;
  const n = frame.n;
  const out: ReplicationOut = output.kind === 'entities'
    ? { ...output, score: column(Float64Array, 8, count * n, shared), rank: column(Float32Array, 4, count * n, shared), gradeKept: new Int32Array(shared ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4)) }
    : { ...output, y: column(Float64Array, 8, count, shared) };
  const base: Omit<ReplicationTask, 'from' | 'to'> = {
    design, N, plan: compiled.plan, assumptions: designAssumptions(compiled, spec), frame, asOf: options.asOf ?? null,
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE, seed, out,
  };
  if (threads === 1) {
    checked([runReplications({ ...base, from: 0, to: count })]);
    return out;
  }
  const key = `${process.pid}:${++analyses}:${seed}`;
  const pool = getPool({ threads });
  const answers = await Promise.all(parts(count, Math.min(count, threads * BATCHES_PER_THREAD))
    .map(([from, to]) => pool.run({ ...base, from, to, key }, { name: 'runReplications' }) as Promise<ReplicationBatch>))
    .catch(poolFailure(`${design} analysis`));
  checked(answers);
  return out;
}

/** A pool task's rejection as the analysis' error. */
function poolFailure(where: string): (e: Error & { code?: string }) => never {
  return (e) => {
    throw new EvaluationError([{
      where,
      zh: `分析在工作线程中失败：${e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? '工作线程内存不足' : e.message}；没有产生任何结果`,
      en: `the analysis failed in a worker: ${e.code ? `${e.code}: ` : ''}${e.message}; nothing was produced`,
    }]);
  };
}

/** The first failure in evaluation order, if any, as the error. */
function checked(answers: ReplicationBatch[]): void {
  const failed = answers.find((a) => !a.ok);
  if (failed && !failed.ok) throw new KaoheError(failed.problems);
}

export async function uncertaintyAnalysis(compiled: CompiledPlan, frame: Frame, spec: UncertaintySpec, options: UncertaintyOptions): Promise<UncertaintyResult> {
  const nominal = evaluate(compiled, frame, { chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE, asOf: options.asOf });
  const rows = await runDesign(compiled, frame, spec, 'uncertainty', options.n, options, { kind: 'entities', nominalGrade: nominal.grade });
  if (rows.kind !== 'entities') throw new Error('the design wrote no rows');
  return summarise(nominal, rows, options.n, options.seed, options.threads ?? 1);
}

/** Entities per summary task on the pool. */
const SUMMARY_PART = 256;

async function summarise(nominal: Results, rows: Extract<ReplicationOut, { kind: 'entities' }>, N: number, seed: number, threads: number): Promise<UncertaintyResult> {
  const n = nominal.frame.n;
  const shared = threads > 1;
  const col = (): Float64Array => column(Float64Array, 8, n, shared);
  const scoreQ: SummaryTask['scoreQ'] = [col(), col(), col()];
  const rankQ: SummaryTask['rankQ'] = [col(), col(), col()];
  const task = { score: rows.score, rank: rows.rank, n, N, scoreQ, rankQ };
  if (!shared) summariseEntities({ ...task, from: 0, to: n });
  else {
    const pool = getPool({ threads });
    await Promise.all(parts(n, Math.max(1, Math.ceil(n / SUMMARY_PART))).map(([from, to]) => pool.run({ ...task, from, to }, { name: 'summariseEntities' })))
      .catch(poolFailure('uncertainty summary'));
  }
  const gradeShare = new Float64Array(n).fill(NaN);
  if (nominal.plan.grades.length > 0) {
    for (let i = 0; i < n; i++) if (nominal.grade[i] === nominal.grade[i]) gradeShare[i] = rows.gradeKept[i] / N;
  }
  return {
    nominal, replications: N, seed,
    scoreP05: scoreQ[0], scoreMedian: scoreQ[1], scoreP95: scoreQ[2],
    rankP05: rankQ[0], rankMedian: rankQ[1], rankP95: rankQ[2],
    gradeShare,
  };
}
