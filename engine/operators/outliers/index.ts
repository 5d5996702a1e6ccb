/** The outlier operators, one file per method; the layout, the kernels and the evaluation steps read this table. */
import type { OutlierDef } from '../../../indicators/index.js';
import type { OutlierOperator, OutlierTable } from './operator.js';
import { none } from './none.js';
import { coinr } from './coinr.js';

export * from './operator.js';

export const OUTLIER_OPERATORS = { none, coinr } as const satisfies OutlierTable;

/** The operator of an outlier treatment: the one place where a method's name meets its operator's type. */
export function outlierOperator(def: OutlierDef): OutlierOperator {
  const op = (OUTLIER_OPERATORS as Record<string, OutlierOperator | undefined>)[def.method];
  if (!op) throw new Error(`engine: no operator for outlier treatment ${JSON.stringify(def.method)}`);
  return op;
}
