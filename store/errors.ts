/**
 * Errors the store raises for a request it refuses: a KaoheError (bilingual problems) with a
 * code the API maps to an HTTP status. Anything else thrown from the store is a bug.
 */
import { KaoheError, type Problem } from '../indicators/index.js';

export type StoreErrorCode = 'not_found' | 'conflict' | 'invalid';

export class StoreError extends KaoheError {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, problems: Problem[]) {
    super(problems);
    this.name = 'StoreError';
    this.code = code;
  }
}

export function notFound(where: string, zhWhat: string, enWhat: string): StoreError {
  return new StoreError('not_found', [{ where, zh: `找不到${zhWhat}`, en: `${enWhat} not found` }]);
}

export function conflict(where: string, zh: string, en: string): StoreError {
  return new StoreError('conflict', [{ where, zh, en }]);
}

export function invalid(problems: Problem[]): StoreError {
  return new StoreError('invalid', problems);
}
