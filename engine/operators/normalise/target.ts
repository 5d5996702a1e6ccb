import { code } from '../../code.js';
import type { NormaliseOperator } from './operator.js';

export const target: NormaliseOperator<'target'> = {
  stats: ['min', 'max'],
  emit(n, { up, stat }) {
    const [mn, mx] = [stat('min'), stat('max')];
    const t = n.target;
    const ratio = up ? code`(x - ${mn}) / (${t} - ${mn})` : code`(${mx} - x) / (${mx} - ${t})`;
    const gap = up ? code`${t} - ${mn}` : code`${mx} - ${t}`;
    const capped = n.cap ? code`Math.min(${ratio}, 1)` : ratio;
    return code`(${gap} > 0 ? ${capped} * ${n.scale} : ${n.scale})`;
  },
};
