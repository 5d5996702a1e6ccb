/**
 * Sensitivity analysis of the ranking: how much of the variance of the mean absolute rank shift
 * (the mean over ranked entities of |rank − nominal rank|, COINr's default output) each
 * uncertain assumption explains. The design is Saltelli's, N·(d + 2) evaluations in COINr's
 * order (A, B, then AB_i for each assumption i: see samplesOf); the estimators are those of
 * COINr's SA_estimate: first order Saltelli (2010), S_i = mean(y_B·(y_ABi − y_A)) / V, total
 * Jansen (1999), ST_i = Σ(y_A − y_ABi)² / (2N·V), with V the sample variance of y_A and y_B
 * together.
 */
import type { UncertaintySpec } from '../indicators/index.js';
import type { CompiledPlan } from './compile.js';
import { DEFAULT_CHUNK_SIZE, evaluate } from './evaluate.js';
import type { Frame } from './frame.js';
import { runDesign, type UncertaintyOptions } from './uncertainty.js';

export interface SensitivityIndex {
  id: string;
  first: number;
  total: number;
}

export interface SensitivityResult {
  /** N, the base sample; N·(d + 2) evaluations were run. */
  n: number;
  seed: number;
  /** Sample variance of the output over A and B. */
  variance: number;
  indices: SensitivityIndex[];
}

/** S_i and ST_i from the N·(d + 2) outputs (A, B, AB_1 … AB_d, N each). */
export function saltelliJansen(y: ArrayLike<number>, N: number, d: number): { variance: number; first: number[]; total: number[] } {
  if (y.length !== N * (d + 2)) throw new Error(`expected ${N * (d + 2)} outputs, got ${y.length}`);
  let mean = 0;
  for (let k = 0; k < 2 * N; k++) mean += y[k];
  mean /= 2 * N;
  let ss = 0;
  for (let k = 0; k < 2 * N; k++) ss += (y[k] - mean) ** 2;
  const variance = ss / (2 * N - 1);
  const first: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < d; i++) {
    let f = 0;
    let t = 0;
    for (let k = 0; k < N; k++) {
      const a = y[k];
      const b = y[N + k];
      const ab = y[(2 + i) * N + k];
      f += b * (ab - a);
      t += (a - ab) ** 2;
    }
    first.push(f / N / variance);
    total.push(t / (2 * N * variance));
  }
  return { variance, first, total };
}

export async function sensitivityAnalysis(compiled: CompiledPlan, frame: Frame, spec: UncertaintySpec, options: UncertaintyOptions): Promise<SensitivityResult> {
  const N = options.n;
  const d = spec.assumptions.length;
  const nominal = evaluate(compiled, frame, { chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE, asOf: options.asOf });
  const batches = await runDesign(compiled, frame, spec, 'sensitivity', N * (d + 2), options);
  const n = frame.n;
  const y: number[] = [];
  for (const b of batches) {
    for (let at = 0; at < b.rank.length; at += n) {
      let sum = 0;
      let m = 0;
      for (let i = 0; i < n; i++) {
        const r = b.rank[at + i];
        const r0 = nominal.rank[i];
        if (r !== r || r0 !== r0) continue;
        sum += Math.abs(r - r0);
        m++;
      }
      y.push(m > 0 ? sum / m : NaN);
    }
  }
  const { variance, first, total } = saltelliJansen(y, N, d);
  return { n: N, seed: options.seed, variance, indices: spec.assumptions.map((a, i) => ({ id: a.id, first: first[i], total: total[i] })) };
}
