/** Standard scores, rescaled to the given mean and sd. */
import { z } from 'zod';
import { finite } from '../../schema-parts.js';
import type { NormaliseParams } from './operator.js';

const schema = z.strictObject({ method: z.literal('zscore'), mean: finite.default(0), sd: finite.default(1) });
export const zscore = {
  schema,
  check(def, { at, add }) {
    if (!(def.sd > 0)) add([...at, 'sd'], '标准差 sd 应为正数', 'sd must be positive');
  },
} satisfies NormaliseParams<typeof schema>;
