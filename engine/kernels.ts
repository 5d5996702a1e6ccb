/** Instantiating the generated kernel sources as functions, once per plan (cached by plan hash). */
import { LRUCache } from 'lru-cache';
import { sourceUrl, type Code } from './code.js';
import { generateKernels, type KernelSources } from './codegen.js';
import type { CompiledPlan } from './compile.js';
import { buildLayout, type Layout } from './layout.js';
import { aggregateMethod } from './operators/aggregate/index.js';
import type { ScoringPlan } from './plan.js';
import { buildRecordFilters, type RecordFilters } from './records.js';

export type Kernel = (C: Float64Array[], P: Float64Array, G: Float64Array[], E: Int32Array, start: number, end: number) => void;

export interface Kernels {
  plan: ScoringPlan;
  layout: Layout;
  sources: KernelSources;
  prepare: Kernel;
  impute: Kernel;
  treat: Kernel;
  score: Kernel;
  /** Built with weightParams: scoring again after only weights changed (codegen.ts). */
  rescore: Kernel | null;
  filters: RecordFilters;
}

export const KERNEL_NAMES = ['prepare', 'impute', 'treat', 'score'] as const;

/** The source is generated from the validated plan only (see codegen.ts); the source URL names the plan and kernel in stack traces. */
function instantiate(source: Code, hash: string, name: string): Kernel {
  // oxlint-disable-next-line typescript/no-implied-eval -- kernels are compiled from the validated plan only
  return new Function('C', 'P', 'G', 'E', 'start', 'end', `${source}\n${sourceUrl(hash, name)}`) as Kernel;
}

export interface KernelOptions {
  /** Read each node's weight from P (layout.pWeight) instead of a constant, and build the rescore kernel. */
  weightParams?: boolean;
}

export function buildKernels(plan: ScoringPlan, hash: string, options: KernelOptions = {}): Kernels {
  const layout = buildLayout(plan);
  if (options.weightParams) {
    layout.pWeight = plan.nodes.map(() => layout.paramCount++);
    layout.logScore = plan.nodes.map((node) => {
      const parent = plan.nodes[node.parent];
      return node.kind === 'indicator' && parent?.kind === 'aggregate' && aggregateMethod(parent.aggregate) === 'geometric' ? layout.slotCount++ : -1;
    });
  }
  const sources = generateKernels(plan, layout, undefined, { rescore: options.weightParams });
  return {
    plan,
    layout,
    sources,
    prepare: instantiate(sources.prepare, hash, 'prepare'),
    impute: instantiate(sources.impute, hash, 'impute'),
    treat: instantiate(sources.treat, hash, 'treat'),
    score: instantiate(sources.score, hash, 'score'),
    rescore: sources.rescore ? instantiate(sources.rescore, hash, 'rescore') : null,
    filters: buildRecordFilters(plan, hash),
  };
}

const cache = new LRUCache<string, Kernels>({ max: 32 });

/** The kernels of a plan, built once per thread and kept by plan hash. */
export function kernelsFor(compiled: CompiledPlan): Kernels {
  let k = cache.get(compiled.hash);
  if (!k) {
    k = buildKernels(compiled.plan, compiled.hash);
    cache.set(compiled.hash, k);
  }
  return k;
}
