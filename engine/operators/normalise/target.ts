import { num } from '../../code-number.js';
import type { NormaliseOperator } from './operator.js';

export const target: NormaliseOperator<'target'> = {
  stats: ['min', 'max'],
  emit(n, { up, stat }) {
    const [mn, mx] = [stat('min'), stat('max')];
    const t = num(n.target);
    const ratio = up ? `(x - ${mn}) / (${t} - ${mn})` : `(${mx} - x) / (${mx} - ${t})`;
    const gap = up ? `${t} - ${mn}` : `${mx} - ${t}`;
    const capped = n.cap ? `Math.min(${ratio}, 1)` : ratio;
    return `(${gap} > 0 ? ${capped} * ${num(n.scale)} : ${num(n.scale)})`;
  },
};
