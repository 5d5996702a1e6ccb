/**
 * Reading an input CSV into a Frame, as DESIGN.md's contract says: UTF-8 (BOM accepted),
 * a header row, `id` required, `name` and attribute columns optional, every other column an
 * input of the scheme. Every problem in the file is collected (row, column, what was expected,
 * what was found) and reported at once; a file with any problem yields no frame at all.
 *
 * Rows are taken as they are parsed and none is kept but in the frame being built; rows whose
 * every cell is empty (a spreadsheet's formatted, empty rows) are skipped and counted, and the
 * caps of input-caps.ts hold while reading: a file past one is refused at once.
 */
import { KaoheError } from '../indicators/index.js';
import type { Frame, ScoringPlan } from '../engine/index.js';
import { FrameBuilder, headerProblems, headerUnit } from './frame-builder.js';
import { applyHeaderUnits, type AppliedConversion, type UnitConversion } from './units.js';
import { eachCsvRecord, eachCsvRecordChunked } from './csv-rows.js';
import { inputCaps, isEmptyRecord, tooManyCells, tooManyEmptyRows, tooManyRows, type InputCaps } from './input-caps.js';

export interface CsvReadOptions {
  /** Rows without any input value are read without their required checks (see FrameBuilder). */
  blankRows?: boolean;
  /** The round's entity ids: a row whose id is not among them is an error. */
  roster?: ReadonlySet<string>;
  caps?: Partial<InputCaps>;
  /** The round's unit conversions for columns whose header names another unit (units.ts). */
  conversions?: readonly UnitConversion[];
}

export interface CsvData {
  frame: Frame;
  /** Rows skipped because every cell was empty. */
  emptyRows: number;
  /** Columns converted from the unit their header named (`gdp[亿港元]`); absent when none. */
  converted?: AppliedConversion[];
}

/** A local file (the command line): rows are not capped unless `caps` says so; ids and cells are. */
export function readCsvText(text: string, plan: ScoringPlan, fileName = 'data.csv', options: CsvReadOptions = {}): Frame {
  const reader = new CsvFrameReader(plan, fileName, { ...options, caps: { maxRows: Infinity, maxEmptyRows: Infinity, ...options.caps } });
  eachCsvRecord(text, fileName, (record, line) => reader.record(record, line));
  return reader.finish().frame;
}

/** The same for an uploaded file's bytes (UTF-8, checked by the caller), parsed a slice per turn of the event loop. */
export async function readCsvUpload(bytes: Buffer, plan: ScoringPlan, fileName: string, options: CsvReadOptions = {}): Promise<CsvData> {
  const reader = new CsvFrameReader(plan, fileName, options);
  await eachCsvRecordChunked(bytes, fileName, (record, line) => reader.record(record, line));
  return reader.finish();
}

class CsvFrameReader {
  private readonly caps: InputCaps;
  private frame: FrameBuilder | null = null;
  private readonly units: Record<string, string> = {};
  private idCol = -1;
  private nameCol = -1;
  /** Per column of the header, its source's index, or -1. */
  private bound: number[] = [];
  /** Per data row kept, the line it ends on. */
  private readonly lines: number[] = [];
  private emptyRows = 0;

  constructor(private readonly plan: ScoringPlan, private readonly fileName: string, private readonly options: CsvReadOptions) {
    this.caps = inputCaps(options.caps);
  }

  record(record: string[], line: number): void {
    if (!this.frame) {
      this.header(record);
      return;
    }
    if (isEmptyRecord(record)) {
      if (++this.emptyRows > this.caps.maxEmptyRows) throw tooManyEmptyRows(`${this.fileName}:${line}`, this.caps.maxEmptyRows);
      return;
    }
    const frame = this.frame;
    if (frame.rows >= this.caps.maxRows) throw tooManyRows(`${this.fileName}:${line}`, this.caps.maxRows);
    this.lines.push(line);
    const r = frame.addRow(record[this.idCol].trim(), this.nameCol >= 0 ? record[this.nameCol].trim() || null : null);
    for (let c = 0; c < this.bound.length; c++) if (this.bound[c] >= 0) frame.text(r, this.bound[c], record[c]);
  }

  private header(record: string[]): void {
    const { fileName, plan } = this;
    if (record.length > this.caps.maxCells) throw tooManyCells(`${fileName}:1`, this.caps.maxCells, record.length);
    const named = record.map((h) => headerUnit(h.trim()));
    const header = named.map((h) => h.name);
    named.forEach((h) => { if (h.unit !== null) this.units[h.name] = h.unit; });
    const problems = headerProblems(plan, header.map((name, c) => ({ name, where: `${fileName}:1 ${columnLetter(c)}「${name}」` })), `${fileName}:1`);
    if (problems.length > 0) throw new KaoheError(problems);
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
    }, { names: this.nameCol >= 0, roster: this.options.roster, blankRows: this.options.blankRows, caps: this.caps });
  }

  finish(): CsvData {
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
