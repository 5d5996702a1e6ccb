/**
 * Publication rounding: round half to even on the exact binary value of the double, as R's
 * round() and the published indices do (72.25 → 72.2, because 72.25 is exact and 2 is even;
 * 39.65 → 39.6, because the double nearest 39.65 lies just below it). JavaScript's toFixed
 * and Math.round round ties away from zero, so they can't be used.
 */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

export function roundHalfEven(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const p = POW10[decimals];
  const y = x * p;
  if (Math.abs(y) >= 2 ** 52) return x;
  const fl = Math.floor(y);
  const frac = y - fl;
  // Far from a tie, the product's rounding error (≤ half an ulp of y) cannot change the answer.
  if (Math.abs(frac - 0.5) > 1e-7) return (frac < 0.5 ? fl : fl + 1) / p;
  return exactRoundHalfEven(x, decimals) / p;
}

/** The rounded value times 10^decimals, decided in exact integer arithmetic. */
function exactRoundHalfEven(x: number, decimals: number): number {
  const { mantissa, exponent } = decompose(x);
  // x = mantissa · 2^exponent; scaled = x · 10^d = mantissa · 10^d / 2^-exponent
  const num = mantissa * 10n ** BigInt(decimals);
  if (exponent >= 0) return Number(num << BigInt(exponent));
  const den = 1n << BigInt(-exponent);
  const neg = num < 0n;
  const a = neg ? -num : num;
  let q = a / den;
  const r2 = (a % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  return Number(neg ? -q : q);
}

function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (biased === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  return { mantissa: sign * m, exponent: e };
}

/**
 * The least double x with roundHalfEven(x, decimals) ≥ min: a score reaches `min` once
 * rounded exactly when it is at least this. Found by bisection over the doubles within one
 * rounding unit of min (roundHalfEven never decreases as x grows).
 */
export function leastRoundingTo(min: number, decimals: number): number {
  const unit = 1 / POW10[decimals];
  // Beyond 2^52 units a double has no digits to round: the edge is min itself.
  if (min - unit === min || min + unit === min) return min;
  const reaches = (x: number): boolean => roundHalfEven(x, decimals) >= min;
  let lo = min - unit;
  let hi = min + unit;
  if (reaches(lo) || !reaches(hi)) throw new Error(`leastRoundingTo: no edge for ${min} at ${decimals} decimals`);
  for (;;) {
    const mid = lo + (hi - lo) / 2;
    if (mid === lo || mid === hi) return hi;
    if (reaches(mid)) hi = mid;
    else lo = mid;
  }
}

/** The rounded value as text with exactly `decimals` digits after the point ("72.2", "80.00"). */
export function formatRounded(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return '';
  const r = roundHalfEven(x, decimals);
  // r is the double nearest a decimal with `decimals` digits, so toFixed prints that decimal.
  const s = r.toFixed(decimals);
  return s === `-${(0).toFixed(decimals)}` ? s.slice(1) : s;
}
