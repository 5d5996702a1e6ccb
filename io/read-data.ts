/** Reading a round's data file, by extension. */
import { extname } from 'node:path';
import { KaoheError } from '../indicators/index.js';
import type { Frame, ScoringPlan } from '../engine/index.js';
import { readCsvText } from './csv-input.js';
import { readTextFile } from './read-text-file.js';

/** Largest data file read (it is read into memory whole): larger files are refused with a clear error. */
export const MAX_CSV_BYTES = 512 * 1024 * 1024;

export async function readDataFile(path: string, plan: ScoringPlan): Promise<Frame> {
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv') {
    throw new KaoheError([{
      where: path,
      zh: ext === '.xlsx' ? 'Excel 数据导入尚未支持，请先另存为 CSV（UTF-8）' : `不支持的数据文件类型「${ext || '无扩展名'}」，请使用 .csv`,
      en: ext === '.xlsx' ? 'Excel data import is not supported yet: save the sheet as CSV (UTF-8) first' : `unsupported data file type "${ext || 'no extension'}": use .csv`,
    }]);
  }
  const text = await readTextFile(path, { zh: '数据文件', en: 'data file' }, MAX_CSV_BYTES);
  return readCsvText(text, plan, path);
}
