/**
 * Argsort of doubles in linear time: an LSD radix sort on the bit patterns (four 16-bit passes,
 * or six 11-bit passes below 65,536 keys, where clearing 65,536 buckets per pass would cost
 * more than the keys: an uncertainty analysis ranks thousands of small rounds),
 * made order-preserving (flip every bit of a negative, the sign bit of a positive). Stable, so
 * equal keys keep entity order; NaN keys are left out. A million keys sort in tens of
 * milliseconds, where a comparator sort of indices takes about a second.
 */
const WIDE_FROM = 1 << 16;

/** Indices of the non-NaN keys (of `members`, when given), in ascending key order. */
export function argsortAscending(keys: Float64Array, members?: Int32Array): Uint32Array {
  const total = members ? members.length : keys.length;
  let idx = new Uint32Array(total);
  let hi = new Uint32Array(total);
  let lo = new Uint32Array(total);
  const bits = new Uint32Array(2);
  const view = new Float64Array(bits.buffer);
  let m = 0;
  for (let j = 0; j < total; j++) {
    const i = members ? members[j] : j;
    const v = keys[i];
    if (v !== v) continue;
    view[0] = v === 0 ? 0 : v; // −0 sorts with +0
    const h = bits[1];
    const neg = h >>> 31 === 1;
    idx[m] = i;
    hi[m] = neg ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    lo[m] = neg ? ~bits[0] >>> 0 : bits[0];
    m++;
  }
  if (m < 2) return idx.slice(0, m);
  idx = idx.subarray(0, m);
  hi = hi.subarray(0, m);
  lo = lo.subarray(0, m);
  let idx2 = new Uint32Array(m);
  let hi2 = new Uint32Array(m);
  let lo2 = new Uint32Array(m);
  const digit = m >= WIDE_FROM ? 16 : 11;
  const radix = 1 << digit;
  const mask = radix - 1;
  const perWord = Math.ceil(32 / digit);
  const count = new Uint32Array(radix);
  for (let pass = 0; pass < 2 * perWord; pass++) {
    const word = pass < perWord ? lo : hi;
    const shift = (pass % perWord) * digit;
    count.fill(0);
    for (let k = 0; k < m; k++) count[(word[k] >>> shift) & mask]++;
    if (count[(word[0] >>> shift) & mask] === m) continue; // every key has this digit
    let sum = 0;
    for (let d = 0; d < radix; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let k = 0; k < m; k++) {
      const pos = count[(word[k] >>> shift) & mask]++;
      idx2[pos] = idx[k];
      hi2[pos] = hi[k];
      lo2[pos] = lo[k];
    }
    const t = idx;
    idx = idx2;
    idx2 = t;
    const th = hi;
    hi = hi2;
    hi2 = th;
    const tl = lo;
    lo = lo2;
    lo2 = tl;
  }
  return idx;
}

