import { describe, expect, it } from 'vitest';
import { KaoheError } from '../../indicators/index.js';
import { close, indicator, L, node, run, table } from '../helpers.js';

/** Root over indicators a, b (scores given directly), with the given aggregate settings. */
function agg(rows: { a: number; b: number }[], root: Record<string, unknown>, weights: [number, number] = [1, 1], more: Record<string, unknown>[] = [{}, {}]): number[] {
  const s = {
    id: 'agg', version: '1', name: L('Agg'), subject: 'region',
    inputs: [{ id: 'a', label: L('a') }, { id: 'b', label: L('b') }],
    tree: {
      id: 'root', label: L('Root'), ...root,
      children: [
        indicator('a', { method: 'none' }, { weight: weights[0], ...more[0] }),
        indicator('b', { method: 'none' }, { weight: weights[1], ...more[1] }),
      ],
    },
  };
  return node(run(s, table({ id: rows.map((_, i) => `e${i}`), a: rows.map((r) => r.a), b: rows.map((r) => r.b) })), 'root');
}

describe('aggregation methods', () => {
  it('weighted arithmetic mean', () => {
    close(agg([{ a: 10, b: 20 }], {}, [1, 3]), [17.5]);
  });
  it('weighted geometric mean; a zero child gives 0, not NaN', () => {
    close(agg([{ a: 4, b: 16 }, { a: 0, b: 16 }], { aggregate: 'geometric' }), [8, 0]);
    close(agg([{ a: 2, b: 16 }], { aggregate: 'geometric' }, [3, 1]), [Math.exp((3 * Math.log(2) + Math.log(16)) / 4)]);
  });
  it('harmonic mean; a zero child gives 0', () => {
    close(agg([{ a: 1, b: 4 }, { a: 0, b: 4 }], { aggregate: 'harmonic' }), [1.6, 0]);
  });
  it('generalised (power) mean with p', () => {
    close(agg([{ a: 3, b: 4 }], { aggregate: { method: 'power', p: 2 } }), [Math.sqrt(12.5)]);
  });
  it('weighted sum, scaled up over the weights present when a child is missing', () => {
    close(agg([{ a: 10, b: 20 }, { a: 10, b: NaN }], { aggregate: 'sum' }, [2, 3]), [80, 50]);
  });
  it('a negative child under a geometric mean is a clear error naming the entity and node', () => {
    const run = (): unknown => agg([{ a: 4, b: 16 }, { a: -1, b: 16 }], { aggregate: 'geometric' });
    expect(run).toThrow(KaoheError);
    expect(run).toThrow(expect.objectContaining({
      problems: [expect.objectContaining({ where: 'e1 › root', en: expect.stringMatching(/geometric mean.*non-negative.*n_a is -1/) })],
    }));
  });
  it('the error names the mean that refused the negative child, in both languages', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ aggregate: 'geometric' }, '几何平均', /geometric mean/],
      [{ aggregate: 'harmonic' }, '调和平均', /harmonic mean/],
      [{ aggregate: { method: 'power', p: 2 } }, '幂平均', /power mean/],
    ];
    for (const [root, zh, en] of cases) {
      const run = (): unknown => agg([{ a: 4, b: 16 }, { a: -1, b: 16 }], root);
      expect(run).toThrow(KaoheError);
      expect(run).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ zh: expect.stringContaining(zh), en: expect.stringMatching(en) })] }));
    }
  });
  it('a child of weight 0 is shown but carries nothing', () => {
    close(agg([{ a: 10, b: 90 }], {}, [1, 0]), [10]);
  });
});

describe('missing data', () => {
  it('skip: missing children are left out and the weights of the present ones re-normalised', () => {
    close(agg([{ a: 80, b: NaN }], {}, [1, 3]), [80]);
  });
  it('fixed score for a missing value (the GDI "no data → 60" rule)', () => {
    close(agg([{ a: 80, b: NaN }], {}, [1, 3], [{}, { missing: { method: 'fixed', value: 60 } }]), [65]);
  });
  it('the data threshold: a node is missing when too few children are present', () => {
    const rows = [{ a: 80, b: NaN }, { a: 80, b: 40 }, { a: NaN, b: NaN }];
    close(agg(rows, { threshold: 0.6 }), [NaN, 60, NaN]);
    close(agg(rows, { threshold: 0.5 }), [80, 60, NaN]);
  });
  it('imputes by the column mean, the median, or the mean within a group, before normalising', () => {
    const s = (missing: Record<string, unknown>): Record<string, unknown> => ({
      id: 'imp', version: '1', name: L('Imp'), subject: 'region',
      attributes: [{ id: 'grp', label: L('group') }],
      inputs: [{ id: 'x', label: L('x') }],
      tree: { id: 'root', label: L('Root'), children: [indicator('x', { method: 'none' }, { missing })] },
    });
    const data = table({ id: ['a', 'b', 'c', 'd', 'e'], grp: ['g1', 'g1', 'g2', 'g2', 'g1'], x: [1, 2, 10, NaN, NaN] });
    close(node(run(s({ method: 'mean' }), data), 'n_x'), [1, 2, 10, 13 / 3, 13 / 3]);
    close(node(run(s({ method: 'median' }), data), 'n_x'), [1, 2, 10, 2, 2]);
    close(node(run(s({ method: 'groupMean', group: 'grp' }), data), 'n_x'), [1, 2, 10, 10, 1.5]);
  });
  it('imputation happens before normalisation: the imputed value takes part in min and max', () => {
    const s = {
      id: 'imp', version: '1', name: L('Imp'), subject: 'region',
      inputs: [{ id: 'x', label: L('x') }],
      tree: { id: 'root', label: L('Root'), children: [indicator('x', { method: 'minmax' }, { missing: { method: 'mean' } })] },
    };
    close(node(run(s, table({ id: ['a', 'b', 'c'], x: [0, 10, NaN] })), 'n_x'), [0, 100, 50]);
  });
});

describe('applicability (the materiality filter)', () => {
  const s = {
    id: 'app', version: '1', name: L('App'), subject: 'region',
    attributes: [{ id: 'SEA', label: L('landlocked'), type: 'number' }],
    inputs: [{ id: 'land', label: L('land') }, { id: 'fish', label: L('fish') }],
    tree: {
      id: 'root', label: L('Root'),
      children: [
        indicator('land', { method: 'none' }),
        {
          id: 'FSH', label: L('Fisheries'), weight: 3, applicable: 'SEA != 1',
          children: [indicator('fish', { method: 'none' }, { missing: { method: 'fixed', value: 0 } })],
        },
      ],
    },
  };
  it('a node that does not apply is dropped with its subtree and its weight goes to its siblings', () => {
    const r = run(s, table({ id: ['coast', 'inland', 'nodata'], SEA: [0, 1, 0], land: [40, 40, 40], fish: [80, 80, NaN] }));
    close(node(r, 'n_fish'), [80, NaN, 0]);
    close(node(r, 'FSH'), [80, NaN, 0]);
    // coast: (40 + 3·80)/4; inland: FSH not applicable → land alone; nodata: fixed 0 still counts.
    close(node(r, 'root'), [70, 40, 10]);
  });
});
