import { describe, expect, it } from 'vitest';
import { resultsCsv } from '../../io/index.js';
import { indicator, L, run } from '../helpers.js';

/** A scheme exercising every stage that reduces over the column. */
const scheme = {
  id: 'det', version: '1', name: L('Determinism'), subject: 'enterprise',
  rounding: { decimals: 2 },
  ranking: { on: 'rounded', groups: ['grp'] },
  attributes: [{ id: 'grp', label: L('group') }],
  inputs: ['a', 'b', 'c', 'd', 'e', 'pop'].map((id) => ({ id, label: L(id) })),
  tree: {
    id: 'root', label: L('Root'),
    children: [
      { id: 'p1', label: L('P1'), weight: 2, children: [
        indicator('a', { method: 'minmax' }, { missing: { method: 'mean' }, outliers: { method: 'coinr' } }),
        indicator('b', { method: 'zscore', mean: 50, sd: 10 }, { direction: 'lower', missing: { method: 'groupMean', group: 'grp' } }),
      ] },
      { id: 'p2', label: L('P2'), aggregate: 'geometric', children: [
        indicator('c', { method: 'percentile' }, { missing: { method: 'median' }, outliers: { method: 'coinr' } }),
        indicator('d', { method: 'efficacy' }, { denominator: 'pop', scale: 1000 }),
        indicator('e', { method: 'target', target: 5 }, { missing: { method: 'fixed', value: 0 } }),
      ] },
    ],
  },
};

function data(n: number): string {
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const lines = ['id,grp,a,b,c,d,e,pop'];
  for (let i = 0; i < n; i++) {
    const miss = (v: string): string => (rnd() < 0.08 ? '' : v);
    const heavy = rnd() < 0.02 ? String(1e4 * rnd()) : String(Math.round(rnd() * 100) / 4); // ties and outliers
    lines.push([`E${i}`, `g${i % 5}`, miss(heavy), miss(String(rnd() * 30)), miss(heavy), miss(String(rnd() * 1e3)), miss(String(Math.round(rnd() * 8))), String(1 + Math.floor(rnd() * 1e4))].join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('determinism', () => {
  it('the results file is byte-identical for any chunk size', () => {
    const csv = data(2000);
    const reference = resultsCsv(run(scheme, csv, { chunkSize: 16384 }));
    for (const chunkSize of [1, 3, 64, 1000, 1999]) {
      expect(resultsCsv(run(scheme, csv, { chunkSize }))).toBe(reference);
    }
    // The data do exercise the stages: some treated, imputed, tied and missing values.
    const r = run(scheme, csv);
    expect(r.indicators.some((d) => d?.treatment && d.treatment.mode !== 'none')).toBe(true);
    expect(new Set(Array.from(r.rank)).size).toBeLessThan(2000);
  });
  it('the plan hash depends on the plan only', () => {
    const r1 = run(scheme, data(10));
    const r2 = run(scheme, data(20));
    expect(r1.planHash).toBe(r2.planHash);
    const changed = structuredClone(scheme);
    (changed.tree.children[0] as { weight: number }).weight = 3;
    expect(run(changed, data(10)).planHash).not.toBe(r1.planHash);
  });
});
