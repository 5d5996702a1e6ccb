/**
 * The fast path of reading a data CSV: one pass over the UTF-8 bytes, each row cut into byte
 * ranges and each cell that is written plainly — an ASCII decimal of at most 15 digits, `0`/`1`
 * for a boolean, `YYYY-MM-DD`, an empty cell — put straight into its typed column without a
 * string being made for it. Every other cell (full-width digits, thousands separators, `45%`,
 * missing markers, categories, anything wrong) is decoded and read by cells.ts exactly as the
 * general path reads it, so the values, checks and messages are the same.
 *
 * The byte reader takes the common shape of a CSV only: one line ending used throughout (LF or
 * CRLF), fields quoted or not with `""` inside quotes, no line break inside a field, every row
 * as wide as the header, a first row with an `id` cell. For anything else — and for every
 * malformed file, whose error message comes from the general parser — it gives up before any
 * result is seen, and the caller reads the file with csv-rows.ts from the start: nothing read
 * so far is kept. readChunk and mergeChunk are the same read split between pool workers (the
 * plain cells) and the calling thread (everything else, in file order): csv-parallel.ts.
 */
import { dayNumber } from '../indicators/index.js';
import type { CsvFrameReader } from './csv-input.js';

/** How often (in rows) the progress callback is told how far the read is. */
const PROGRESS_EVERY_ROWS = 1 << 16;

/** Told, now and then and once at the end, how many data rows and bytes have been read. */
export type ReadProgress = (rowsDone: number, bytesDone: number) => void;

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** A cell's byte range: plain, quoted (the range is inside the quotes) or quoted with `""` in it. */
const PLAIN = 0;
const QUOTED = 1;
const ESCAPED = 2;

/** Exact powers of ten: a decimal of at most 15 significant digits is m / 10^k, correctly rounded, as Number() reads it. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_FAST_DIGITS = 15;

/** How a source's plainly written cells are read from the bytes. */
const AS_TEXT = 0;
const AS_NUMBER = 1;
const AS_BOOLEAN = 2;
const AS_DATE = 3;

/** What the header says about the body: which cells go where and how each is read. Plain data, so workers get it as is. */
export interface CellLayout {
  width: number;
  idCol: number;
  nameCol: number;
  /** Per column of the header, its source's index, or -1. */
  bound: number[];
  /** Per source: AS_TEXT, AS_NUMBER, AS_BOOLEAN or AS_DATE. */
  kindOf: number[];
  lo: number[];
  hi: number[];
  /** Per source: is an empty cell a problem (required), is a value one that fills the row (an input)? */
  required: boolean[];
  input: boolean[];
  maxCell: number;
  crlf: boolean;
}

export interface HeaderRead {
  layout: CellLayout;
  /** Where the body starts, and its first line's number. */
  bodyStart: number;
  line: number;
}

/**
 * The rows of `bytes` (UTF-8, already checked) into `reader`; false when the file is not of
 * the shape this reader takes (nothing has then been given to `reader` but the header).
 */
export function readCsvBytes(bytes: Buffer, reader: CsvFrameReader, onProgress?: ReadProgress): boolean {
  const head = readCsvHeader(bytes, reader);
  return head !== null && readCsvBody(bytes, reader, head, onProgress);
}

/** The header row, read and given to `reader`; null when the file is not of the shape the byte reader takes. */
export function readCsvHeader(bytes: Buffer, reader: CsvFrameReader): HeaderRead | null {
  const n = bytes.length;
  let start = 0;
  if (n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  // A second byte-order mark would be taken off by the general parser too.
  if (n >= start + 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) return null;
  const eol = lineEnding(bytes, start);
  if (eol < 0) return null;
  const crlf = eol === CR;
  const cut = new RowCutter(bytes, start, crlf);
  let line = 1;
  for (;;) {
    if (cut.pos >= n) return null;
    const skipped = cut.skipEmptyLine();
    if (skipped < 0) return null;
    if (skipped === 0) break;
    line++;
  }
  if (!cut.cut(Infinity)) return null;
  const width = cut.fields;
  const header: string[] = [];
  for (let c = 0; c < width; c++) header.push(cellText(bytes, cut.starts[c], cut.ends[c], cut.kinds[c]));
  // A first row without an id cell (a template's label row, or a header in error) is the general path's.
  if (!header.some((h) => h.trim() === 'id')) return null;
  // Every line break bounds the rows: the columns are made that long once, never grown.
  const endsOpen = bytes[n - 1] !== LF ? 1 : 0;
  const binding = reader.header(header, lineBreaks(bytes, cut.pos) + endsOpen);
  const sources = reader.plan.sources;
  const layout: CellLayout = {
    width,
    idCol: binding.idCol,
    nameCol: binding.nameCol,
    bound: [...binding.bound],
    // A cell read here starts with a digit (after a sign or point): never a missing marker, which
    // the scheme's validation refuses to look like a number.
    kindOf: sources.map((src) => (src.type === 'number' ? AS_NUMBER : src.type === 'boolean' ? AS_BOOLEAN : src.type === 'date' ? AS_DATE : AS_TEXT)),
    lo: sources.map((src) => src.range?.[0] ?? -Infinity),
    hi: sources.map((src) => src.range?.[1] ?? Infinity),
    required: sources.map((src) => src.required),
    input: sources.map((src) => src.role === 'input'),
    maxCell: reader.maxCellChars,
    crlf,
  };
  return { layout, bodyStart: cut.pos, line: line + 1 };
}

/** The body's rows into `reader`, on this thread. */
function readCsvBody(bytes: Buffer, reader: CsvFrameReader, head: HeaderRead, onProgress?: ReadProgress): boolean {
  const n = bytes.length;
  const { width, idCol, nameCol, maxCell } = head.layout;
  const bound = Int32Array.from(head.layout.bound);
  const kindOf = Uint8Array.from(head.layout.kindOf);
  const lo = Float64Array.from(head.layout.lo);
  const hi = Float64Array.from(head.layout.hi);
  const cut = new RowCutter(bytes, head.bodyStart, head.layout.crlf, width + 1);
  const { starts, ends, kinds } = cut;
  let line = head.line;
  let rowsSinceProgress = 0;
  while (cut.pos < n) {
    const skipped = cut.skipEmptyLine();
    if (skipped < 0) return false;
    if (skipped > 0) {
      line++;
      continue;
    }
    if (!cut.cut(width) || cut.fields !== width) return false;
    if (isBlankRow(bytes, starts, ends, kinds, width)) {
      reader.emptyRow(line);
      line++;
      continue;
    }
    const id = cellText(bytes, starts[idCol], ends[idCol], kinds[idCol]).trim();
    const name = nameCol >= 0 ? cellText(bytes, starts[nameCol], ends[nameCol], kinds[nameCol]).trim() || null : null;
    const frame = reader.startRow(line, id, name);
    const r = frame.rows - 1;
    for (let c = 0; c < width; c++) {
      const k = bound[c];
      if (k < 0) continue;
      const s = starts[c];
      const e = ends[c];
      if (s === e) {
        frame.missingCell(r, k);
        continue;
      }
      const how = kindOf[k];
      // A cell longer than the cap is the general path's problem (its text is shown, truncated).
      if (how !== AS_TEXT && kinds[c] !== ESCAPED && e - s <= maxCell) {
        const v = plainValue(bytes, s, e, how);
        if (v === v && v >= lo[k] && v <= hi[k]) {
          frame.value(r, k, v);
          continue;
        }
      }
      frame.text(r, k, cellText(bytes, s, e, kinds[c]));
    }
    line++;
    if (onProgress && ++rowsSinceProgress === PROGRESS_EVERY_ROWS) {
      rowsSinceProgress = 0;
      onProgress(frame.rows, cut.pos);
    }
  }
  onProgress?.(reader.rows, n);
  return true;
}

/**
 * One slice of the body (whole lines) cut and read by a worker: the plain cells' values in
 * columns of its own, and for everything else where it is, for the merge to read as the
 * single-thread path does. Rows are the slice's non-empty lines, blank ones included.
 */
export interface ChunkCells {
  rows: number;
  /** Line breaks in the slice (where the next slice's lines start). */
  lineBreaks: number;
  /** Per row: its line within the slice (0 = the slice's first), 1 if every cell is blank, 1 if a plain input value fills it. */
  line: Int32Array;
  blank: Uint8Array;
  filled: Uint8Array;
  /** Per row: the id and name cells (start, end, kind). */
  id: Int32Array;
  name: Int32Array;
  /** Per source: the plain values (NaN elsewhere). */
  columns: Float64Array[];
  /** The cells left to the merge, in row and column order: (row, source, start, end, kind); an empty required cell has start = end. */
  rest: Int32Array;
  restCount: number;
}

/** Reads bytes[start, end) (whole lines of the body); null when a row is not of the shape the byte reader takes. */
export function readChunk(bytes: Buffer, start: number, end: number, layout: CellLayout): ChunkCells | null {
  const { width, idCol, nameCol, maxCell, crlf } = layout;
  const bound = Int32Array.from(layout.bound);
  const kindOf = Uint8Array.from(layout.kindOf);
  const lo = Float64Array.from(layout.lo);
  const hi = Float64Array.from(layout.hi);
  const required = Uint8Array.from(layout.required, Number);
  const input = Uint8Array.from(layout.input, Number);
  const view = bytes.subarray(0, end);
  const capacity = lineBreaks(view, start) + 1;
  const columns = layout.kindOf.map(() => new Float64Array(capacity).fill(NaN));
  const lines = new Int32Array(capacity);
  const blank = new Uint8Array(capacity);
  const filled = new Uint8Array(capacity);
  const id = new Int32Array(capacity * 3);
  const name = new Int32Array(capacity * 3);
  let rest = new Int32Array(1024 * 5);
  let restCount = 0;
  const cut = new RowCutter(view, start, crlf, width + 1);
  const { starts, ends, kinds } = cut;
  let line = 0;
  let r = 0;
  const leave = (k: number, s: number, e: number, kind: number): void => {
    if ((restCount + 1) * 5 > rest.length) {
      const more = new Int32Array(rest.length * 2);
      more.set(rest);
      rest = more;
    }
    const at = restCount++ * 5;
    rest[at] = r;
    rest[at + 1] = k;
    rest[at + 2] = s;
    rest[at + 3] = e;
    rest[at + 4] = kind;
  };
  while (cut.pos < end) {
    const skipped = cut.skipEmptyLine();
    if (skipped < 0) return null;
    if (skipped > 0) {
      line++;
      continue;
    }
    if (!cut.cut(width) || cut.fields !== width) return null;
    lines[r] = line++;
    if (isBlankRow(view, starts, ends, kinds, width)) {
      blank[r++] = 1;
      continue;
    }
    id[r * 3] = starts[idCol];
    id[r * 3 + 1] = ends[idCol];
    id[r * 3 + 2] = kinds[idCol];
    if (nameCol >= 0) {
      name[r * 3] = starts[nameCol];
      name[r * 3 + 1] = ends[nameCol];
      name[r * 3 + 2] = kinds[nameCol];
    }
    for (let c = 0; c < width; c++) {
      const k = bound[c];
      if (k < 0) continue;
      const s = starts[c];
      const e = ends[c];
      if (s === e) {
        if (required[k]) leave(k, s, e, PLAIN);
        continue;
      }
      const how = kindOf[k];
      if (how !== AS_TEXT && kinds[c] !== ESCAPED && e - s <= maxCell) {
        const v = plainValue(view, s, e, how);
        if (v === v && v >= lo[k] && v <= hi[k]) {
          columns[k][r] = v;
          if (input[k]) filled[r] = 1;
          continue;
        }
      }
      leave(k, s, e, kinds[c]);
    }
    r++;
  }
  return { rows: r, lineBreaks: line, line: lines, blank, filled, id, name, columns, rest, restCount };
}

/**
 * A worker's slice into `reader`, as readCsvBody would have given it row by row: the same
 * calls in the same order for every cell that is not a plain value, so the frame, its
 * category codes and every message are the same. `firstLine`: the slice's first line number.
 */
export function mergeChunk(bytes: Buffer, chunk: ChunkCells, reader: CsvFrameReader, firstLine: number): void {
  const { rows, line, blank, filled, id, name, columns, rest, restCount } = chunk;
  const hasName = reader.hasNameColumn;
  // The plain values first, where each row will be (a row's other cells are NaN in the slice's columns, and are read after).
  const base = reader.rows;
  let kept = 0;
  for (let r = 0; r < rows; r++) kept += blank[r] ^ 1;
  if (kept === rows) {
    for (let k = 0; k < columns.length; k++) reader.builder.place(k, base, columns[k].subarray(0, rows));
  } else {
    for (let r = 0, to = base; r < rows; r++) {
      if (blank[r]) continue;
      for (let k = 0; k < columns.length; k++) reader.builder.place(k, to, columns[k].subarray(r, r + 1));
      to++;
    }
  }
  let p = 0;
  for (let r = 0; r < rows; r++) {
    const at = firstLine + line[r];
    if (blank[r]) {
      reader.emptyRow(at);
      continue;
    }
    const frame = reader.startRow(at, cellText(bytes, id[r * 3], id[r * 3 + 1], id[r * 3 + 2]).trim(), hasName ? cellText(bytes, name[r * 3], name[r * 3 + 1], name[r * 3 + 2]).trim() || null : null);
    const row = frame.rows - 1;
    if (filled[r]) frame.markFilled();
    for (; p < restCount && rest[p * 5] === r; p++) {
      const k = rest[p * 5 + 1];
      const s = rest[p * 5 + 2];
      const e = rest[p * 5 + 3];
      if (s === e) frame.missingCell(row, k);
      else frame.text(row, k, cellText(bytes, s, e, rest[p * 5 + 4]));
    }
  }
}

/** Cuts one row at a time into its cells' byte ranges, from `pos` on. */
class RowCutter {
  starts: Int32Array;
  ends: Int32Array;
  kinds: Uint8Array;
  /** Cells in the row last cut. */
  fields = 0;

  /**
   * `capacity`: cells room is made for at first. A body reader passes its header's width + 1, so
   * the arrays it has taken out of the cutter are never replaced by a larger copy under it.
   */
  constructor(private readonly bytes: Buffer, public pos: number, private readonly crlf: boolean, capacity = 64) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.kinds = new Uint8Array(capacity);
  }

  /** 1: an empty line was skipped; 0: the line has something on it; -1: a line ending other than the file's. */
  skipEmptyLine(): number {
    const { bytes, pos } = this;
    const b = bytes[pos];
    if (b === LF) {
      if (this.crlf) return -1;
      this.pos = pos + 1;
      return 1;
    }
    if (b === CR) {
      if (!this.crlf || bytes[pos + 1] !== LF) return -1;
      this.pos = pos + 2;
      return 1;
    }
    return 0;
  }

  /** The row at `pos` into starts/ends/kinds, through its line ending; false for what the byte reader does not take, or more than `max` cells. */
  cut(max: number): boolean {
    const bytes = this.bytes;
    const n = bytes.length;
    let pos = this.pos;
    let f = 0;
    for (;;) {
      if (f === this.starts.length) {
        if (f >= max) return false;
        this.grow();
      }
      let kind = PLAIN;
      let s = pos;
      let e: number;
      if (pos < n && bytes[pos] === QUOTE) {
        kind = QUOTED;
        s = ++pos;
        for (;;) {
          if (pos >= n) return false;
          const b = bytes[pos];
          if (b === QUOTE) {
            if (bytes[pos + 1] !== QUOTE) break;
            kind = ESCAPED;
            pos += 2;
          } else if (b === LF || b === CR) return false;
          else pos++;
        }
        e = pos++;
      } else {
        for (; pos < n; pos++) {
          const b = bytes[pos];
          if (b === COMMA || b === LF || b === CR) break;
          if (b === QUOTE) return false;
        }
        e = pos;
      }
      if (f >= max) return false;
      this.starts[f] = s;
      this.ends[f] = e;
      this.kinds[f] = kind;
      f++;
      if (pos >= n) break;
      const b = bytes[pos];
      if (b === COMMA) {
        pos++;
        continue;
      }
      if (this.crlf ? b !== CR || bytes[pos + 1] !== LF : b !== LF) return false;
      pos += this.crlf ? 2 : 1;
      break;
    }
    this.fields = f;
    this.pos = pos;
    return true;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.starts = starts;
    this.ends = ends;
    this.kinds = kinds;
  }
}

/** Line feeds from `from` on (as many as there can be rows). */
function lineBreaks(bytes: Buffer, from: number): number {
  let count = 0;
  for (let at = bytes.indexOf(LF, from); at >= 0; at = bytes.indexOf(LF, at + 1)) count++;
  return count;
}

/** LF or CR (for CRLF) as the file's line ending, from its first line break; -1 for a lone CR or a break inside quotes. */
function lineEnding(bytes: Uint8Array, from: number): number {
  let quoted = false;
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === QUOTE) quoted = !quoted;
    else if (b === LF || b === CR) {
      if (quoted) return -1;
      if (b === LF) return LF;
      return bytes[i + 1] === LF ? CR : -1;
    }
  }
  return LF;
}

/** The cell's text as the general parser gives it. */
function cellText(bytes: Buffer, s: number, e: number, kind: number): string {
  const t = bytes.toString('utf8', s, e);
  return kind === ESCAPED ? t.replaceAll('""', '"') : t;
}

/**
 * A row of empty cells (skipped and counted): every cell empty, or only blanks. Decided on the
 * first byte of each cell where it can be (a printable ASCII character means a value), else on
 * the cells' texts.
 */
function isBlankRow(bytes: Buffer, starts: Int32Array, ends: Int32Array, kinds: Uint8Array, f: number): boolean {
  let unsure = false;
  for (let c = 0; c < f; c++) {
    if (starts[c] === ends[c]) continue;
    const b = bytes[starts[c]];
    if (b > 0x20 && b < 0x7f) return false;
    unsure = true;
  }
  if (!unsure) return true;
  for (let c = 0; c < f; c++) if (cellText(bytes, starts[c], ends[c], kinds[c]).trim() !== '') return false;
  return true;
}

/** `[+-]digits[.digits]` of at most 15 digits as Number() reads it, else NaN (the cell is then read as text). */
function plainNumber(bytes: Uint8Array, s: number, e: number): number {
  let i = s;
  let negative = false;
  const first = bytes[i];
  if (first === 0x2d || first === 0x2b) {
    negative = first === 0x2d;
    i++;
  }
  let m = 0;
  let digits = 0;
  let decimals = 0;
  let point = false;
  for (; i < e; i++) {
    const b = bytes[i];
    const d = b - 0x30;
    if (d >= 0 && d <= 9) {
      m = m * 10 + d;
      digits++;
      if (point) decimals++;
    } else if (b === 0x2e && !point) point = true;
    else return NaN;
  }
  if (digits === 0 || digits > MAX_FAST_DIGITS) return NaN;
  const v = decimals === 0 ? m : m / POW10[decimals];
  return negative ? -v : v;
}

function plainValue(bytes: Uint8Array, s: number, e: number, how: number): number {
  return how === AS_NUMBER ? plainNumber(bytes, s, e) : how === AS_BOOLEAN ? plainBoolean(bytes, s, e) : plainDate(bytes, s, e);
}

function plainBoolean(bytes: Uint8Array, s: number, e: number): number {
  if (e - s !== 1) return NaN;
  const b = bytes[s];
  return b === 0x31 ? 1 : b === 0x30 ? 0 : NaN;
}

/** `YYYY-MM-DD` of a real calendar date in years 1000–9999 as a day number, else NaN. */
function plainDate(bytes: Uint8Array, s: number, e: number): number {
  if (e - s !== 10 || bytes[s + 4] !== 0x2d || bytes[s + 7] !== 0x2d) return NaN;
  const y = digitsAt(bytes, s, 4);
  const m = digitsAt(bytes, s + 5, 2);
  const d = digitsAt(bytes, s + 8, 2);
  if (y < 1000 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return dayNumber(y, m, d);
}

function digitsAt(bytes: Uint8Array, s: number, count: number): number {
  let v = 0;
  for (let i = s; i < s + count; i++) {
    const d = bytes[i] - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
