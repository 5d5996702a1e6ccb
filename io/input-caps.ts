/**
 * Caps on a data file, checked while it is read, before any work grows with the file: a file
 * past a row or width cap is refused at once with the cap named; an id or text cell past its
 * length is a problem of that cell, shown truncated (never echoed whole). Shared by the CSV and
 * workbook readers, the command line and the service (which lowers maxRows to the round's
 * roster plus ROSTER_ROW_MARGIN when the roster lists the round's entities).
 */
import { KaoheError, SCHEME_LIMITS } from '../indicators/index.js';
import { EXCEL_MAX_ROWS } from './xlsx/contract.js';

export interface InputCaps {
  /** Data rows (rows of empty cells not counted). */
  maxRows: number;
  /** Rows whose every cell is empty (what a spreadsheet writes for formatted, empty rows): skipped and counted. */
  maxEmptyRows: number;
  /** Cells in one row. */
  maxCells: number;
  /** Characters of an entity id (division codes and USCC are 6–18). */
  maxIdChars: number;
  /** Characters of any other cell (a name, a category, a number written out). */
  maxCellChars: number;
}

/** The service's caps (the command line reads local files: no row caps there, the rest the same). */
export const DEFAULT_INPUT_CAPS: Readonly<InputCaps> = {
  maxRows: EXCEL_MAX_ROWS,
  maxEmptyRows: EXCEL_MAX_ROWS,
  // Wide enough for a scheme at its own limits (every input and attribute, id, name), plus spare columns.
  maxCells: SCHEME_LIMITS.inputs + SCHEME_LIMITS.attributes + 2 + 98,
  maxIdChars: 64,
  maxCellChars: 1_000,
};

/** Rows a file for a round may have beyond its roster (typos and duplicates get named, up to the problems listed). */
export const ROSTER_ROW_MARGIN = 100;

/** The defaults, with what `caps` sets (an undefined entry keeps its default). */
export function inputCaps(caps: Partial<InputCaps> = {}): InputCaps {
  const out = { ...DEFAULT_INPUT_CAPS };
  for (const k of Object.keys(out) as (keyof InputCaps)[]) if (caps[k] !== undefined) out[k] = caps[k];
  return out;
}

/** A row whose every cell is empty or blank; most such rows are all '' and cost one comparison per cell. */
export function isEmptyRecord(record: readonly string[]): boolean {
  for (const c of record) if (c !== '' && c.trim() !== '') return false;
  return true;
}

/** A long text shown by its start and length: `3201…(10485760 字符 / chars)`. */
export function truncated(text: string, keep = 20): string {
  if (text.length <= keep) return text;
  let head = text.slice(0, keep);
  // Never cut a surrogate pair in two.
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return `${head}…(${text.length} 字符 / chars)`;
}

export function tooManyRows(where: string, cap: number): KaoheError {
  return new KaoheError([{
    where,
    zh: `数据行超过上限 ${cap} 行（本轮名单的对象数加余量，或未限定名单时的最大行数），已拒绝：请只上传本轮对象的数据，或拆分文件`,
    en: `more than ${cap} data rows (the round's roster plus a margin, or the most a file may have without a roster), refused: upload only this round's entities, or split the file`,
  }]);
}

export function tooManyEmptyRows(where: string, cap: number): KaoheError {
  return new KaoheError([{
    where,
    zh: `空行（所有单元格都为空）超过上限 ${cap} 行，已拒绝：请在 Excel/WPS 中删除数据下方的空行后重新保存`,
    en: `more than ${cap} empty rows (every cell empty), refused: delete the empty rows below the data in Excel/WPS and save again`,
  }]);
}

export function tooManyCells(where: string, cap: number, found: number): KaoheError {
  return new KaoheError([{
    where,
    zh: `一行的单元格数 ${found} 超过上限 ${cap}，已拒绝：请删除多余的列`,
    en: `a row has ${found} cells, more than the cap of ${cap}, refused: delete the extra columns`,
  }]);
}
