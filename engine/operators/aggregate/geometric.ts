import { code } from '../../code.js';
import type { AggregateOperator } from './operator.js';

/** A zero child makes the mean 0; a child of weight 0 is only checked. */
export const geometric: AggregateOperator<'geometric'> = {
  nonNegative: { zh: '几何' },
  accumulate: (_def, { W, weighted, guard, ln }) => (weighted ? code`${guard} if (v === 0) z = 1; else s += ${W} * ${ln}; w += ${W};` : guard),
  result: () => code`z === 1 ? 0 : Math.exp(s / w)`,
};
