import { code, type Code } from './code.js';

/** A number as generated code: checked finite, printed with String() (which round-trips exactly), negatives parenthesised. */
export function num(v: number): Code {
  return code`${v}`;
}
