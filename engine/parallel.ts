/**
 * Evaluation on the worker pool. Columns live in SharedArrayBuffers; each step is split into
 * tasks over contiguous runs of the fixed-size chunks; answers come back per chunk and are
 * merged in chunk order by the same steps as inline evaluation, so any thread count gives the
 * same bits. Small rounds run inline: the pool is not worth its messages there.
 */
import { availableParallelism } from 'node:os';
import { KaoheError } from '../indicators/index.js';
import type { ChunkError, KernelName, MomentsPart } from './chunk-ops.js';
import type { CompiledPlan } from './compile.js';
import { chunkStarts, DEFAULT_CHUNK_SIZE, evaluate } from './evaluate.js';
import type { Frame } from './frame.js';
import { kernelsFor } from './kernels.js';
import type { ScoringPlan } from './plan.js';
import { getPool, type PoolOptions } from './pool.js';
import type { Results } from './results.js';
import { evaluationSteps, initState, type EvalState, type Step, type StepAnswer } from './steps.js';
import type { ChunkTaskResult } from './worker.js';

/** Below this many entities a round runs inline. */
export const PARALLEL_FROM = 20_000;

export interface ParallelOptions {
  /** Worker threads; 1 runs inline on this thread. Default: every core. */
  threads?: number;
  chunkSize?: number;
  /** Run on the pool from this many entities (default PARALLEL_FROM). */
  parallelFrom?: number;
  /** Called as chunks finish: done and total chunk-steps of the row-wise phases. */
  onProgress?: (done: number, total: number) => void;
  resourceLimits?: PoolOptions['resourceLimits'];
  /** Evaluation date for dated records, as a day number. */
  asOf?: number;
}

export interface ChunkTask {
  hash: string;
  plan: ScoringPlan;
  columns: Float64Array[];
  P: Float64Array;
  G: Float64Array[];
  op:
    | { kind: 'kernel'; kernel: KernelName }
    | { kind: 'moments'; slots: number[] }
    | { kind: 'centred'; slots: number[]; centres: number[] }
    /** Ranks written into `out` (overall, then one per group): shared columns the driver allocated. */
    | (Extract<Step, { kind: 'rank' }> & { out: Float64Array[] });
  starts: number[];
  chunkSize: number;
  n: number;
}

/** A step that failed in a worker (it threw, or ran out of memory). Nothing of the run is kept. */
export class EvaluationError extends KaoheError {}

export async function evaluateParallel(compiled: CompiledPlan, frame: Frame, options: ParallelOptions = {}): Promise<Results> {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be a positive integer, got ${threads}`);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (threads === 1 || frame.n < (options.parallelFrom ?? PARALLEL_FROM)) return evaluate(compiled, frame, { chunkSize, asOf: options.asOf });

  const { layout } = kernelsFor(compiled);
  const st = initState(compiled, frame, layout, chunkSize, true, options.asOf);
  const pool = getPool({ threads, resourceLimits: options.resourceLimits });
  const starts = chunkStarts(st.n, chunkSize);
  const progress = { done: 0, total: 4 * starts.length, report: options.onProgress };
  const steps = evaluationSteps(st);
  let next = steps.next();
  while (!next.done) next = steps.next(await runOnPool(pool.run.bind(pool), st, next.value, starts, threads, progress));
  return next.value;
}

type Run = (task: ChunkTask) => Promise<ChunkTaskResult>;

/** The final ranks, as one task: a sort of every score, in a worker rather than on this thread. */
async function rankOnPool(run: Run, st: EvalState, step: Extract<Step, { kind: 'rank' }>): Promise<StepAnswer> {
  const out = [step, ...step.groups].map(() => new Float64Array(new SharedArrayBuffer(st.n * 8)));
  try {
    await run({ hash: st.compiled.hash, plan: st.compiled.plan, columns: st.C, P: st.P, G: st.G, chunkSize: st.chunkSize, n: st.n, starts: [], op: { ...step, out } });
  } catch (e) {
    const cause = e as Error & { code?: string };
    throw new EvaluationError([{
      where: 'step rank',
      zh: `排名在工作线程中失败：${cause.code === 'ERR_WORKER_OUT_OF_MEMORY' ? '工作线程内存不足 / the worker ran out of memory' : cause.message}；本次评分没有产生任何结果`,
      en: `ranking failed in a worker: ${cause.code ? `${cause.code}: ` : ''}${cause.message}; this run produced no results`,
    }]);
  }
  return { kind: 'rank', rank: out[0], groupRanks: out.slice(1) };
}

async function runOnPool(run: Run, st: EvalState, step: Step, starts: number[], threads: number, progress: { done: number; total: number; report?: (d: number, t: number) => void }): Promise<StepAnswer> {
  if (step.kind === 'rank') return rankOnPool(run, st, step);
  // A few tasks per thread keeps both cores busy to the end without flooding the queue.
  const tasks = Math.min(starts.length, threads * 4);
  const groups = Array.from({ length: tasks }, (_, k) => starts.slice(Math.floor((k * starts.length) / tasks), Math.floor(((k + 1) * starts.length) / tasks)));
  const base = { hash: st.compiled.hash, plan: st.compiled.plan, columns: st.C, P: st.P, G: st.G, chunkSize: st.chunkSize, n: st.n };
  const settled = await Promise.allSettled(groups.map(async (g) => {
    const r = await run({ ...base, op: step, starts: g });
    if (step.kind === 'kernel') {
      progress.done += g.length;
      progress.report?.(progress.done, progress.total);
    }
    return r;
  }));
  const failed = settled.findIndex((s) => s.status === 'rejected');
  if (failed >= 0) {
    const g = groups[failed];
    const cause = (settled[failed] as PromiseRejectedResult).reason as Error & { code?: string };
    const first = starts.indexOf(g[0]);
    const last = Math.min(st.n, g[g.length - 1] + st.chunkSize) - 1;
    const what = cause.code === 'ERR_WORKER_OUT_OF_MEMORY' ? '工作线程内存不足 / the worker ran out of memory' : `${cause.message}`;
    throw new EvaluationError([{
      where: `chunk ${first}–${first + g.length - 1} (entities ${g[0]}–${last}), step ${step.kind === 'kernel' ? step.kernel : step.kind}`,
      zh: `评分在工作线程中失败：${what}；本次评分没有产生任何结果`,
      en: `scoring failed in a worker: ${cause.code ? `${cause.code}: ` : ''}${cause.message}; this run produced no results`,
    }]);
  }
  const values = settled.map((s) => (s as PromiseFulfilledResult<ChunkTaskResult>).value);
  switch (step.kind) {
    case 'kernel':
      return { kind: 'kernel', errors: values.flat() as ChunkError[] };
    case 'moments':
      return { kind: 'moments', parts: values.flat() as MomentsPart[][] };
    case 'centred':
      return { kind: 'centred', parts: values.flat() as number[][][] };
    default:
      throw new Error(`unknown step "${(step as { kind: string }).kind}"`);
  }
}
