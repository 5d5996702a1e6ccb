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
 * as wide as the header. For anything else — and for every malformed file, whose error message
 * comes from the general parser — it returns null before any result is seen, and the caller
 * reads the file with csv-rows.ts from the start: nothing read so far is kept.
 */
import { dayNumber } from '../indicators/index.js';
import type { CsvFrameReader } from './csv-input.js';

/** How often (in rows) the progress callback is told how far the read is. */
export const PROGRESS_EVERY_ROWS = 1 << 16;

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

/**
 * The rows of `bytes` (UTF-8, already checked) into `reader`; false when the file is not of
 * the shape this reader takes (nothing has then been given to `reader` but the header).
 */
export function readCsvBytes(bytes: Buffer, reader: CsvFrameReader, onProgress?: ReadProgress): boolean {
  const n = bytes.length;
  let start = 0;
  if (n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  // A second byte-order mark would be taken off by the general parser too.
  if (n >= start + 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) return false;
  const eol = lineEnding(bytes, start);
  if (eol < 0) return false;
  const cut = new RowCutter(bytes, start, eol === CR);

  let line = 1;
  for (;;) {
    if (cut.pos >= n) return false;
    const skipped = cut.skipEmptyLine();
    if (skipped < 0) return false;
    if (skipped === 0) break;
    line++;
  }
  if (!cut.cut(Infinity)) return false;
  const width = cut.fields;
  const header: string[] = [];
  for (let c = 0; c < width; c++) header.push(cellText(bytes, cut.starts[c], cut.ends[c], cut.kinds[c]));
  // Every line break bounds the rows: the columns are made that long once, never grown.
  const binding = reader.header(header, lineBreaks(bytes, cut.pos) + 1);
  const { idCol, nameCol } = binding;
  const bound = Int32Array.from(binding.bound);
  const sources = reader.plan.sources;
  // A cell read here starts with a digit (after a sign or point): never a missing marker, which
  // the scheme's validation refuses to look like a number.
  const kindOf = Uint8Array.from(sources, (src) => (src.type === 'number' ? AS_NUMBER : src.type === 'boolean' ? AS_BOOLEAN : src.type === 'date' ? AS_DATE : AS_TEXT));
  const lo = Float64Array.from(sources, (src) => src.range?.[0] ?? -Infinity);
  const hi = Float64Array.from(sources, (src) => src.range?.[1] ?? Infinity);
  const maxCell = reader.maxCellChars;
  const { starts, ends, kinds } = cut;
  line++;

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
        const v = how === AS_NUMBER ? plainNumber(bytes, s, e) : how === AS_BOOLEAN ? plainBoolean(bytes, s, e) : plainDate(bytes, s, e);
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

/** Cuts one row at a time into its cells' byte ranges, from `pos` on. */
class RowCutter {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  kinds = new Uint8Array(64);
  /** Cells in the row last cut. */
  fields = 0;

  constructor(private readonly bytes: Buffer, public pos: number, private readonly crlf: boolean) {}

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
