/** The Borda count: how many entities score worse. */
import { z } from 'zod';
import type { NormaliseParams } from './operator.js';

const schema = z.strictObject({ method: z.literal('borda') });
export const borda = { schema } satisfies NormaliseParams<typeof schema>;
