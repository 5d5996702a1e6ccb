import { code } from '../../code.js';
import { mean } from './mean.js';
import type { AggregateOperator } from './operator.js';

/** The weighted sum, scaled up to the applicable weight when children are missing. */
export const sum: AggregateOperator<'sum'> = {
  accumulate: (_def, ctx) => mean.accumulate('mean', ctx),
  result: () => code`w === wt ? s : s / w * wt`,
};
