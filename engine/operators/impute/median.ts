import { median as medianOf } from '../../stats.js';
import type { ImputeOperator } from './operator.js';

/** A missing value takes the column median. */
export const median: ImputeOperator<'median'> = {
  params: ['value'],
  decide(_def, { raw }) {
    const v = medianOf(raw);
    return { params: { value: v }, detail: { imputeValue: v } };
  },
  fill: (_def, { param }) => param('value'),
};
