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

const PROVINCE_LIST = [...PROVINCES].sort();
/** Prefecture codes 01–99, each with its county codes 00–99 (00: the prefecture itself). */
const PER_PROVINCE = 99 * 100;

/** As many well-formed codes as syntheticDivisionCode makes: every prefecture and county code of every province. */
export const MAX_SYNTHETIC_DIVISIONS = PROVINCE_LIST.length * PER_PROVINCE;

/**
 * The `row`-th well-formed division code in order (110100, 110101, …, 119999, 120100, …): unique
 * ids for synthetic regions that a roster takes (real codes have the same shape; these are not
 * claimed to be real places).
 */
export function syntheticDivisionCode(row: number): string {
  if (!(Number.isInteger(row) && row >= 0 && row < MAX_SYNTHETIC_DIVISIONS)) throw new Error(`syntheticDivisionCode: row ${row} is out of range`);
  const province = PROVINCE_LIST[Math.floor(row / PER_PROVINCE)];
  const rest = row % PER_PROVINCE;
  const prefecture = 1 + Math.floor(rest / 100);
  return `${province}${String(prefecture).padStart(2, '0')}${String(rest % 100).padStart(2, '0')}`;
}
