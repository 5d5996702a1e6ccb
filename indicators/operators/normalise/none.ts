/** The value as it is (already on the scheme's scale). */
import { z } from 'zod';
import type { NormaliseParams } from './operator.js';

const schema = z.strictObject({ method: z.literal('none') });
export const none = { schema, ownDirection: true } satisfies NormaliseParams<typeof schema>;
