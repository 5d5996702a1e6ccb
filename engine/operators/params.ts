/**
 * An operator's named parameters: the layout gives each name of an operator's `params` its own
 * P index (a block, in the order listed), the evaluation steps write them by name and the
 * operator's code reads them by name, so no offset into the block is written anywhere else.
 */
import type { Code } from '../code.js';

/** Name → P index, for one operator of one indicator. */
export type ParamBlock = Readonly<Record<string, number>>;

/** One P index from `take` for each name, in the order listed. */
export function paramBlock(names: readonly string[], take: () => number): ParamBlock {
  return Object.fromEntries(names.map((name) => [name, take()]));
}

/** The read of a declared parameter; one the operator did not declare is a bug in the operator. */
export function paramReader(block: ParamBlock, what: string, read: (p: number) => Code): (name: string) => Code {
  return (name) => {
    const p = block[name];
    if (p === undefined) throw new Error(`codegen: ${what} reads parameter ${name}, which its operator does not declare in params`);
    return read(p);
  };
}

/** Writes the values an operator decided into its block; a name outside the block is a bug in the operator. */
export function writeParams(P: Float64Array, block: ParamBlock, values: Readonly<Record<string, number>>, what: string): void {
  for (const [name, v] of Object.entries(values)) {
    const p = block[name];
    if (p === undefined) throw new Error(`engine: ${what} sets parameter ${name}, which its operator does not declare in params`);
    P[p] = v;
  }
}
