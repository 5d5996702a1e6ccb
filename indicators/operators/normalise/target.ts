/** Progress from the column's worst value towards a target, times `scale` (capped at the target unless `cap: false`). */
import { z } from 'zod';
import { finite, scale } from '../../schema-parts.js';
import type { NormaliseParams } from './operator.js';

const schema = z.strictObject({ method: z.literal('target'), target: finite, cap: z.boolean().default(true), scale: scale.default(100) });
export const target = { schema } satisfies NormaliseParams<typeof schema>;
