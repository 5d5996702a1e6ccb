import { describe, expect, it } from 'vitest';
import { KaoheError, loadSchemeText } from '../../indicators/index.js';
import { indicator, L, load, schemeProblems, schemeWith } from '../helpers.js';

/** The error a scheme text is refused with; fails the test when it is accepted or fails otherwise. */
function refusal(yaml: string): KaoheError {
  let thrown: unknown = null;
  try {
    loadSchemeText(yaml);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(KaoheError);
  return thrown as KaoheError;
}

function withTree(children: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return schemeWith(['x', 'y'], { tree: { id: 'root', label: L('Root'), children }, ...extra });
}

const grades = (bands: [string, number | undefined, number | undefined][]): Record<string, unknown>[] =>
  bands.map(([id, min, max]) => ({ id, label: L(id), ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }));

describe('bad schemes: each gives a precise error at its path', () => {
  const cases: { name: string; scheme: Record<string, unknown>; where: string; en: RegExp }[] = [
    {
      name: 'unknown reference in an expression, with a suggestion',
      scheme: schemeWith(['forest'], { derived: [{ id: 'd', label: L('d'), expr: 'forst * 2' }] }),
      where: 'derived[0].expr', en: /unknown name "forst" \(did you mean "forest"\?\)/,
    },
    {
      name: 'an indicator whose input does not exist',
      scheme: withTree([indicator('zz', { method: 'none' })]),
      where: 'tree.children[0].input', en: /input "zz" is not a defined input/,
    },
    {
      name: 'a cycle among derived indicators',
      scheme: schemeWith(['x'], { derived: [{ id: 'p', label: L('p'), expr: 'q + x' }, { id: 'q', label: L('q'), expr: 'p * 2' }] }),
      where: 'derived[0].expr', en: /cycle: p → q → p/,
    },
    {
      name: 'a negative weight',
      scheme: withTree([indicator('x', { method: 'none' }, { weight: -1 }), indicator('y', { method: 'none' })]),
      where: 'tree.children[0].weight', en: /weight must be ≥ 0/,
    },
    {
      name: 'overlapping grade bands',
      scheme: schemeWith(['x'], { grades: grades([['a', 80, undefined], ['b', 60, 85], ['c', undefined, 60]]) }),
      where: 'grades[1].max', en: /overlaps/,
    },
    {
      name: 'a gap between grade bands',
      scheme: schemeWith(['x'], { grades: grades([['a', 80, undefined], ['b', 60, 75], ['c', undefined, 60]]) }),
      where: 'grades[1].max', en: /gap between grades/,
    },
    {
      name: 'a goalpost normalisation without its worst target',
      scheme: withTree([indicator('x', { method: 'goalpost', best: 1 })]),
      where: 'tree.children[0].normalise.worst', en: /required field is missing \(expected number\)/,
    },
    {
      name: 'ln(x + alpha) without alpha',
      scheme: withTree([indicator('x', { method: 'goalpost', best: 0, worst: 1, transform: 'ln_alpha' })]),
      where: 'tree.children[0].normalise.alpha', en: /needs alpha/,
    },
    {
      name: 'an unknown normalisation method',
      scheme: withTree([indicator('x', { method: 'minimax' })]),
      where: 'tree.children[0].normalise.method', en: /expected one of: none, minmax/,
    },
    {
      name: 'an unknown function',
      scheme: schemeWith(['x'], { derived: [{ id: 'd', label: L('d'), expr: 'average(x)' }] }),
      where: 'derived[0].expr', en: /unknown function average/,
    },
    {
      name: 'an expression reaching for constructor',
      scheme: schemeWith(['x'], { derived: [{ id: 'd', label: L('d'), expr: 'x.constructor' }] }),
      where: 'derived[0].expr', en: /member access/,
    },
    {
      name: 'an expression reaching for process',
      scheme: schemeWith(['x'], { lists: [{ id: 'l', label: L('l'), when: 'process' }] }),
      where: 'lists[0].when', en: /unknown name "process"/,
    },
    {
      name: 'a misspelt field',
      scheme: withTree([indicator('x', { method: 'none' }, { wieght: 2 })]),
      where: 'tree.children[0].wieght', en: /unknown field "wieght"/,
    },
    {
      name: 'overlapping bands in a band table',
      scheme: withTree([indicator('x', { method: 'bands', bands: [{ min: 0, max: 60, score: 0 }, { min: 50, max: 100, score: [60, 100] }] })]),
      where: 'tree.children[0].normalise.bands[1]', en: /overlap/,
    },
    {
      name: 'a veto naming a grade that does not exist',
      scheme: schemeWith(['x'], { grades: grades([['a', 60, undefined], ['b', undefined, 60]]), vetoes: [{ id: 'v', label: L('v'), when: 'x > 1', grade: 'c' }] }),
      where: 'vetoes[0].grade', en: /grade "c" is not one of the grades/,
    },
    {
      name: 'direction lower on a goalpost (direction is in the targets)',
      scheme: withTree([indicator('x', { method: 'goalpost', best: 0, worst: 10 }, { direction: 'lower' })]),
      where: 'tree.children[0].direction', en: /carries its own direction/,
    },
    {
      name: 'duplicate node ids',
      scheme: withTree([indicator('x', { method: 'none' }), { ...indicator('y', { method: 'none' }), id: 'n_x' }]),
      where: 'tree.children[1].id', en: /duplicate node id "n_x"/,
    },
    {
      name: 'a node id that clashes with a results column',
      scheme: withTree([{ ...indicator('x', { method: 'none' }), id: 'score' }]),
      where: 'tree.children[0].id', en: /clashes with a column of the results table/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const problems = schemeProblems(c.scheme);
      const hit = problems.find((p) => p.where === c.where && c.en.test(p.en));
      expect(hit, JSON.stringify(problems, null, 1)).toBeDefined();
      expect(hit!.zh).toMatch(/[\u4e00-\u9fff]/);
    });
  }

  it('reports every problem at once, with YAML line numbers', () => {
    const yaml = [
      'id: bad',
      'version: 1',
      'name: { zh: 坏, en: Bad }',
      'subject: county',
      'inputs:',
      '  - { id: x, label: { zh: x, en: x } }',
      'tree:',
      '  id: root',
      '  label: { zh: 根, en: Root }',
      '  children:',
      '    - { id: a, input: x, label: { zh: a, en: a }, weight: -2, normalise: { method: none } }',
      '    - { id: b, input: nope, label: { zh: b, en: b }, normalise: { method: none } }',
    ].join('\n');
    expect(refusal(yaml).problems.map((p) => [p.where, p.line])).toEqual([['subject', 4], ['tree.children[0].weight', 11]]);
    // The shape error stops before the semantic pass; fix it and the next one shows up with its line.
    const fixed = yaml.replace('weight: -2', 'weight: 2').replace('county', 'region');
    expect(refusal(fixed).problems.map((p) => [p.where, p.line])).toEqual([['tree.children[1].input', 12]]);
  });
  it('a ranking order that is neither ascending nor descending names its path and line, and the value', () => {
    const yaml = [
      'id: bad-order',
      'version: 1',
      'name: { zh: 坏, en: Bad }',
      'subject: section',
      'ranking: { on: exact, order: sideways }',
      'inputs:',
      '  - { id: x, label: { zh: x, en: x } }',
      'tree:',
      '  id: root',
      '  label: { zh: 根, en: Root }',
      '  children:',
      '    - { id: a, input: x, label: { zh: a, en: a }, normalise: { method: none } }',
    ].join('\n');
    const e = refusal(yaml);
    expect(e.problems).toEqual([{
      where: 'ranking.order', line: 5,
      zh: '应为以下之一：descending、ascending，实际为「sideways」',
      en: 'expected one of: descending, ascending, got "sideways"',
    }]);
    expect(e.message).toBe('ranking.order (line 5): 应为以下之一：descending、ascending，实际为「sideways」 / expected one of: descending, ascending, got "sideways"');
  });
  it('ranking lowest first refuses grades (and so vetoes) and deductions/bonuses, which read higher = better', () => {
    const ascending = { ranking: { order: 'ascending' } };
    const withGrades = schemeWith(['x'], { ...ascending, grades: grades([['good', 60, undefined], ['poor', undefined, 60]]) });
    expect(schemeProblems(withGrades)).toEqual([expect.objectContaining({ where: 'grades', en: expect.stringMatching(/grades can't be used with ranking.order ascending/) })]);
    const withRules = schemeWith(['x'], { ...ascending, adjustments: { rules: [{ id: 'fine', kind: 'deduction', label: L('fine'), points: '1' }] } });
    expect(schemeProblems(withRules)).toEqual([expect.objectContaining({ where: 'adjustments.rules', en: expect.stringMatching(/a deduction lowers the score and so would improve the rank/) })]);
    expect(() => load(schemeWith(['x'], { ranking: { order: 'descending' }, grades: grades([['good', 60, undefined], ['poor', undefined, 60]]) }))).not.toThrow();
    expect(load(schemeWith(['x'], ascending)).ranking).toEqual({ on: 'exact', groups: [], order: 'ascending' });
  });
  it('YAML syntax errors name the line', () => {
    expect(() => loadSchemeText('id: x\n  bad: [\n')).toThrow(KaoheError);
  });
});

describe('scheme shorthand and type errors', () => {
  it('methods without parameters may be written bare', () => {
    const s = load(withTree([indicator('x', 'efficacy' as unknown as Record<string, unknown>, { missing: 'mean', outliers: 'coinr' })]));
    const n = s.tree as unknown as { children: { normalise: unknown; missing: unknown; outliers: unknown }[] };
    expect(n.children[0].normalise).toEqual({ method: 'efficacy' });
    expect(n.children[0].missing).toEqual({ method: 'mean' });
    expect(n.children[0].outliers).toEqual({ method: 'coinr', skew: 2, kurtosis: 3.5, maxPoints: 5 });
  });
  it('a value of the wrong type is reported as such, not as missing', () => {
    const problems = schemeProblems(withTree([indicator('x', { method: 'none' }, { weight: 'heavy' })]));
    expect(problems[0]).toMatchObject({ where: 'tree.children[0].weight', en: 'expected number, got "heavy"' });
    expect(problems[0].zh).toBe('应为数值，实际为「heavy」');
  });
});
