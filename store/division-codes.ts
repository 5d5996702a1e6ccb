/**
 * GB/T 2260 administrative division codes: six digits, the first two a province-level
 * division, the next two a prefecture within it (00 for the province itself), the last two a
 * county (00 for the prefecture itself).
 */

/** The province-level prefixes in use (the 34 of GB/T 2260, 71 台湾, 81 香港, 82 澳门 included). */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

export type DivisionLevel = 'province' | 'prefecture' | 'county';

/** The level of a well-formed code, or null when it isn't one. */
export function divisionLevel(code: string): DivisionLevel | null {
  if (!/^\d{6}$/.test(code) || !PROVINCES.has(code.slice(0, 2))) return null;
  if (code.endsWith('0000')) return 'province';
  if (code.slice(2, 4) === '00') return null;
  return code.endsWith('00') ? 'prefecture' : 'county';
}
