/**
 * Sensitivity analysis of the ranking: how much of the variance of the mean absolute rank shift
 * (the mean over ranked entities of |rank − nominal rank|, COINr's default output), or of one
 * entity's final score, each uncertain assumption explains. The design is Saltelli's, N·(d + 2) evaluations in COINr's
 * order (A, B, then AB_i for each assumption i: see samplesOf); the estimators are those of
 * COINr's SA_estimate: first order Saltelli (2010), S_i = mean(y_B·(y_ABi − y_A)) / V, total
 * Jansen (1999), ST_i = Σ(y_A − y_ABi)² / (2N·V), with V the sample variance of y_A and y_B
 * together. Bootstrap 95% bounds as SA_estimate computes them: per index, the N terms
 * resampled with replacement (variance kept), 2.5% and 97.5% type-7 quantiles of the estimates.
 */
import type { UncertaintySpec } from '../indicators/index.js';
import type { CompiledPlan } from './compile.js';
import { DEFAULT_CHUNK_SIZE, evaluate } from './evaluate.js';
import type { Frame } from './frame.js';
import { ReplicationRng } from './prng.js';
import { quantileSorted } from './quantile.js';
import { runDesign, type DesignOutput, type UncertaintyOptions } from './uncertainty.js';

/** Bootstrap resamples of each index. */
export const BOOTSTRAP = 1000;
/** Bootstrap streams sit above the assumptions' streams (which are their positions, far below). */
const BOOTSTRAP_STREAM = 0x80000000;

export interface SensitivityIndex {
  id: string;
  first: number;
  total: number;
  /** Bootstrap 95% bounds [2.5%, 97.5%]. */
  firstBounds: [number, number];
  totalBounds: [number, number];
}

export interface SensitivityResult {
  /** N, the base sample; N·(d + 2) evaluations were run. */
  n: number;
  seed: number;
  /** Sample variance of the output over A and B. */
  variance: number;
  indices: SensitivityIndex[];
}

export interface Estimates {
  variance: number;
  first: number[];
  total: number[];
  firstBounds: [number, number][];
  totalBounds: [number, number][];
}

/** S_i and ST_i from the N·(d + 2) outputs (A, B, AB_1 … AB_d, N each), with `boot` bootstrap resamples seeded by `seed`. */
export function saltelliJansen(y: ArrayLike<number>, N: number, d: number, boot = 0, seed = 0): Estimates {
  if (y.length !== N * (d + 2)) throw new Error(`expected ${N * (d + 2)} outputs, got ${y.length}`);
  let mean = 0;
  for (let k = 0; k < 2 * N; k++) mean += y[k];
  mean /= 2 * N;
  let ss = 0;
  for (let k = 0; k < 2 * N; k++) ss += (y[k] - mean) ** 2;
  const variance = ss / (2 * N - 1);
  const out: Estimates = { variance, first: [], total: [], firstBounds: [], totalBounds: [] };
  const fTerms = new Float64Array(N);
  const tTerms = new Float64Array(N);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < N; k++) {
      const a = y[k];
      const ab = y[(2 + i) * N + k];
      fTerms[k] = y[N + k] * (ab - a);
      tTerms[k] = (a - ab) ** 2;
    }
    const first = (terms: ArrayLike<number>): number => sum(terms) / N / variance;
    const total = (terms: ArrayLike<number>): number => sum(terms) / (2 * N * variance);
    out.first.push(first(fTerms));
    out.total.push(total(tTerms));
    out.firstBounds.push(bootstrap(fTerms, first, boot, new ReplicationRng(seed, 2 * i, BOOTSTRAP_STREAM)));
    out.totalBounds.push(bootstrap(tTerms, total, boot, new ReplicationRng(seed, 2 * i + 1, BOOTSTRAP_STREAM)));
  }
  return out;
}

function sum(x: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k];
  return s;
}

/** 2.5% and 97.5% quantiles of the estimate over resamples of its terms; NaN without resamples. */
function bootstrap(terms: Float64Array, estimate: (t: Float64Array) => number, boot: number, rng: ReplicationRng): [number, number] {
  if (boot === 0) return [NaN, NaN];
  const N = terms.length;
  const resample = new Float64Array(N);
  const values = new Float64Array(boot);
  for (let b = 0; b < boot; b++) {
    for (let k = 0; k < N; k++) resample[k] = terms[Math.floor(rng.next() * N)];
    values[b] = estimate(resample);
  }
  values.sort();
  return [quantileSorted(values, 0.025), quantileSorted(values, 0.975)];
}

export interface SensitivityOptions extends UncertaintyOptions {
  /** The output analysed: the mean absolute rank shift (default), or the final score of the entity at this frame index. */
  entity?: number;
}

export async function sensitivityAnalysis(compiled: CompiledPlan, frame: Frame, spec: UncertaintySpec, options: SensitivityOptions): Promise<SensitivityResult> {
  const N = options.n;
  const d = spec.assumptions.length;
  const { entity } = options;
  if (entity !== undefined && !(Number.isInteger(entity) && entity >= 0 && entity < frame.n)) throw new Error(`entity must be a frame index from 0 to ${frame.n - 1}, got ${entity}`);
  const output: DesignOutput = entity !== undefined
    ? { kind: 'score', entity }
    : { kind: 'shift', nominalRank: evaluate(compiled, frame, { chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE, asOf: options.asOf }).rank };
  const out = await runDesign(compiled, frame, spec, 'sensitivity', N * (d + 2), options, output);
  if (out.kind === 'entities') throw new Error('the design wrote rows, not one output per evaluation');
  const y = out.y;
  const e = saltelliJansen(y, N, d, BOOTSTRAP, options.seed);
  return {
    n: N, seed: options.seed, variance: e.variance,
    indices: spec.assumptions.map((a, i) => ({ id: a.id, first: e.first[i], total: e.total[i], firstBounds: e.firstBounds[i], totalBounds: e.totalBounds[i] })),
  };
}
