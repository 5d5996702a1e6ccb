/**
 * The normalisation methods of the scheme language, one file each. The list below is the order
 * of the `normaliseSchema` union (and so of error messages and the workbook's drop-down); the
 * table must name exactly the same methods, and the engine's table (engine/operators/normalise/)
 * is checked against the same method names, so the compiler lists whatever a new method lacks.
 */
import type { z } from 'zod';
import type { NormaliseCheckContext, NormaliseParams } from './operator.js';
import { none } from './none.js';
import { minmax } from './minmax.js';
import { efficacy } from './efficacy.js';
import { zscore } from './zscore.js';
import { rank } from './rank.js';
import { percentile } from './percentile.js';
import { borda } from './borda.js';
import { goalpost } from './goalpost.js';
import { target } from './target.js';
import { fractionOfMax } from './fractionOfMax.js';
import { bands } from './bands.js';

export type { NormaliseCheckContext, NormaliseParams } from './operator.js';

export const normaliseOperatorSchemas = [
  none.schema, minmax.schema, efficacy.schema, zscore.schema, rank.schema, percentile.schema,
  borda.schema, goalpost.schema, target.schema, fractionOfMax.schema, bands.schema,
] as const;

type Def = z.output<(typeof normaliseOperatorSchemas)[number]>;
type Method = Def['method'];

export const NORMALISE_PARAMS = {
  none, minmax, efficacy, zscore, rank, percentile, borda, goalpost, target, fractionOfMax, bands,
} satisfies { [M in Method]: NormaliseParams & { schema: z.ZodType<{ method: M }> } };

/** The checks of one indicator's normalisation that need more than its schema. */
export function checkNormalise(def: Def, ctx: NormaliseCheckContext): void {
  const op: NormaliseParams = NORMALISE_PARAMS[def.method];
  if (op.ownDirection && ctx.direction === 'lower') {
    ctx.add([...ctx.node, 'direction'], `${def.method} 自带方向（目标值/分段表已说明高低优劣），不要再写 direction: lower`, `${def.method} carries its own direction (the targets or bands say which way is better): remove direction: lower`);
  }
  op.check?.(def as never, ctx);
}
