/** The aggregation operators, one file per method; codegen and the evaluation steps read this table. */
import type { AggregateDef } from '../../../indicators/index.js';
import { aggregateMethod, type AggregateOperator, type AggregateTable } from './operator.js';
import { mean } from './mean.js';
import { geometric } from './geometric.js';
import { harmonic } from './harmonic.js';
import { sum } from './sum.js';
import { power } from './power.js';

export * from './operator.js';

export const AGGREGATE_OPERATORS = { mean, geometric, harmonic, sum, power } as const satisfies AggregateTable;

/** The operator of a node's aggregation: the one place where a method's name meets its operator's type. */
export function aggregateOperator(def: AggregateDef): AggregateOperator {
  return AGGREGATE_OPERATORS[aggregateMethod(def)] as AggregateOperator;
}
