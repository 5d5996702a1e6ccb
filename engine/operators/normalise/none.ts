import { code } from '../../code.js';
import type { NormaliseOperator } from './operator.js';

export const none: NormaliseOperator<'none'> = { stats: [], emit: () => code`x` };
