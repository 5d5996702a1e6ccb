/**
 * The worker thread that parses an uploaded CSV (see csv-upload.ts): a round's data file into a
 * Frame, or its records file into a RecordTable, so the service's main thread parses no upload.
 * It posts back the value (a frame's columns transferred, not copied) or the problems.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Frame, ScoringPlan } from '../engine/index.js';
import { readCsvUpload } from './csv-input.js';
import type { InputCaps } from './input-caps.js';
import type { UnitConversion } from './units.js';
import { failureReply } from './parse-thread.js';
import { readRecordsCsv } from './records-csv.js';
import { dataCsvUtf8, utf8Text } from './text-encoding.js';
import { recordsWorkbookCsv } from './xlsx/records-workbook.js';

export type UploadWorkerInput =
  | { kind: 'data'; bytes: Uint8Array; plan: ScoringPlan; fileName: string; blankRows: boolean; roster: string[] | null; caps: Partial<InputCaps>; conversions: UnitConversion[] }
  | { kind: 'records'; bytes: Uint8Array; plan: ScoringPlan; fileName: string; current: Frame; format?: 'csv' | 'xlsx' };

const input = workerData as UploadWorkerInput;
try {
  const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  if (input.kind === 'data') {
    const value = await readCsvUpload(dataCsvUtf8(bytes, input.fileName), input.plan, input.fileName, { blankRows: input.blankRows, roster: input.roster ? new Set(input.roster) : undefined, caps: input.caps, conversions: input.conversions });
    parentPort!.postMessage({ ok: true, value }, [...value.frame.columns.values()].map((c) => c.buffer as ArrayBuffer));
  } else {
    const text = input.format === 'xlsx' ? await recordsWorkbookCsv(bytes, input.fileName) : utf8Text(bytes, input.fileName);
    parentPort!.postMessage({ ok: true, value: readRecordsCsv(text, input.plan, input.current, input.fileName) });
  }
} catch (e) {
  parentPort!.postMessage(failureReply(e));
}
