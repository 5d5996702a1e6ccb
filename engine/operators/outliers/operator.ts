/**
 * An outlier method as the engine sees it: its named parameters (each gets a P index), what it
 * decides from the whole imputed column (the treatment, and the parameters that carry it to the
 * kernel), and the treated value of `x` as code; a method with `emit` gives the indicator a
 * treated column.
 */
import type { OutlierDef } from '../../../indicators/index.js';
import type { Code } from '../../code.js';
import type { Treatment } from '../../outliers.js';

export type OutlierMethod = OutlierDef['method'];

export interface OutlierOperator<M extends OutlierMethod = OutlierMethod> {
  params: readonly string[];
  decide?(def: Extract<OutlierDef, { method: M }>, imputed: Float64Array): { params: Readonly<Record<string, number>>; treatment: Treatment };
  /** The treated value of the imputed value `x`, from the parameters' reads. */
  emit?(def: Extract<OutlierDef, { method: M }>, ctx: { param(name: string): Code }): Code;
}

export type OutlierTable = { readonly [M in OutlierMethod]: OutlierOperator<M> };
