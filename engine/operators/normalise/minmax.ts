import { code, type Code } from '../../code.js';
import type { EmitContext, NormaliseOperator } from './operator.js';

/** Linear from the column's worst to its best onto [l, u]; every value scores u when they are all equal. */
export function linear(l: number, u: number, { up, stat }: EmitContext): Code {
  const [mn, mx] = [stat('min'), stat('max')];
  const distance = up ? code`(x - ${mn})` : code`(${mx} - x)`;
  return code`(${mx} === ${mn} ? ${u} : ${distance} / (${mx} - ${mn}) * ${u - l} + ${l})`;
}

export const minmax: NormaliseOperator<'minmax'> = {
  stats: ['min', 'max'],
  emit: (def, ctx) => linear(def.range[0], def.range[1], ctx),
};
