import { describe, expect, it } from 'vitest';
import { code, commentWord, index, joinCode, sourceUrl, type Code } from '../../engine/code.js';
import { num } from '../../engine/code-number.js';
import { expr, type Resolver } from '../../engine/codegen.js';
import { parseExpression, type Ast } from '../../indicators/index.js';
import { close, L, node, run, schemeProblems, table } from '../helpers.js';

function derive(expr: string, cols: Record<string, (string | number)[]>, extra: Record<string, unknown> = {}): number[] {
  const inputs = Object.keys(cols).filter((c) => c !== 'id' && c !== 'region').map((id) => ({ id, label: L(id) }));
  const s = {
    id: 'expr', version: '1', name: L('Expr'), subject: 'region',
    attributes: [{ id: 'region', label: L('region'), categories: ['east', 'west'] }],
    inputs,
    derived: [{ id: 'd', label: L('derived'), expr }],
    tree: { id: 'root', label: L('Root'), children: [{ id: 'n_d', input: 'd', label: L('d'), normalise: { method: 'none' } }] },
    ...extra,
  };
  return node(run(s, table(cols)), 'n_d');
}

describe('derived indicator expressions', () => {
  const cols = { id: ['p', 'q', 'r'], region: ['east', 'west', ''], a: [4, 9, NaN], b: [2, 0, 1] };
  it('arithmetic, functions, if', () => {
    close(derive('a / b * 100', cols), [200, NaN, NaN]); // division by zero is missing, not Infinity
    close(derive('sqrt(a) + max(a, b, 3) - abs(-1)', cols), [5, 11, NaN]);
    close(derive('clamp(a, 5, 8)', cols), [5, 8, NaN]);
    close(derive('if(a > 5, 1, 2)', cols), [2, 1, 2]);
    close(derive('a > 5 ? 1 : 2', cols), [2, 1, 2]);
    close(derive('log(exp(2)) + pow(b, 2) + ln(1) + log10(100)', cols), [8, 4, 5]);
    close(derive('floor(a / 3) + ceil(0.2)', cols), [2, 4, NaN]);
  });
  it('missing values: isMissing, coalesce; comparisons with a missing side are false', () => {
    close(derive('isMissing(a)', cols), [0, 0, 1]);
    close(derive('coalesce(a, 0)', cols), [4, 9, 0]);
    close(derive('a != 4', cols), [0, 1, 0]);
    close(derive('a == 4 or b == 1', cols), [1, 0, 1]);
    close(derive('not (a > 5) and b < 3', cols), [1, 0, 1]);
  });
  it('categories compared with quoted values', () => {
    close(derive('region == "east"', cols), [1, 0, 0]);
    close(derive('region != "east"', cols), [0, 1, 0]);
  });
  it('dates', () => {
    expect(parseExpression('date("2025-03-10")')).toEqual({ ok: true, ast: { t: 'num', v: Date.UTC(2025, 2, 10) / 86400000 } });
    expect(parseExpression('date("2024-02-29")')).toEqual({ ok: true, ast: { t: 'num', v: Date.UTC(2024, 1, 29) / 86400000 } });
  });
  it('a day that is not in the calendar is refused, as the data path refuses it', () => {
    for (const day of ['2025-02-30', '2025-02-29', '2025-04-31', '2025-13-01', '2025-00-10']) {
      const r = parseExpression(`date("${day}")`);
      expect(r.ok, day).toBe(false);
      if (!r.ok) expect(r.error.en).toMatch(/real "YYYY-MM-DD" date/);
    }
  });
});

describe('code generation knows every operator it emits', () => {
  const names: Resolver = {
    name: (n) => (n === 'a' ? code`c_a` : code`c_other`),
    node: () => code`n_x`,
    literal: () => code`0`,
  };
  const one: Ast = { t: 'num', v: 1 };
  it('an operator outside the syntax tree\'s types is refused, never pasted as written', () => {
    expect(() => expr({ t: 'bin', op: '**' as never, a: one, b: one }, names)).toThrow(/unknown binary operator "\*\*"/);
    expect(() => expr({ t: 'un', op: '~' as never, a: one }, names)).toThrow(/unknown unary operator "~"/);
    expect(() => expr({ t: 'call', fn: 'eval' as never, args: [one] }, names)).toThrow(/unknown function "eval"/);
  });
  it('the operators it knows', () => {
    expect(expr({ t: 'bin', op: '||', a: { t: 'ref', name: 'a' }, b: one }, names)).toBe('((c_a) || (1) ? 1 : 0)');
    expect(expr({ t: 'un', op: '-', a: { t: 'ref', name: 'a' } }, names)).toBe('(-(c_a))');
    expect(expr({ t: 'call', fn: 'sqrt', args: [one] }, names)).toBe('Math.sqrt(1)');
  });
});

describe('code fragments: only code, numbers and fixed text make code', () => {
  it('numbers are printed exactly, negatives and -0 in brackets, and non-finite ones refused', () => {
    expect(code`x * ${0.1} + ${-2} - ${-0} + ${1e21} + ${5e-324}`).toBe('x * 0.1 + (-2) - (-0) + 1e+21 + 5e-324');
    expect(Number(num(0.1 + 0.2))).toBe(0.1 + 0.2);
    for (const bad of [NaN, Infinity, -Infinity]) expect(() => code`${bad}`).toThrow(/non-finite constant/);
  });
  it('a plain string is refused by the types (tsc fails this file should it be taken), anything else by the template', () => {
    const fromScheme: string = 'process.exit(1)';
    // @ts-expect-error a string is not Code; the brand lives in the types only, so tsc is what refuses it
    const pasted = code`(${fromScheme})`;
    // @ts-expect-error nor does a string become Code by assignment: only the template makes Code
    const forged: Code = fromScheme;
    expect([pasted, forged]).toEqual(['(process.exit(1))', 'process.exit(1)']);
    expect(() => code`(${{ toString: () => fromScheme } as never})`).toThrow(/is not code/);
    expect(() => code`(${undefined as never})`).toThrow(/undefined is not code/);
  });
  it('indices, comment words and source URLs are checked as they become code', () => {
    expect(index(12)).toBe('12');
    for (const bad of [-1, 1.5, NaN, 2 ** 53]) expect(() => index(bad)).toThrow(/bad index/);
    expect(commentWord('water_quality */ evil() /*\n')).toBe('water_qualityevil');
    const hash = 'ab'.repeat(32);
    expect(sourceUrl(hash, 'record-filter-0')).toBe(`//# sourceURL=kaohe/${hash}/record-filter-0.js`);
    expect(() => sourceUrl(hash, 'score.js\nevil()')).toThrow(/bad kernel name/);
    expect(() => sourceUrl('not-a-hash', 'score')).toThrow(/bad kernel name/);
  });
  it('joins only with the separators generated code uses', () => {
    expect(joinCode([code`a`, code`b`], ', ')).toBe('a, b');
    // @ts-expect-error a separator is one of a fixed few
    expect(joinCode([code`a`, code`b`], ' + evil() + ')).toBe('a + evil() + b');
  });
});

describe('expressions are a whitelist: nothing reaches JavaScript', () => {
  const base = (expr: string): Record<string, unknown> => ({
    id: 'evil', version: '1', name: L('Evil'), subject: 'region',
    inputs: [{ id: 'a', label: L('a') }],
    derived: [{ id: 'd', label: L('d'), expr }],
    tree: { id: 'root', label: L('Root'), children: [{ id: 'n_d', input: 'd', label: L('d'), normalise: { method: 'none' } }] },
  });
  const cases: [string, RegExp][] = [
    ['constructor', /unknown name "constructor"/],
    ['process', /unknown name "process"/],
    ['process.exit(1)', /only built-in functions/],
    ['a.constructor', /only member access allowed is node\.ID/],
    ['constructor.constructor("return process")()', /only built-in functions|member access/],
    ['this', /not allowed \(ThisExpression\)/],
    ['a[0]', /member access/],
    ['[1, 2]', /not allowed \(ArrayExpression\)/],
    ['toString(a)', /unknown function toString/],
    ['__proto__', /unknown name "__proto__"/],
    ['hasOwnProperty(a)', /unknown function hasOwnProperty/],
    ['a | 1', /operator \| is not supported/],
    ['a; a', /not allowed \(Compound\)/],
    ['"x"', /quoted value "x" can only be used/],
    ['a +', /syntax error/],
    ['min()', /min takes ≥1 argument/],
  ];
  for (const [expr, message] of cases) {
    it(`refuses ${expr}`, () => {
      const problems = schemeProblems(base(expr));
      expect(problems.map((p) => p.en).join('\n')).toMatch(message);
      expect(problems[0].where).toBe('derived[0].expr');
      expect(problems[0].zh).toMatch(/[\u4e00-\u9fff]/);
    });
  }
  it('data never becomes code: hostile ids and category values are just text', () => {
    const s = {
      id: 'safe', version: '1', name: L('Safe'), subject: 'region',
      attributes: [{ id: 'grp', label: L('g') }],
      inputs: [{ id: 'a', label: L('a') }],
      derived: [{ id: 'd', label: L('d'), expr: 'if(grp == "x\\"); process.exit(9); (\\"", 1, a)' }],
      tree: { id: 'root', label: L('Root'), children: [{ id: 'n_d', input: 'd', label: L('d'), normalise: { method: 'none' } }] },
    };
    const r = run(s, 'id,grp,a\n"`${process.exit(7)}`","x""); process.exit(9); (""",5\nb,y,6\n');
    expect(r.frame.ids[0]).toBe('`${process.exit(7)}`');
    close(node(r, 'n_d'), [1, 6]);
  });
});
