/**
 * A large data CSV read on the pool's threads (engine/pool.ts): the body is cut at line breaks
 * into slices, each read by a worker (csv-bytes.ts readChunk: the plain cells into columns of
 * its own), and the slices merged here in file order (mergeChunk: ids, names and every other
 * cell read as on one thread, while the later slices are still being read). The frame and
 * every message are those of the single-thread read; a slice the byte reader does not take
 * sends the whole file to the general path, as on one thread.
 */
import { getPool } from '../engine/index.js';
import { builtWorker } from './built-worker.js';
import { mergeChunk, readCsvHeader, type ChunkCells, type ReadProgress } from './csv-bytes.js';
import type { CsvFrameReader } from './csv-input.js';
import type { ChunkTask } from './csv-chunk-worker.js';

/** Below this a file is read on the calling thread: the workers' start-up would cost more than it saves. */
export const PARALLEL_READ_FROM_BYTES = 16 * 1024 * 1024;
/** Slices per thread: the merge of one overlaps the reading of the next. */
const SLICES_PER_THREAD = 4;

/** As readCsvBytes, on `threads` workers; `bytes` must be backed by a SharedArrayBuffer. */
export async function readCsvParallel(bytes: Buffer, reader: CsvFrameReader, threads: number, onProgress?: ReadProgress): Promise<boolean> {
  if (bytes.byteOffset !== 0) throw new Error('readCsvParallel: bytes must start their SharedArrayBuffer');
  const head = readCsvHeader(bytes, reader);
  if (head === null) return false;
  const n = bytes.length;
  const cuts = [head.bodyStart];
  const slices = threads * SLICES_PER_THREAD;
  for (let k = 1; k < slices; k++) {
    const at = bytes.indexOf(0x0a, Math.max(cuts.at(-1)!, head.bodyStart + Math.floor(((n - head.bodyStart) * k) / slices)));
    if (at < 0) break;
    if (at + 1 > cuts.at(-1)!) cuts.push(at + 1);
  }
  cuts.push(n);
  const pool = getPool({ threads });
  const shared = bytes.buffer as SharedArrayBuffer;
  const read = (k: number): Promise<ChunkCells | null> => {
    const task: ChunkTask = { bytes: shared, start: cuts[k], end: cuts[k + 1], layout: head.layout };
    const done = pool.run(task, { filename: builtWorker('csv-chunk-worker') }) as Promise<ChunkCells | null>;
    // Its failure is reported where it is awaited, in order; until then it is not unhandled.
    done.catch(() => undefined);
    return done;
  };
  // A window of slices in flight, one more than the threads: the workers stay busy while the
  // slices read but not yet merged (their columns) stay few.
  const count = cuts.length - 1;
  const inFlight: Promise<ChunkCells | null>[] = [];
  let next = 0;
  const fill = (): void => {
    while (next < count && inFlight.length < threads + 1) inFlight.push(read(next++));
  };
  fill();
  try {
    let line = head.line;
    for (let k = 0; k < count; k++) {
      const cells = await inFlight.shift()!;
      if (cells === null) return false;
      fill();
      mergeChunk(bytes, cells, reader, line);
      line += cells.lineBreaks;
      onProgress?.(reader.rows, cuts[k + 1]);
    }
    return true;
  } finally {
    // Every task started is awaited, whatever happened: none is left running against a frame that is thrown away.
    await Promise.allSettled(inFlight);
  }
}
