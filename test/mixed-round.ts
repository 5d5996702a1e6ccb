/**
 * A scheme touching every stage that reduces over a column (imputation by mean, median and group
 * mean, COINr outlier treatment, min-max, z-score, percentile, efficacy, target, bands,
 * denomination, a geometric mean, deductions, a veto, rounded and peer-group ranks), and seeded
 * data with missing values, ties and outliers: what the determinism tests score.
 */
import { indicator, L } from './helpers.js';

export const mixedScheme = {
  id: 'mixed', version: '1', name: L('Mixed'), subject: 'enterprise',
  rounding: { decimals: 2 },
  ranking: { on: 'rounded', groups: ['grp'] },
  attributes: [{ id: 'grp', label: L('group') }],
  inputs: ['a', 'b', 'c', 'd', 'e', 'pop', 'inc'].map((id) => ({ id, label: L(id) })),
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
        indicator('e', { method: 'bands', bands: [{ min: 0, max: 4, score: [0, 60] }, { min: 4, max: 8, score: [60, 100] }] }, { missing: { method: 'fixed', value: 0 } }),
      ] },
    ],
  },
  adjustments: { rules: [{ id: 'i', kind: 'deduction', label: L('inc'), points: 'inc * 2', cap: 6 }] },
  grades: [{ id: 'g1', label: L('A'), min: 60 }, { id: 'g2', label: L('B'), max: 60 }],
  vetoes: [{ id: 'v', label: L('v'), when: 'inc >= 3', grade: 'g2' }],
};

export function mixedCsv(n: number, seed: number): string {
  let s = seed;
  const rnd = (): number => ((s = (s * 48271) % 2147483647) / 2147483647);
  const lines = ['id,grp,a,b,c,d,e,pop,inc'];
  for (let i = 0; i < n; i++) {
    const miss = (v: string): string => (rnd() < 0.06 ? '' : v);
    const heavy = rnd() < 0.01 ? String(1e5 * rnd()) : String(Math.round(rnd() * 400) / 4); // ties and outliers
    lines.push([`E${i}`, `g${i % 7}`, miss(heavy), miss(String(rnd() * 30)), miss(heavy), miss(String(rnd() * 1e3)), miss(String(Math.round(rnd() * 8))), String(1000 + Math.floor(rnd() * 1000)), String(Math.floor(rnd() * 3.3))].join(','));
  }
  return `${lines.join('\n')}\n`;
}
