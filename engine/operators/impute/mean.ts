import type { ImputeOperator } from './operator.js';

/** A missing value takes the column mean (from the chunked reduction, the same bits for any chunking). */
export const mean: ImputeOperator<'mean'> = {
  params: ['value'],
  summary: true,
  decide: (_def, { summary }) => ({ params: { value: summary!.mean }, detail: { imputeValue: summary!.mean } }),
  fill: (_def, { param }) => param('value'),
};
