/**
 * A results file written as `kaohe score -o` writes it: CSV or JSON, streamed to the file piece
 * by piece (csv-output.ts, json-output.ts), whole or not at all. A CSV's results file hash is
 * taken on the way; a JSON states it at its top, so its CSV is formatted once for the hash first.
 */
import { createHash } from 'node:crypto';
import type { Results } from '../engine/index.js';
import { writeFileAtomic } from './atomic-write.js';
import { resultsCsvChunks, type OutputProgress } from './csv-output.js';
import { resultsJsonChunks } from './json-output.js';
import { provenanceOf, resultsCsvHashOf, type Provenance, type RunContext } from './results-provenance.js';

/** The CSV's pieces, hashed as they go by: `digest()` once all are taken. */
export function hashedCsvChunks(results: Results, onProgress?: OutputProgress): { chunks: Generator<Buffer>; digest: () => string } {
  const hash = createHash('sha256');
  function* chunks(): Generator<Buffer> {
    for (const c of resultsCsvChunks(results, onProgress)) {
      hash.update(c);
      yield c;
    }
  }
  return { chunks: chunks(), digest: () => hash.digest('hex') };
}

/** Write the results CSV or JSON at `path`; the provenance it carries (a CSV's goes in its .meta.json). */
export async function writeResultsFile(results: Results, path: string, format: 'csv' | 'json', run: RunContext | null, onProgress?: OutputProgress): Promise<Provenance> {
  if (format === 'json') {
    // Two passes over the entities (the hash, then the file): each counts as half of every entity.
    const n = results.frame.n;
    const provenance = provenanceOf(results, run, resultsCsvHashOf(results, onProgress && ((done) => onProgress(Math.floor(done / 2), n))));
    await writeFileAtomic(path, resultsJsonChunks(results, provenance, onProgress && ((done) => onProgress(Math.floor((n + done) / 2), n))));
    return provenance;
  }
  const csv = hashedCsvChunks(results, onProgress);
  await writeFileAtomic(path, csv.chunks);
  return provenanceOf(results, run, csv.digest());
}
