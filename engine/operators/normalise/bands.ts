import { code, type Code } from '../../code.js';
import type { NormaliseOperator } from './operator.js';

export const bands: NormaliseOperator<'bands'> = {
  stats: [],
  emit(n) {
    const sorted = [...n.bands].sort((a, b) => (a.min ?? -Infinity) - (b.min ?? -Infinity));
    const at = (k: number): Code => {
      const b = sorted[k];
      if (!Array.isArray(b.score)) return code`${b.score}`;
      const [a, z] = b.score;
      const lo = b.min!;
      const hi = b.max!;
      const xc = code`(x < ${lo} ? ${lo} : x > ${hi} ? ${hi} : x)`;
      return code`(${a} + ${z - a} * ((${xc} - ${lo}) / ${hi - lo}))`;
    };
    let chain = at(sorted.length - 1);
    for (let k = sorted.length - 2; k >= 0; k--) chain = code`x < ${sorted[k].max!} ? ${at(k)} : ${chain}`;
    return code`(${chain})`;
  },
};
