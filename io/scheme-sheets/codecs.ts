/**
 * How one scheme value is written into a cell and read back. Each codec is strict on reading:
 * a value that could mean two things is an error naming what was expected, never a guess.
 * Reading an empty cell gives `undefined` (the field is absent).
 */

/** A cell's value as the sheets model holds it (formulas already replaced by their result). */
export type CellValue = string | number | boolean | Date | { error: string } | null;

export interface Bi {
  zh: string;
  en: string;
}

export type ReadResult = { ok: true; value: unknown } | { ok: false; zh: string; en: string };

export interface Codec {
  /** What the Guide sheet says the column holds. */
  describe: Bi;
  write(value: unknown): CellValue;
  read(cell: CellValue): ReadResult;
  /** The values a drop-down offers (enumerations and yes/no). */
  choices?: readonly string[];
  /** Written as text (the cell is formatted as text so Excel keeps what is typed). */
  text?: boolean;
}

const ok = (value: unknown): ReadResult => ({ ok: true, value });
const fail = (zh: string, en: string): ReadResult => ({ ok: false, zh, en });
const EMPTY = ok(undefined);

export function showCell(cell: CellValue): string {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (cell !== null && typeof cell === 'object') return cell.error;
  const s = String(cell);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** A cell that is not usable as any value: an error value or a date where none is expected. */
function unusable(cell: CellValue, want: Bi): ReadResult | undefined {
  if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) {
    return fail(`单元格是错误值「${cell.error}」，应为${want.zh}`, `the cell holds the error ${cell.error}; expected ${want.en}`);
  }
  if (cell instanceof Date) {
    return fail(`应为${want.zh}，实际为日期「${showCell(cell)}」（请把单元格格式设为文本或常规）`, `expected ${want.en}, got the date ${showCell(cell)} (format the cell as text or general)`);
  }
  return undefined;
}

const isBlank = (cell: CellValue): boolean => cell === null || (typeof cell === 'string' && cell.trim() === '');

/** Free text (labels, units, expressions): kept exactly as written; a number typed into it becomes its text. */
export const text: Codec = {
  describe: { zh: '文本', en: 'text' },
  text: true,
  write: (v) => (v === undefined ? null : String(v)),
  read(cell) {
    if (isBlank(cell)) return EMPTY;
    const bad = unusable(cell, this.describe);
    if (bad) return bad;
    if (typeof cell === 'boolean') return fail(`应为文本，实际为逻辑值「${cell ? 'TRUE' : 'FALSE'}」`, `expected text, got the logical value ${cell ? 'TRUE' : 'FALSE'}`);
    return ok(String(cell));
  },
};

/** A code or a keyword: surrounding spaces are dropped. */
export const code: Codec = {
  describe: { zh: '编码（字母、数字、下划线）', en: 'a code (letters, digits, _)' },
  text: true,
  write: text.write,
  read(cell) {
    const r = text.read(cell);
    return r.ok && typeof r.value === 'string' ? ok(r.value.trim()) : r;
  },
};

/** One of a fixed set of words (the language's own, so a YAML file and a workbook say the same). */
export function oneOf(choices: readonly string[]): Codec {
  return { ...code, describe: { zh: `以下之一：${choices.join('、')}`, en: `one of: ${choices.join(', ')}` }, choices };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function readNumber(cell: CellValue, want: Bi): ReadResult {
  if (isBlank(cell)) return EMPTY;
  const bad = unusable(cell, want);
  if (bad) return bad;
  if (typeof cell === 'number') return ok(cell);
  const t = String(cell).trim();
  // A number typed into a cell formatted as text is still unambiguous.
  if (typeof cell === 'string' && NUMBER.test(t) && Number.isFinite(Number(t))) return ok(Number(t));
  return fail(`应为${want.zh}，实际为「${showCell(cell)}」`, `expected ${want.en}, got "${showCell(cell)}"`);
}

export const number: Codec = {
  describe: { zh: '数字', en: 'a number' },
  write: (v) => (v === undefined || v === null ? null : (v as number)),
  read(cell) {
    return readNumber(cell, this.describe);
  },
};

export const integer: Codec = {
  describe: { zh: '整数', en: 'a whole number' },
  write: number.write,
  read(cell) {
    const r = readNumber(cell, this.describe);
    if (r.ok && typeof r.value === 'number' && !Number.isInteger(r.value)) {
      return fail(`应为整数，实际为「${r.value}」`, `expected a whole number, got ${r.value}`);
    }
    return r;
  },
};

/** A number, or a code naming where the number comes from (a validity period: 6, or the field `months`). */
export const numberOrCode: Codec = {
  describe: { zh: '数字，或一个编码', en: 'a number, or a code' },
  write: (v) => (v === undefined ? null : (v as string | number)),
  read(cell) {
    const n = readNumber(cell, this.describe);
    return n.ok || typeof cell !== 'string' ? n : code.read(cell);
  },
};

const OPEN = new Set(['不限', '无限', '∞', '-∞', '−∞', 'none', 'open']);
const OPEN_TEXT = '不限';

/** One end of a range that may be open: a number, or 不限 (written where YAML has null). */
export const openNumber: Codec = {
  describe: { zh: `数字，或「${OPEN_TEXT}」表示不设这一端`, en: `a number, or "${OPEN_TEXT}" for an open end` },
  write: (v) => (v === null ? OPEN_TEXT : number.write(v)),
  read(cell) {
    if (typeof cell === 'string' && OPEN.has(cell.trim().toLowerCase())) return ok(null);
    return readNumber(cell, this.describe);
  },
};

const YES = new Set(['是', 'true', 'yes', 'y', '1']);
const NO = new Set(['否', 'false', 'no', 'n', '0']);

export const yesNo: Codec = {
  describe: { zh: '是 / 否', en: 'yes (是) / no (否)' },
  choices: ['是', '否'],
  write: (v) => (v === undefined ? null : v ? '是' : '否'),
  read(cell) {
    if (isBlank(cell)) return EMPTY;
    const bad = unusable(cell, this.describe);
    if (bad) return bad;
    if (typeof cell === 'boolean') return ok(cell);
    const t = String(cell).trim().toLowerCase();
    if (YES.has(t)) return ok(true);
    if (NO.has(t)) return ok(false);
    return fail(`应为「是」或「否」，实际为「${showCell(cell)}」`, `expected 是 (yes) or 否 (no), got "${showCell(cell)}"`);
  },
};

const LIST_SEP = /[、,，;；]/;

/** A list of words: `江苏、安徽`; a list whose items contain a separator is written as JSON. */
export const wordList: Codec = {
  describe: { zh: '用「、」分隔的列表', en: 'a list separated by 、 or commas' },
  text: true,
  write(v) {
    if (!Array.isArray(v) || v.length === 0) return null;
    const items = v.map(String);
    const plain = items.every((s) => s !== '' && s.trim() === s && !LIST_SEP.test(s) && !/^["[]/.test(s));
    return plain ? items.join('、') : JSON.stringify(items);
  },
  read(cell) {
    const r = text.read(cell);
    if (!r.ok || r.value === undefined) return r;
    const t = (r.value as string).trim();
    if (t.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(t);
        if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return ok(parsed);
      } catch {
        // fall through to the error below
      }
      return fail(`以「[」开头的列表应为 JSON 字符串数组，实际为「${showCell(t)}」`, `a list starting with [ must be a JSON array of strings, got "${showCell(t)}"`);
    }
    return ok(t.split(LIST_SEP).map((s) => s.trim()));
  },
};

const BARE_WORD = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Less common parameters in one cell: `mean=50; sd=10`. A value is a number, true/false, a bare
 * word, or JSON (a quoted string, a list, an object) for anything else.
 */
export const keyValues: Codec = {
  describe: { zh: '「名称=值」，多项用分号分隔，如 mean=50; sd=10', en: 'name=value pairs separated by semicolons, e.g. mean=50; sd=10' },
  text: true,
  write(v) {
    if (v === undefined || v === null) return null;
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return null;
    return entries.map(([k, x]) => `${k}=${paramText(x)}`).join('; ');
  },
  read(cell) {
    const r = text.read(cell);
    if (!r.ok || r.value === undefined) return r;
    const out: Record<string, unknown> = {};
    for (const part of splitParams(r.value as string)) {
      const eq = part.indexOf('=');
      const key = eq < 0 ? '' : part.slice(0, eq).trim();
      if (!BARE_WORD.test(key)) {
        return fail(`参数应写成「名称=值」，多项用分号分隔，实际为「${showCell(part)}」`, `write parameters as name=value separated by semicolons, got "${showCell(part)}"`);
      }
      const value = paramValue(part.slice(eq + 1).trim());
      if (value === undefined) return fail(`参数「${key}」的值无法识别（文本请加英文双引号）`, `the value of "${key}" can't be read (quote text in double quotes)`);
      if (key in out) return fail(`参数「${key}」重复`, `parameter "${key}" is given twice`);
      out[key] = value;
    }
    return ok(out);
  },
};

function paramText(x: unknown): string {
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  if (typeof x === 'string' && BARE_WORD.test(x) && x !== 'true' && x !== 'false') return x;
  return JSON.stringify(x);
}

function paramValue(t: string): unknown {
  if (t === 'true' || t === 'false') return t === 'true';
  if (NUMBER.test(t)) return Number(t);
  if (BARE_WORD.test(t)) return t;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

/** Split on semicolons outside quotes and brackets. */
function splitParams(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if ((c === ';' || c === '；') && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * A colour `#rrggbb`, shown as the cell's fill too. The text is the value and the fill only a
 * preview: a fill can't be told from a highlight someone gave the row.
 */
export const colour: Codec = {
  describe: { zh: '颜色 #rrggbb（以文字为准，底色仅为预览）', en: 'a colour #rrggbb (the text counts; the fill is only a preview)' },
  text: true,
  write: code.write,
  read: (cell) => code.read(cell),
};

export function isHexColour(s: unknown): s is string {
  return typeof s === 'string' && HEX.test(s);
}
