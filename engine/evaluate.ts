/**
 * Inline evaluation on the calling thread: the evaluation steps (steps.ts) driven chunk by
 * chunk with the same per-chunk functions the pool's workers use.
 */
import { centredChunk, momentsChunk, runKernelChunk } from './chunk-ops.js';
import type { CompiledPlan } from './compile.js';
import type { Frame } from './frame.js';
import { kernelsFor, type Kernels } from './kernels.js';
import { rankRound } from './rank.js';
import type { Results } from './results.js';
import { evaluationSteps, initState, type EvalState, type Step, type StepAnswer } from './steps.js';

/** Entities per chunk. Fixed, and independent of the thread count. */
export const DEFAULT_CHUNK_SIZE = 16_384;

export interface EvaluateOptions {
  chunkSize?: number;
  /** Evaluation date for dated records, as a day number (engine/calendar.ts parseDay). */
  asOf?: number;
}

export function evaluate(compiled: CompiledPlan, frame: Frame, options: EvaluateOptions = {}): Results {
  const kernels = kernelsFor(compiled);
  const st = initState(compiled, frame, kernels.layout, options.chunkSize ?? DEFAULT_CHUNK_SIZE, false, options.asOf);
  return driveInline(st, kernels);
}

/** The evaluation steps of a prepared state, run on this thread with the given kernels. */
export function driveInline(st: EvalState, kernels: Kernels): Results {
  const steps = evaluationSteps(st);
  let next = steps.next();
  while (!next.done) next = steps.next(runInline(st, kernels, next.value));
  return next.value;
}

/** Chunk start offsets: 0, chunkSize, 2·chunkSize, … */
export function chunkStarts(n: number, chunkSize: number): number[] {
  const starts: number[] = [];
  for (let s = 0; s < n; s += chunkSize) starts.push(s);
  return starts;
}

function runInline(st: EvalState, kernels: Kernels, step: Step): StepAnswer {
  const starts = chunkStarts(st.n, st.chunkSize);
  const end = (s: number): number => Math.min(st.n, s + st.chunkSize);
  switch (step.kind) {
    case 'kernel': {
      const k = kernels[step.kernel];
      if (!k) throw new Error(`the ${step.kernel} kernel was not built for this plan`);
      const errors = [];
      for (const s of starts) {
        const e = runKernelChunk(k, st.C, st.P, st.G, s, end(s));
        errors.push(e);
        if (e) break;
      }
      return { kind: 'kernel', errors };
    }
    case 'moments':
      return { kind: 'moments', parts: starts.map((s) => step.slots.map((slot) => momentsChunk(st.C[slot], s, end(s)))) };
    case 'centred':
      return { kind: 'centred', parts: starts.map((s) => step.slots.map((slot, k) => centredChunk(st.C[slot], step.centres[k], s, end(s)))) };
    case 'rank': {
      const rank = new Float64Array(st.n);
      const groupRanks = step.groups.map(() => new Float64Array(st.n));
      rankRound(st.C[step.slot], step.decimals, step.direction, step.groups.map((g) => ({ codes: st.C[g.slot], count: g.count })), rank, groupRanks);
      return { kind: 'rank', rank, groupRanks };
    }
    default:
      throw new Error('unknown step');
  }
}
