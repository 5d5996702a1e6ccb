/**
 * Traditional Chinese cells (繁體: Hong Kong, Macao, Taiwan data): a category value written in
 * Traditional characters (「江蘇」「達標」「澳門」) matches the scheme's Simplified one
 * through OpenCC's conversion tables (opencc-js; Hong Kong's and Taiwan's variants), and a
 * scheme listing Traditional values takes Simplified cells (是/否 are the same in both scripts).
 * Used only when a cell matches nothing as written, so cells that match keep their exact meaning; and a
 * text that two of a column's values both convert to matches neither (an error, not a guess).
 */
import { Converter as ToTraditional } from 'opencc-js/cn2t';
import { Converter } from 'opencc-js/t2cn';

type Convert = (text: string) => string;
let converters: Convert[] | null = null;
let toHongKong: Convert | null = null;

/** Simplified text in Traditional characters, Hong Kong's standard (OpenCC s2hk): the pages and templates in 繁體. */
export function traditionalText(text: string): string {
  const convert = toHongKong ?? ToTraditional({ from: 'cn', to: 'hk' });
  toHongKong = convert;
  return convert(text);
}

/** The cell's Simplified readings (each variant's), built on first use (the tables take a moment). */
export function simplifiedReadings(text: string): string[] {
  converters ??= [Converter({ from: 'hk', to: 'cn' }), Converter({ from: 'tw', to: 'cn' })];
  const out: string[] = [];
  for (const c of converters) {
    const s = c(text);
    if (s !== text && !out.includes(s)) out.push(s);
  }
  return out;
}

/** Every `{ zh, zh-Hant }` pair in a value (a scheme's plan): Simplified name → its Traditional spelling. */
export function hantNames(value: unknown, into = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) for (const v of value) hantNames(v, into);
  else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o.zh === 'string' && typeof o['zh-Hant'] === 'string') into.set(o.zh, o['zh-Hant']);
    for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) hantNames(v, into);
  }
  return into;
}

/**
 * The text of a template or an export in Traditional characters: a scheme's own zh-Hant name
 * where the text is one of its names, else the OpenCC conversion.
 */
export function traditionalWriter(plan: unknown): (text: string) => string {
  const names = hantNames(plan);
  return (text) => names.get(text) ?? traditionalText(text);
}

const byCodes = new WeakMap<ReadonlyMap<string, number>, Map<string, number | null>>();

/** A column's values by their Simplified reading (null: two values read the same), per category table. */
function simplifiedCodes(codes: ReadonlyMap<string, number>): Map<string, number | null> {
  let m = byCodes.get(codes);
  if (!m) {
    m = new Map();
    for (const [value, code] of codes) {
      for (const key of [value, ...simplifiedReadings(value)]) {
        const had = m.get(key);
        m.set(key, had === undefined || had === code ? code : null);
      }
    }
    byCodes.set(codes, m);
  }
  return m;
}

/** The code of the listed value a cell means when read in Simplified characters (a listed value in Traditional ones too), or undefined. */
export function traditionalCode(text: string, codes: ReadonlyMap<string, number>): number | undefined {
  const table = simplifiedCodes(codes);
  for (const reading of [text, ...simplifiedReadings(text)]) {
    const code = table.get(reading);
    if (code !== undefined && code !== null) return code;
  }
  return undefined;
}
