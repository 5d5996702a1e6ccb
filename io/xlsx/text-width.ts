/**
 * Column widths that fit Chinese text: Excel measures widths in characters of the default
 * font, and a CJK (East Asian wide or fullwidth) character takes two of them.
 */

const WIDE: [number, number][] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
  [0xa000, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60],
  [0xffe0, 0xffe6], [0x20000, 0x3fffd],
];

function isWide(cp: number): boolean {
  for (const [lo, hi] of WIDE) {
    if (cp < lo) return false;
    if (cp <= hi) return true;
  }
  return false;
}

/** Width of one line of text in narrow characters (a CJK character counts 2). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return w;
}

/** A column width that fits the widest line of any of the texts, with a little padding. */
export function fitWidth(texts: Iterable<string>, min = 8, max = 60): number {
  let widest = 0;
  for (const t of texts) for (const line of t.split('\n')) widest = Math.max(widest, displayWidth(line));
  return Math.min(max, Math.max(min, widest + 2));
}
