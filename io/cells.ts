/**
 * One cell of input: text → number, by the column's declared type. Strict: a value that could
 * mean two things is an error, never a guess.
 */
import type { SourceColumn } from '../engine/index.js';

export type CellResult =
  | { kind: 'missing' }
  | { kind: 'value'; value: number }
  | { kind: 'newCategory'; value: string }
  | { kind: 'error'; zh: string; en: string };

const MISSING = new Set(['', 'NA']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['true', 'TRUE', 'True', '1', 'yes', 'Yes', 'YES', '是']);
const FALSE = new Set(['false', 'FALSE', 'False', '0', 'no', 'No', 'NO', '否']);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseCell(text: string, column: SourceColumn, codes?: Map<string, number>): CellResult {
  const t = text.trim();
  if (MISSING.has(t)) return { kind: 'missing' };
  switch (column.type) {
    case 'number': {
      if (!NUMBER.test(t)) return { kind: 'error', zh: `应为数字，实际为「${show(t)}」`, en: `expected a number, got "${show(t)}"` };
      const v = Number(t);
      if (!Number.isFinite(v)) return { kind: 'error', zh: `数值「${show(t)}」超出可表示范围`, en: `the number "${show(t)}" is out of range` };
      const [lo, hi] = column.range ?? [null, null];
      if ((lo !== null && v < lo) || (hi !== null && v > hi)) {
        const range = `${lo ?? '−∞'}–${hi ?? '∞'}`;
        return { kind: 'error', zh: `应为 ${range} 之间的数字，实际为「${show(t)}」`, en: `expected a number in ${range}, got "${show(t)}"` };
      }
      return { kind: 'value', value: v };
    }
    case 'boolean':
      if (TRUE.has(t)) return { kind: 'value', value: 1 };
      if (FALSE.has(t)) return { kind: 'value', value: 0 };
      return { kind: 'error', zh: `应为 是/否（true/false、1/0），实际为「${show(t)}」`, en: `expected yes/no (true/false, 1/0), got "${show(t)}"` };
    case 'date': {
      const m = DATE.exec(t);
      const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
      if (!m || new Date(ms).toISOString().slice(0, 10) !== t) {
        return { kind: 'error', zh: `应为 YYYY-MM-DD 格式的日期，实际为「${show(t)}」`, en: `expected a date as YYYY-MM-DD, got "${show(t)}"` };
      }
      return { kind: 'value', value: ms / 86_400_000 };
    }
    case 'category': {
      const code = codes?.get(t);
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

function show(t: string): string {
  return t.length > 40 ? `${t.slice(0, 37)}...` : t;
}
