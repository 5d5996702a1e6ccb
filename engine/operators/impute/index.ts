/** The imputation operators, one file per method; the layout, the kernels and the evaluation steps read this table. */
import type { MissingDef } from '../../../indicators/index.js';
import type { ImputeOperator, ImputeTable } from './operator.js';
import { skip } from './skip.js';
import { fixed } from './fixed.js';
import { mean } from './mean.js';
import { median } from './median.js';
import { groupMean } from './groupMean.js';

export * from './operator.js';

export const IMPUTE_OPERATORS = { skip, fixed, mean, median, groupMean } as const satisfies ImputeTable;

/** The operator of an imputation: the one place where a method's name meets its operator's type. */
export function imputeOperator(def: MissingDef): ImputeOperator {
  const op = (IMPUTE_OPERATORS as Record<string, ImputeOperator | undefined>)[def.method];
  if (!op) throw new Error(`engine: no operator for imputation ${JSON.stringify(def.method)}`);
  return op;
}
