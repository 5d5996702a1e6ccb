import { num } from '../../code-number.js';
import type { NormaliseOperator } from './operator.js';

function transformConst(v: number, transform: string, alpha: number | undefined): number {
  if (transform === 'ln') return Math.log(v);
  if (transform === 'ln_alpha') return Math.log(v + alpha!);
  return v;
}

export const goalpost: NormaliseOperator<'goalpost'> = {
  stats: [],
  emit(n) {
    const T = (v: string): string =>
      n.transform === 'ln' ? `Math.log(${v})` : n.transform === 'ln_alpha' ? `Math.log(${v} + ${num(n.alpha!)})` : v;
    const tb = transformConst(n.best, n.transform, n.alpha);
    const tw = transformConst(n.worst, n.transform, n.alpha);
    const [hiT, loT] = n.best > n.worst ? [n.best, n.worst] : [n.worst, n.best];
    const clamped = `(x > ${num(hiT)} ? ${num(hiT)} : x < ${num(loT)} ? ${num(loT)} : x)`;
    return `((${T(clamped)} - ${num(tw)}) / ${num(tb - tw)} * ${num(n.scale)})`;
  },
};
