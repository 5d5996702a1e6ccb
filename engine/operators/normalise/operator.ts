/**
 * A normalisation method as the engine sees it: which column statistics it reads, whether it
 * scores the rank instead of the value, the check those statistics must pass, and its code
 * emitter. Its parameters and scheme checks are indicators/operators/normalise/<method>.ts.
 */
import type { NormaliseDef, NormaliseMethod, Problem } from '../../../indicators/index.js';
import type { PlanIndicator } from '../../plan.js';
import type { Code } from '../../code.js';
import type { ColumnSummary } from '../../stats.js';

/** The statistics of a normalised column, in the order of their block of parameters (layout.pStats). */
export const STAT_NAMES = ['min', 'max', 'mean', 'sd', 'n'] as const;
export type StatName = (typeof STAT_NAMES)[number];

/** The P index of one statistic in a block that starts at `base`. */
export function statParam(base: number, name: StatName): number {
  return base + STAT_NAMES.indexOf(name);
}

export interface EmitContext {
  /** Higher values are better (`direction: higher`). */
  up: boolean;
  /** The parameter read of a statistic the operator declares in `stats`. */
  stat(name: StatName): Code;
}

export interface NormaliseOperator<M extends NormaliseMethod = NormaliseMethod> {
  /** The column statistics the emitter reads; the layout gives them parameters and the reduction fills them. */
  stats: readonly StatName[];
  /** Scores the treated value's rank (1 = the worst) instead of the value. */
  ranks?: boolean;
  /** A problem when the statistics make the method meaningless for this column (checked before scoring). */
  checkStats?(stats: ColumnSummary, node: PlanIndicator): Problem | null;
  /**
   * The expression of the score of one value `x` (never missing), written with the `code`
   * template from `x`, the statistics' reads and the parameters' numbers: nothing from the
   * scheme reaches code as text.
   */
  emit(def: Extract<NormaliseDef, { method: M }>, ctx: EmitContext): Code;
}

/** One operator per method: the compiler lists any method the table lacks. */
export type NormaliseTable = { readonly [M in NormaliseMethod]: NormaliseOperator<M> };
