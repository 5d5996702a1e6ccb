/** A real calendar date written YYYY-MM-DD. */
import { parseDay } from '../engine/index.js';

export const isDate = (s: string): boolean => Number.isFinite(parseDay(s));
