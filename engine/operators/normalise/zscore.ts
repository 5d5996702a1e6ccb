import { code } from '../../code.js';
import type { NormaliseOperator } from './operator.js';

export const zscore: NormaliseOperator<'zscore'> = {
  stats: ['mean', 'sd'],
  emit(def, { up, stat }) {
    const [mean, sd] = [stat('mean'), stat('sd')];
    const d = up ? code`(x - ${mean})` : code`(${mean} - x)`;
    return code`(${sd} > 0 ? ${d} / ${sd} * ${def.sd} + ${def.mean} : ${def.mean})`;
  },
};
