import { num } from '../../code-number.js';
import type { AggregateOperator } from './operator.js';

export const power: AggregateOperator<'power'> = {
  nonNegative: { zh: '幂' },
  accumulate: (def, { W, guard }) => `${guard} s += ${W} * Math.pow(v, ${num(def.p)}); w += ${W};`,
  result: (def) => `Math.pow(s / w, ${num(1 / def.p)})`,
};
