import { code } from '../../code.js';
import type { ImputeOperator } from './operator.js';

/** A missing value scores the given value (a score, not an input value). */
export const fixed: ImputeOperator<'fixed'> = {
  params: [],
  afterNormalise: (def) => code` if (y !== y) y = ${def.value};`,
};
