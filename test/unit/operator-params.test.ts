/** Operators name their parameters: the layout gives each name a P index, and nothing reads or writes one by offset. */
import { describe, expect, it } from 'vitest';
import { code } from '../../engine/code.js';
import { compile } from '../../engine/compile.js';
import { buildLayout } from '../../engine/layout.js';
import { IMPUTE_OPERATORS } from '../../engine/operators/impute/index.js';
import { OUTLIER_OPERATORS } from '../../engine/operators/outliers/index.js';
import { paramBlock, paramReader, writeParams } from '../../engine/operators/params.js';
import { indicator, L, load, schemeWith } from '../helpers.js';

describe('named operator parameters', () => {
  it('a block takes consecutive indices in the order the operator lists its names', () => {
    let next = 7;
    expect(paramBlock(OUTLIER_OPERATORS.coinr.params, () => next++)).toEqual({ mode: 7, lo: 8, hi: 9, min: 10, offset: 11 });
    expect(paramBlock(IMPUTE_OPERATORS.skip.params, () => next++)).toEqual({});
  });

  it('an operator reading or setting a parameter it did not declare is refused, naming it', () => {
    const block = { value: 3 };
    const read = paramReader(block, 'imputation sneaky', (p) => code`p${p}`);
    expect(read('value')).toBe('p3');
    expect(() => read('offset')).toThrow(/imputation sneaky reads parameter offset, which its operator does not declare/);
    const P = new Float64Array(5);
    writeParams(P, block, { value: 2.5 }, 'imputation sneaky');
    expect(Array.from(P)).toEqual([0, 0, 0, 2.5, 0]);
    expect(() => writeParams(P, block, { other: 1 }, 'imputation sneaky')).toThrow(/imputation sneaky sets parameter other/);
  });

  it('the layout gives an indicator its imputation value and its treatment parameters by name, and a column only where the operator writes one', () => {
    const scheme = load(schemeWith(['x', 'y'], {
      tree: {
        id: 'root', label: L('Root'), children: [
          { ...indicator('x', { method: 'minmax' }), missing: 'median', outliers: { method: 'coinr' } },
          { ...indicator('y', { method: 'minmax' }), missing: { method: 'fixed', value: 0 } },
        ],
      },
    }));
    const { plan } = compile(scheme);
    const layout = buildLayout(plan);
    const [jx, jy] = ['n_x', 'n_y'].map((id) => plan.nodes.findIndex((n) => n.id === id));
    expect(Object.keys(layout.pImpute[jx]!)).toEqual(['value']);
    expect(Object.keys(layout.pTreat[jx]!)).toEqual(['mode', 'lo', 'hi', 'min', 'offset']);
    expect(layout.imputed[jx]).not.toBe(layout.raw[jx]);
    expect(layout.treated[jx]).not.toBe(layout.imputed[jx]);
    // fixed scores a missing value after normalisation: no imputed column, no parameter.
    expect(layout.pImpute[jy]).toEqual({});
    expect(layout.imputed[jy]).toBe(layout.raw[jy]);
    expect(layout.treated[jy]).toBe(layout.imputed[jy]);
    const all = [...Object.values(layout.pImpute[jx]!), ...Object.values(layout.pTreat[jx]!)];
    expect(new Set(all).size).toBe(all.length);
  });
});
