/**
 * COINr's default outlier rule. An indicator fails when |skew| ≥ skew threshold AND
 * kurtosis ≥ kurtosis threshold. A failing indicator is winsorised one extreme at a time
 * (the high end while skew ≥ 0, else the low end; every value tied at the extreme moves to
 * the next value), re-checking after each step, until it passes or maxPoints values have been
 * moved. If it still fails, ln(x − min + 0.01·(max − min)) is applied to the original values.
 *
 * Winsorising this way equals clamping to [lo, hi], so the result is a treatment the kernel
 * applies per entity: clamp, or log, or nothing. A step changes only the values it moves, so the
 * exact sum behind the mean is updated by those values rather than re-added (the same bits:
 * an exact sum doesn't depend on how it was reached).
 */
import type { BlockSum } from './block-sum.js';
import { presentSum, skewKurtosis, skewKurtosisOf } from './stats.js';

export type Treatment =
  | { mode: 'none'; skew: number; kurtosis: number }
  | { mode: 'winsorise'; lo: number; hi: number; points: number; skew: number; kurtosis: number }
  | { mode: 'log'; min: number; offset: number; points: number; skew: number; kurtosis: number };

export interface OutlierRule {
  skew: number;
  kurtosis: number;
  maxPoints: number;
}

function fails(sk: { skew: number; kurtosis: number }, rule: OutlierRule): boolean {
  // NaN (fewer than 4 values, or all equal) never fails: there is nothing to treat.
  return Math.abs(sk.skew) >= rule.skew && sk.kurtosis >= rule.kurtosis;
}

export function decideTreatment(values: Float64Array, rule: OutlierRule): Treatment {
  const { n, sum } = presentSum(values);
  const first = skewKurtosisOf(values, n, sum);
  if (!fails(first, rule)) return { mode: 'none', skew: first.skew, kurtosis: first.kurtosis };

  const x = Float64Array.from(values);
  let lo = -Infinity;
  let hi = Infinity;
  let movedHigh = 0;
  let movedLow = 0;
  let current = first;
  while (fails(current, rule) && movedHigh + movedLow < rule.maxPoints) {
    if (current.skew >= 0) {
      const [top, next, count] = extreme(x, 1);
      if (count === 0) break;
      replace(x, top, next, count, sum);
      hi = next;
      movedHigh = count;
    } else {
      const [bottom, next, count] = extreme(x, -1);
      if (count === 0) break;
      replace(x, bottom, next, count, sum);
      lo = next;
      movedLow = count;
    }
    current = skewKurtosisOf(x, n, sum);
  }
  const points = movedHigh + movedLow;
  if (!fails(current, rule)) return { mode: 'winsorise', lo, hi, points, skew: current.skew, kurtosis: current.kurtosis };

  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const offset = 0.01 * (max - min);
  const logged = values.map((v) => Math.log(v - min + offset));
  const after = skewKurtosis(logged);
  return { mode: 'log', min, offset, points, skew: after.skew, kurtosis: after.kurtosis };
}

/**
 * The extreme value (max for side 1, min for side −1), the next value inward, and how many
 * values sit at the extreme. COINr counts the tied group at the current extreme, which after
 * earlier steps includes the values already moved there.
 */
function extreme(x: Float64Array, side: 1 | -1): [number, number, number] {
  let ext = side === 1 ? -Infinity : Infinity;
  for (const v of x) if (v === v && (side === 1 ? v > ext : v < ext)) ext = v;
  let next = side === 1 ? -Infinity : Infinity;
  let count = 0;
  for (const v of x) {
    if (v !== v) continue;
    if (v === ext) count++;
    else if (side === 1 ? v > next : v < next) next = v;
  }
  if (!Number.isFinite(next)) return [ext, ext, 0];
  return [ext, next, count];
}

/** Moves the `count` values equal to `from` to `to`, and the sum with them. */
function replace(x: Float64Array, from: number, to: number, count: number, sum: BlockSum): void {
  for (let i = 0; i < x.length; i++) if (x[i] === from) x[i] = to;
  for (let k = 0; k < count; k++) {
    sum.add(-from);
    sum.add(to);
  }
}
