import { num } from '../../code-number.js';
import type { NormaliseOperator } from './operator.js';

export const bands: NormaliseOperator<'bands'> = {
  stats: [],
  emit(n) {
    const sorted = [...n.bands].sort((a, b) => (a.min ?? -Infinity) - (b.min ?? -Infinity));
    const at = (k: number): string => {
      const b = sorted[k];
      if (!Array.isArray(b.score)) return num(b.score);
      const [a, z] = b.score;
      const lo = b.min!;
      const hi = b.max!;
      const xc = `(x < ${num(lo)} ? ${num(lo)} : x > ${num(hi)} ? ${num(hi)} : x)`;
      return `(${num(a)} + ${num(z - a)} * ((${xc} - ${num(lo)}) / ${num(hi - lo)}))`;
    };
    let chain = at(sorted.length - 1);
    for (let k = sorted.length - 2; k >= 0; k--) chain = `x < ${num(sorted[k].max!)} ? ${at(k)} : ${chain}`;
    return `(${chain})`;
  },
};
