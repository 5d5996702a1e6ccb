import type { NormaliseOperator } from './operator.js';

export const rank: NormaliseOperator<'rank'> = { stats: [], ranks: true, emit: () => 'x' };
