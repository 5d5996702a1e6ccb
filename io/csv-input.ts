/**
 * Reading an input CSV into a Frame, as DESIGN.md's contract says: UTF-8 (BOM accepted),
 * a header row, `id` required, `name` and attribute columns optional, every other column an
 * input of the scheme. Every problem in the file is collected (row, column, what was expected,
 * what was found) and reported at once; a file with any problem yields no frame at all.
 *
 * Rows are taken as they are parsed and none is kept but in the frame being built; rows whose
 * every cell is empty (a spreadsheet's formatted, empty rows) are skipped and counted, and the
 * caps of input-caps.ts hold while reading: a file past one is refused at once.
 *
 * The bytes are read by csv-bytes.ts (cells straight into the typed columns); a file of a shape
 * it does not take, or a malformed one, is read again from the start by csv-rows.ts, whose rows
 * go through the same CsvFrameReader: the frame and every message are the same either way.
 */
import { KaoheError } from '../indicators/index.js';
import type { Frame, ScoringPlan } from '../engine/index.js';
import { FrameBuilder, headerProblems, headerUnit } from './frame-builder.js';
import { applyHeaderUnits, type AppliedConversion, type UnitConversion } from './units.js';
import { eachCsvRecord, eachCsvRecordChunked } from './csv-rows.js';
import { readCsvBytes, type ReadProgress } from './csv-bytes.js';
import { PARALLEL_READ_FROM_BYTES, readCsvParallel } from './csv-parallel.js';
import { HEADER_SEARCH_ROWS } from './xlsx/contract.js';
import { inputCaps, isEmptyRecord, tooManyCells, tooManyEmptyRows, tooManyRows, type InputCaps } from './input-caps.js';

export interface CsvReadOptions {
  /** Rows without any input value are read without their required checks (see FrameBuilder). */
  blankRows?: boolean;
  /** The round's entity ids: a row whose id is not among them is an error. */
  roster?: ReadonlySet<string>;
  caps?: Partial<InputCaps>;
  /** The round's unit conversions for columns whose header names another unit (units.ts). */
  conversions?: readonly UnitConversion[];
  /** Told now and then how many data rows and bytes have been read. */
  onProgress?: ReadProgress;
  /** The columns in shared memory: the pool scores them without a copy (engine/steps.ts initState). */
  shared?: boolean;
}

export interface CsvData {
  frame: Frame;
  /** Rows skipped because every cell was empty. */
  emptyRows: number;
  /** Columns converted from the unit their header named (`gdp[亿港元]`); absent when none. */
  converted?: AppliedConversion[];
}

const LONE_SURROGATE = /\p{Surrogate}/u;

/** A local file (the command line): rows are not capped unless `caps` says so; ids and cells are. */
export function readCsvText(text: string, plan: ScoringPlan, fileName = 'data.csv', options: CsvReadOptions = {}): Frame {
  // A string with a lone surrogate has no UTF-8 bytes that say the same: the general parser reads it.
  if (!LONE_SURROGATE.test(text)) return readCsvFile(Buffer.from(text, 'utf8'), plan, fileName, options);
  const reader = new CsvFrameReader(plan, fileName, localOptions(options));
  eachCsvRecord(text, fileName, (record, line) => reader.record(record, line));
  return reader.finish().frame;
}

/** A local file's bytes (UTF-8, checked by the caller), with readCsvText's caps. */
export function readCsvFile(bytes: Buffer, plan: ScoringPlan, fileName = 'data.csv', options: CsvReadOptions = {}): Frame {
  const local = localOptions(options);
  const fast = new CsvFrameReader(plan, fileName, local);
  if (readCsvBytes(bytes, fast, options.onProgress)) return fast.finish().frame;
  const reader = new CsvFrameReader(plan, fileName, local);
  eachCsvRecord(bytes, fileName, (record, line) => reader.record(record, line));
  return reader.finish().frame;
}

/**
 * readCsvFile on `threads` pool workers when the file is large enough to gain from them
 * (csv-parallel.ts): the same frame and the same messages. Bytes already in shared memory
 * (readFileCapped's `sharedFrom`) are not copied.
 */
export async function readCsvFileThreads(bytes: Buffer, plan: ScoringPlan, fileName: string, options: CsvReadOptions & { threads: number }): Promise<Frame> {
  if (options.threads <= 1 || bytes.length < PARALLEL_READ_FROM_BYTES) return readCsvFile(bytes, plan, fileName, options);
  let shared = bytes;
  if (!(bytes.buffer instanceof SharedArrayBuffer) || bytes.byteOffset !== 0) {
    shared = Buffer.from(new SharedArrayBuffer(bytes.length));
    bytes.copy(shared);
  }
  const local = { ...localOptions(options), shared: true };
  const fast = new CsvFrameReader(plan, fileName, local);
  if (await readCsvParallel(shared, fast, options.threads, options.onProgress)) return fast.finish().frame;
  const reader = new CsvFrameReader(plan, fileName, local);
  eachCsvRecord(shared, fileName, (record, line) => reader.record(record, line));
  return reader.finish().frame;
}

function localOptions(options: CsvReadOptions): CsvReadOptions {
  return { ...options, caps: { maxRows: Infinity, maxEmptyRows: Infinity, ...options.caps } };
}

/** The same for an uploaded file's bytes (UTF-8, checked by the caller), with the service's caps. */
export async function readCsvUpload(bytes: Buffer, plan: ScoringPlan, fileName: string, options: CsvReadOptions = {}): Promise<CsvData> {
  const fast = new CsvFrameReader(plan, fileName, options);
  if (readCsvBytes(bytes, fast, options.onProgress)) return fast.finish();
  const reader = new CsvFrameReader(plan, fileName, options);
  await eachCsvRecordChunked(bytes, fileName, (record, line) => reader.record(record, line));
  return reader.finish();
}

/** The reader's column binding, from the header. */
export interface CsvBinding {
  idCol: number;
  nameCol: number;
  /** Per column of the header, its source's index, or -1. */
  bound: readonly number[];
}

export class CsvFrameReader {
  private readonly caps: InputCaps;
  private frame: FrameBuilder | null = null;
  private readonly units: Record<string, string> = {};
  private idCol = -1;
  private nameCol = -1;
  /** Per column of the header, its source's index, or -1. */
  private bound: number[] = [];
  /** Per data row kept, the line it ends on. */
  private lines = new Int32Array(1024);
  private emptyRows = 0;
  /** Rows before a template's header row, while it is looked for. */
  private preamble: string[][] = [];

  constructor(private readonly planOf: ScoringPlan, private readonly fileName: string, private readonly options: CsvReadOptions) {
    this.caps = inputCaps(options.caps);
  }

  record(record: string[], line: number): void {
    if (!this.frame) {
      this.headerOrPreamble(record, line);
      return;
    }
    if (isEmptyRecord(record)) {
      this.emptyRow(line);
      return;
    }
    const frame = this.startRow(line, record[this.idCol].trim(), this.nameCol >= 0 ? record[this.nameCol].trim() || null : null);
    const r = frame.rows - 1;
    for (let c = 0; c < this.bound.length; c++) if (this.bound[c] >= 0) frame.text(r, this.bound[c], record[c]);
  }

  get plan(): ScoringPlan {
    return this.planOf;
  }

  get hasNameColumn(): boolean {
    return this.nameCol >= 0;
  }

  /** The frame being built (once the header is read). */
  get builder(): FrameBuilder {
    return this.frame!;
  }

  get maxCellChars(): number {
    return this.caps.maxCellChars;
  }

  get rows(): number {
    return this.frame?.rows ?? 0;
  }

  /** A row of empty cells at `line`: skipped, and counted against its cap. */
  emptyRow(line: number): void {
    if (++this.emptyRows > this.caps.maxEmptyRows) throw tooManyEmptyRows(`${this.fileName}:${line}`, this.caps.maxEmptyRows);
  }

  /** Starts the data row ending on `line`, its row cap checked; its cells go to the builder returned. */
  startRow(line: number, id: string, name: string | null): FrameBuilder {
    const frame = this.frame!;
    if (frame.rows >= this.caps.maxRows) throw tooManyRows(`${this.fileName}:${line}`, this.caps.maxRows);
    const r = frame.rows;
    if (r === this.lines.length) {
      const more = new Int32Array(r * 2);
      more.set(this.lines);
      this.lines = more;
    }
    this.lines[r] = line;
    frame.addRow(id, name);
    return frame;
  }

  /**
   * The header is the first row when it has an `id` cell; else, as the workbook import finds
   * it, the first of rows 2–10 whose first cell is `id` (a CSV saved from the fill-in
   * template's 数据 sheet: its label and unit rows above the input ids), the rows above it
   * skipped. Without one, the first row is the header, and is refused for its missing id column.
   */
  private headerOrPreamble(record: string[], line: number): void {
    if (this.preamble.length === 0 && record.some((h) => h.trim() === 'id')) this.header(record);
    else if (this.preamble.length > 0 && record[0].trim() === 'id') {
      this.preamble = [];
      this.header(record, undefined, line);
    } else {
      this.preamble.push(record);
      if (this.preamble.length === HEADER_SEARCH_ROWS) this.header(this.preamble[0]);
    }
  }

  /** The header row (at `line`); `capacity`: rows the columns are first made for (they grow past it). */
  header(record: string[], capacity?: number, headerLine = 1): CsvBinding {
    const { fileName, planOf: plan } = this;
    if (record.length > this.caps.maxCells) throw tooManyCells(`${fileName}:1`, this.caps.maxCells, record.length);
    const named = record.map((h) => headerUnit(h.trim()));
    const header = named.map((h) => h.name);
    named.forEach((h) => { if (h.unit !== null) this.units[h.name] = h.unit; });
    const problems = headerProblems(plan, header.map((name, c) => ({ name, where: `${fileName}:${headerLine} ${columnLetter(c)}「${name}」` })), `${fileName}:${headerLine}`);
    if (problems.length > 0) throw new KaoheError(problems);
    if (capacity !== undefined) this.lines = new Int32Array(Math.max(1, capacity));
    this.idCol = header.indexOf('id');
    this.nameCol = header.indexOf('name');
    const sourceIndex = new Map(plan.sources.map((s, k) => [s.id, k]));
    this.bound = header.map((h) => sourceIndex.get(h) ?? -1);
    const line = (r: number): number => this.lines[r];
    this.frame = new FrameBuilder(plan, {
      file: fileName,
      cell: (r, k) => `${fileName}:${line(r)} ${plan.sources[k].id}`,
      id: (r) => `${fileName}:${line(r)} id`,
      name: (r) => `${fileName}:${line(r)} name`,
      line,
      lineWord: 'line',
    }, { names: this.nameCol >= 0, capacity, roster: this.options.roster, blankRows: this.options.blankRows, caps: this.caps, shared: this.options.shared });
    return { idCol: this.idCol, nameCol: this.nameCol, bound: this.bound };
  }

  finish(): CsvData {
    if (!this.frame && this.preamble.length > 0) this.header(this.preamble[0]);
    if (!this.frame) throw new KaoheError([{ where: this.fileName, zh: '文件为空，缺少表头行', en: 'the file is empty: a header row is needed' }]);
    const frame = this.frame.finish();
    const converted = applyHeaderUnits(this.plan, frame, this.units, this.options.conversions ?? [], this.fileName);
    return { frame, emptyRows: this.emptyRows, ...(converted.length > 0 ? { converted } : {}) };
  }
}

/** Spreadsheet-style column letter for a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
