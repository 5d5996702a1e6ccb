import { code } from '../../code.js';
import type { AggregateOperator } from './operator.js';

export const power: AggregateOperator<'power'> = {
  nonNegative: { zh: '幂' },
  accumulate: (def, { W, guard }) => code`${guard} s += ${W} * Math.pow(v, ${def.p}); w += ${W};`,
  result: (def) => code`Math.pow(s / w, ${1 / def.p})`,
};
