/**
 * The worker thread that parses a workbook (see read-workbook.ts): the parse runs here, under
 * the thread's resource limits, so a workbook that blows up takes this thread down, not the
 * process. It posts back either the Frame (its columns transferred, not copied) and the count of
 * rows of empty cells skipped, or the problems.
 */
import type { UnitConversion } from '../units.js';
import { parentPort, workerData } from 'node:worker_threads';
import type { ScoringPlan } from '../../engine/index.js';
import { parseWorkbook, type SheetLimits } from './parse-workbook.js';
import type { InputCaps } from '../input-caps.js';
import type { ZipLimits } from './zip-guard.js';
import { failureReply } from '../parse-thread.js';

export interface WorkerInput {
  input: { path: string } | { bytes: Uint8Array };
  plan: ScoringPlan;
  limits: SheetLimits;
  fileName: string;
  zip: Partial<ZipLimits>;
  roster: string[] | null;
  blankRows: boolean;
  caps: Partial<Pick<InputCaps, 'maxIdChars' | 'maxCellChars'>>;
  conversions: UnitConversion[];
}

const { input, plan, limits, zip, fileName, roster, blankRows, caps, conversions } = workerData as WorkerInput;
try {
  const value = await parseWorkbook('path' in input ? input.path : input.bytes, plan, { limits, zip, fileName, roster: roster ? new Set(roster) : undefined, blankRows, caps, conversions });
  parentPort!.postMessage({ ok: true, value }, [...value.frame.columns.values()].map((c) => c.buffer as ArrayBuffer));
} catch (e) {
  parentPort!.postMessage(failureReply(e));
}
