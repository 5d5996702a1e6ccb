/** Linear (optionally on a log scale) from a fixed worst value to a fixed best, clamped. */
import { z } from 'zod';
import { finite, scale } from '../../schema-parts.js';
import type { NormaliseParams } from './operator.js';

const schema = z.strictObject({
  method: z.literal('goalpost'),
  best: finite,
  worst: finite,
  transform: z.enum(['none', 'ln', 'ln_alpha']).default('none'),
  alpha: finite.optional(),
  scale: scale.default(100),
});
export const goalpost = {
  schema,
  ownDirection: true,
  check(def, { at, add }) {
    if (def.best === def.worst) add(at, `最优值与最差值相同（${def.best}），无法计算`, `best and worst are equal (${def.best}): no score can be computed`);
    if (def.transform === 'ln' && !(def.best > 0 && def.worst > 0)) {
      add(at, '对数变换 ln 要求最优值和最差值都大于 0', 'the ln transform needs best and worst above 0');
    }
    if (def.transform === 'ln_alpha') {
      if (def.alpha === undefined) add([...at, 'alpha'], 'ln_alpha 变换需要参数 alpha（ln(x + alpha)）', 'the ln_alpha transform needs alpha (ln(x + alpha))');
      else if (!(def.best + def.alpha > 0 && def.worst + def.alpha > 0)) {
        add([...at, 'alpha'], 'ln(x + alpha) 要求最优值和最差值加 alpha 后都大于 0', 'ln(x + alpha) needs best + alpha and worst + alpha above 0');
      }
    } else if (def.alpha !== undefined) {
      add([...at, 'alpha'], 'alpha 只用于 transform: ln_alpha', 'alpha is only used with transform: ln_alpha');
    }
  },
} satisfies NormaliseParams<typeof schema>;
