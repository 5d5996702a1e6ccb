/** A score table: a constant or linearly interpolated score per band [min, max). */
import { z } from 'zod';
import { bandSchema } from '../../schema-parts.js';
import type { NormaliseParams } from './operator.js';

const schema = z.strictObject({ method: z.literal('bands'), bands: z.array(bandSchema).min(1) });
export const bands = {
  schema,
  ownDirection: true,
  check(def, { at, add }) {
    const path = [...at, 'bands'];
    def.bands.forEach((b, i) => {
      if (b.min !== null && b.max !== null && !(b.min < b.max)) {
        add([...path, i], `分段下限 ${b.min} 应小于上限 ${b.max}`, `band minimum ${b.min} must be below its maximum ${b.max}`);
      }
      if (Array.isArray(b.score) && (b.min === null || b.max === null)) {
        add([...path, i, 'score'], '线性插值的分段需同时给出 min 和 max', 'a band with interpolated scores needs both min and max');
      }
    });
    const sorted = def.bands.map((b, i) => ({ ...b, i })).sort((a, b) => (a.min ?? -Infinity) - (b.min ?? -Infinity));
    for (let k = 0; k + 1 < sorted.length; k++) {
      const lo = sorted[k];
      const hi = sorted[k + 1];
      if (lo.max === null || hi.min === null) {
        add([...path, lo.max === null ? lo.i : hi.i], '只有最低分段可以省略 min、最高分段可以省略 max', 'only the lowest band may omit min and only the highest may omit max');
      } else if (lo.max > hi.min) {
        add([...path, hi.i], `分段 [${lo.min ?? '−∞'}, ${lo.max}) 与 [${hi.min}, ${hi.max ?? '∞'}) 重叠`, `bands [${lo.min ?? '−∞'}, ${lo.max}) and [${hi.min}, ${hi.max ?? '∞'}) overlap`);
      } else if (lo.max < hi.min) {
        add([...path, hi.i], `分段之间有空缺：${lo.max} 到 ${hi.min} 之间的值不属于任何分段`, `gap between bands: values from ${lo.max} to ${hi.min} fall in no band`);
      }
    }
  },
} satisfies NormaliseParams<typeof schema>;
