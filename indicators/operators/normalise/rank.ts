/** The competition rank, 1 for the worst. */
import { z } from 'zod';
import type { NormaliseParams } from './operator.js';

const schema = z.strictObject({ method: z.literal('rank') });
export const rank = { schema } satisfies NormaliseParams<typeof schema>;
