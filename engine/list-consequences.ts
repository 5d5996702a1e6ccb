/**
 * What list membership costs in the following period (江苏: the red and black lists at a
 * half-year end set the next half-year's electricity surcharge): for each entity on a list with a
 * `consequence`, the rate, the period (the day after the as-of date, for `months`), and the
 * amount when the consequence names a base input (rate × base × baseScale; null when the base is
 * missing). Needs an as-of date.
 */
import { addPeriod, formatDay, type Label } from '../indicators/index.js';
import type { Results } from './results.js';

export interface ListConsequence {
  label: Label;
  rate: number;
  unit: string;
  from: string;
  to: string;
  base: number | null;
  amount: number | null;
}

/** Per list rule (plan.lists order), per entity: its consequence, or null (not listed, no consequence, or no as-of date). */
export function listConsequences(results: Results): (ListConsequence | null)[][] {
  const { plan, layout, columns: C, asOf } = results;
  return plan.lists.map((l, k) => {
    const c = l.consequence;
    return results.frame.ids.map((_, i) => {
      if (!c || asOf === null || results.lists[k][i] !== 1) return null;
      const start = asOf + 1;
      const slot = c.base === null ? undefined : layout.source.get(c.base) ?? layout.derived.get(c.base);
      const base = slot === undefined ? null : C[slot][i];
      const known = base !== null && base === base ? base : null;
      return {
        label: c.label, rate: c.rate, unit: c.unit, from: formatDay(start), to: formatDay(addPeriod(start, 'months', c.months) - 1),
        base: known, amount: c.base === null || known === null ? null : c.rate * known * c.baseScale,
      };
    });
  });
}
