import { num } from '../../code-number.js';
import type { NormaliseOperator } from './operator.js';

export const percentile: NormaliseOperator<'percentile'> = {
  stats: ['n'],
  ranks: true,
  emit(def, { stat }) {
    const count = stat('n');
    return `(${count} > 1 ? (x - 1) / (${count} - 1) * ${num(def.scale)} : ${num(def.scale)})`;
  },
};
