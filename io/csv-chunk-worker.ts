/**
 * The pool's task (engine/pool.ts) that reads one slice of a data CSV's body: the file's bytes
 * are shared, the slice's columns and cell positions come back transferred, not copied.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { readChunk, type CellLayout, type ChunkCells } from './csv-bytes.js';

export interface ChunkTask {
  bytes: SharedArrayBuffer;
  start: number;
  end: number;
  layout: CellLayout;
}

export default function readChunkTask(task: ChunkTask): ChunkCells | null {
  const cells = readChunk(Buffer.from(task.bytes), task.start, task.end, task.layout);
  if (cells === null) return null;
  const { line, blank, filled, id, name, columns, rest } = cells;
  return move({
    get [transferableSymbol]() {
      return [line, blank, filled, id, name, rest, ...columns].map((a) => a.buffer);
    },
    get [valueSymbol]() {
      return cells;
    },
  }) as unknown as ChunkCells;
}
