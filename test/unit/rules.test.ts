import { describe, expect, it } from 'vitest';
import type { Results } from '../../engine/index.js';
import { close, indicator, L, run, table } from '../helpers.js';

const grades = [
  { id: 'excellent', label: L('Excellent'), min: 90 },
  { id: 'good', label: L('Good'), min: 80, max: 90 },
  { id: 'pass', label: L('Pass'), min: 60, max: 80 },
  { id: 'fail', label: L('Fail'), max: 60 },
];

function scheme(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'rules', version: '1', name: L('Rules'), subject: 'region',
    inputs: [
      { id: 'x', label: L('x') },
      { id: 'incidents', label: L('incidents') },
      { id: 'praise', label: L('praise') },
      { id: 'fraud', label: L('fraud'), type: 'boolean' },
    ],
    tree: { id: 'root', label: L('Root'), children: [indicator('x', { method: 'none' })] },
    grades,
    ...extra,
  };
}

const gradeIds = (r: Results): (string | null)[] => Array.from(r.grade, (g) => (g === g ? r.plan.grades[g].id : null));

describe('deductions and bonuses', () => {
  const s = scheme({
    adjustments: {
      cap: { deduction: 8, bonus: 3 },
      rules: [
        { id: 'inc', kind: 'deduction', label: L('incidents'), points: 'incidents * 3', when: 'incidents > 0', cap: 6 },
        { id: 'extra', kind: 'deduction', label: L('extra'), points: '5', when: 'incidents >= 3' },
        { id: 'pr', kind: 'bonus', label: L('praise'), points: 'praise * 2' },
      ],
    },
    scoreRange: [0, 100],
  });
  const r = run(s, table({
    id: ['a', 'b', 'c', 'd', 'e'],
    x: [95, 95, 95, 99, 2],
    incidents: [0, 1, 4, 0, 1],
    praise: [0, 0, 0, 5, NaN],
    fraud: [0, 0, 0, 0, 0],
  }));
  it('per-rule caps, the overall cap, bonuses, and the score range', () => {
    close(Array.from(r.deductions), [0, 3, 8, 0, 3]);
    close(Array.from(r.bonuses), [0, 0, 0, 3, 0]);
    close(Array.from(r.score), [95, 92, 87, 100, 0]);
    close(Array.from(r.base), [95, 95, 95, 99, 2]);
  });
});

describe('grades and vetoes', () => {
  const s = scheme({
    vetoes: [
      { id: 'fraud', label: L('fraud'), when: 'fraud', grade: 'fail' },
      { id: 'incident', label: L('incident'), when: 'incidents > 0', maxGrade: 'good' },
    ],
    lists: [{ id: 'watch', label: L('watch'), when: 'grade == "fail" or score < 61' }],
  });
  const r = run(s, table({
    id: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    x: [90, 89.999, 60, 12, 95, 95, NaN],
    incidents: [0, 0, 0, 0, 2, 2, 0],
    praise: [0, 0, 0, 0, 0, 0, 0],
    fraud: [0, 0, 0, 0, 0, 1, 1],
  }));
  it('grade bands: min inclusive; the worst grade takes everything below', () => {
    // 89.999 is published as 90.00 (two decimals): graded on that published score (level 2, the default).
    expect(gradeIds(r).slice(0, 4)).toEqual(['excellent', 'excellent', 'pass', 'fail']);
  });
  it('at semantics level 1 the bands read the exact score, as the first release did', () => {
    const level1 = run({ ...s, semantics: 1 }, table({ id: ['a', 'b', 'c', 'd'], x: [90, 89.999, 60, 12], incidents: [0, 0, 0, 0], praise: [0, 0, 0, 0], fraud: [0, 0, 0, 0] }));
    expect(gradeIds(level1)).toEqual(['excellent', 'good', 'pass', 'fail']);
  });
  it('a cap veto lowers the grade; a forcing veto wins over a cap; a forced grade needs no score', () => {
    expect(gradeIds(r).slice(4)).toEqual(['good', 'fail', 'fail']);
  });
  it('list rules can use the final grade and score', () => {
    const watch = r.columns[r.layout.list[0]];
    expect(Array.from(watch)).toEqual([0, 0, 1, 1, 0, 1, 1]);
  });
});

describe('ranking', () => {
  const data = table({ id: ['a', 'b', 'c', 'd', 'e'], grp: ['n', 's', 'n', 's', 'n'], x: [80.04, 80.01, 79, NaN, 81] });
  const s = (on: string, order?: string): Record<string, unknown> => ({
    id: 'rk', version: '1', name: L('Rank'), subject: 'region',
    rounding: { decimals: 1 },
    ranking: { on, groups: ['grp'], ...(order ? { order } : {}) },
    attributes: [{ id: 'grp', label: L('group') }],
    inputs: [{ id: 'x', label: L('x') }],
    tree: { id: 'root', label: L('Root'), children: [indicator('x', { method: 'none' })] },
  });
  it('competition ranks on the exact score; missing scores get no rank', () => {
    close(Array.from(run(s('exact'), data).rank), [2, 3, 4, NaN, 1]);
  });
  it('on the displayed (rounded) score, equal displayed scores share a rank', () => {
    close(Array.from(run(s('rounded'), data).rank), [2, 2, 4, NaN, 1]);
  });
  it('within peer groups', () => {
    close(Array.from(run(s('exact'), data).groupRanks[0]), [2, 1, 3, NaN, 1]);
  });
  // Scores a 80.04, b 80.01, c 79, d missing, e 81; displayed (1 decimal) 80.0, 80.0, 79.0, —, 81.0.
  it('order: ascending puts the lowest exact score first; missing still unranked', () => {
    close(Array.from(run(s('exact', 'ascending'), data).rank), [3, 2, 1, NaN, 4]);
  });
  it('order: ascending on the displayed score: equal displayed scores share the smaller rank', () => {
    close(Array.from(run(s('rounded', 'ascending'), data).rank), [2, 2, 1, NaN, 4]);
  });
  it('order: ascending within peer groups (n: a 80.04, c 79, e 81; s: b 80.01, d missing)', () => {
    close(Array.from(run(s('exact', 'ascending'), data).groupRanks[0]), [2, 1, 1, NaN, 3]);
    close(Array.from(run(s('rounded', 'ascending'), data).groupRanks[0]), [2, 1, 1, NaN, 3]);
  });
  it('order: descending is the default and the same plan as leaving it out', () => {
    const a = run(s('rounded', 'descending'), data);
    const b = run(s('rounded'), data);
    expect(a.planHash).toBe(b.planHash);
    expect(a.plan.ranking).toEqual({ on: 'rounded', groups: ['grp'] });
    close(Array.from(a.rank), Array.from(b.rank));
  });
});
