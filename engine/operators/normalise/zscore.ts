import { num } from '../../code-number.js';
import type { NormaliseOperator } from './operator.js';

export const zscore: NormaliseOperator<'zscore'> = {
  stats: ['mean', 'sd'],
  emit(def, { up, stat }) {
    const [mean, sd] = [stat('mean'), stat('sd')];
    const d = up ? `(x - ${mean})` : `(${mean} - x)`;
    return `(${sd} > 0 ? ${d} / ${sd} * ${num(def.sd)} + ${num(def.mean)} : ${num(def.mean)})`;
  },
};
