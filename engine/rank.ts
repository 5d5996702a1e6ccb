/**
 * Competition ranks ("1224"): equal keys share the smallest rank. Missing keys (NaN) get no
 * rank (NaN). Sorting a copy of the keys and binary-searching each key keeps this to a
 * native typed-array sort plus n log n comparisons, with no per-entity objects.
 */

/** Rank 1 = largest key. Only entities with mask[i] !== 0 take part when a mask is given. */
export function competitionRankDescending(keys: Float64Array, out: Float64Array, members?: Int32Array): void {
  const idx = members ?? null;
  const m = idx ? idx.length : keys.length;
  const sorted = new Float64Array(m);
  let k = 0;
  for (let j = 0; j < m; j++) {
    const v = keys[idx ? idx[j] : j];
    if (v === v) sorted[k++] = v;
  }
  const present = sorted.subarray(0, k).sort();
  for (let j = 0; j < m; j++) {
    const i = idx ? idx[j] : j;
    const v = keys[i];
    // rank = 1 + number of keys strictly greater than v
    out[i] = v === v ? 1 + (k - upperBound(present, v)) : NaN;
  }
}

/** Rank 1 = smallest key (ties share the smallest rank), as R's rank(ties.method = "min"). */
export function minRankAscending(keys: Float64Array, out: Float64Array): number {
  const sorted = new Float64Array(keys.length);
  let k = 0;
  for (let i = 0; i < keys.length; i++) {
    const v = keys[i];
    if (v === v) sorted[k++] = v;
  }
  const present = sorted.subarray(0, k).sort();
  for (let i = 0; i < keys.length; i++) {
    const v = keys[i];
    out[i] = v === v ? 1 + lowerBound(present, v) : NaN;
  }
  return k;
}

/** First index whose value is ≥ v. */
function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > v. */
function upperBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
