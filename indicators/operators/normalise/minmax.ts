/** Linear from the column's minimum to its maximum onto `range`. */
import { z } from 'zod';
import { finite } from '../../schema-parts.js';
import type { NormaliseParams } from './operator.js';

const schema = z.strictObject({ method: z.literal('minmax'), range: z.tuple([finite, finite]).default([0, 100]) });
export const minmax = {
  schema,
  check(def, { at, add }) {
    if (!(def.range[0] < def.range[1])) {
      add([...at, 'range'], `区间下限应小于上限，实际为 [${def.range.join(', ')}]`, `the range's lower end must be below its upper end, got [${def.range.join(', ')}]`);
    }
  },
} satisfies NormaliseParams<typeof schema>;
