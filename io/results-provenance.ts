/**
 * What made a results file, carried by every one (JSON top-level fields, the workbook's 运行信息
 * sheet, a CSV's sibling OUT.csv.meta.json): engine version, semantics level, plan hash, snapshot hash and run
 * (for a stored run), as-of date, the results file hash and, for a stored run, its results hash
 * in the store and the audit chain head when the file was made.
 *
 * Two results hashes, on purpose:
 * - `resultsCsvHash`: SHA-256 of the canonical results CSV bytes (csv-output.ts), the same for
 *   the CSV, JSON and workbook of the same results, and what `kaohe hash FILE` recomputes from a
 *   file's contents alone.
 * - `runResultsHash`: the stored run's results_hash, SHA-256 of the store's binary encoding
 *   (store/results-codec.ts: ids, names, plan hash, engine, as-of and every column as float64),
 *   which a rerun and GET /api/audit/verify check. A file can't be turned back into those bytes
 *   (it has no names, for one), so it carries that hash as stated, next to the one it proves.
 */
import { createHash } from 'node:crypto';
import { ENGINE_VERSION, formatDay, planSemantics, type Results } from '../engine/index.js';
import { sha256Hex } from '../indicators/index.js';
import { resultsCsvChunks, type OutputProgress } from './csv-output.js';

/** What the caller knows beyond the results: set for a stored run, null for `kaohe score`. */
export interface RunContext {
  runId: number;
  /** The engine version that scored the run. */
  engineVersion: string;
  snapshotHash: string;
  runResultsHash: string;
  /** The audit chain head when the file was made. */
  auditHead: { count: number; hash: string };
}

export interface Provenance {
  /** The software version that scored the results: the stored run's, else this one (information: it is in no hash). */
  engine: string;
  /** The plan's semantics level: any engine that knows it reproduces the results bit for bit. */
  semantics: number;
  planHash: string;
  snapshotHash: string | null;
  asOf: string | null;
  resultsCsvHash: string;
  runId: number | null;
  runResultsHash: string | null;
  auditHead: { count: number; hash: string } | null;
}

export const resultsCsvHash = (csv: string): string => sha256Hex(csv);

/** The same hash, over the CSV formatted piece by piece (the CSV is never one string). */
export function resultsCsvHashOf(results: Results, onProgress?: OutputProgress): string {
  const hash = createHash('sha256');
  for (const chunk of resultsCsvChunks(results, onProgress)) hash.update(chunk);
  return hash.digest('hex');
}

/** The same, giving the event loop a turn after every piece (for the service). */
export async function resultsCsvHashInTurns(results: Results): Promise<string> {
  const hash = createHash('sha256');
  for (const chunk of resultsCsvChunks(results)) {
    hash.update(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return hash.digest('hex');
}

/** `csvHash`: the results CSV's hash, when the caller has it already. */
export function provenanceOf(results: Results, run: RunContext | null, csvHash: string = resultsCsvHashOf(results)): Provenance {
  return {
    engine: run?.engineVersion ?? ENGINE_VERSION,
    semantics: planSemantics(results.plan),
    planHash: results.planHash,
    snapshotHash: run?.snapshotHash ?? null,
    asOf: results.asOf === null ? null : formatDay(results.asOf),
    resultsCsvHash: csvHash,
    runId: run?.runId ?? null,
    runResultsHash: run?.runResultsHash ?? null,
    auditHead: run?.auditHead ?? null,
  };
}

/** The workbook's 运行信息 rows for it, labelled zh and en; the key of the file hash row is what `kaohe hash` reads. */
export const CSV_HASH_LABEL = '结果文件哈希（CSV）Results CSV hash';

export function provenanceFacts(p: Provenance): [string, string | number][] {
  const known = (v: string | number | null): string | number => v ?? '—';
  return [
    ['评价基准日 As of', known(p.asOf)],
    ['数据快照哈希 Snapshot hash', known(p.snapshotHash)],
    ['评分运行 Run', known(p.runId)],
    ['运行结果哈希（存储）Run results hash (store)', known(p.runResultsHash)],
    [CSV_HASH_LABEL, p.resultsCsvHash],
    ['审计日志链头 Audit chain head', p.auditHead ? `${p.auditHead.count}:${p.auditHead.hash}` : '—'],
  ];
}

/** A results CSV's sibling OUT.csv.meta.json (the CSV itself keeps its header on line 1): the scheme and the provenance. */
export function provenanceMetaJson(results: Results, p: Provenance): string {
  return `${JSON.stringify({ scheme: { id: results.plan.scheme.id, version: results.plan.scheme.version }, ...p }, null, 1)}\n`;
}
