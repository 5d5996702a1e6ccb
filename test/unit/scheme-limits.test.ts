/**
 * Scheme limits (indicators/limits.ts): each is accepted at the limit (and a scheme at the limit
 * compiles and scores) and refused just over it with a named problem at its path; hostile YAML
 * (alias bombs, deep brackets, .nan / .inf, numbers past double precision) is a problem with
 * its line, never an internal error; a run in which no entity has a score is refused.
 */
import { describe, expect, it } from 'vitest';
import { compile, evaluate, refuseBlankRun } from '../../engine/index.js';
import { KaoheError, loadSchemeText, parseSchemeObject, SCHEME_LIMITS, type Problem } from '../../indicators/index.js';
import { readCsvText } from '../../io/index.js';
import { L, node, run, schemeProblems, schemeWith, table } from '../helpers.js';

const withDerived = (expr: string): Record<string, unknown> =>
  schemeWith(['a'], { derived: [{ id: 'd', label: L('d'), expr }], tree: { id: 'root', label: L('Root'), children: [{ id: 'n_d', input: 'd', label: L('d'), normalise: { method: 'none' } }] } });

const sum = (terms: number): string => Array(terms).fill('a').join(' + ');

function refusedText(text: string): Problem[] {
  try {
    loadSchemeText(text);
  } catch (e) {
    if (e instanceof KaoheError) return e.problems;
    throw e;
  }
  throw new Error('scheme was accepted but should have been refused');
}

const YAML_HEAD = `id: t
version: "1"
name: { zh: 测试, en: Test }
subject: region
inputs:
  - { id: a, label: { zh: 甲, en: A } }
tree:
  id: root
  label: { zh: 总, en: Total }
  children:
`;
const yamlWithWeight = (w: string): string => `${YAML_HEAD}    - { id: n_a, label: { zh: 甲, en: A }, input: a, weight: ${w}, normalise: none }\n`;

describe('expressions', () => {
  it(`a chain of ${SCHEME_LIMITS.expressionDepth} terms compiles and scores; one more is refused at its path`, () => {
    const r = run(withDerived(sum(SCHEME_LIMITS.expressionDepth)), table({ id: ['e1', 'e2'], a: [2, 0.5] }));
    expect(node(r, 'n_d')).toEqual([2 * SCHEME_LIMITS.expressionDepth, 0.5 * SCHEME_LIMITS.expressionDepth]);
    const [p, ...rest] = schemeProblems(withDerived(sum(SCHEME_LIMITS.expressionDepth + 1)));
    expect(rest).toEqual([]);
    expect(p.where).toBe('derived[0].expr');
    expect(p.en).toMatch(/nested more than 100 deep/);
    expect(p.zh).toMatch(/嵌套超过 100 层/);
  });
  it('the 3,000-term expression is refused for its length, not a stack overflow', () => {
    const [p] = schemeProblems(withDerived(sum(3000)));
    expect(p.where).toBe('derived[0].expr');
    expect(p.en).toMatch(/11997 characters long, over the limit of 2000/);
  });
  it('an expression of exactly the length limit is accepted, one character more is refused', () => {
    const atLimit = `a * 1.${'0'.repeat(SCHEME_LIMITS.expressionLength - 6)}`;
    expect(atLimit.length).toBe(SCHEME_LIMITS.expressionLength);
    expect(node(run(withDerived(atLimit), table({ id: ['e1'], a: [3] })), 'n_d')).toEqual([3]);
    expect(schemeProblems(withDerived(`${atLimit}0`))[0].en).toMatch(/2001 characters long/);
  });
  it('brackets and calls nested past the limit are refused before the parser recurses', () => {
    const parens = (k: number): string => `${'('.repeat(k)}a${')'.repeat(k)}`;
    expect(node(run(withDerived(parens(SCHEME_LIMITS.expressionDepth)), table({ id: ['e1'], a: [4] })), 'n_d')).toEqual([4]);
    for (const text of [parens(SCHEME_LIMITS.expressionDepth + 1), parens(999), `${'abs('.repeat(101)}a${')'.repeat(101)}`, `${'-'.repeat(1500)}a`]) {
      expect(schemeProblems(withDerived(text))[0].en).toMatch(/nested more than 100 deep/);
    }
  });
  it('numbers in expressions beyond the bounds or rounding to 0 are refused with what was written', () => {
    expect(schemeProblems(withDerived('a * 1e13'))[0].en).toMatch(/the number 1e13 in "a \* 1e13" is out of bounds/);
    expect(schemeProblems(withDerived('a * 1e-400'))[0].en).toMatch(/the number 1e-400 in "a \* 1e-400" rounds to 0/);
    expect(node(run(withDerived('a * 1e12'), table({ id: ['e1'], a: [2] })), 'n_d')).toEqual([2e12]);
  });
});

describe('all expressions together', () => {
  const long = `a * 1.${'0'.repeat(SCHEME_LIMITS.expressionLength - 6)}`;
  const derived = (n: number, extra?: string): Record<string, unknown>[] => [
    ...Array.from({ length: n }, (_, k) => ({ id: `d${k}`, label: L(`d${k}`), expr: long })),
    ...(extra ? [{ id: 'extra', label: L('extra'), expr: extra }] : []),
  ];
  const count = SCHEME_LIMITS.expressionTotal / SCHEME_LIMITS.expressionLength;
  it(`${SCHEME_LIMITS.expressionTotal} characters are accepted; one more is refused at the expression that goes over`, () => {
    expect(() => parseSchemeObject(schemeWith(['a'], { derived: derived(count) }))).not.toThrow();
    expect(schemeProblems(schemeWith(['a'], { derived: derived(count, 'a') }))).toEqual([{
      where: `derived[${count}].expr`,
      line: undefined,
      zh: '方案中的表达式合计超过 100000 个字符（到此处为 100001 个）',
      en: "the scheme's expressions together are more than 100000 characters (100001 up to here)",
    }]);
  });
});

describe('a scheme at several limits at once', () => {
  it('compiles and scores: 16 levels, 2000 nodes, chained derived indicators as deep as allowed, 500 rules', () => {
    const chain = (k: number): string => [...Array(SCHEME_LIMITS.expressionDepth - 1).fill('a'), k === 0 ? 'a' : `d${k - 1}`].join(' + ');
    const derivedCount = Math.floor(SCHEME_LIMITS.expressionTotal / (chain(1).length + 1)) - 1;
    const derived = Array.from({ length: derivedCount }, (_, k) => ({ id: `d${k}`, label: L(`d${k}`), expr: chain(k) }));
    // A chain of 15 aggregates; the deepest holds the remaining nodes as indicators of the last derived value.
    const leaves = SCHEME_LIMITS.nodes - (SCHEME_LIMITS.treeDepth - 1);
    let tree: Record<string, unknown> = {
      id: `g${SCHEME_LIMITS.treeDepth - 1}`, label: L('bottom'),
      children: Array.from({ length: leaves }, (_, i) => ({ id: `leaf${i}`, input: `d${derivedCount - 1}`, label: L(`leaf${i}`), normalise: { method: 'none' } })),
    };
    for (let k = SCHEME_LIMITS.treeDepth - 2; k >= 1; k--) tree = { id: `g${k}`, label: L(`g${k}`), children: [tree] };
    const rules = Array.from({ length: SCHEME_LIMITS.adjustments }, (_, i) => ({ id: `r${i}`, kind: 'deduction', label: L(`r${i}`), points: 'a' }));
    const compiled = compile(parseSchemeObject(schemeWith(['a'], { derived, tree, adjustments: { rules } })));
    expect(compiled.plan.nodes).toHaveLength(SCHEME_LIMITS.nodes);
    const r = evaluate(compiled, readCsvText('id,a\ne1,1\ne2,0.5\n', compiled.plan));
    // Each derived value adds 99 a to the one before: the last is 100 a + 99 a × (count − 1); every rule deducts a.
    const base = (a: number): number => 100 * a + 99 * a * (derivedCount - 1);
    expect(Array.from(r.score)).toEqual([base(1) - SCHEME_LIMITS.adjustments, base(0.5) - SCHEME_LIMITS.adjustments * 0.5]);
  });
});

/** A tree `levels` deep: a chain of aggregates with one indicator at the bottom. */
function deepTree(levels: number): Record<string, unknown> {
  let n: Record<string, unknown> = { id: 'leaf', input: 'a', label: L('leaf'), normalise: { method: 'none' } };
  for (let k = levels - 1; k >= 1; k--) n = { id: `g${k}`, label: L(`g${k}`), children: [n] };
  return schemeWith(['a'], { tree: n });
}

/** `n` indicators (and n inputs) under the root: a tree of n + 1 nodes. */
function wideScheme(n: number): Record<string, unknown> {
  return schemeWith(Array.from({ length: n }, (_, i) => `x${i}`));
}

describe('the tree', () => {
  it(`${SCHEME_LIMITS.treeDepth} levels compile and score; ${SCHEME_LIMITS.treeDepth + 1} are refused at the deepest allowed node`, () => {
    expect(node(run(deepTree(SCHEME_LIMITS.treeDepth), table({ id: ['e1'], a: [7] })), 'g1')).toEqual([7]);
    const problems = schemeProblems(deepTree(SCHEME_LIMITS.treeDepth + 1));
    expect(problems).toHaveLength(1);
    expect(problems[0].where).toBe(`tree${'.children[0]'.repeat(SCHEME_LIMITS.treeDepth - 1)}.children`);
    expect(problems[0].en).toMatch(/more than 16 levels deep/);
  });
  it(`${SCHEME_LIMITS.nodes} nodes compile and score; one more is refused`, () => {
    const atLimit = wideScheme(SCHEME_LIMITS.nodes - 1);
    const compiled = compile(parseSchemeObject(atLimit));
    const inputs = Array.from({ length: SCHEME_LIMITS.nodes - 1 }, (_, i) => `x${i}`);
    const csv = `id,${inputs.join(',')}\ne1,${inputs.map(() => '1').join(',')}\ne2,${inputs.map((_, i) => String(i % 2)).join(',')}\n`;
    const r = evaluate(compiled, readCsvText(csv, compiled.plan));
    expect(Array.from(r.score)).toEqual([1, (SCHEME_LIMITS.nodes / 2 - 1) / (SCHEME_LIMITS.nodes - 1)]);
    const over = schemeProblems(wideScheme(SCHEME_LIMITS.nodes));
    expect(over).toEqual([{ where: 'tree', line: undefined, zh: '指标树的节点超过上限 2000 个', en: 'the indicator tree has more than 2000 nodes (the limit)' }]);
  });
  it('a 60,000-indicator scheme is refused by the limits alone, before its shape is checked', () => {
    const huge = wideScheme(60_000);
    // A shape error deep inside: the limits answer first, so it is never reached.
    ((huge.tree as { children: Record<string, unknown>[] }).children[30_000]).label = 'not a label';
    const where = schemeProblems(huge).map((p) => p.where);
    expect(where).toEqual(['inputs', 'tree']);
  });
});

describe('rule lists', () => {
  it('each list is capped by count at its path', () => {
    const rules = (n: number): Record<string, unknown>[] => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, kind: 'deduction', label: L(`r${i}`), points: '1' }));
    expect(() => parseSchemeObject(schemeWith(['a'], { adjustments: { rules: rules(SCHEME_LIMITS.adjustments) } }))).not.toThrow();
    expect(schemeProblems(schemeWith(['a'], { adjustments: { rules: rules(SCHEME_LIMITS.adjustments + 1) } }))).toEqual([
      { where: 'adjustments.rules', line: undefined, zh: '加分扣分规则共 501 项，超过上限 500 项', en: '501 adjustment rules, more than the limit of 500' },
    ]);
    const lists = Array.from({ length: SCHEME_LIMITS.lists + 1 }, (_, i) => ({ id: `l${i}`, label: L(`l${i}`), when: 'a > 1' }));
    expect(schemeProblems(schemeWith(['a'], { lists }))[0].where).toBe('lists');
  });
});

describe('numbers', () => {
  it('a weight of 1e308 (whose sums overflow) is refused with what was written; the largest weight allowed scores', () => {
    const [p] = refusedText(yamlWithWeight('1e308'));
    expect(p).toMatchObject({ where: 'tree.children[0].weight', line: 11 });
    expect(p.en).toBe('a weight must be at most 1000000 (weights are relative: scale them down), got 1e+308');
    expect(() => loadSchemeText(yamlWithWeight(String(SCHEME_LIMITS.maxWeight)))).not.toThrow();
  });
  it('.nan, .inf and -.inf are named as such, 1e400 is too large, 1e-400 rounds to 0: each at its path and line', () => {
    const cases: [string, RegExp][] = [
      ['.nan', /^"\.nan" is not a number \(\.nan \/ \.inf are not numbers in a scheme\)/],
      ['.inf', /^"\.inf" is not a number/],
      ['-.inf', /^"-\.inf" is not a number/],
      ['1e400', /^"1e400" is too large for a double-precision number/],
      ['1e-400', /^"1e-400" rounds to 0/],
    ];
    for (const [written, en] of cases) {
      const problems = refusedText(yamlWithWeight(written));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ where: 'tree.children[0].weight', line: 11 });
      expect(problems[0].en).toMatch(en);
    }
  });
  it('ranges, bands and caps beyond the bounds are refused; at the bounds they are accepted', () => {
    const ranged = (lo: number, hi: number): Record<string, unknown> => schemeWith(['a'], { inputs: [{ id: 'a', label: L('a'), range: [lo, hi] }] });
    expect(() => parseSchemeObject(ranged(-1e12, 1e12))).not.toThrow();
    const [p] = schemeProblems(ranged(0, 1e13));
    expect(p.where).toBe('inputs[0].range[1]');
    expect(p.en).toBe('the number is out of bounds (at most 1000000000000 in magnitude), got 10000000000000');
    expect(schemeProblems(schemeWith(['a'], { adjustments: { cap: { deduction: -1e300 } } }))[0].where).toBe('adjustments.cap.deduction');
  });
});

describe('YAML', () => {
  it('an alias bomb is a problem with a line, not the library\'s exception', () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
`;
    const [p] = refusedText(bomb + YAML_HEAD);
    expect(p).toMatchObject({ where: 'YAML', line: 2 });
    expect(p.en).toMatch(/^YAML aliases \(\*name\) expand too far: Excessive alias count/);
    expect(p.zh).toMatch(/^YAML 别名/);
  });
  it(`brackets nested ${SCHEME_LIMITS.yamlNesting} deep are read; deeper (up to 20,000, which would overflow the YAML composer) are refused with the line`, () => {
    const nested = (k: number): string => `${YAML_HEAD}    - { id: n_a, label: { zh: 甲, en: A }, input: a, normalise: none }\nextra: ${'['.repeat(k)}${']'.repeat(k)}\n`;
    // At the limit the YAML is read and the unknown field is what is wrong.
    expect(refusedText(nested(SCHEME_LIMITS.yamlNesting)).map((p) => p.where)).toEqual(['extra']);
    for (const k of [SCHEME_LIMITS.yamlNesting + 1, 20_000]) {
      const [p] = refusedText(nested(k));
      expect(p).toMatchObject({ where: 'YAML', line: 12 });
      expect(p.en).toBe('YAML [ ] or { } collections are nested more than 64 deep');
    }
  });
  it('brackets inside quoted or plain text do not count as nesting', () => {
    const text = yamlWithWeight('1').replace('subject: region\n', `subject: region\ndescription:\n  zh: 说明${'['.repeat(100)}\n  en: "${'{'.repeat(100)}"\n`);
    expect(() => loadSchemeText(text)).not.toThrow();
  });
  it(`a file of ${SCHEME_LIMITS.bytes} bytes is read, one byte more is refused before it is parsed`, () => {
    const base = yamlWithWeight('1');
    const padded = (bytes: number): string => `${base}#${'x'.repeat(bytes - Buffer.byteLength(base) - 2)}\n`;
    expect(Buffer.byteLength(padded(SCHEME_LIMITS.bytes))).toBe(SCHEME_LIMITS.bytes);
    expect(() => loadSchemeText(padded(SCHEME_LIMITS.bytes))).not.toThrow();
    expect(refusedText(padded(SCHEME_LIMITS.bytes + 1))).toEqual([{
      where: 'YAML',
      zh: '方案文件有 524289 字节，超过上限 524288 字节（512 KiB）：请拆分或精简方案',
      en: 'the scheme file is 524289 bytes, over the limit of 524288 bytes (512 KiB): split or trim the scheme',
    }]);
  });
});

describe('a run in which no entity has a score', () => {
  it('is refused with a named problem; one score is enough to pass', () => {
    const overflow = withDerived('exp(a * 1000)');
    const blank = run(overflow, table({ id: ['e1', 'e2'], a: [5, 3] }));
    expect(() => refuseBlankRun(blank, 'data.csv')).toThrow(KaoheError);
    try {
      refuseBlankRun(blank, 'data.csv');
    } catch (e) {
      expect((e as KaoheError).problems).toEqual([expect.objectContaining({ where: 'data.csv', en: expect.stringMatching(/^every one of the 2 entities' scores is missing/) })]);
    }
    expect(() => refuseBlankRun(run(overflow, table({ id: ['e1', 'e2'], a: [5, 0] })), 'data.csv')).not.toThrow();
  });
});
