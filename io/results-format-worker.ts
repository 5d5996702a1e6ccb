/**
 * The pool's task (engine/pool.ts) that formats one chunk of results as CSV or JSON bytes; the
 * bytes come back transferred, not copied. A worker keeps one CSV buffer for all its chunks.
 */
import { move } from 'piscina';
import { chunkBytesGuess, ChunkBuffer, writeCsvChunk } from './csv-output.js';
import { jsonChunkText } from './json-output.js';
import type { ResultsChunk, ResultsLabels } from './results-chunk.js';

export interface FormatTask {
  format: 'csv' | 'json';
  chunk: ResultsChunk;
  labels: ResultsLabels;
}

let scratch: ChunkBuffer | null = null;

export default function formatChunkTask({ format, chunk, labels }: FormatTask): Uint8Array {
  let bytes: Uint8Array;
  if (format === 'csv') {
    scratch ??= new ChunkBuffer(chunkBytesGuess(chunk.ids.length, 4 + chunk.nodeScores.length + chunk.groupRanks.length));
    scratch.reset();
    writeCsvChunk(chunk, labels, scratch);
    bytes = new Uint8Array(scratch.take());
  } else {
    const text = jsonChunkText(chunk, labels);
    bytes = new Uint8Array(Buffer.byteLength(text, 'utf8'));
    Buffer.from(bytes.buffer).write(text, 'utf8');
  }
  return move(bytes) as unknown as Uint8Array;
}
