import { describe, expect, it } from 'vitest';
import { ExactSum } from '../../engine/exact-sum.js';
import { decideTreatment } from '../../engine/outliers.js';
import { competitionRankDescending, formatRounded, minRankAscending, roundHalfEven } from '../../engine/index.js';
import { competitionRank, competitionRankWithinGroups, rankRound } from '../../engine/rank.js';
import { argsortAscending } from '../../engine/sort.js';
import { skewKurtosis } from '../../engine/stats.js';

/** Independent reference: round the exact decimal expansion of the double, half to even. */
function referenceRound(x: number, d: number): string {
  const neg = x < 0;
  // oxlint-disable-next-line oxc/number-arg-out-of-range -- toFixed takes up to 100 digits since ES2018
  const s = Math.abs(x).toFixed(60); // exact for |x| ≥ 1e-8 with ≤ 60 fractional binary digits below
  const [int, frac] = s.split('.');
  const kept = frac.slice(0, d);
  const rest = frac.slice(d);
  let digits = BigInt(int + kept);
  const half = rest[0] > '5' || (rest[0] === '5' && /[1-9]/.test(rest.slice(1)));
  const tie = rest[0] === '5' && !/[1-9]/.test(rest.slice(1));
  if (half || (tie && digits % 2n === 1n)) digits += 1n;
  const t = digits.toString().padStart(d + 1, '0');
  const out = d > 0 ? `${t.slice(0, -d)}.${t.slice(-d)}` : t;
  return neg && /[1-9]/.test(out) ? `-${out}` : out;
}

describe('round half to even on the binary double (as R)', () => {
  it('the published examples', () => {
    expect(roundHalfEven(72.25, 1)).toBe(72.2);
    expect(roundHalfEven(39.65, 1)).toBe(39.6);
    expect(roundHalfEven(72.35, 1)).toBe(72.3); // 72.35 is stored just below
    expect(roundHalfEven(0.125, 2)).toBe(0.12);
    expect(roundHalfEven(0.375, 2)).toBe(0.38);
    expect(roundHalfEven(2.5, 0)).toBe(2);
    expect(roundHalfEven(3.5, 0)).toBe(4);
    expect(roundHalfEven(-2.5, 0)).toBe(-2);
    expect(roundHalfEven(1.005, 2)).toBe(1); // 1.005 is stored below 1.005
  });
  it('agrees with an exact decimal reference on 20,000 random values', () => {
    let seed = 12345;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 20000; k++) {
      const d = k % 4;
      // Many exact ties: multiples of 1/8, 1/16 … near the rounding grid.
      const x = k % 3 === 0 ? Math.round(rnd() * 1e5) / 2 ** (1 + (k % 5)) : (rnd() - 0.3) * 10 ** (k % 6);
      if (Math.abs(x) < 1e-6) continue;
      expect(formatRounded(x, d), `x=${x} d=${d}`).toBe(referenceRound(x, d));
    }
  });
  it('formats with exactly the scheme’s decimals and no negative zero', () => {
    expect(formatRounded(80, 2)).toBe('80.00');
    expect(formatRounded(-0.001, 2)).toBe('0.00');
    expect(formatRounded(NaN, 2)).toBe('');
  });
});

describe('exact summation', () => {
  it('is exact where naive summation is not', () => {
    const s = new ExactSum();
    [1e100, 1, -1e100].forEach((v) => s.add(v));
    expect(s.value()).toBe(1);
    const t = new ExactSum();
    for (let i = 0; i < 10; i++) t.add(0.1);
    expect(t.value()).toBe(1);
  });
  it('gives the same bits in any order and any split into merged parts', () => {
    const values = Array.from({ length: 5000 }, (_, i) => Math.sin(i) * 10 ** ((i % 17) - 8));
    const whole = new ExactSum();
    values.forEach((v) => whole.add(v));
    const reversed = new ExactSum();
    [...values].reverse().forEach((v) => reversed.add(v));
    const merged = new ExactSum();
    for (let k = 0; k < values.length; k += 333) {
      const part = new ExactSum();
      values.slice(k, k + 333).forEach((v) => part.add(v));
      merged.merge(part);
    }
    expect(Object.is(reversed.value(), whole.value())).toBe(true);
    expect(Object.is(merged.value(), whole.value())).toBe(true);
  });
});

describe('statistics', () => {
  it('skewness and kurtosis match Excel SKEW and KURT (their documented example)', () => {
    const x = Float64Array.from([3, 4, 5, 2, 3, 4, 5, 6, 4, 7]);
    const sk = skewKurtosis(x);
    expect(sk.skew).toBeCloseTo(0.359543071, 8);
    expect(sk.kurtosis).toBeCloseTo(-0.151799637, 8);
  });
});

describe('ranks', () => {
  it('competition ranks, largest first, ties share the smallest rank, NaN unranked', () => {
    const out = new Float64Array(5);
    competitionRankDescending(Float64Array.from([10, 20, 20, 5, NaN]), out);
    expect(Array.from(out)).toEqual([3, 1, 1, 4, NaN]);
  });
  it('competition ranks, smallest first: ties share the smallest rank, NaN unranked, −0 ties with 0', () => {
    const out = new Float64Array(7);
    competitionRank(Float64Array.from([10, 20, 20, 5, NaN, 0, -0]), out, 'ascending');
    expect(Array.from(out)).toEqual([4, 5, 5, 3, NaN, 1, 1]);
    competitionRank(Float64Array.from([10, 20, 20, 5, NaN, 0, -0]), out, 'descending');
    expect(Array.from(out)).toEqual([3, 1, 1, 4, NaN, 5, 5]);
  });
  it('rankRound: either order, exact or displayed, overall and within groups, equals ranking each way by hand', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const n = 3000;
    // Few distinct displayed values: many ties once rounded; a few missing scores and groups.
    const score = Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? NaN : Math.round(rnd() * 4000) / 100 + (rnd() - 0.5) * 0.004));
    const codes = Float64Array.from({ length: n }, (_, i) => (i % 89 === 0 ? NaN : i % 3));
    const byHand = (keys: Float64Array, ascending: boolean, member: (i: number) => boolean): number[] =>
      Array.from(keys, (k, i) => {
        if (k !== k || !member(i)) return NaN;
        let better = 0;
        for (let j = 0; j < n; j++) if (member(j) && keys[j] === keys[j] && (ascending ? keys[j] < k : keys[j] > k)) better++;
        return better + 1;
      });
    for (const direction of ['ascending', 'descending'] as const) {
      for (const decimals of [null, 1]) {
        const out = new Float64Array(n);
        const groupOut = [new Float64Array(n)];
        rankRound(score, decimals, direction, [{ codes, count: 3 }], out, groupOut);
        const keys = decimals === null ? score : score.map((v) => roundHalfEven(v, decimals));
        const label = `${direction}, decimals ${decimals}`;
        expect(Array.from(out), label).toEqual(byHand(keys, direction === 'ascending', () => true));
        const grouped = Array.from({ length: n }, () => NaN);
        for (let g = 0; g < 3; g++) byHand(keys, direction === 'ascending', (i) => codes[i] === g).forEach((r, i) => { if (codes[i] === g) grouped[i] = r; });
        expect(Array.from(groupOut[0]), label).toEqual(grouped);
      }
    }
  });
  it('min ranks ascending, as R rank(ties = "min")', () => {
    const out = new Float64Array(5);
    expect(minRankAscending(Float64Array.from([10, 20, 20, 5, NaN]), out)).toBe(4);
    expect(Array.from(out)).toEqual([2, 3, 3, 1, NaN]);
  });
});

describe("COINr's outlier rule", () => {
  const rule = { skew: 2, kurtosis: 3.5, maxPoints: 5 };
  it('leaves a well-behaved indicator alone', () => {
    expect(decideTreatment(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), rule).mode).toBe('none');
  });
  it('winsorises the high end one tied group at a time until it passes (COINr example 1:10, 30, 100)', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100]);
    const t = decideTreatment(x, rule);
    expect(t.mode).toBe('winsorise');
    if (t.mode !== 'winsorise') return;
    // Step 1 moves 100 to 30 and re-checks; compute the check independently.
    const step1 = skewKurtosis(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 30]));
    const failsAfterOne = Math.abs(step1.skew) >= 2 && step1.kurtosis >= 3.5;
    expect(t.hi).toBe(failsAfterOne ? 10 : 30);
    expect(t.points).toBe(failsAfterOne ? 2 : 1);
    expect(t.lo).toBe(-Infinity);
    expect(Math.abs(t.skew) < 2 || t.kurtosis < 3.5).toBe(true);
  });
  it('winsorises the low end when skew is negative', () => {
    const x = Float64Array.from([-100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const t = decideTreatment(x, rule);
    expect(t.mode).toBe('winsorise');
    if (t.mode === 'winsorise') {
      expect(t.lo).toBe(1);
      expect(t.hi).toBe(Infinity);
    }
  });
  it('falls back to ln(x − min + 0.01·(max − min)) on the original values when 5 points are not enough', () => {
    const x = Float64Array.from([...Array.from({ length: 100 }, (_, i) => 1 + (i % 3) * 0.01), 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10]);
    const t = decideTreatment(x, rule);
    expect(t.mode).toBe('log');
    if (t.mode === 'log') {
      expect(t.min).toBe(1);
      expect(t.offset).toBe(0.01 * (1e10 - 1));
      expect(t.points).toBe(5);
    }
  });
});

describe('linear-time argsort', () => {
  it('orders any doubles (negative, zero, −0, subnormal, huge) like a comparator sort, stably, without NaN', () => {
    let seed = 3;
    const rnd = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const special = [0, -0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity, NaN, 1, 1, -1];
    const keys = Float64Array.from({ length: 5000 }, (_, i) => (i < special.length ? special[i] : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20)));
    keys[4000] = keys[100]; // ties
    const order = Array.from(argsortAscending(keys));
    const expected = Array.from(keys.keys()).filter((i) => !Number.isNaN(keys[i])).sort((a, b) => (keys[a] - keys[b]) || (a - b));
    // −0 and 0 are equal keys: stable order between them
    expect(order).toEqual(expected);
  });
  it('gives the same order below and above the size where it switches to 16-bit digits, members in their given order', () => {
    let seed = 5;
    const rnd = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const special = [0, -0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity, NaN, Infinity, -0, 1, 1, -1];
    for (const size of [2, 3, 15, 600, 3000, 65_535, 65_536, 70_000]) {
      const keys = Float64Array.from({ length: size }, (_, i) => (i < special.length ? special[i] : Math.floor(rnd() * 50) - 25));
      const members = Int32Array.from(keys.keys()).reverse();
      // Members are the entities in reverse, so ties come in descending entity order.
      const expected = Array.from(members).filter((i) => !Number.isNaN(keys[i])).sort((a, b) => (keys[a] - keys[b]) || (b - a));
      expect(Array.from(argsortAscending(keys, members))).toEqual(expected);
      expect(Array.from(argsortAscending(keys))).toEqual([...expected].sort((a, b) => (keys[a] - keys[b]) || (a - b)));
    }
  });
  it('ranks within groups match ranking each group on its own', () => {
    const keys = Float64Array.from([5, 3, 5, 9, 1, 3, NaN, 7]);
    const groups = Float64Array.from([0, 1, 0, 1, 0, 1, 0, NaN]);
    const out = new Float64Array(8);
    competitionRankWithinGroups(keys, groups, 2, out);
    expect(Array.from(out)).toEqual([1, 2, 1, 1, 3, 2, NaN, NaN]);
    competitionRankWithinGroups(keys, groups, 2, out, 'ascending');
    expect(Array.from(out)).toEqual([2, 1, 2, 3, 1, 1, NaN, NaN]);
  });
});
