/**
 * An aggregation method as the kernels see it: what one present child adds to the running sums
 * (`s` the weighted sum, `w` the present weight; `z = 1` marks a zero that decides the result)
 * and the node's value from them. Missing children are skipped and the weights of the present
 * ones re-normalised by the caller (codegen.ts `aggregate()`), for every method.
 */
import type { AggregateDef } from '../../../indicators/index.js';
import type { Code } from '../../code.js';

/** Read from the scheme language, so a method added there is missing here until it has an operator. */
export type AggregateMethod = Extract<AggregateDef, string> | Extract<AggregateDef, { method: string }>['method'];
/** The method of a node's `aggregate` (parameterless methods are written bare). */
export function aggregateMethod(def: AggregateDef): AggregateMethod {
  return typeof def === 'string' ? def : def.method;
}

export interface AccumulateContext {
  /** The child's weight as code (a constant, or a P read in uncertainty kernels). */
  W: Code;
  /** The child's weight in the plan is above 0. */
  weighted: boolean;
  /** Code that reports the entity and child when the value `v` is negative (see `nonNegative`). */
  guard: Code;
  /** Code for ln(v): `Math.log(v)`, or the column where the score kernel of an uncertainty analysis left it. */
  ln: Code;
}

export interface AggregateOperator<M extends AggregateMethod = AggregateMethod> {
  /** Children's scores must be ≥ 0 (its `accumulate` places the guard); the mean's name in the error that says otherwise. */
  nonNegative?: { zh: string };
  /** Code run for one present child with value `v`. */
  accumulate(def: Extract<AggregateDef, M | { method: M }>, ctx: AccumulateContext): Code;
  /** The node's value from `s`, `w`, `wt` (the applicable weight) and `z`. */
  result(def: Extract<AggregateDef, M | { method: M }>): Code;
}

export type AggregateTable = { readonly [M in AggregateMethod]: AggregateOperator<M> };
