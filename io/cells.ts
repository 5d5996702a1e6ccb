/**
 * One cell of input: text → number, by the column's declared type. Lenient where what people
 * type is unambiguous — surrounding (full-width) spaces, full-width digits and signs, thousands
 * separators in groups of three, `45%` for an input whose unit is % — and strict otherwise:
 * a value that could mean two things is an error, never a guess. Shared by the CSV and
 * workbook readers, so both accept exactly the same texts.
 */
import type { ScoringPlan, SourceColumn } from '../engine/index.js';
import { parseDay } from '../indicators/index.js';
import { traditionalCode } from './traditional.js';

export type CellResult =
  | { kind: 'missing' }
  | { kind: 'value'; value: number }
  | { kind: 'newCategory'; value: string }
  | { kind: 'error'; zh: string; en: string };

/** What an empty cell and `NA` mean everywhere: missing. */
export const DEFAULT_MISSING: ReadonlySet<string> = new Set(['', 'NA']);

/** The cell texts that mean missing for a plan: '', NA and the scheme's `missingValues`. */
export function missingMarkers(plan: Pick<ScoringPlan, 'missingValues'>): ReadonlySet<string> {
  const extra = plan.missingValues ?? [];
  return extra.length === 0 ? DEFAULT_MISSING : new Set([...DEFAULT_MISSING, ...extra.map((v) => v.trim())]);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Thousands separators only in groups of exactly three digits: 12,345.6 — never 1,2345 or 45,5. */
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;
const TRUE = new Set(['true', 'TRUE', 'True', '1', 'yes', 'Yes', 'YES', '是']);
const FALSE = new Set(['false', 'FALSE', 'False', '0', 'no', 'No', 'NO', '否']);

/** Full-width digits, signs, point, comma and percent (as a Chinese IME types them) and U+2212 minus → ASCII. */
const FULL_WIDTH = /[\uFF10-\uFF19\uFF0B\uFF0D\uFF0E\uFF0C\uFF05\u2212]/g;
const HALF: Record<string, string> = { '\uFF0B': '+', '\uFF0D': '-', '\u2212': '-', '\uFF0E': '.', '\uFF0C': ',', '\uFF05': '%' };
export function halfWidth(t: string): string {
  return t.replace(FULL_WIDTH, (ch) => HALF[ch] ?? String.fromCharCode(ch.charCodeAt(0) - 0xFF10 + 48));
}

export function isPercentUnit(unit: string | undefined): boolean {
  const u = unit?.trim();
  return u === '%' || u === '％';
}

export function parseCell(text: string, column: SourceColumn, codes?: Map<string, number>, missing: ReadonlySet<string> = DEFAULT_MISSING): CellResult {
  const t = text.trim();
  if (missing.has(t)) return { kind: 'missing' };
  switch (column.type) {
    case 'number':
      return parseNumber(t, column);
    case 'boolean': {
      const b = halfWidth(t);
      if (TRUE.has(b)) return { kind: 'value', value: 1 };
      if (FALSE.has(b)) return { kind: 'value', value: 0 };
      return { kind: 'error', zh: `应为 是/否（true/false、1/0），实际为「${show(t)}」`, en: `expected yes/no (true/false, 1/0), got "${show(t)}"` };
    }
    case 'date': {
      const d = halfWidth(t);
      const day = parseDay(d);
      if (Number.isNaN(day)) {
        return { kind: 'error', zh: `应为 YYYY-MM-DD 格式的日期，实际为「${show(t)}」`, en: `expected a date as YYYY-MM-DD, got "${show(t)}"` };
      }
      return { kind: 'value', value: day };
    }
    case 'category': {
      const code = codes?.get(t) ?? (codes && traditionalCode(t, codes));
      if (code !== undefined) return { kind: 'value', value: code };
      if (column.categories) {
        return { kind: 'error', zh: `应为以下之一：${column.categories.join('、')}，实际为「${show(t)}」`, en: `expected one of ${column.categories.join(', ')}, got "${show(t)}"` };
      }
      return { kind: 'newCategory', value: t };
    }
    default:
      return { kind: 'error', zh: '未知的列类型', en: 'unknown column type' };
  }
}

function parseNumber(t: string, column: SourceColumn): CellResult {
  let s = halfWidth(t);
  const percent = s.endsWith('%');
  if (percent) s = s.slice(0, -1).trimEnd();
  if (s.includes(',')) {
    if (!GROUPED.test(s)) {
      return {
        kind: 'error',
        zh: `「${show(t)}」中的逗号不是有效的千位分隔符（须每三位一组，如 12,345.6；小数请用小数点）`,
        en: `"${show(t)}": a comma is read only as a thousands separator in groups of three digits (12,345.6); write decimals with a point`,
      };
    }
    s = s.replaceAll(',', '');
  }
  if (!NUMBER.test(s)) return { kind: 'error', zh: `应为数字，实际为「${show(t)}」`, en: `expected a number, got "${show(t)}"` };
  if (percent && !isPercentUnit(column.unit)) return percentRefused(t, column);
  return checkNumber(Number(s), column, t);
}

/** A number for a number column: finite and inside the declared range. `shown` is how the user wrote it (the number itself when it was a number). */
export function checkNumber(v: number, column: SourceColumn, written: string | number): CellResult {
  const [lo, hi] = column.range ?? [null, null];
  if (Number.isFinite(v) && (lo === null || v >= lo) && (hi === null || v <= hi)) return { kind: 'value', value: v };
  const shown = String(written);
  if (!Number.isFinite(v)) return { kind: 'error', zh: `数值「${show(shown)}」超出可表示范围`, en: `the number "${show(shown)}" is out of range` };
  const range = `${lo ?? '−∞'}–${hi ?? '∞'}`;
  return { kind: 'error', zh: `应为 ${range} 之间的数字，实际为「${show(shown)}」`, en: `expected a number in ${range}, got "${show(shown)}"` };
}

/** A percentage given for an input whose unit is not %: refused, since 45% could then mean 45 or 0.45. */
export function percentRefused(shown: string, column: SourceColumn): CellResult {
  const unit = column.unit?.trim();
  return {
    kind: 'error',
    zh: `「${show(shown)}」带百分号，但此项的单位不是 %（单位：${unit || '无'}）：请填写不带 % 的数值`,
    en: `"${show(shown)}" has a percent sign but this input's unit is not % (unit: ${unit || 'none'}): write the number without %`,
  };
}

export function show(t: string): string {
  return t.length > 40 ? `${t.slice(0, 37)}...` : t;
}
