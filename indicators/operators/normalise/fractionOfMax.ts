/** The value as a share of the column's maximum, times `scale`. */
import { z } from 'zod';
import { scale } from '../../schema-parts.js';
import type { NormaliseParams } from './operator.js';

const schema = z.strictObject({ method: z.literal('fractionOfMax'), scale: scale.default(100) });
export const fractionOfMax = {
  schema,
  check(_def, { direction, node, add }) {
    if (direction === 'lower') {
      add([...node, 'direction'], '“占最大值比例”不适用于越低越好的指标，请改用 minmax 或 target', 'fraction of max has no meaning for lower-is-better indicators: use minmax or target');
    }
  },
} satisfies NormaliseParams<typeof schema>;
