/** Reading a round's data file, by extension. */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { KaoheError } from '../indicators/index.js';
import type { Frame, ScoringPlan } from '../engine/index.js';
import { readCsvText } from './csv-input.js';

/** Largest data file read into memory whole; bigger rounds are split or streamed. */
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
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new KaoheError([{ where: path, zh: code === 'ENOENT' ? '找不到数据文件' : `无法读取数据文件（${code}）`, en: code === 'ENOENT' ? 'data file not found' : `cannot read the data file (${code})` }]);
  }
  if (buf.length > MAX_CSV_BYTES) {
    throw new KaoheError([{ where: path, zh: `文件过大（${buf.length} 字节，上限 ${MAX_CSV_BYTES}）`, en: `file too large (${buf.length} bytes, limit ${MAX_CSV_BYTES})` }]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new KaoheError([{
      where: path,
      zh: '文件不是 UTF-8 编码（可能是 GBK）：请在 Excel/WPS 中另存为“CSV UTF-8”',
      en: 'the file is not UTF-8 (perhaps GBK): save it from Excel/WPS as "CSV UTF-8"',
    }]);
  }
  return readCsvText(text, plan, path);
}
