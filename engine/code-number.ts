/** A number as generated code: checked finite, printed with String() (which round-trips exactly), negatives parenthesised. */
export function num(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`codegen: non-finite constant ${v}`);
  return v < 0 || Object.is(v, -0) ? `(${String(v)})` : String(v);
}
