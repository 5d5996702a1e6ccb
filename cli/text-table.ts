/** Plain-text tables for the terminal, aligned for Chinese (full-width) characters. */
import { terminalSafe } from './terminal.js';

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ? 2 : 1;
  }
  return w;
}

/** Cells are escaped (terminal.ts) before they are measured, so a hostile cell can't break the alignment either. */
export function renderTable(header: string[], cells: string[][], alignRight: boolean[] = []): string {
  const rows = cells.map((r) => r.map(terminalSafe));
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c] ?? ''))));
  const pad = (s: string, c: number): string => {
    const fill = ' '.repeat(widths[c] - displayWidth(s));
    return alignRight[c] ? fill + s : s + fill;
  };
  const line = (r: string[]): string => r.map((s, c) => pad(s, c)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
