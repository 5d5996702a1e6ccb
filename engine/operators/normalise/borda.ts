import { code } from '../../code.js';
import type { NormaliseOperator } from './operator.js';

export const borda: NormaliseOperator<'borda'> = { stats: [], ranks: true, emit: () => code`(x - 1)` };
