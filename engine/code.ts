/**
 * Fragments of generated JavaScript. `Code` is a string the type system only lets the `code`
 * template make, and the template takes nothing but `Code` and numbers (checked finite and
 * printed exactly; `num()` in code-number.ts is the same for one number): a name, a label or
 * any other string from a scheme or a data file cannot become code, not even by mistake. Fixed
 * text is written in the template itself; operators and function names come from tables of
 * `Code`. The only other makers check what they are given: indices, comment words, source URLs.
 */
declare const CODE: unique symbol;
export type Code = string & { readonly [CODE]: true };

/** What a fragment may be made of besides its own text. */
export type CodePart = Code | number;

/** A number as code: finite, printed with String() (which round-trips exactly), negatives and −0 parenthesised. */
function numberText(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`codegen: non-finite constant ${v}`);
  if (Object.is(v, -0)) return '(-0)'; // String(-0) is "0"
  return v < 0 ? `(${String(v)})` : String(v);
}

function partText(part: CodePart): string {
  if (typeof part === 'number') return numberText(part);
  // Types keep everything else out; this names what arrived should a cast let it through.
  if (typeof part !== 'string') throw new Error(`codegen: ${String(part)} is not code`);
  return part;
}

/** The tagged template that makes code: `code\`(${x} > 0 ? ${y} : ${0.5})\``. */
export function code(text: TemplateStringsArray, ...parts: CodePart[]): Code {
  if (!Array.isArray(text.raw)) throw new Error('codegen: code is a tagged template');
  let out = text[0];
  for (let k = 0; k < parts.length; k++) out += partText(parts[k]) + text[k + 1];
  return out as Code;
}

/** A slot, parameter or table index: a safe non-negative integer. */
export function index(v: number): Code {
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`codegen: bad index ${v}`);
  return code`${v}`;
}

/** Fragments joined by one of the separators generated code uses. */
export function joinCode(parts: readonly Code[], separator: '' | ' ' | ', ' | '\n'): Code {
  return parts.join(separator) as Code;
}

/** The line that names a kernel in stack traces, `//# sourceURL=kaohe/<plan-hash>/<kernel>.js`. */
export function sourceUrl(hash: string, kernel: string): Code {
  if (!/^[0-9a-f]{64}$/.test(hash) || !/^[a-z][a-z0-9-]*$/.test(kernel)) throw new Error(`codegen: bad kernel name ${JSON.stringify(`${hash}/${kernel}`)}`);
  return `//# sourceURL=kaohe/${hash}/${kernel}.js` as Code;
}

/** A word in a comment of generated code (a node's id, a method's name): ids are letters, digits and _ (indicators/schema.ts); anything else is dropped, so no text can end the comment. */
export function commentWord(text: string): Code {
  return text.replace(/[^A-Za-z0-9_]/g, '') as Code;
}
