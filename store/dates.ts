/** A real calendar date written YYYY-MM-DD. */
import { parseDay } from '../engine/index.js';

export const isDate = (s: string): boolean => Number.isFinite(parseDay(s));

/** Today's date in 北京时间 (UTC+8), YYYY-MM-DD. */
export const todayInBeijing = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
