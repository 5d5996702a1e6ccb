/**
 * Sample quantiles, type 7 of Hyndman and Fan (R's quantile() default): for m sorted values
 * x[0..m−1] and probability p, h = (m − 1)·p, and the quantile is (1 − f)·x[⌊h⌋] + f·x[⌈h⌉]
 * with f = h − ⌊h⌋, computed as R computes it, so equal neighbours give that value exactly.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  const h = (m - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return between(sorted[lo], sorted[hi], h - lo);
}

/** (1 − f)·a + f·b, and a itself when a and b are equal. */
export function between(a: number, b: number, f: number): number {
  if (a === b) return a;
  return (1 - f) * a + f * b;
}
