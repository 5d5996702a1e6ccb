/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): the 18-character id of every
 * enterprise and organisation registered in China, e.g. 91350100M000100Y43.
 *
 *   9 1 350100 M000100Y4 3
 *   │ │ │      │         └ check character (position 18)
 *   │ │ │      └ organisation code (GB 11714: 8 characters and its own check character)
 *   │ │ └ administrative division of the registering authority (GB/T 2260)
 *   │ └ kind of entity within that authority (1 = enterprise under 工商/市场监管)
 *   └ registering authority (9 = 工商/市场监管)
 *
 * The check character: C18 = 31 − (Σ Cᵢ·Wᵢ mod 31) over the first 17 characters, with
 * Wᵢ = 3^(i−1) mod 31 = 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 and Cᵢ
 * the character's position in the code alphabet 0–9, A–H, J–N, P–R, T, U, W–Y (31 characters;
 * I, O, S, V, Z are never used); 31 is written 0.
 */

/** The 31 characters a code may use, in value order. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const VALUE = new Map(USCC_ALPHABET.split('').map((c, i) => [c, i]));

/** The check character for the first 17 characters of a code; throws on a bad body. */
export function usccCheckChar(body17: string): string {
  if (body17.length !== 17) throw new Error(`a USCC body has 17 characters, got ${body17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = VALUE.get(body17[i]);
    if (v === undefined) throw new Error(`"${body17[i]}" is not a USCC character`);
    sum += v * WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** An 18-character code in the alphabet whose check character is right. */
export function isValidUscc(code: string): boolean {
  if (code.length !== 18) return false;
  for (const c of code) if (!VALUE.has(c)) return false;
  return usccCheckChar(code.slice(0, 17)) === code[17];
}

/**
 * The check character of an organisation code (GB 11714-1997) from its first 8 characters
 * (digits and capital letters, A = 10 … Z = 35): 11 − (Σ Cᵢ·Wᵢ mod 11) with weights
 * 3, 7, 9, 10, 5, 8, 4, 2; 10 is written X and 11 is written 0.
 */
export function orgCodeCheckChar(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new Error(`an organisation code body is 8 digits or capital letters, got "${body8}"`);
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8.charCodeAt(i);
    sum += (c <= 57 ? c - 48 : c - 55) * w[i];
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/**
 * A well-formed code for an enterprise registered by market regulation (91…) in `division`
 * (6 digits) with the organisation code body `org8` (8 digits): both check characters are
 * computed, so the code passes the checks a registry or a form validator makes.
 */
export function makeEnterpriseUscc(division: string, org8: string): string {
  if (!/^\d{6}$/.test(division)) throw new Error(`a division code is 6 digits, got "${division}"`);
  const body = `91${division}${org8}${orgCodeCheckChar(org8)}`;
  return body + usccCheckChar(body);
}
