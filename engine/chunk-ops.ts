/**
 * What is done to one chunk of entities. The inline evaluator and the pool's workers call these
 * same functions, so a chunk gives the same bits wherever it runs. Results are plain data
 * (numbers and arrays) that cross a thread boundary unchanged.
 */
import { ExactSum } from './exact-sum.js';
import type { Kernel } from './kernels.js';
import { accumulate, centredPowerSum, emptyMoments } from './stats.js';

/** `rescore` runs only inline, on a state kept between replications (steps.ts). */
export type KernelName = 'prepare' | 'impute' | 'treat' | 'score' | 'rescore';
export const KERNEL_NAMES: readonly KernelName[] = ['prepare', 'impute', 'treat', 'score'];

/** The first aggregation error in a chunk: [entity index + 1, node, child], or null. */
export type ChunkError = [number, number, number] | null;

export function runKernelChunk(kernel: Kernel, C: Float64Array[], P: Float64Array, G: Float64Array[], start: number, end: number): ChunkError {
  const E = new Int32Array(3);
  kernel(C, P, G, E, start, end);
  return E[0] === 0 ? null : [E[0], E[1], E[2]];
}

export interface MomentsPart {
  n: number;
  min: number;
  max: number;
  sum: number[];
}

export function momentsChunk(values: Float64Array, start: number, end: number): MomentsPart {
  const m = emptyMoments();
  accumulate(m, values, start, end);
  return { n: m.n, min: m.min, max: m.max, sum: m.sum.toPartials() };
}

export function centredChunk(values: Float64Array, centre: number, start: number, end: number): number[] {
  return centredPowerSum(values, centre, 2, start, end).toPartials();
}

/** Merge per-chunk moments, in chunk order, into count, min, max and the exact sum. */
export function mergeMomentParts(parts: MomentsPart[]): { n: number; min: number; max: number; sum: number } {
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  const sum = new ExactSum();
  for (const p of parts) {
    n += p.n;
    if (p.min < min) min = p.min;
    if (p.max > max) max = p.max;
    sum.merge(ExactSum.fromPartials(p.sum));
  }
  return { n, min, max, sum: sum.value() };
}

export function mergeSumParts(parts: number[][]): number {
  const s = new ExactSum();
  for (const p of parts) s.merge(ExactSum.fromPartials(p));
  return s.value();
}
