import type { AggregateOperator } from './operator.js';

export const mean: AggregateOperator<'mean'> = {
  accumulate: (_def, { W }) => `s += ${W} * v; w += ${W};`,
  result: () => 's / w',
};
