/**
 * Importing a round's workbook: `readWorkbookFile(path, plan)` for the command line and
 * `readWorkbookBuffer(bytes, plan)` for the service. The file is first checked from its zip
 * directory (zip-guard.ts); then it is parsed (parse-workbook.ts) in a worker thread with a
 * heap limit and a time limit (parse-thread.ts), so that a hostile or broken workbook fails with
 * a clear error instead of taking the process down. Nothing is written to disk.
 */
import type { UnitConversion } from '../units.js';
import type { Frame, ScoringPlan } from '../../engine/index.js';
import { DEFAULT_SHEET_LIMITS, type SheetLimits, type WorkbookData } from './parse-workbook.js';
import type { WorkerInput } from './workbook-worker.js';
import type { InputCaps } from '../input-caps.js';
import { checkXlsxBuffer, checkXlsxFile, type ZipLimits } from './zip-guard.js';
import { parseInThread } from '../parse-thread.js';

export interface WorkbookReadOptions {
  /** Caps checked from the zip directory before parsing (size, entries, ratios, sheets). */
  zip?: Partial<ZipLimits>;
  /** Caps on the data sheet's rows and columns. */
  sheet?: Partial<SheetLimits>;
  /** Heap of the parsing thread, MB (default 1024). */
  maxMemoryMb?: number;
  /** Longest a parse may take, ms (default 5 minutes). */
  timeoutMs?: number;
  /** How problems name the file (default: the path, or `workbook.xlsx` for bytes). */
  fileName?: string;
  /** The round's entity ids: a row whose id is not among them is an error. */
  roster?: readonly string[];
  /** Rows without any input value skip their required checks: one city's copy of a roster template. */
  blankRows?: boolean;
  /** The longest id and other cell (input-caps.ts; rows and columns: `sheet`). */
  caps?: Partial<Pick<InputCaps, 'maxIdChars' | 'maxCellChars'>>;
  /** The round's unit conversions (units.ts). */
  conversions?: readonly UnitConversion[];
}

export const DEFAULT_WORKBOOK_MEMORY_MB = 1024;
export const DEFAULT_WORKBOOK_TIMEOUT_MS = 5 * 60_000;

export async function readWorkbookFile(path: string, plan: ScoringPlan, options: WorkbookReadOptions = {}): Promise<Frame> {
  const where = options.fileName ?? path;
  await checkXlsxFile(path, options.zip, where);
  return (await parseInWorker({ path }, plan, options, where)).frame;
}

export async function readWorkbookBuffer(bytes: Uint8Array, plan: ScoringPlan, options: WorkbookReadOptions = {}): Promise<Frame> {
  return (await readWorkbookUpload(bytes, plan, options)).frame;
}

/** An uploaded workbook's frame, and how many rows of empty cells were skipped. */
export async function readWorkbookUpload(bytes: Uint8Array, plan: ScoringPlan, options: WorkbookReadOptions = {}): Promise<WorkbookData> {
  const where = options.fileName ?? 'workbook.xlsx';
  await checkXlsxBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), options.zip, where);
  return parseInWorker({ bytes }, plan, options, where);
}

/** The compiled worker. From source (tests) the built copy in dist/ is used: `npm test` builds first. */
function workerFile(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/io/xlsx/workbook-worker.js', here) : new URL('./workbook-worker.js', here);
}

function parseInWorker(input: WorkerInput['input'], plan: ScoringPlan, options: WorkbookReadOptions, where: string): Promise<WorkbookData> {
  const data: WorkerInput = {
    input, plan, fileName: where, limits: { ...DEFAULT_SHEET_LIMITS, ...options.sheet }, zip: options.zip ?? {}, roster: options.roster ? [...options.roster] : null, blankRows: options.blankRows ?? false,
    caps: { maxIdChars: options.caps?.maxIdChars, maxCellChars: options.caps?.maxCellChars }, conversions: [...(options.conversions ?? [])],
  };
  return parseInThread<WorkbookData>(workerFile(), data, {
    memoryMb: options.maxMemoryMb ?? DEFAULT_WORKBOOK_MEMORY_MB,
    timeoutMs: options.timeoutMs ?? DEFAULT_WORKBOOK_TIMEOUT_MS,
    where,
    what: { zh: '工作簿', en: 'the workbook' },
    advice: { zh: '请拆分工作簿，或改用 CSV', en: 'split it, or use CSV' },
  });
}
