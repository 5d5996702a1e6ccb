/**
 * The engine's normalisation operators, one file per method. The layout, the kernels and the
 * evaluation steps read this table; they take it as a parameter (defaulting to it) so a test can
 * add a method without editing them.
 */
import type { NormaliseDef } from '../../../indicators/index.js';
import type { NormaliseOperator, NormaliseTable } from './operator.js';
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

export * from './operator.js';

export const NORMALISE_OPERATORS = {
  none, minmax, efficacy, zscore, rank, percentile, borda, goalpost, target, fractionOfMax, bands,
} as const satisfies NormaliseTable;

/** The operator of a normalisation: the one place where a method's name meets its operator's type. */
export function normaliseOperator(def: NormaliseDef, table: NormaliseTable = NORMALISE_OPERATORS): NormaliseOperator {
  const op = (table as Record<string, NormaliseOperator | undefined>)[def.method];
  if (!op) throw new Error(`engine: no operator for normalisation ${JSON.stringify(def.method)}`);
  return op as NormaliseOperator;
}

/** The column gets a block of statistics (STAT_NAMES) when the method reads one or is rank-based. */
export function needsStatistics(op: NormaliseOperator): boolean {
  return op.stats.length > 0 || op.ranks === true;
}
