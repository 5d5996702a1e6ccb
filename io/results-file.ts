/**
 * A results file written as `kaohe score -o` writes it: CSV or JSON, formatted a chunk at a time
 * on the pool's workers (results-stream.ts) and streamed to the file in order, whole or not at
 * all. A CSV's results file hash is taken on the way; a JSON states it at its top, so its CSV is
 * formatted once for the hash first.
 */
import { createHash } from 'node:crypto';
import type { Results } from '../engine/index.js';
import { writeFileAtomic } from './atomic-write.js';
import type { OutputProgress } from './csv-output.js';
import { provenanceOf, type Provenance, type RunContext } from './results-provenance.js';
import { resultsCsvPieces, resultsJsonPieces, type FormatOptions } from './results-stream.js';

/** The CSV's pieces, hashed as they go by: `digest()` once all are taken. */
export function hashedCsvChunks(results: Results, options: FormatOptions = {}): { chunks: AsyncGenerator<Buffer>; digest: () => string } {
  const hash = createHash('sha256');
  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const c of resultsCsvPieces(results, options)) {
      hash.update(c);
      yield c;
    }
  }
  return { chunks: chunks(), digest: () => hash.digest('hex') };
}

/** Write the results CSV or JSON at `path`; the provenance it carries (a CSV's goes in its .meta.json). */
export async function writeResultsFile(results: Results, path: string, format: 'csv' | 'json', run: RunContext | null, onProgress?: OutputProgress, options: Omit<FormatOptions, 'onProgress'> = {}): Promise<Provenance> {
  if (format === 'json') {
    // Two passes over the entities (the hash, then the file): each counts as half of every entity.
    const n = results.frame.n;
    const hash = createHash('sha256');
    for await (const chunk of resultsCsvPieces(results, { ...options, onProgress: onProgress && ((done) => onProgress(Math.floor(done / 2), n)) })) hash.update(chunk);
    const provenance = provenanceOf(results, run, hash.digest('hex'));
    await writeFileAtomic(path, resultsJsonPieces(results, provenance, { ...options, onProgress: onProgress && ((done) => onProgress(Math.floor((n + done) / 2), n)) }));
    return provenance;
  }
  const csv = hashedCsvChunks(results, { ...options, onProgress });
  await writeFileAtomic(path, csv.chunks);
  return provenanceOf(results, run, csv.digest());
}
