/** The few cell styles our workbooks share. */
import type { Alignment, Borders, FillPattern, Font } from 'exceljs';

export function solid(rgb: string): FillPattern & { fgColor: { argb: string } } {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${rgb.replace('#', '').toUpperCase()}` } };
}

/** The thin grey border of header cells. */
export const BORDER_ARGB = 'FFBFBFBF';
const thin = { style: 'thin' as const, color: { argb: BORDER_ARGB } };
export const BORDER: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };

export const HEADER_FONT: Partial<Font> = { bold: true };
export const KEY_FONT: Partial<Font> = { size: 9, color: { argb: 'FF7F7F7F' } };
export const MUTED_FONT: Partial<Font> = { color: { argb: 'FF595959' } };
export const WRAP_CENTRE: Partial<Alignment> = { wrapText: true, vertical: 'middle', horizontal: 'center' };

export const HEADER_FILL = solid('#DDEBF7');
export const REQUIRED_FILL = solid('#FCE4D6');
export const KEY_FILL = solid('#F2F2F2');
export const LOCKED_FILL = solid('#F2F2F2');

/** Black or white text, whichever reads better on the background colour `#rrggbb`. */
export function textColourOn(rgb: string): string {
  const n = Number.parseInt(rgb.replace('#', ''), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? 'FF000000' : 'FFFFFFFF';
}
