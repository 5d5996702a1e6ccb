/** Reading a round's data file, by extension: .csv or .xlsx; a file with nothing filled in is refused. */
import { extname } from 'node:path';
import { KaoheError } from '../indicators/index.js';
import type { Frame, ScoringPlan } from '../engine/index.js';
import { availableParallelism } from 'node:os';
import { readCsvFileThreads } from './csv-input.js';
import { PARALLEL_READ_FROM_BYTES } from './csv-parallel.js';
import type { ReadProgress } from './csv-bytes.js';
import { refuseUnfilled } from './no-data.js';
import { readFileCapped } from './read-text-file.js';
import { dataCsvUtf8 } from './text-encoding.js';
import { readWorkbookFile, type WorkbookReadOptions } from './xlsx/read-workbook.js';

/**
 * Largest data file read (its bytes are held whole, outside the JS heap, while its cells go
 * into the columns): larger files are refused with a clear error. Room for `kaohe synth`'s
 * largest round (MAX_SYNTH_ROWS) of a scheme like the credit rating's 28 inputs (~0.7 GB).
 */
export const MAX_CSV_BYTES = 1024 * 1024 * 1024;

export interface DataReadOptions extends WorkbookReadOptions {
  /** A CSV's read: told now and then how many data rows and bytes are done. */
  onProgress?: ReadProgress;
  /** Pool threads a large CSV is read on (default: every core; 1 = this thread only). */
  threads?: number;
}

export async function readDataFile(path: string, plan: ScoringPlan, options: DataReadOptions = {}): Promise<Frame> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return refuseUnfilled(await readWorkbookFile(path, plan, options), plan, path);
  if (ext !== '.csv') {
    throw new KaoheError([{
      where: path,
      zh: ext === '.xls' ? '不支持旧版 .xls 工作簿：请在 Excel 或 WPS 中“另存为” .xlsx 后再导入' : `不支持的数据文件类型「${ext || '无扩展名'}」，请使用 .csv 或 .xlsx`,
      en: ext === '.xls' ? 'old .xls workbooks are not read: save it as .xlsx in Excel or WPS and import that' : `unsupported data file type "${ext || 'no extension'}": use .csv or .xlsx`,
    }]);
  }
  const kind = { zh: '数据文件', en: 'data file' };
  const threads = options.threads ?? availableParallelism();
  const bytes = await readFileCapped(path, kind, MAX_CSV_BYTES, threads > 1 ? PARALLEL_READ_FROM_BYTES : Infinity);
  const frame = await readCsvFileThreads(dataCsvUtf8(bytes, path, kind), plan, path, { onProgress: options.onProgress, threads });
  return refuseUnfilled(frame, plan, path);
}
