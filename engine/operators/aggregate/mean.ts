import { code } from '../../code.js';
import type { AggregateOperator } from './operator.js';

export const mean: AggregateOperator<'mean'> = {
  accumulate: (_def, { W }) => code`s += ${W} * v; w += ${W};`,
  result: () => code`s / w`,
};
