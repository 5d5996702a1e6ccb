/**
 * Per entity, the median and 5% and 95% quantiles of its score and rank over the replications
 * that scored it, from the replications' rows (replication-major: row r holds every entity).
 * Entities are taken a block at a time, their values gathered into one contiguous run each
 * (the rows are read in order, a block wide), and each quantile's two order statistics found by
 * selection (scores) or counting (ranks), not by sorting: linear in N. The values are those quantileSorted gives on the
 * sorted run, bit for bit (selection orders −0 before +0 as the sort does). Entity ranges are
 * independent, so the pool can summarise them in parallel into shared columns.
 */
import { between } from './quantile.js';

export const QUANTILES = [0.05, 0.5, 0.95] as const;

export interface SummaryTask {
  /** Replication rows: N × n values each (score NaN where unscored). */
  score: Float64Array;
  rank: Float32Array;
  n: number;
  N: number;
  /** Entities from..to−1. */
  from: number;
  to: number;
  /** Output columns of n: quantiles of the score and rank, in QUANTILES order. */
  scoreQ: [Float64Array, Float64Array, Float64Array];
  rankQ: [Float64Array, Float64Array, Float64Array];
}

/** Entities gathered per pass over the rows. */
const BLOCK = 32;

/** x < y in the order of a sorted Float64Array (−0 before +0); no NaN. */
const lt = (x: number, y: number): boolean => x < y || (x === 0 && y === 0 && 1 / x < 1 / y);

/**
 * Rearranges a[left..right] so that a[k] holds the value a sort would put there, with nothing
 * greater before it and nothing smaller after it. Three-way partitions around a median of three,
 * so runs of equal values (ranks repeat a lot) cost one pass, not one pass per value.
 */
function select(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    const x = a[left];
    const y = a[(left + right) >> 1];
    const z = a[right];
    const pivot = lt(x, y) ? (lt(y, z) ? y : lt(x, z) ? z : x) : lt(x, z) ? x : lt(y, z) ? z : y;
    // a[left..lo−1] < pivot, a[lo..i−1] = pivot, a[hi+1..right] > pivot.
    let lo = left;
    let i = left;
    let hi = right;
    while (i <= hi) {
      const v = a[i];
      if (lt(v, pivot)) swap(a, i++, lo++);
      else if (lt(pivot, v)) swap(a, i, hi--);
      else i++;
    }
    if (k < lo) right = lo - 1;
    else if (k > hi) left = hi + 1;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Type-7 quantiles of the m values in a (reordered), at QUANTILES, into out[q][at]; as quantileSorted on the sorted values. */
export function quantilesBySelection(a: Float64Array, m: number, out: Float64Array[], at: number): void {
  if (m === 0) {
    for (const o of out) o[at] = NaN;
    return;
  }
  // The order statistics in ascending order; each search looks only above the last one found.
  let left = 0;
  QUANTILES.forEach((p, q) => {
    const h = (m - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.ceil(h);
    if (lo >= left) {
      select(a, lo, left, m - 1);
      left = lo + 1;
    }
    if (hi >= left) {
      // The least value above a[lo], moved next to it.
      let k = hi;
      for (let i = hi + 1; i < m; i++) if (lt(a[i], a[k])) k = i;
      swap(a, k, hi);
      left = hi + 1;
    }
    out[q][at] = between(a[lo], a[hi], h - lo);
  });
}

/**
 * The same for whole numbers (ranks), by counting: one pass for the range, one to count. Falls
 * back to selection when a value is not a whole number or the range is wider than `counts`.
 */
export function quantilesOfWholeNumbers(a: Float64Array, m: number, out: Float64Array[], at: number, counts: Int32Array): void {
  if (m === 0) return quantilesBySelection(a, m, out, at);
  let min = a[0];
  let max = a[0];
  let whole = true;
  for (let k = 0; k < m; k++) {
    const x = a[k];
    if (x < min) min = x;
    if (x > max) max = x;
    if (x !== Math.floor(x)) whole = false;
  }
  if (!whole || max - min >= counts.length) return quantilesBySelection(a, m, out, at);
  counts.fill(0, 0, max - min + 1);
  for (let k = 0; k < m; k++) counts[a[k] - min]++;
  // v: the value (− min) at sorted position `pos`; `upTo`: how many values are ≤ v.
  let v = 0;
  let upTo = counts[0];
  const valueAt = (pos: number): number => {
    // A quantile's lower neighbour can lie before the last one's upper neighbour (m = 2): start over.
    if (pos < upTo - counts[v]) {
      v = 0;
      upTo = counts[0];
    }
    while (upTo <= pos) upTo += counts[++v];
    return min + v;
  };
  QUANTILES.forEach((p, q) => {
    const h = (m - 1) * p;
    const lo = Math.floor(h);
    const x = valueAt(lo);
    out[q][at] = between(x, valueAt(Math.ceil(h)), h - lo);
  });
}

export function summariseEntities(task: SummaryTask): null {
  const { score, rank, n, N } = task;
  const s = Array.from({ length: BLOCK }, () => new Float64Array(N));
  const q = Array.from({ length: BLOCK }, () => new Float64Array(N));
  const m = new Int32Array(BLOCK);
  const counts = new Int32Array(n + 1);
  for (let b0 = task.from; b0 < task.to; b0 += BLOCK) {
    const width = Math.min(BLOCK, task.to - b0);
    m.fill(0);
    for (let r = 0, row = 0; r < N; r++, row += n) {
      for (let k = 0; k < width; k++) {
        const v = score[row + b0 + k];
        if (v !== v) continue;
        s[k][m[k]] = v;
        q[k][m[k]++] = rank[row + b0 + k];
      }
    }
    for (let k = 0; k < width; k++) {
      quantilesBySelection(s[k], m[k], task.scoreQ, b0 + k);
      quantilesOfWholeNumbers(q[k], m[k], task.rankQ, b0 + k, counts);
    }
  }
  return null;
}
