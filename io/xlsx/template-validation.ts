/**
 * Data validation for a template column: Excel (and WPS, LibreOffice) refuse a value the
 * column can't take while it is typed, with a message in Chinese and English. Blank is always
 * allowed: a blank cell is how a missing value is written.
 */
import type { DataValidation } from 'exceljs';
import { acceptedValues, choicesOf, type TemplateColumn } from './template-columns.js';

/** Excel's limits: list text, message and title lengths. */
const INLINE_LIST_MAX = 255;
const MESSAGE_MAX = 255;
const TITLE_MAX = 32;
/** Between the Chinese and the English: not a line break, which XML attributes turn into a space. */
const SEP = ' / ';
/** Bounds for a number column without a range: any number, but not text. */
const ANY_NUMBER = 1e300;

/** A drop-down list written inline ("是,否") when Excel allows it, else null (use a range). */
export function inlineList(choices: string[]): string | null {
  const text = choices.join(',');
  if (text.length > INLINE_LIST_MAX || choices.some((c) => c.includes(',') || c.includes('"'))) return null;
  return `"${text}"`;
}

/**
 * The validation of a column's input cells, or null when anything goes (free text).
 * `listRange` is where the column's drop-down values live when they don't fit inline;
 * `idRange` is the id column's input range, to refuse a duplicate id.
 */
export function validationFor(column: TemplateColumn, listRange: string | null, idRange: string): DataValidation | null {
  const accepted = listRange && choicesOf(column) ? { zh: '下拉列表中的一项', en: 'a value from the drop-down list' } : acceptedValues(column);
  const base = {
    allowBlank: true,
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: fit('输入有误 Invalid entry', TITLE_MAX),
    error: message(column, `应为 ${accepted.zh}`, `expected ${accepted.en}`),
    showInputMessage: true,
    promptTitle: fit(column.label.zh, TITLE_MAX),
    prompt: prompt(column, accepted.zh, accepted.en),
  };
  const s = column.source;
  if (!s) {
    if (column.key !== 'id') return null;
    const [first] = idRange.replace(/\$/g, '').split(':');
    return { ...base, type: 'custom', formulae: [`COUNTIF(${idRange},${first})=1`], error: `编码不能重复：另一行已使用该编码。${SEP}This id is already used in another row.` };
  }
  const choices = choicesOf(column);
  if (choices) {
    const formula = inlineList(choices) ?? listRange;
    return formula ? { ...base, type: 'list', formulae: [formula] } : null;
  }
  switch (s.type) {
    case 'number': {
      const [lo, hi] = s.range ?? [null, null];
      const type = column.whole ? 'whole' : 'decimal';
      if (lo !== null && hi !== null) return { ...base, type, operator: 'between', formulae: [num(lo), num(hi)] };
      if (lo !== null) return { ...base, type, operator: 'greaterThanOrEqual', formulae: [num(lo)] };
      if (hi !== null) return { ...base, type, operator: 'lessThanOrEqual', formulae: [num(hi)] };
      return { ...base, type, operator: 'between', formulae: [num(-ANY_NUMBER), num(ANY_NUMBER)] };
    }
    case 'date':
      return { ...base, type: 'date', operator: 'between', formulae: [new Date('1901-01-01'), new Date('9999-12-31')] };
    default:
      return null;
  }
}

/** A number as a formula literal ("1E+300", not "1e+300"). */
function num(v: number): string {
  return String(v).toUpperCase();
}

function message(column: TemplateColumn, zh: string, en: string): string {
  const unit = column.unit ? { zh: `（单位：${column.unit}）`, en: ` (${column.unit})` } : { zh: '', en: '' };
  const then = column.required ? { zh: '此项必填', en: 'required' } : { zh: '缺失请留空', en: 'leave it empty if missing' };
  const long = `「${column.label.zh}」${zh}${unit.zh}，${then.zh}。${SEP}${column.label.en}: ${en}${unit.en}; ${then.en}.`;
  return long.length <= MESSAGE_MAX ? long : fit(`${zh}，${then.zh}。${SEP}${en}; ${then.en}.`, MESSAGE_MAX);
}

function prompt(column: TemplateColumn, zh: string, en: string): string {
  const unit = column.unit ? `单位：${column.unit}；` : '';
  const unitEn = column.unit ? `unit: ${column.unit}; ` : '';
  const req = column.required ? { zh: '；必填', en: '; required' } : { zh: '', en: '' };
  return fit(`${unit}${zh}${req.zh}${SEP}${unitEn}${en}${req.en}`, MESSAGE_MAX);
}

function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
