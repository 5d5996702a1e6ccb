import { code, type Code } from '../../code.js';
import type { NormaliseOperator } from './operator.js';

function transformConst(v: number, transform: string, alpha: number | undefined): number {
  if (transform === 'ln') return Math.log(v);
  if (transform === 'ln_alpha') return Math.log(v + alpha!);
  return v;
}

export const goalpost: NormaliseOperator<'goalpost'> = {
  stats: [],
  emit(n) {
    const T = (v: Code): Code =>
      n.transform === 'ln' ? code`Math.log(${v})` : n.transform === 'ln_alpha' ? code`Math.log(${v} + ${n.alpha!})` : v;
    const tb = transformConst(n.best, n.transform, n.alpha);
    const tw = transformConst(n.worst, n.transform, n.alpha);
    const [hiT, loT] = n.best > n.worst ? [n.best, n.worst] : [n.worst, n.best];
    const clamped = code`(x > ${hiT} ? ${hiT} : x < ${loT} ? ${loT} : x)`;
    return code`((${T(clamped)} - ${tw}) / ${tb - tw} * ${n.scale})`;
  },
};
