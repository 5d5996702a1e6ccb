import type { NormaliseOperator } from './operator.js';

export const borda: NormaliseOperator<'borda'> = { stats: [], ranks: true, emit: () => '(x - 1)' };
