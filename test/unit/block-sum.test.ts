/**
 * The block accumulator and the outlier rule built on it give the same bits as term-by-term
 * exact summation: on terms of every magnitude (including ones outside the block range and
 * cancellations to zero), past the fold threshold, and for the winsorising steps of the outlier
 * rule against a from-scratch reference of it.
 */
import { describe, expect, it } from 'vitest';
import { BlockSum } from '../../engine/block-sum.js';
import { ExactSum } from '../../engine/exact-sum.js';
import { decideTreatment } from '../../engine/outliers.js';
import { skewKurtosis, skewKurtosisBounds } from '../../engine/stats.js';
import { Rng } from '../../io/index.js';

function both(terms: number[] | Float64Array): [number, number] {
  const fast = new BlockSum();
  const exact = new ExactSum();
  for (const t of terms) {
    fast.add(t);
    exact.add(t);
  }
  expect(fast.nonFinite).toBe(false);
  return [fast.value(), exact.value()];
}

describe('block sum', () => {
  const rng = new Rng(11);
  const wide = (): number => (rng.uniform() - 0.5) * 2 ** Math.floor(rng.uniform() * 200 - 100);

  it('equals term-by-term exact summation on values of every magnitude', () => {
    for (let k = 0; k < 300; k++) {
      const terms = Array.from({ length: 1 + Math.floor(rng.uniform() * 200) }, wide);
      const [fast, exact] = both(terms);
      expect(Object.is(fast, exact), `case ${k}`).toBe(true);
    }
  });

  it('is exact where naive summation is not, including cancellation to zero and terms outside its block range', () => {
    expect(both([1e16, 1, -1e16])).toEqual([1, 1]);
    const extremes = [1e300, 3.5, -1e300, 1e-300, 2 ** -1070, -(2 ** 1000), 2 ** 1000, 7e-310];
    const [fast, exact] = both(extremes);
    expect(Object.is(fast, exact)).toBe(true);
    const [zero] = both([2 ** 60, 3, -(2 ** 60), -3]);
    expect(zero).toBe(0);
  });

  it('stays exact past the point where its bins are folded', () => {
    const terms = new Float64Array((1 << 20) + 1234).map(() => rng.uniform() * 2 ** 31 + rng.uniform());
    const [fast, exact] = both(terms);
    expect(Object.is(fast, exact)).toBe(true);
  });

  it('flags a NaN or infinite term instead of answering', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const s = new BlockSum();
      s.add(1);
      s.add(bad);
      expect(s.nonFinite).toBe(true);
    }
  });
});

/** The rule as written: every step re-sums the whole column term by term. */
function referenceSkewKurtosis(x: Float64Array): { skew: number; kurtosis: number } {
  const present = Array.from(x).filter((v) => v === v);
  const n = present.length;
  if (n < 4) return { skew: NaN, kurtosis: NaN };
  const s = new ExactSum();
  for (const v of present) s.add(v);
  const mean = s.value() / n;
  const m = [2, 3, 4].map((p) => {
    const t = new ExactSum();
    for (const v of present) {
      const d = v - mean;
      const d2 = d * d;
      t.add(p === 2 ? d2 : p === 3 ? d2 * d : d2 * d2);
    }
    return t.value();
  });
  const g1 = (Math.sqrt(n) * m[1]) / m[0] ** 1.5;
  const r = (n * m[2]) / (m[0] * m[0]);
  return { skew: (g1 * Math.sqrt(n * (n - 1))) / (n - 2), kurtosis: (((n + 1) * (r - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3)) };
}

function referenceTreatment(values: Float64Array, rule: { skew: number; kurtosis: number; maxPoints: number }): { lo: number; hi: number; points: number; skew: number; kurtosis: number } {
  const fails = (c: { skew: number; kurtosis: number }): boolean => Math.abs(c.skew) >= rule.skew && c.kurtosis >= rule.kurtosis;
  const x = Float64Array.from(values);
  let lo = -Infinity;
  let hi = Infinity;
  let high = 0;
  let low = 0;
  let current = referenceSkewKurtosis(x);
  while (fails(current) && high + low < rule.maxPoints) {
    const present = Array.from(x).filter((v) => v === v);
    const ext = current.skew >= 0 ? Math.max(...present) : Math.min(...present);
    const others = present.filter((v) => v !== ext);
    if (others.length === 0) break;
    const next = current.skew >= 0 ? Math.max(...others) : Math.min(...others);
    const count = present.length - others.length;
    for (let i = 0; i < x.length; i++) if (x[i] === ext) x[i] = next;
    if (current.skew >= 0) [hi, high] = [next, count];
    else [lo, low] = [next, count];
    current = referenceSkewKurtosis(x);
  }
  return { lo, hi, points: high + low, ...current };
}

describe('outlier rule on the block sum', () => {
  it('winsorises to the same bounds and moments as re-summing the column after every step', () => {
    const rng = new Rng(5);
    let winsorised = 0;
    for (let k = 0; k < 60; k++) {
      const n = 20 + Math.floor(rng.uniform() * 400);
      // Heavy right or left tails, ties at the extremes, a few missing values.
      const sign = k % 2 === 0 ? 1 : -1;
      const values = new Float64Array(n).map(() => (rng.uniform() < 0.03 ? NaN : sign * Math.round(Math.exp(rng.uniform() * 6) * 4) / 4));
      const rule = { skew: 1, kurtosis: 1, maxPoints: 1 + (k % 12) };
      const got = decideTreatment(values, rule);
      const want = referenceTreatment(values, rule);
      if (got.mode === 'winsorise') {
        winsorised++;
        expect([got.lo, got.hi, got.points, got.skew, got.kurtosis], `case ${k}`).toEqual([want.lo, want.hi, want.points, want.skew, want.kurtosis]);
      } else if (got.mode === 'log') expect(got.points, `case ${k}`).toBe(want.points);
      else expect(got.skew).toBe(want.skew);
    }
    expect(winsorised).toBeGreaterThan(5);
  });

  it('gives the exact verdict when the moments sit exactly on the thresholds (too close for bounds to call)', () => {
    const rng = new Rng(8);
    for (let k = 0; k < 20; k++) {
      const values = new Float64Array(200).map(() => Math.round(Math.exp(rng.uniform() * 5) * 8) / 8);
      const at = skewKurtosis(values);
      for (const rule of [{ skew: Math.abs(at.skew), kurtosis: at.kurtosis, maxPoints: 6 }, { skew: Math.abs(at.skew), kurtosis: at.kurtosis + 1e-13, maxPoints: 6 }]) {
        const got = decideTreatment(values, rule);
        const want = referenceTreatment(values, rule);
        expect(got.mode === 'none' ? 0 : got.points, `case ${k}`).toBe(want.points);
        if (got.mode === 'winsorise') expect([got.lo, got.hi, got.skew, got.kurtosis]).toEqual([want.lo, want.hi, want.skew, want.kurtosis]);
      }
      expect(decideTreatment(values, { skew: Math.abs(at.skew), kurtosis: at.kurtosis, maxPoints: 6 }).mode).not.toBe('none');
    }
  });
});

describe('bounds on skewness and kurtosis from plain sums', () => {
  it('hold the exact values, on light and heavy tails, large and small spreads and offsets', () => {
    const rng = new Rng(9);
    let checked = 0;
    for (let k = 0; k < 200; k++) {
      const n = 4 + Math.floor(rng.uniform() * 3000);
      const offset = (rng.uniform() - 0.5) * 10 ** Math.floor(rng.uniform() * 12);
      const spread = 10 ** (Math.floor(rng.uniform() * 10) - 5);
      const tail = 1 + Math.floor(rng.uniform() * 4);
      const values = new Float64Array(n).map(() => offset + spread * (rng.uniform() - 0.3) ** tail * (rng.uniform() < 0.5 ? -1 : 1));
      const exact = skewKurtosis(values);
      const s = new ExactSum();
      for (const v of values) s.add(v);
      const b = skewKurtosisBounds(values, n, s.value() / n);
      if (!b || exact.skew !== exact.skew) continue;
      checked++;
      expect(exact.skew, `case ${k}`).toBeGreaterThanOrEqual(b.skew[0]);
      expect(exact.skew, `case ${k}`).toBeLessThanOrEqual(b.skew[1]);
      expect(exact.kurtosis, `case ${k}`).toBeGreaterThanOrEqual(b.kurtosis[0]);
      expect(exact.kurtosis, `case ${k}`).toBeLessThanOrEqual(b.kurtosis[1]);
      // Narrow enough to decide almost everything.
      expect(b.skew[1] - b.skew[0]).toBeLessThan(1e-6 * (1 + Math.abs(exact.skew)));
    }
    expect(checked).toBeGreaterThan(150);
  });
});
