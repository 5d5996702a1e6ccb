import { describe, expect, it } from 'vitest';
import { resultsCsv } from '../../io/index.js';
import { run } from '../helpers.js';
import { mixedCsv, mixedScheme as scheme } from '../mixed-round.js';

describe('determinism', () => {
  it('the results file is byte-identical for any chunk size', () => {
    const csv = mixedCsv(2000, 7);
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
    const r1 = run(scheme, mixedCsv(10, 7));
    const r2 = run(scheme, mixedCsv(20, 7));
    expect(r1.planHash).toBe(r2.planHash);
    const changed = structuredClone(scheme);
    (changed.tree.children[0] as { weight: number }).weight = 3;
    expect(run(changed, mixedCsv(10, 7)).planHash).not.toBe(r1.planHash);
  });
});
