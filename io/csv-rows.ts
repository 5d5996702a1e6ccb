/**
 * CSV text → rows with their line numbers, or one clear error naming the line (every CSV reader
 * uses this). `eachCsvRecord` hands the rows over one by one as they are parsed, keeping none:
 * a data file's reader holds only what it builds from them; `eachCsvRecordChunked` does the same
 * a slice of the bytes at a time, letting the event loop run between slices (the service).
 */
import { parse as parseStream } from 'csv-parse';
import { parse, type Options } from 'csv-parse/sync';
import { KaoheError } from '../indicators/index.js';

export interface CsvRow {
  record: string[];
  info: { lines: number };
}

/** `ragged`: rows may have fewer or more cells than the header (the caller checks them). */
export function parseCsvRows(text: string, fileName: string, options: { ragged?: boolean } = {}): CsvRow[] {
  try {
    return parse(text, csvOptions(options.ragged ?? false)) as unknown as CsvRow[];
  } catch (e) {
    throw csvError(e, fileName);
  }
}

/** Called with each record and the line it ends on; throwing (a KaoheError) stops the parse. */
export type RecordVisitor = (record: string[], line: number) => void;

export function eachCsvRecord(data: string | Buffer, fileName: string, visit: RecordVisitor): void {
  try {
    parse(data, visitorOptions(visit));
  } catch (e) {
    throw csvError(e, fileName);
  }
}

/** Bytes parsed per turn of the event loop: a millisecond or two of work. */
const CHUNK_BYTES = 64 * 1024;

export async function eachCsvRecordChunked(data: Buffer, fileName: string, visit: RecordVisitor): Promise<void> {
  const parser = parseStream(visitorOptions(visit));
  let failed: unknown = null;
  parser.on('error', (e) => { failed ??= e; });
  // Every record is consumed by the visitor; nothing is read from the stream.
  parser.resume();
  const done = new Promise<void>((resolve) => parser.once('close', resolve));
  for (let at = 0; at < data.length && failed === null; at += CHUNK_BYTES) {
    parser.write(data.subarray(at, at + CHUNK_BYTES));
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (failed === null) parser.end();
  else parser.destroy();
  await done;
  if (failed !== null) throw csvError(failed, fileName);
}

function csvOptions(ragged: boolean): Options {
  return { bom: true, info: true, relax_column_count: ragged, skip_empty_lines: true };
}

/** The record itself to the visitor (its line from the context), nothing kept by the parser. */
function visitorOptions(visit: RecordVisitor): Options {
  return {
    ...csvOptions(false),
    info: false,
    on_record: (record, context) => {
      visit(record as string[], context.lines);
      return null;
    },
  };
}

function csvError(e: unknown, fileName: string): KaoheError {
  if (e instanceof KaoheError) return e;
  const err = e as Error & { lines?: number };
  return new KaoheError([{
    where: `${fileName}${err.lines ? `:${err.lines}` : ''}`,
    zh: `CSV 格式错误：${err.message}（请检查引号和每行的列数）`,
    en: `malformed CSV: ${err.message} (check quotes and the number of columns in each row)`,
  }]);
}
