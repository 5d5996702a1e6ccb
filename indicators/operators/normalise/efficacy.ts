/** The efficacy coefficient method (功效系数法): minmax onto [60, 100]. */
import { z } from 'zod';
import type { NormaliseParams } from './operator.js';

const schema = z.strictObject({ method: z.literal('efficacy') });
export const efficacy = { schema } satisfies NormaliseParams<typeof schema>;
