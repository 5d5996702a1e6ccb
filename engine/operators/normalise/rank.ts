import { code } from '../../code.js';
import type { NormaliseOperator } from './operator.js';

export const rank: NormaliseOperator<'rank'> = { stats: [], ranks: true, emit: () => code`x` };
