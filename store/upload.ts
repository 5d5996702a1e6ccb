/**
 * An uploaded file → the round's data it carries, or every problem with it. The type is told by
 * the name and checked against the bytes (a spreadsheet is a zip; a CSV is UTF-8 text), so a
 * file of the wrong kind is refused as such before anything reads it. A filled template
 * (.xlsx) is read by io/'s workbook reader, a CSV by its CSV reader. Entity ids must be on the
 * round's roster; names left empty are taken from it. Rows without any input value are read
 * without their required checks: in one city's copy of the roster template they are the other
 * cities' rows (blank-rows.ts decides what they mean). Rows of empty cells are skipped and
 * counted, and the caps of io/input-caps.ts hold while the file is read, the rows at the
 * roster's size plus a margin: a file past a cap is refused at once.
 */
import { extname } from 'node:path';
import type { Frame, RecordTable, ScoringPlan } from '../engine/index.js';
import { type AppliedConversion, type UnitConversion, inputCaps, looksUtf16, readCsvDataUpload, readRecordsUpload, readWorkbookUpload, ROSTER_ROW_MARGIN, utf8Text, type InputCaps } from '../io/index.js';
import { StoreError } from './errors.js';

export type UploadFormat = 'csv' | 'xlsx';
/** What a file holds: entity rows, or the round's complete list of dated records. */
export type UploadPart = 'data' | 'records';

export const MEDIA_TYPES: Record<UploadFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
}

export type Parsed =
  | { part: 'data'; format: UploadFormat; frame: Frame; emptyRows: number; converted: AppliedConversion[] }
  | { part: 'records'; format: UploadFormat; records: RecordTable };

/** A file that is not of a kind we read: the API answers 415. */
export class UnsupportedUpload extends StoreError {}

function unsupported(file: UploadedFile, zh: string, en: string): UnsupportedUpload {
  return new UnsupportedUpload('invalid', [{ where: file.fileName, zh, en }]);
}

/** The format by name, confirmed by the bytes. */
export function uploadFormat(file: UploadedFile): UploadFormat {
  const ext = extname(file.fileName).toLowerCase();
  const zip = file.bytes.length >= 4 && file.bytes.readUInt32BE(0) === 0x504b0304;
  if (ext === '.xlsx') {
    if (!zip) throw unsupported(file, '文件扩展名为 .xlsx，但内容不是 Excel 工作簿（可能已损坏，或是改了扩展名的其他文件）', 'the file is named .xlsx but is not an Excel workbook (damaged, or another kind of file renamed)');
    return 'xlsx';
  }
  if (ext === '.csv') {
    // UTF-16 text has a zero byte beside every ASCII character: text all the same (data files are read in it; records say how to save them as UTF-8).
    if (zip || (file.bytes.includes(0) && !looksUtf16(file.bytes))) {
      throw unsupported(file, '文件扩展名为 .csv，但内容不是文本（可能是改了扩展名的 Excel 或其他文件）：请上传 CSV（UTF-8）或 .xlsx 填报表', 'the file is named .csv but is not text (an Excel or other file renamed?): upload a CSV (UTF-8) or the .xlsx template');
    }
    return 'csv';
  }
  throw unsupported(file, `不支持的文件类型「${ext || '无扩展名'}」：请上传 .csv（UTF-8）或 .xlsx 填报表`, `unsupported file type "${ext || 'no extension'}": upload a .csv (UTF-8) or the .xlsx template`);
}

/** The file's text, or a KaoheError naming it when it isn't UTF-8 (and what it seems to be). */
export function utf8(file: UploadedFile): string {
  return utf8Text(file.bytes, file.fileName);
}

export interface ParseContext {
  plan: ScoringPlan;
  /** Roster entities (id → name), or null when the roster doesn't list this kind. */
  roster: Map<string, string> | null;
  /** The round's current data (records refer to its entities). */
  current: Frame;
  /** The caps of a data file (io's defaults when not given); rows are capped at the roster's size plus a margin. */
  caps?: Partial<InputCaps>;
  /** The round's unit conversions for a column whose header names another unit. */
  conversions?: readonly UnitConversion[];
}

export async function parseUpload(file: UploadedFile, part: UploadPart, ctx: ParseContext): Promise<Parsed> {
  const format = uploadFormat(file);
  const given = inputCaps(ctx.caps);
  const caps: InputCaps = { ...given, maxRows: ctx.roster ? Math.min(given.maxRows, ctx.roster.size + ROSTER_ROW_MARGIN) : given.maxRows };
  const roster = ctx.roster ? new Set(ctx.roster.keys()) : undefined;
  if (format === 'xlsx') {
    if (part === 'records') throw unsupported(file, '记录请以 CSV（UTF-8）上传', 'records are uploaded as CSV (UTF-8)');
    // The workbook reader checks the zip first, parses in a worker with limits, and names every bad cell.
    const { frame, emptyRows, converted } = await readWorkbookUpload(file.bytes, ctx.plan, {
      fileName: file.fileName, roster: roster ? [...roster] : undefined, blankRows: true, sheet: { maxRows: caps.maxRows, maxColumns: caps.maxCells }, caps, conversions: ctx.conversions,
    });
    if (ctx.roster) fillNames(frame, ctx.roster);
    return { part, format, frame, emptyRows, converted: converted ?? [] };
  }
  // Parsed in a worker thread: the main thread never parses an upload.
  if (part === 'records') return { part, format, records: await readRecordsUpload(file.bytes, ctx.plan, ctx.current, file.fileName) };
  const { frame, emptyRows, converted } = await readCsvDataUpload(file.bytes, ctx.plan, file.fileName, { blankRows: true, roster, caps, conversions: ctx.conversions });
  if (ctx.roster) fillNames(frame, ctx.roster);
  return { part, format, frame, emptyRows, converted: converted ?? [] };
}

/** Empty names are taken from the roster. */
function fillNames(frame: Frame, roster: Map<string, string>): void {
  const names = frame.names ?? new Array<string | null>(frame.n).fill(null);
  frame.ids.forEach((id, r) => { if (!names[r]) names[r] = roster.get(id) ?? null; });
  frame.names = names;
}
