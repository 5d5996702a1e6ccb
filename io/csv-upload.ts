/**
 * An uploaded CSV parsed off the calling thread (upload-worker.ts, under the limits of
 * parse-thread.ts): the service's main thread hands the bytes over and goes on answering
 * requests while the file is read. The same checks and messages as reading it here.
 */
import type { Frame, RecordTable, ScoringPlan } from '../engine/index.js';
import type { CsvData, CsvReadOptions } from './csv-input.js';
import { parseInThread } from './parse-thread.js';
import type { UploadWorkerInput } from './upload-worker.js';

/** Heap (MB) and time (ms) one upload's parse may take. */
export const UPLOAD_PARSE_MEMORY_MB = 1024;
export const UPLOAD_PARSE_TIMEOUT_MS = 5 * 60_000;

/** The compiled worker. From source (tests) the built copy in dist/ is used: `npm test` builds first. */
function workerFile(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../dist/io/upload-worker.js', here) : new URL('./upload-worker.js', here);
}

function parse<T>(data: UploadWorkerInput): Promise<T> {
  return parseInThread<T>(workerFile(), data, {
    memoryMb: UPLOAD_PARSE_MEMORY_MB,
    timeoutMs: UPLOAD_PARSE_TIMEOUT_MS,
    where: data.fileName,
    what: { zh: ' CSV 文件', en: 'the CSV file' },
    advice: { zh: '请拆分文件', en: 'split it' },
  });
}

/** A round's data file (UTF-8 checked first), with the rows of empty cells skipped. */
export function readCsvDataUpload(bytes: Uint8Array, plan: ScoringPlan, fileName: string, options: CsvReadOptions = {}): Promise<CsvData> {
  return parse<CsvData>({
    kind: 'data', bytes, plan, fileName, blankRows: options.blankRows ?? false, roster: options.roster ? [...options.roster] : null, caps: options.caps ?? {}, conversions: [...(options.conversions ?? [])],
  });
}

/** A round's records file (a CSV, or a workbook whose first sheet holds the same columns), matched to the entities of its current data. */
export function readRecordsUpload(bytes: Uint8Array, plan: ScoringPlan, current: Frame, fileName: string, format: 'csv' | 'xlsx' = 'csv'): Promise<RecordTable> {
  return parse<RecordTable>({ kind: 'records', bytes, plan, fileName, current, format });
}
