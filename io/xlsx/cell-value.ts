/**
 * One workbook cell, as exceljs's streaming reader gives it, for one input column. Text goes
 * through the same parser as a CSV cell (io/cells.ts); a number cell goes into a number input
 * directly; a date cell is a calendar date (exceljs builds the Date at UTC midnight from the
 * serial, so the day is read in UTC, whatever the machine's time zone); a formula counts by its
 * cached result; an error cell (#DIV/0!, #N/A …) or a formula without a usable result is an error.
 */
import type { Cell, CellValue } from 'exceljs';
import type { SourceColumn } from '../../engine/index.js';
import { dayOfTime, formatDay } from '../../indicators/index.js';
import { checkNumber, isPercentUnit, percentRefused, show, type CellResult } from '../cells.js';

/** Days from Excel's day 0 (1899-12-30 in the 1900 date system) to 1970-01-01. */
const EXCEL_EPOCH_1900 = 25_569;
const EXCEL_EPOCH_1904 = EXCEL_EPOCH_1900 - 1_462;

/** What a cell holds, independent of the column it is read for. */
export type SheetCell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; format: string | undefined }
  | { kind: 'date'; days: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'error'; code: string | null };

const EMPTY: SheetCell = { kind: 'empty' };

export function sheetCell(cell: Cell | undefined, date1904: boolean): SheetCell {
  if (!cell) return EMPTY;
  return fromValue(cell.value, cell.numFmt, date1904);
}

function fromValue(v: CellValue, format: string | undefined, date1904: boolean): SheetCell {
  if (v === null || v === undefined) return EMPTY;
  if (typeof v === 'string') return { kind: 'text', text: v };
  if (typeof v === 'number') {
    // A formula's numeric result keeps its serial even under a date format: read it as the date it shows.
    if (Number.isFinite(v) && formatKind(format) === 'date') return { kind: 'date', days: Math.floor(v - (date1904 ? EXCEL_EPOCH_1904 : EXCEL_EPOCH_1900)) };
    return Number.isNaN(v) ? { kind: 'error', code: null } : { kind: 'number', value: v, format };
  }
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  if (v instanceof Date) {
    const ms = v.getTime();
    return Number.isNaN(ms) ? { kind: 'error', code: null } : { kind: 'date', days: dayOfTime(ms) };
  }
  if ('error' in v) return { kind: 'error', code: String(v.error) };
  if ('richText' in v) return { kind: 'text', text: v.richText.map((r) => r.text ?? '').join('') };
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as { result?: CellValue }).result;
    return result === undefined || result === null ? { kind: 'error', code: null } : fromValue(result, format, date1904);
  }
  if ('text' in v && typeof v.text === 'string') return { kind: 'text', text: v.text };
  return { kind: 'error', code: null };
}

/** What a number format shows: a date (as exceljs decides it: y, m, d, h, s or b outside quotes and brackets), a percentage, or a plain number. Formats are few: each is classified once. */
type FormatKind = 'date' | 'percent' | 'plain';
const formatKinds = new Map<string, FormatKind>();
function formatKind(format: string | undefined): FormatKind {
  if (!format) return 'plain';
  let kind = formatKinds.get(format);
  if (kind === undefined) {
    const bare = format.replace(/"[^"]*"/g, '');
    kind = /[ymdhMsb]/.test(bare.replace(/\[[^\]]*]/g, '')) ? 'date' : bare.replace(/\\./g, '').includes('%') ? 'percent' : 'plain';
    formatKinds.set(format, kind);
  }
  return kind;
}

/** v × 100 as the decimal the cell shows (0.455 → 45.5, not 45.50000000000001). */
function times100(v: number): number {
  const [mantissa, exp = '0'] = String(v).split('e');
  return Number(`${mantissa}e${Number(exp) + 2}`);
}

/**
 * A cell for an input column: a CellResult, or the text to parse as a CSV cell would be
 * (text cells, and numbers in boolean or category columns, which are read by their text).
 */
export function cellForColumn(c: SheetCell, column: SourceColumn): CellResult | string {
  switch (c.kind) {
    case 'empty':
      return '';
    case 'text':
      return c.text;
    case 'error':
      return errorCell(c.code);
    case 'number':
      if (column.type === 'number') {
        if (formatKind(c.format) !== 'percent') return checkNumber(c.value, column, c.value);
        const pct = times100(c.value);
        return isPercentUnit(column.unit) ? checkNumber(pct, column, `${pct}%`) : percentRefused(`${pct}%`, column);
      }
      if (column.type === 'date') {
        return {
          kind: 'error',
          zh: `应为日期，实际为数字「${c.value}」：请把单元格设为日期格式，或填写 YYYY-MM-DD`,
          en: `expected a date, got the number ${c.value}: format the cell as a date or type YYYY-MM-DD`,
        };
      }
      return String(c.value);
    case 'date':
      if (column.type === 'date') return { kind: 'value', value: c.days };
      return wrongKind(`日期「${formatDay(c.days)}」`, `the date ${formatDay(c.days)}`, column);
    case 'boolean':
      if (column.type === 'boolean') return { kind: 'value', value: c.value ? 1 : 0 };
      return wrongKind(`逻辑值「${c.value ? 'TRUE' : 'FALSE'}」`, `the logical value ${c.value ? 'TRUE' : 'FALSE'}`, column);
  }
}

/** The text of an id or name cell, or a problem: an id must be text or a whole number Excel holds exactly. */
export function cellText(c: SheetCell, what: 'id' | 'name'): { text: string } | { zh: string; en: string } {
  switch (c.kind) {
    case 'empty':
      return { text: '' };
    case 'text':
      return { text: c.text.trim() };
    case 'number':
      if (what === 'name') return { text: String(c.value) };
      if (!Number.isInteger(c.value) || Math.abs(c.value) >= 1e15) {
        return {
          zh: `实体编码存成了数字「${c.value}」，可能已丢失位数（Excel 数字只保留 15 位）：请把编码列设为文本格式后重新填写`,
          en: `the entity id is stored as the number ${c.value} and may have lost digits (Excel keeps 15): format the id column as text and type the ids again`,
        };
      }
      return { text: String(c.value) };
    case 'error':
      return errorCell(c.code);
    case 'date':
      return { zh: `应为文本，实际为日期「${formatDay(c.days)}」`, en: `expected text, got the date ${formatDay(c.days)}` };
    case 'boolean':
      return { zh: `应为文本，实际为逻辑值「${c.value ? 'TRUE' : 'FALSE'}」`, en: `expected text, got the logical value ${c.value ? 'TRUE' : 'FALSE'}` };
  }
}

function errorCell(code: string | null): { kind: 'error'; zh: string; en: string } {
  return code
    ? { kind: 'error', zh: `单元格为错误值 ${show(code)}：请修正公式，或直接填写数值`, en: `the cell holds the error ${show(code)}: fix the formula or type the value` }
    : {
      kind: 'error',
      zh: '公式没有可用的计算结果（结果为错误值如 #DIV/0!，或从未计算过）：请在 Excel 或 WPS 中修正公式并保存，或直接填写数值',
      en: 'the formula has no usable result (an error such as #DIV/0!, or never calculated): fix it and save the workbook in Excel or WPS, or type the value',
    };
}

const TYPE_ZH: Record<SourceColumn['type'], string> = { number: '数字', boolean: '是/否', category: '类别文本', date: '日期' };
const TYPE_EN: Record<SourceColumn['type'], string> = { number: 'a number', boolean: 'yes/no', category: 'a category (text)', date: 'a date' };

function wrongKind(zh: string, en: string, column: SourceColumn): CellResult {
  return { kind: 'error', zh: `应为${TYPE_ZH[column.type]}，实际为${zh}`, en: `expected ${TYPE_EN[column.type]}, got ${en}` };
}

