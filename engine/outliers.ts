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
 * an exact sum doesn't depend on how it was reached), and a step's verdict comes from bounds
 * on the moments unless they are too close to call (judge); the moments a treatment reports
 * are always the exact ones.
 */
import type { BlockSum } from './block-sum.js';
import { presentSum, skewKurtosis, skewKurtosisBounds, skewKurtosisOf } from './stats.js';

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

/** Whether x fails the rule and, if so, on which side; with the exact moments when they had to be computed. */
interface Verdict {
  fails: boolean;
  high: boolean;
  exact: { skew: number; kurtosis: number } | null;
}

/**
 * The rule's verdict on x. Most steps are decided by bounds on the moments from plain sums
 * (skewKurtosisBounds), a fraction of the cost of exact ones; only when a bound doesn't settle
 * the verdict (a value within a hair of a threshold or of zero) are the exact moments computed,
 * so every verdict is the one the exact moments give.
 */
function judge(x: Float64Array, n: number, sum: BlockSum, rule: OutlierRule): Verdict {
  const b = n >= 4 && !sum.nonFinite ? skewKurtosisBounds(x, n, sum.value() / n) : null;
  if (b) {
    const [sLo, sHi] = b.skew;
    const [kLo, kHi] = b.kurtosis;
    const absLo = sLo >= 0 ? sLo : sHi <= 0 ? -sHi : 0;
    const absHi = Math.max(Math.abs(sLo), Math.abs(sHi));
    if (absHi < rule.skew || kHi < rule.kurtosis) return { fails: false, high: false, exact: null };
    if (absLo >= rule.skew && kLo >= rule.kurtosis && (sLo >= 0 || sHi < 0)) return { fails: true, high: sLo >= 0, exact: null };
  }
  const exact = skewKurtosisOf(x, n, sum);
  return { fails: fails(exact, rule), high: exact.skew >= 0, exact };
}

export function decideTreatment(values: Float64Array, rule: OutlierRule): Treatment {
  const { n, sum } = presentSum(values);
  let verdict = judge(values, n, sum, rule);
  if (!verdict.fails) {
    const first = verdict.exact ?? skewKurtosisOf(values, n, sum);
    return { mode: 'none', skew: first.skew, kurtosis: first.kurtosis };
  }

  const x = Float64Array.from(values);
  let lo = -Infinity;
  let hi = Infinity;
  let movedHigh = 0;
  let movedLow = 0;
  while (verdict.fails && movedHigh + movedLow < rule.maxPoints) {
    if (verdict.high) {
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
    verdict = judge(x, n, sum, rule);
  }
  const points = movedHigh + movedLow;
  if (!verdict.fails) {
    const current = verdict.exact ?? skewKurtosisOf(x, n, sum);
    return { mode: 'winsorise', lo, hi, points, skew: current.skew, kurtosis: current.kurtosis };
  }

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
