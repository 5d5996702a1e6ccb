import { describe, expect, it } from 'vitest';
import { close, indicator, L, node, run, schemeWith, table } from '../helpers.js';

/** One indicator `n_x` over input x; returns its normalised scores. */
function norm(values: number[], normalise: Record<string, unknown>, more: Record<string, unknown> = {}): number[] {
  const s = schemeWith(['x'], { tree: { id: 'root', label: L('Root'), children: [indicator('x', normalise, more)] } });
  const ids = values.map((_, i) => `e${i}`);
  return node(run(s, table({ id: ids, x: values })), 'n_x');
}

describe('normalisation', () => {
  it('min-max to [0,100], and to a chosen range', () => {
    close(norm([1, 2, 3, 5], { method: 'minmax' }), [0, 25, 50, 100]);
    close(norm([1, 2, 3, 5], { method: 'minmax', range: [10, 20] }), [10, 12.5, 15, 20]);
  });
  it('applies direction before normalising (lower is better)', () => {
    close(norm([1, 2, 3, 5], { method: 'minmax' }, { direction: 'lower' }), [100, 75, 50, 0]);
  });
  it('efficacy coefficient: 60 + 40·(x − min)/(max − min)', () => {
    close(norm([1, 2, 3, 5], { method: 'efficacy' }), [60, 70, 80, 100]);
    close(norm([1, 2, 3, 5], { method: 'efficacy' }, { direction: 'lower' }), [100, 90, 80, 60]);
  });
  it('min-max when every value is equal, or there is one entity: the top of the range', () => {
    close(norm([7, 7, 7], { method: 'minmax' }), [100, 100, 100]);
    close(norm([7], { method: 'efficacy' }), [100]);
  });
  it('all values missing: every score missing', () => {
    close(norm([NaN, NaN], { method: 'minmax' }), [NaN, NaN]);
    close(norm([NaN, NaN], { method: 'zscore' }), [NaN, NaN]);
  });
  it('z-score with the sample sd, and with a chosen mean and sd', () => {
    close(norm([1, 2, 3], { method: 'zscore' }), [-1, 0, 1]);
    close(norm([1, 2, 3], { method: 'zscore', mean: 100, sd: 10 }), [90, 100, 110]);
    close(norm([1, 2, 3], { method: 'zscore' }, { direction: 'lower' }), [1, 0, -1]);
    close(norm([4, 4], { method: 'zscore', mean: 50, sd: 10 }), [50, 50]);
  });
  it('rank, Borda and percentile rank, ties sharing the lower rank', () => {
    close(norm([10, 30, 20, 20], { method: 'rank' }), [1, 4, 2, 2]);
    close(norm([10, 30, 20, 20], { method: 'borda' }), [0, 3, 1, 1]);
    close(norm([10, 30, 20, 20], { method: 'percentile' }), [0, 100, 100 / 3, 100 / 3]);
    close(norm([10, 30, 20, 20], { method: 'percentile', scale: 1 }), [0, 1, 1 / 3, 1 / 3]);
    close(norm([10, 30, 20], { method: 'rank' }, { direction: 'lower' }), [3, 1, 2]);
    close(norm([10, NaN, 20], { method: 'rank' }), [1, NaN, 2]);
  });
  it('goalposts: clamped to the targets, with ln and ln(x+α) transforms (EPI)', () => {
    close(norm([50, 120, -5], { method: 'goalpost', best: 100, worst: 0 }), [50, 100, 0]);
    // lower is better: best < worst
    close(norm([10, 0.5, 1000], { method: 'goalpost', best: 1, worst: 100, transform: 'ln' }), [50, 100, 0]);
    const a = 0.5;
    const expected = (100 * (Math.log(2 + a) - Math.log(10 + a))) / (Math.log(0 + a) - Math.log(10 + a));
    close(norm([2], { method: 'goalpost', best: 0, worst: 10, transform: 'ln_alpha', alpha: a }), [expected], 12);
  });
  it('distance to target (x − min)/(target − min), capped at the target unless told not to', () => {
    close(norm([20, 50, 80, 100], { method: 'target', target: 80 }), [0, 50, 100, 100]);
    close(norm([20, 50, 80, 100], { method: 'target', target: 80, cap: false }), [0, 50, 100, 400 / 3]);
    close(norm([20, 50, 80], { method: 'target', target: 50 }, { direction: 'lower' }), [100, 100, 0]);
  });
  it('fraction of the maximum', () => {
    close(norm([1, 2, 4], { method: 'fractionOfMax' }), [25, 50, 100]);
    expect(() => norm([-1, 0], { method: 'fractionOfMax' })).toThrow(/positive/);
  });
  it('band tables: lower bound inclusive, linear inside a band, clamped outside all bands', () => {
    const bands = {
      method: 'bands',
      bands: [
        { min: 90, max: 100, score: [80, 100] },
        { min: 75, max: 90, score: [50, 79] },
        { min: 50, max: 75, score: [0, 49] },
        { max: 50, score: 0 },
      ],
    };
    close(norm([95, 90, 89.99999, 75, 60, 49, 100, 120, NaN], bands), [90, 80, 50 + 29 * (14.99999 / 15), 50, 49 * (10 / 25), 0, 100, 100, NaN], 9);
  });
  it('none: the input is already a score', () => {
    close(norm([12.5, NaN], { method: 'none' }), [12.5, NaN]);
  });
});

describe('normalisation keeps missing values missing in degenerate columns', () => {
  it('min = max, a single value, or no sd: the missing entity stays missing', () => {
    close(norm([7, NaN, 7], { method: 'minmax' }), [100, NaN, 100]);
    close(norm([7, NaN], { method: 'zscore' }), [0, NaN]);
    close(norm([7, NaN], { method: 'percentile' }), [100, NaN]);
    close(norm([7, NaN], { method: 'target', target: 5 }), [100, NaN]);
  });
});
