/** Instantiating the generated kernel sources as functions, once per plan (cached by plan hash). */
import { LRUCache } from 'lru-cache';
import { generateKernels, type KernelSources } from './codegen.js';
import type { CompiledPlan } from './compile.js';
import { buildLayout, type Layout } from './layout.js';
import type { ScoringPlan } from './plan.js';

export type Kernel = (C: Float64Array[], P: Float64Array, G: Float64Array[], E: Int32Array, start: number, end: number) => void;

export interface Kernels {
  plan: ScoringPlan;
  layout: Layout;
  sources: KernelSources;
  prepare: Kernel;
  impute: Kernel;
  treat: Kernel;
  score: Kernel;
}

function instantiate(source: string): Kernel {
  // The source is generated from the validated plan only (see codegen.ts).
  return new Function('C', 'P', 'G', 'E', 'start', 'end', source) as Kernel;
}

export function buildKernels(plan: ScoringPlan): Kernels {
  const layout = buildLayout(plan);
  const sources = generateKernels(plan, layout);
  return {
    plan,
    layout,
    sources,
    prepare: instantiate(sources.prepare),
    impute: instantiate(sources.impute),
    treat: instantiate(sources.treat),
    score: instantiate(sources.score),
  };
}

const cache = new LRUCache<string, Kernels>({ max: 32 });

/** The kernels of a plan, built once per thread and kept by plan hash. */
export function kernelsFor(compiled: CompiledPlan): Kernels {
  let k = cache.get(compiled.hash);
  if (!k) {
    k = buildKernels(compiled.plan);
    cache.set(compiled.hash, k);
  }
  return k;
}
