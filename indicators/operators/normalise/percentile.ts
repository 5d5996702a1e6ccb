/** The rank as a share of the way from the worst to the best, times `scale`. */
import { z } from 'zod';
import { scale } from '../../schema-parts.js';
import type { NormaliseParams } from './operator.js';

const schema = z.strictObject({ method: z.literal('percentile'), scale: scale.default(100) });
export const percentile = { schema } satisfies NormaliseParams<typeof schema>;
