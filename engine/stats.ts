/**
 * Column statistics. Moments are computed per chunk (chunk-ops.ts) and merge exactly (min,
 * max, counts, exact sums), so they never depend on the chunk size; order statistics (median)
 * and the outlier rule's moments read the whole column, which is also order-free.
 */
import { BlockSum } from './block-sum.js';
import { ExactSum } from './exact-sum.js';

export interface Moments {
  n: number;
  min: number;
  max: number;
  sum: ExactSum;
}

export function emptyMoments(): Moments {
  return { n: 0, min: Infinity, max: -Infinity, sum: new ExactSum() };
}

export function accumulate(m: Moments, values: Float64Array, start: number, end: number): void {
  const sum = new BlockSum();
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v !== v) continue;
    m.n++;
    if (v < m.min) m.min = v;
    if (v > m.max) m.max = v;
    sum.add(v);
  }
  if (!sum.nonFinite) m.sum.merge(sum.toExactSum());
  else for (let i = start; i < end; i++) if (values[i] === values[i]) m.sum.add(values[i]);
}

/** Exact sum of (x − centre)^power over non-missing values of a range. */
export function centredPowerSum(values: Float64Array, centre: number, power: 2 | 3 | 4, start: number, end: number): ExactSum {
  const fast = new BlockSum();
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v !== v) continue;
    const d = v - centre;
    const d2 = d * d;
    fast.add(power === 2 ? d2 : power === 3 ? d2 * d : d2 * d2);
  }
  return fast.nonFinite ? exactCentredSum(values, centre, power, start, end) : fast.toExactSum();
}

/** Term by term in column order: what a sum with a NaN or infinite term is defined as. */
function exactCentredSum(values: Float64Array, centre: number, power: 2 | 3 | 4, start: number, end: number): ExactSum {
  const s = new ExactSum();
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v !== v) continue;
    const d = v - centre;
    const d2 = d * d;
    s.add(power === 2 ? d2 : power === 3 ? d2 * d : d2 * d2);
  }
  return s;
}

/** Non-missing values, sorted ascending. */
export function sortedPresent(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) out[k++] = v;
  }
  return out.subarray(0, k).sort();
}

/** Median as R computes it: the middle value, or the mean of the two middle values. */
export function median(values: Float64Array): number {
  const s = sortedPresent(values);
  const n = s.length;
  if (n === 0) return NaN;
  const h = n >>> 1;
  return n % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Mean per group code (codes are 0..k−1 in `groups`; NaN = no group). NaN where a group has no values. */
export function groupMeans(values: Float64Array, groups: Float64Array, groupCount: number): Float64Array {
  const sums = Array.from({ length: groupCount }, () => new ExactSum());
  const counts = new Float64Array(groupCount);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const g = groups[i];
    if (v !== v || g !== g) continue;
    sums[g].add(v);
    counts[g]++;
  }
  const out = new Float64Array(groupCount);
  for (let g = 0; g < groupCount; g++) out[g] = counts[g] > 0 ? sums[g].value() / counts[g] : NaN;
  return out;
}

/** Sample skewness and kurtosis, "type 2" (as Excel's SKEW and KURT, e1071 type 2, COINr). */
export function skewKurtosis(values: Float64Array): { n: number; skew: number; kurtosis: number } {
  const { n, sum } = presentSum(values);
  return skewKurtosisOf(values, n, sum);
}

/** The count and exact sum of the non-missing values (a BlockSum to update as values change). */
export function presentSum(values: Float64Array): { n: number; sum: BlockSum } {
  let n = 0;
  const sum = new BlockSum();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) {
      n++;
      sum.add(v);
    }
  }
  return { n, sum };
}

/** skewKurtosis given the count and exact sum of the non-missing values. */
export function skewKurtosisOf(values: Float64Array, n: number, sum: BlockSum): { n: number; skew: number; kurtosis: number } {
  if (n < 4) return { n, skew: NaN, kurtosis: NaN };
  const mean = (sum.nonFinite ? exactSumOf(values) : sum.value()) / n;
  const [m2, m3, m4] = centredMoments(values, mean);
  const g1 = (Math.sqrt(n) * m3) / m2 ** 1.5;
  const skew = (g1 * Math.sqrt(n * (n - 1))) / (n - 2);
  const r = (n * m4) / (m2 * m2);
  const kurtosis = (((n + 1) * (r - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3));
  return { n, skew, kurtosis };
}

const UNIT_ROUNDOFF = 2 ** -53;

/**
 * Intervals that hold what skewKurtosisOf gives, from plain floating-point sums, for decisions
 * that only need to know which side of a threshold the exact values are on. A sum of n terms
 * added one by one is within γ·Σ|term| of the exact sum (γ = n·u / (1 − n·u); taken twice
 * here), and skewness and kurtosis are monotone in the sums, so the exact values lie in the
 * intervals, widened by a margin far above the few roundings of the formulas and of the exact
 * sums. Null when m2's interval reaches 0 or a sum isn't finite: then only the exact values will do.
 */
export function skewKurtosisBounds(values: Float64Array, n: number, mean: number): { skew: [number, number]; kurtosis: [number, number] } | null {
  let s2 = 0;
  let s3 = 0;
  let a3 = 0;
  let s4 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    const d = v - mean;
    const d2 = d * d;
    const d3 = d2 * d;
    s2 += d2;
    s3 += d3;
    a3 += Math.abs(d3);
    s4 += d2 * d2;
  }
  const g = (2 * n * UNIT_ROUNDOFF) / (1 - n * UNIT_ROUNDOFF);
  const [m2lo, m2hi] = [s2 - g * s2, s2 + g * s2];
  const [m3lo, m3hi] = [s3 - g * a3, s3 + g * a3];
  const [m4lo, m4hi] = [s4 - g * s4, s4 + g * s4];
  if (!(m2lo > 0) || !Number.isFinite(m2hi + m3hi + m4hi)) return null;
  const c = (Math.sqrt(n) * Math.sqrt(n * (n - 1))) / (n - 2);
  const skewLo = (c * m3lo) / (m3lo >= 0 ? m2hi ** 1.5 : m2lo ** 1.5);
  const skewHi = (c * m3hi) / (m3hi >= 0 ? m2lo ** 1.5 : m2hi ** 1.5);
  const f = ((n + 1) * (n - 1)) / ((n - 2) * (n - 3));
  const kurt = (r: number): number => (((n + 1) * (r - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3));
  const rLo = (n * m4lo) / (m2hi * m2hi);
  const rHi = (n * m4hi) / (m2lo * m2lo);
  const MARGIN = 1e-9;
  const skewMargin = MARGIN * Math.max(Math.abs(skewLo), Math.abs(skewHi));
  const kurtMargin = MARGIN * (f * (Math.abs(rHi) + 3) + 6);
  return { skew: [skewLo - skewMargin, skewHi + skewMargin], kurtosis: [kurt(rLo) - kurtMargin, kurt(rHi) + kurtMargin] };
}

/** The exact sums of (x − centre)^2, ^3 and ^4 over the non-missing values, in one pass. */
function centredMoments(values: Float64Array, centre: number): [number, number, number] {
  const s2 = new BlockSum();
  const s3 = new BlockSum();
  const s4 = new BlockSum();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    const d = v - centre;
    const d2 = d * d;
    s2.add(d2);
    s3.add(d2 * d);
    s4.add(d2 * d2);
  }
  const exact = (s: BlockSum, power: 2 | 3 | 4): number => (s.nonFinite ? exactCentredSum(values, centre, power, 0, values.length).value() : s.value());
  return [exact(s2, 2), exact(s3, 3), exact(s4, 4)];
}

function exactSumOf(values: Float64Array): number {
  const s = new ExactSum();
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) s.add(values[i]);
  return s.value();
}

/** What normalisations read of a column (from chunked moments, see steps.ts). */
export interface ColumnSummary {
  n: number;
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (n − 1), NaN when n < 2. */
  sd: number;
}
