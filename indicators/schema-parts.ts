/**
 * The pieces of the scheme language that its operators' parameter schemas share with the rest
 * of schema.ts: bilingual messages, checked numbers, score bands. A module of its own so that an
 * operator file (operators/normalise/*.ts) and schema.ts can both import it.
 */
import { z } from 'zod';
import { SCHEME_LIMITS } from './limits.js';

/** A bilingual message for a zod check; load.ts splits it again. */
export function bi(zh: string, en: string): string {
  return `${zh}\u0000${en}`;
}

export const finiteNumber = z.number().refine(Number.isFinite, { message: bi('应为有限数值', 'must be a finite number') });
/** A bilingual message for a refused number that says what was written. */
export const refused = (zh: string, en: string) => ({
  error: (issue: { input?: unknown }) => bi(`${zh}，实际为 ${String(issue.input)}`, `${en}, got ${String(issue.input)}`),
});
export const finite = finiteNumber.refine(
  (v) => !(Math.abs(v) > SCHEME_LIMITS.maxNumber),
  refused(`数值超出允许范围（绝对值不超过 ${SCHEME_LIMITS.maxNumber}）`, `the number is out of bounds (at most ${SCHEME_LIMITS.maxNumber} in magnitude)`),
);

export const scale = finite.refine((v) => v > 0, { message: bi('应为正数', 'must be positive') }).optional();

export const bandSchema = z.strictObject({
  min: finite.nullable().default(null),
  max: finite.nullable().default(null),
  /** A constant score, or [score at min, score at max] interpolated linearly inside the band. */
  score: z.union([finite, z.tuple([finite, finite])]),
});
export type BandDef = z.infer<typeof bandSchema>;
