/**
 * The results CSV or JSON formatted on the pool's workers (engine/pool.ts), a chunk per task,
 * and yielded here in chunk order: the same bytes as formatting on this thread
 * (csv-output.ts, json-output.ts), which is what one thread and small rounds do. This thread
 * only hands out chunks and passes the bytes on (to the file, the hash), so writing scales with
 * the threads and never holds more than a few chunks.
 */
import { availableParallelism } from 'node:os';
import { getPool, type Results } from '../engine/index.js';
import { KaoheError } from '../indicators/index.js';
import { builtWorker } from './built-worker.js';
import { csvChunkExtras, OUTPUT_CHUNK_ROWS, resultsCsvChunks, resultsCsvHeader, type OutputProgress } from './csv-output.js';
import { jsonListDates, resultsJsonChunks, resultsJsonHead, RESULTS_JSON_END } from './json-output.js';
import { resultsChunk, resultsLabels, type ResultsChunk } from './results-chunk.js';
import type { FormatTask } from './results-format-worker.js';
import type { Provenance } from './results-provenance.js';

/** Below this many entities the output is formatted on this thread: the tasks' messages would cost more than they save. */
export const PARALLEL_FORMAT_FROM = 2 * OUTPUT_CHUNK_ROWS;

export interface FormatOptions {
  /** Worker threads; 1 formats on this thread. Default: every core. */
  threads?: number;
  /** Entities per chunk (default OUTPUT_CHUNK_ROWS). */
  chunkRows?: number;
  /** Format on the pool from this many entities (default PARALLEL_FORMAT_FROM). */
  parallelFrom?: number;
  onProgress?: OutputProgress;
}

/** The entities' chunks, formatted on the pool, in order; a few tasks per thread in flight. */
async function* pooled(results: Results, format: 'csv' | 'json', threads: number, chunkRows: number, onProgress?: OutputProgress): AsyncGenerator<Buffer> {
  const { n } = results.frame;
  const pool = getPool({ threads });
  const labels = resultsLabels(results);
  const extras = format === 'json' ? { names: true, dates: jsonListDates(results) } : csvChunkExtras(results);
  const filename = builtWorker('results-format-worker');
  const start = (from: number): Promise<Uint8Array> => {
    const chunk: ResultsChunk = resultsChunk(results, from, Math.min(n, from + chunkRows), extras);
    const task: FormatTask = { format, chunk, labels };
    const done = pool.run(task, { filename }) as Promise<Uint8Array>;
    // Its failure is reported where it is awaited, in order; until then it is not unhandled.
    done.catch(() => undefined);
    return done;
  };
  const inFlight: Promise<Uint8Array>[] = [];
  let next = 0;
  try {
    for (let from = 0; from < n; from += chunkRows) {
      while (inFlight.length < 2 * threads && next < n) {
        inFlight.push(start(next));
        next += chunkRows;
      }
      const bytes = await inFlight.shift()!.catch((e: unknown) => {
        throw formatFailed(e, from, Math.min(n, from + chunkRows));
      });
      yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      onProgress?.(Math.min(n, from + chunkRows), n);
    }
  } finally {
    // Every task started is awaited, whatever happened: none is left running after the caller gave up.
    await Promise.allSettled(inFlight);
  }
}

/** A chunk that failed in a worker (it threw, or ran out of memory): the output is not written. */
function formatFailed(e: unknown, from: number, to: number): KaoheError {
  const cause = e as Error & { code?: string };
  return new KaoheError([{
    where: `entities ${from}–${to - 1}`,
    zh: `结果在工作线程中格式化失败：${cause.code === 'ERR_WORKER_OUT_OF_MEMORY' ? '工作线程内存不足 / the worker ran out of memory' : cause.message}；结果文件没有写出`,
    en: `formatting the results failed in a worker: ${cause.code ? `${cause.code}: ` : ''}${cause.message}; no results file was written`,
  }]);
}

const useThreads = (results: Results, options: FormatOptions): number => {
  const threads = options.threads ?? availableParallelism();
  return threads > 1 && results.frame.n >= (options.parallelFrom ?? PARALLEL_FORMAT_FROM) ? threads : 1;
};

/** The results CSV as UTF-8 pieces: the header, then the entities a chunk at a time. */
export async function* resultsCsvPieces(results: Results, options: FormatOptions = {}): AsyncGenerator<Buffer> {
  const threads = useThreads(results, options);
  const chunkRows = options.chunkRows ?? OUTPUT_CHUNK_ROWS;
  if (threads === 1) {
    yield* resultsCsvChunks(results, options.onProgress, chunkRows);
    return;
  }
  yield Buffer.from(resultsCsvHeader(results), 'utf8');
  yield* pooled(results, 'csv', threads, chunkRows, options.onProgress);
}

/** The results JSON as UTF-8 pieces: the head, the entities a chunk at a time, the end. */
export async function* resultsJsonPieces(results: Results, provenance: Provenance, options: FormatOptions = {}): AsyncGenerator<Buffer> {
  const threads = useThreads(results, options);
  const chunkRows = options.chunkRows ?? OUTPUT_CHUNK_ROWS;
  if (threads === 1 || results.frame.n === 0) {
    yield* resultsJsonChunks(results, provenance, options.onProgress, chunkRows);
    return;
  }
  yield Buffer.from(resultsJsonHead(results, provenance).open, 'utf8');
  yield* pooled(results, 'json', threads, chunkRows, options.onProgress);
  yield Buffer.from(RESULTS_JSON_END, 'utf8');
}
