/**
 * One golden case: its files on disk, its `case.json`, and how it is scored. The generator and
 * the test score a case the same way, so a golden value means what the engine produced:
 *
 * - `resultsCsv`: the results CSV that `kaohe score` writes (io/csv-output.ts), entities in the
 *   data file's order; `resultsCsvSha256` is the SHA-256 of its UTF-8 bytes.
 * - `resultsHash`: what a stored run of this data records as `runs.results_hash`: the SHA-256 of
 *   the store's results encoding (store/results-codec.ts), computed on the snapshot the store
 *   would keep (store/snapshot-codec.ts: entities in code-point order of their ids), as of
 *   `asOf`. `snapshotHash` is that snapshot's hash, `planHash` the plan's.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { compile, evaluate, evaluateParallel, parseDay, type CompiledPlan, type Frame, type Results } from '../../engine/index.js';
import { loadSchemeText } from '../../indicators/index.js';
import { readCsvText, readRecordsCsv, resultsCsv, synthCsv } from '../../io/index.js';
import { canonicalFrame, decodeSnapshot, encodeResults, encodeSnapshot } from '../../store/index.js';

export const GOLDEN = new URL('./', import.meta.url).pathname;

export interface CaseFile {
  id: string;
  description: string;
  /** The semantics level the plan was compiled at. */
  semantics: number;
  /** The software version that wrote the case. */
  engine: string;
  scheme: string;
  /** The data file, or null when the data are regenerated from `synth`. */
  data: string | null;
  synth: { n: number; seed: number } | null;
  records: string | null;
  /** The evaluation date (a stored run's as-of). */
  asOf: string;
  /** Thread counts the case is scored with on the worker pool besides inline (empty: inline only). */
  threads: number[];
  entities: number;
  dataSha256: string;
  recordsSha256: string | null;
  planHash: string;
  snapshotHash: string;
  resultsHash: string;
  resultsCsvSha256: string;
  /** `results.csv` (the whole file) or `results.csv.gz` (the whole file, gzip), or null: `resultsHead` only. */
  results: string | null;
  /** The first lines of the results CSV, kept when the whole file is not. */
  resultsHead: string[] | null;
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

export interface CaseInputs {
  compiled: CompiledPlan;
  data: string;
  records: string | null;
  asOf: number;
}

/** Read a case's scheme (compiled at the case's level), data (made again from the seed for a synth case) and records. */
export function caseInputs(dir: string, c: Pick<CaseFile, 'semantics' | 'scheme' | 'data' | 'synth' | 'records' | 'asOf'>): CaseInputs {
  const compiled = compile(loadSchemeText(readText(dir, c.scheme)), { semantics: c.semantics });
  let data: string;
  if (c.data !== null) data = readText(dir, c.data);
  else if (c.synth !== null) data = synthCsv(compiled.plan, c.synth.n, c.synth.seed);
  else throw new Error(`${dir}: a case needs data or synth`);
  return { compiled, data, records: c.records === null ? null : readText(dir, c.records), asOf: parseDay(c.asOf) };
}

function frameOf(inputs: CaseInputs): Frame {
  const frame = readCsvText(inputs.data, inputs.compiled.plan, 'data.csv');
  if (inputs.records !== null) frame.records = readRecordsCsv(inputs.records, inputs.compiled.plan, frame, 'records.csv');
  return frame;
}

export interface Scored {
  planHash: string;
  snapshotHash: string;
  resultsHash: string;
  resultsCsv: string;
}

/** Score a case inline (threads undefined) or with evaluateParallel on that many threads. */
export async function scoreCase(inputs: CaseInputs, threads?: number): Promise<Scored> {
  const { compiled, asOf } = inputs;
  const run = (frame: Frame): Promise<Results> | Results => (threads === undefined ? evaluate(compiled, frame, { asOf }) : evaluateParallel(compiled, frame, { threads, asOf }));
  const frame = frameOf(inputs);
  const snapshot = encodeSnapshot(canonicalFrame(frame, compiled.plan));
  const stored = await run(decodeSnapshot(snapshot.data));
  const inFileOrder = await run(frame);
  return { planHash: compiled.hash, snapshotHash: snapshot.hash, resultsHash: encodeResults(stored).hash, resultsCsv: resultsCsv(inFileOrder) };
}

/** A case file's text (files above a size are stored gzipped, named `….gz`). */
export function readText(dir: string, name: string): string {
  const bytes = readFileSync(join(dir, name));
  return (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}
