/**
 * An imputation method as the engine sees it: its named parameters (each gets a P index), whether
 * it needs the column's summary from the chunked reduction or a group table, what it decides
 * from the whole column before the impute kernel runs, and its code: the value that fills a
 * missing one (`fill`, which gives the indicator an imputed column) or the score a missing value
 * gets after normalisation (`afterNormalise`).
 */
import type { MissingDef } from '../../../indicators/index.js';
import type { Code } from '../../code.js';
import type { IndicatorDetail } from '../../results.js';
import type { ColumnSummary } from '../../stats.js';

export type ImputeMethod = MissingDef['method'];

export interface ImputeInput {
  /** The indicator's values before imputation (NaN = missing). */
  raw: Float64Array;
  /** The summary of `raw` from the chunked reduction, when the operator asks for it (`summary: true`). */
  summary: ColumnSummary | null;
  /** A source column's codes and its categories, by input id. */
  column(id: string): { codes: Float64Array; categories: string[] };
}

export interface ImputeDecision {
  /** Values of the operator's parameters, by name. */
  params?: Readonly<Record<string, number>>;
  /** The group table (`table: true`), indexed by a group column's code. */
  table?: Float64Array;
  /** What explain shows of the imputation. */
  detail: Pick<IndicatorDetail, 'imputeValue' | 'groupMeans'>;
}

export interface FillContext {
  param(name: string): Code;
  /** The group table's read (`table: true`). */
  table(): Code;
  /** The read of a source column's value for this entity. */
  column(id: string): Code;
}

export interface ImputeOperator<M extends ImputeMethod = ImputeMethod> {
  params: readonly string[];
  /** Reads the column's summary (count, min, max, mean), from the chunked reduction. */
  summary?: boolean;
  /** Fills from a table in G (one entry per code of a group column). */
  table?: boolean;
  decide?(def: Extract<MissingDef, { method: M }>, input: ImputeInput): ImputeDecision;
  /** The value a missing one takes in the impute kernel. */
  fill?(def: Extract<MissingDef, { method: M }>, ctx: FillContext): Code;
  /** Code run in the score kernel after normalisation, on `y` (the score, NaN when missing). */
  afterNormalise?(def: Extract<MissingDef, { method: M }>): Code;
}

export type ImputeTable = { readonly [M in ImputeMethod]: ImputeOperator<M> };
