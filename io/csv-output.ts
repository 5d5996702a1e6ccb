/**
 * The results CSV of DESIGN.md: `id, rank, score, grade`, then one column per node of the tree
 * (pre-order: root, aggregates, every indicator's normalised score) in full precision
 * (shortest round-trip decimal), empty where missing; then rank within each peer group,
 * deductions, bonuses, and the vetoes and lists that apply (ids joined by `;`); from semantics
 * level 3, a scheme with lists and record types adds `list_since` and `list_until` (engine/list-dates.ts: one
 * date per id of `lists`, in its order, joined by `;`, empty where not knowable).
 * Text cells that a spreadsheet would run as a formula are neutralised.
 *
 * These bytes (UTF-8, `\n` after every line) are the canonical results CSV: the results file
 * hash (results-file-hash.ts) is their SHA-256, and the JSON and the workbook carry the same
 * cells, so their contents give the same CSV back.
 */
import { formatDay, listDates, type ListDates, type Results, type Transfer } from '../engine/index.js';
import { hasListDateColumns, resultsChunk, resultsLabels, type ChunkExtras, type ResultsChunk, type ResultsLabels } from './results-chunk.js';

/** A results cell: text (id, grade, vetoes, lists) or a number (null: missing). */
export type ResultsCell = string | number | null;

/** The columns a scheme with a settlement adds at the end (none otherwise, so other results files keep their bytes). */
export const SETTLEMENT_COLUMNS = ['payer', 'payee', 'amount'] as const;

/** The columns after `lists` from semantics level 3 in a scheme with lists and dated records (none otherwise, so other results files keep their bytes). */
export const LIST_DATE_COLUMNS = ['list_since', 'list_until'] as const;

export { hasListDateColumns } from './results-chunk.js';

/** The header: fixed columns around the plan's nodes and peer groups. */
export function resultsHeader(nodes: readonly string[], groups: readonly string[], settlement = false, listDateColumns = false): string[] {
  return ['id', 'rank', 'score', 'grade', ...nodes, ...groups.map((g) => `rank_${g}`), 'deductions', 'bonuses', 'vetoes', 'lists',
    ...(listDateColumns ? LIST_DATE_COLUMNS : []), ...(settlement ? SETTLEMENT_COLUMNS : [])];
}

/** How many columns of each optional tail this header ends with: the list dates, then the settlement's. */
export function headerTails(header: readonly unknown[]): { listDates: number; settlement: number } {
  const endsWith = (cols: readonly string[], skip: number): boolean =>
    header.length >= cols.length + skip && cols.every((c, j) => header[header.length - skip - cols.length + j] === c);
  const settlement = endsWith(SETTLEMENT_COLUMNS, 0) ? SETTLEMENT_COLUMNS.length : 0;
  return { settlement, listDates: endsWith(LIST_DATE_COLUMNS, settlement) ? LIST_DATE_COLUMNS.length : 0 };
}

/** Whether column k of this header holds text: id, grade, vetoes, lists, the list dates after them, and a settlement's payer and payee. */
export function isTextColumn(k: number, header: readonly string[]): boolean {
  const n = header.length;
  const { listDates: d, settlement: s } = headerTails(header);
  const lists = n - s - d - 1;
  return k === 0 || k === 3 || k === lists - 1 || k === lists || (k > lists && k <= lists + d) || (s > 0 && (k === n - 3 || k === n - 2));
}

/** The list_since and list_until cells of entity i: a date per list it is on, in list order (empty where not knowable). */
export function listDateText(lists: readonly Float64Array[], dates: ListDates | null, i: number): [string, string] {
  let a = '';
  let b = '';
  let first = true;
  for (let k = 0; k < lists.length; k++) {
    if (lists[k][i] !== 1) continue;
    const s = dates ? dates.since[k][i] : NaN;
    const u = dates ? dates.until[k][i] : NaN;
    a += `${first ? '' : ';'}${s === s ? formatDay(s) : ''}`;
    b += `${first ? '' : ';'}${u === u ? formatDay(u) : ''}`;
    first = false;
  }
  return [a, b];
}

/** The list_since and list_until cells of entity i of the results. */
export const listDateCells = (results: Results, i: number): [string, string] => listDateText(results.lists, listDates(results), i);

export const resultsHeaderOf = (results: Results): string[] =>
  resultsHeader(results.plan.nodes.map((n) => n.id), results.plan.ranking.groups, results.plan.settlement !== undefined, hasListDateColumns(results.plan));

function settlementCells(t: Transfer | null): ResultsCell[] {
  return t ? [t.payer, t.payee, t.amount] : ['', '', null];
}

/** A CSV line of results cells (no line end). */
export function csvLine(cells: readonly ResultsCell[]): string {
  return cells.map((c) => (typeof c === 'string' ? textCell(c) : c === null ? '' : numberCell(c))).join(',');
}

/** Entities formatted per piece of output: one string of this many lines at a time, never the whole file. */
export const OUTPUT_CHUNK_ROWS = 16_384;

/** The header line, `\n` included. */
export const resultsCsvHeader = (results: Results): string => `${resultsHeaderOf(results).map(textCell).join(',')}\n`;

/**
 * Writes CSV cells into one buffer per chunk: numbers straight from the columns (a whole number
 * digit by digit, any other through String(), which is numberCell's text), so a chunk makes no
 * string per line and no string of the whole chunk.
 */
export class ChunkBuffer {
  buf: Buffer;
  pos = 0;

  constructor(bytes: number) {
    this.buf = Buffer.allocUnsafeSlow(bytes);
  }

  /** Empty again, keeping its memory (a worker formats chunk after chunk into one buffer). */
  reset(): void {
    this.pos = 0;
  }

  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const more = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(more, 0, 0, this.pos);
    this.buf = more;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  text(s: string): void {
    this.room(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** numberCell(v), written: empty for NaN, 0 for -0. */
  number(v: number): void {
    if (v !== v) return;
    if (v === (v | 0)) {
      this.room(11);
      let x = v;
      if (x < 0) {
        this.buf[this.pos++] = 0x2d;
        x = -x;
      }
      const start = this.pos;
      do {
        this.buf[this.pos++] = 0x30 + (x % 10);
        x = Math.floor(x / 10);
      } while (x > 0);
      this.buf.subarray(start, this.pos).reverse();
      return;
    }
    const t = String(v);
    this.room(t.length);
    // A number's text is ASCII: copied code by code, cheaper than a call into Buffer.write per cell.
    const { buf } = this;
    let p = this.pos;
    for (let k = 0; k < t.length; k++) buf[p++] = t.charCodeAt(k);
    this.pos = p;
  }

  take(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

const COMMA = 0x2c;
const NEWLINE = 0x0a;

/** Bytes a chunk of this many rows and numeric columns is likely to take (the buffer grows past it if not). */
export const chunkBytesGuess = (rows: number, numbers: number): number => Math.max(1024, rows * (64 + numbers * 20));

/**
 * A chunk's entities as CSV lines, `\n` after each, written straight from the columns into
 * `out` (no record, line or string per entity); `out.take()` then has them.
 */
export function writeCsvChunk(chunk: ResultsChunk, labels: ResultsLabels, out: ChunkBuffer): void {
  const { ids, rank, score, grade, deductions, bonuses, nodeScores, groupRanks, vetoes, lists, transfers, dates } = chunk;
  const gradeIds = labels.grades.map(textCell);
  const fired = (names: readonly string[], flags: readonly Float64Array[], i: number): void => {
    let s = '';
    let first = true;
    for (let k = 0; k < flags.length; k++) {
      if (flags[k][i] !== 1) continue;
      s += first ? names[k] : `;${names[k]}`;
      first = false;
    }
    if (s !== '') out.text(textCell(s));
  };
  for (let i = 0; i < ids.length; i++) {
    const g = grade[i];
    out.text(textCell(ids[i]));
    out.byte(COMMA);
    out.number(rank[i]);
    out.byte(COMMA);
    out.number(score[i]);
    out.byte(COMMA);
    if (g === g) out.text(gradeIds[g]);
    for (let j = 0; j < nodeScores.length; j++) {
      out.byte(COMMA);
      out.number(nodeScores[j][i]);
    }
    for (let k = 0; k < groupRanks.length; k++) {
      out.byte(COMMA);
      out.number(groupRanks[k][i]);
    }
    out.byte(COMMA);
    out.number(deductions[i]);
    out.byte(COMMA);
    out.number(bonuses[i]);
    out.byte(COMMA);
    fired(labels.vetoes, vetoes, i);
    out.byte(COMMA);
    fired(labels.lists, lists, i);
    if (labels.listDates) {
      const [since, until] = listDateText(lists, dates, i);
      out.byte(COMMA);
      out.text(since);
      out.byte(COMMA);
      out.text(until);
    }
    if (transfers) {
      out.byte(COMMA);
      out.text(csvLine(settlementCells(transfers[i] ?? null)));
    }
    out.byte(NEWLINE);
  }
}

/** What a CSV chunk needs besides the columns: the list dates when the header has them. */
export const csvChunkExtras = (results: Results): ChunkExtras => ({ names: false, dates: hasListDateColumns(results.plan) ? listDates(results) : null });

/** Entities [from, to) as CSV lines, on this thread. */
export function resultsCsvLines(results: Results, from: number, to: number, labels: ResultsLabels = resultsLabels(results)): Buffer {
  const chunk = resultsChunk(results, from, to, csvChunkExtras(results));
  const out = new ChunkBuffer(chunkBytesGuess(to - from, 4 + chunk.nodeScores.length + chunk.groupRanks.length));
  writeCsvChunk(chunk, labels, out);
  return out.take();
}

/** Called as output is made: entities done of the total. */
export type OutputProgress = (done: number, total: number) => void;

/** The results CSV as UTF-8 pieces, on this thread: the header, then `chunkRows` entities at a time. */
export function* resultsCsvChunks(results: Results, onProgress?: OutputProgress, chunkRows = OUTPUT_CHUNK_ROWS): Generator<Buffer> {
  const { n } = results.frame;
  yield Buffer.from(resultsCsvHeader(results), 'utf8');
  const labels = resultsLabels(results);
  for (let from = 0; from < n; from += chunkRows) {
    const to = Math.min(n, from + chunkRows);
    yield resultsCsvLines(results, from, to, labels);
    onProgress?.(to, n);
  }
}

/** The whole results CSV as one string: for results small enough to hold that way (tests, a bundle). */
export function resultsCsv(results: Results): string {
  return Buffer.concat([...resultsCsvChunks(results)]).toString('utf8');
}

/** Full precision: JavaScript's shortest decimal that round-trips to the same double. */
export function numberCell(v: number): string {
  if (v !== v) return '';
  return Object.is(v, -0) ? '0' : String(v);
}

/** Quote when needed; prefix ' to text a spreadsheet would otherwise run as a formula. */
export function textCell(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
