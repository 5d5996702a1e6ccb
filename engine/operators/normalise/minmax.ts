import { num } from '../../code-number.js';
import type { EmitContext, NormaliseOperator } from './operator.js';

/** Linear from the column's worst to its best onto [l, u]; every value scores u when they are all equal. */
export function linear(l: number, u: number, { up, stat }: EmitContext): string {
  const [mn, mx] = [stat('min'), stat('max')];
  const num_ = up ? `(x - ${mn})` : `(${mx} - x)`;
  return `(${mx} === ${mn} ? ${num(u)} : ${num_} / (${mx} - ${mn}) * ${num(u - l)} + ${num(l)})`;
}

export const minmax: NormaliseOperator<'minmax'> = {
  stats: ['min', 'max'],
  emit: (def, ctx) => linear(def.range[0], def.range[1], ctx),
};
