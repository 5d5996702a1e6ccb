import type { ImputeOperator } from './operator.js';

/** A missing value stays missing: its parent aggregates the children present. */
export const skip: ImputeOperator<'skip'> = { params: [] };
