/** CSV text → rows with their line numbers, or one clear error naming the line (every CSV reader uses this). */
import { parse } from 'csv-parse/sync';
import { KaoheError } from '../indicators/index.js';

export interface CsvRow {
  record: string[];
  info: { lines: number };
}

/** `ragged`: rows may have fewer or more cells than the header (the caller checks them). */
export function parseCsvRows(text: string, fileName: string, options: { ragged?: boolean } = {}): CsvRow[] {
  try {
    return parse(text, { bom: true, info: true, relax_column_count: options.ragged ?? false, skip_empty_lines: true }) as unknown as CsvRow[];
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new KaoheError([{
      where: `${fileName}${err.lines ? `:${err.lines}` : ''}`,
      zh: `CSV 格式错误：${err.message}（请检查引号和每行的列数）`,
      en: `malformed CSV: ${err.message} (check quotes and the number of columns in each row)`,
    }]);
  }
}
