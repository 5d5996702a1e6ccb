import { linear } from './minmax.js';
import type { NormaliseOperator } from './operator.js';

export const efficacy: NormaliseOperator<'efficacy'> = {
  stats: ['min', 'max'],
  emit: (_def, ctx) => linear(60, 100, ctx),
};
