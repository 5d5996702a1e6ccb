import { code } from '../../code.js';
import type { NormaliseOperator } from './operator.js';

export const percentile: NormaliseOperator<'percentile'> = {
  stats: ['n'],
  ranks: true,
  emit(def, { stat }) {
    const count = stat('n');
    return code`(${count} > 1 ? (x - 1) / (${count} - 1) * ${def.scale} : ${def.scale})`;
  },
};
