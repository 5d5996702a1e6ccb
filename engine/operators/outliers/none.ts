import type { OutlierOperator } from './operator.js';

export const none: OutlierOperator<'none'> = { params: [] };
