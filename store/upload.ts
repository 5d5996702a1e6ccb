/**
 * An uploaded file → the round's data it carries, or every problem with it. The type is told by
 * the name and checked against the bytes (a spreadsheet is a zip; a CSV is UTF-8 text), so a
 * file of the wrong kind is refused as such before anything reads it. A filled template
 * (.xlsx) is read by io/'s workbook reader, a CSV by its CSV reader. Entity ids must be on the
 * round's roster; names left empty are taken from it. Rows without any input value are read
 * without their required checks: in one city's copy of the roster template they are the other
 * cities' rows (blank-rows.ts decides what they mean).
 */
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Frame, RecordTable, ScoringPlan } from '../engine/index.js';
import { KaoheError, type Problem } from '../indicators/index.js';
import { readCsvText, readRecordsCsv, readWorkbookBuffer } from '../io/index.js';
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
  | { part: 'data'; format: UploadFormat; frame: Frame }
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
    if (zip || file.bytes.includes(0)) {
      throw unsupported(file, '文件扩展名为 .csv，但内容不是文本（可能是改了扩展名的 Excel 或其他文件）：请上传 CSV（UTF-8）或 .xlsx 填报表', 'the file is named .csv but is not text (an Excel or other file renamed?): upload a CSV (UTF-8) or the .xlsx template');
    }
    return 'csv';
  }
  throw unsupported(file, `不支持的文件类型「${ext || '无扩展名'}」：请上传 .csv（UTF-8）或 .xlsx 填报表`, `unsupported file type "${ext || 'no extension'}": upload a .csv (UTF-8) or the .xlsx template`);
}

/** The file's text, or a KaoheError naming it when it isn't UTF-8. */
export function utf8(file: UploadedFile): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    throw new KaoheError([{
      where: file.fileName,
      zh: '文件不是 UTF-8 编码（可能是 GBK）：请在 Excel/WPS 中另存为「CSV UTF-8」',
      en: 'the file is not UTF-8 (perhaps GBK): save it as "CSV UTF-8" in Excel/WPS',
    }]);
  }
}

export interface ParseContext {
  plan: ScoringPlan;
  /** Roster entities (id → name), or null when the roster doesn't list this kind. */
  roster: Map<string, string> | null;
  /** The round's current data (records refer to its entities). */
  current: Frame;
}

export async function parseUpload(file: UploadedFile, part: UploadPart, ctx: ParseContext): Promise<Parsed> {
  const format = uploadFormat(file);
  if (format === 'xlsx') {
    if (part === 'records') throw unsupported(file, '记录请以 CSV（UTF-8）上传', 'records are uploaded as CSV (UTF-8)');
    // The workbook reader checks the zip first, parses in a worker with limits, and names every bad cell.
    const frame = await readWorkbookBuffer(file.bytes, ctx.plan, { fileName: file.fileName, roster: ctx.roster ? [...ctx.roster.keys()] : undefined, blankRows: true });
    if (ctx.roster) fillNames(frame, ctx.roster);
    return { part, format, frame };
  }
  const text = utf8(file);
  if (part === 'records') return { part, format, records: readRecordsCsv(text, ctx.plan, ctx.current, file.fileName) };
  let frame: Frame;
  try {
    frame = readCsvText(text, ctx.plan, file.fileName, { blankRows: true });
  } catch (e) {
    // Report ids off the roster together with the file's other problems, all at once.
    if (e instanceof KaoheError && ctx.roster) throw new KaoheError([...e.problems, ...rosterProblems(csvIds(text), ctx.roster, file.fileName)]);
    throw e;
  }
  if (ctx.roster) {
    const off = frame.ids.some((id) => !ctx.roster!.has(id));
    if (off) throw new KaoheError(rosterProblems(csvIds(text), ctx.roster, file.fileName));
    fillNames(frame, ctx.roster);
  }
  return { part, format, frame };
}

function rosterProblems(rows: { id: string; line: number }[], roster: Map<string, string>, fileName: string): Problem[] {
  return rows.filter((r) => r.id !== '' && !roster.has(r.id)).map((r) => ({
    where: `${fileName}:${r.line} id`,
    zh: `编码「${r.id}」不在本轮考核名单中（名单共 ${roster.size} 个对象，请核对编码）`,
    en: `"${r.id}" is not on this round's roster (${roster.size} entities listed): check the code`,
  }));
}

/** Empty names are taken from the roster. */
function fillNames(frame: Frame, roster: Map<string, string>): void {
  const names = frame.names ?? new Array<string | null>(frame.n).fill(null);
  frame.ids.forEach((id, r) => { if (!names[r]) names[r] = roster.get(id) ?? null; });
  frame.names = names;
}

/** Each data row's id and file line, read as the CSV reader reads them (only on an error path); none when the file can't be parsed. */
function csvIds(text: string): { id: string; line: number }[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof rows;
  } catch {
    return [];
  }
  const col = rows[0]?.record.map((h) => h.trim()).indexOf('id') ?? -1;
  if (col < 0) return [];
  return rows.slice(1).map((r) => ({ id: (r.record[col] ?? '').trim(), line: r.info.lines }));
}
