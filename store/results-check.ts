/**
 * Is a run's stored results row still what it was? Three independent witnesses must agree: the
 * run's recorded results hash, the SHA-256 of the row's bytes, and the hash the audit log wrote
 * when the run finished. A rerun adds a fourth: the bytes evaluated again. A row edited in place
 * (after dropping the immutability triggers) fails the byte hash; a row re-hashed and re-pointed
 * fails the audit record or the rerun. Where the stored row still decodes, a rerun names the
 * first entity (in stored order) and column that differ.
 */
import type { Results } from '../engine/index.js';
import { sha256Hex } from '../indicators/index.js';
import type { Db } from './db.js';
import { decodeResults, resultsParts } from './results-codec.js';
import { getRun, type Run } from './runs.js';
import { sql } from './statements.js';

export interface ResultsFinding {
  runId: number;
  /** `run:ID` or `run:ID entity "E" column C`. */
  where: string;
  entity?: string;
  column?: string;
  zh: string;
  en: string;
}

const finding = (run: Run, zh: string, en: string, at?: { entity: string; column: string }): ResultsFinding => ({
  runId: run.id,
  where: at ? `run:${run.id} entity "${at.entity}" column ${at.column}` : `run:${run.id}`,
  ...at,
  zh: `运行 ${run.id}：${zh}`,
  en: `run ${run.id}: ${en}`,
});

const storedRow = (db: Db, run: Run): Buffer | undefined =>
  run.resultsHash ? (sql(db, 'SELECT data FROM results WHERE hash = ?').get(run.resultsHash) as { data: Buffer } | undefined)?.data : undefined;

/** The results hash the audit log recorded when the run finished (null: no such entry). */
function auditedResultsHash(db: Db, runId: number): string | null {
  const r = sql(db, `SELECT json_extract(detail_json, '$.resultsHash') AS h FROM audit WHERE action = 'run.done' AND json_extract(detail_json, '$.runId') = ? ORDER BY seq LIMIT 1`)
    .get(runId) as { h: string | null } | undefined;
  return r?.h ?? null;
}

/** What is wrong with a done run's stored results, without evaluating it again (empty: nothing found). */
export function storedResultsFindings(db: Db, run: Run): ResultsFinding[] {
  return examine(db, run).findings;
}

/** The findings, with the stored row and its digest for a rerun to compare (read and hashed once). */
function examine(db: Db, run: Run): { findings: ResultsFinding[]; digest: string | null; data: Buffer | undefined } {
  const out: ResultsFinding[] = [];
  const audited = auditedResultsHash(db, run.id);
  if (audited !== null && audited !== run.resultsHash) {
    out.push(finding(run, `记录的结果哈希 ${run.resultsHash} 与审计日志在运行完成时记下的 ${audited} 不同（结果被替换）`,
      `its recorded results hash ${run.resultsHash} differs from ${audited}, which the audit log recorded when it finished (the results were replaced)`));
  }
  const data = storedRow(db, run);
  if (!data) {
    out.push(finding(run, `找不到结果哈希为 ${run.resultsHash} 的结果记录（被删除）`, `no stored results row has its hash ${run.resultsHash} (it was deleted)`));
    return { findings: out, digest: null, data };
  }
  const digest = sha256Hex(data);
  if (digest !== run.resultsHash) {
    let decodes = true;
    try { decodeResults(data); } catch { decodes = false; }
    out.push(finding(run,
      `存储的结果字节的 SHA-256 为 ${digest}，与记录的结果哈希 ${run.resultsHash} 不符（结果被改动）${decodes ? '；复算（POST /api/runs/:id/rerun）可指出第一个不同的对象' : '，且已无法解码'}`,
      `the SHA-256 of its stored results bytes is ${digest}, not its recorded results hash ${run.resultsHash} (the results were changed)${decodes ? '; a rerun (POST /api/runs/:id/rerun) names the first entity that differs' : ', and they no longer decode'}`));
  }
  return { findings: out, digest, data };
}

/** Equal as stored: every NaN is the one canonical NaN (column-blob.ts), and -0 is not 0. */
const sameBits = Object.is;

/** The first entity and column where the stored row differs from the results evaluated again, or null. */
function firstDifference(data: Buffer, again: Results): { entity: string; column: string } | null {
  const stored = decodeResults(data);
  const { header, columns } = resultsParts(again);
  const storedColumns = header.columns.map((name) => stored.columns.get(name));
  const missing = header.columns.findIndex((_, k) => !storedColumns[k]);
  for (let i = 0; i < header.n; i++) {
    const id = header.ids[i];
    if (stored.ids[i] !== id) return { entity: id, column: 'id' };
    if (missing >= 0) return { entity: id, column: header.columns[missing] };
    for (let k = 0; k < columns.length; k++) if (!sameBits(storedColumns[k]![i], columns[k][i])) return { entity: id, column: header.columns[k] };
  }
  return stored.n !== header.n ? { entity: stored.ids[header.n] ?? '', column: 'id' } : null;
}

/**
 * A rerun checked against everything stored: identical only when the bits evaluated again hash
 * to the run's recorded results hash, the stored row's bytes hash to it too, and the audit log
 * agrees. Hashing the stored row is a pass over its bytes on this thread: an audit action only.
 */
export function checkRerun(db: Db, run: Run, again: Results, againHash: string): { identical: boolean; findings: ResultsFinding[] } {
  const { findings, digest, data } = examine(db, run);
  if (data && digest !== againHash) {
    let at: { entity: string; column: string } | null = null;
    try { at = firstDifference(data, again); } catch { at = null; }
    findings.push(at
      ? finding(run, `复算结果与存储的结果不同：第一个不同的是对象「${at.entity}」的 ${at.column}`, `evaluated again, it differs from its stored results: first at entity "${at.entity}", column ${at.column}`, at)
      : finding(run, '复算结果与存储的结果字节不同', 'evaluated again, it differs from its stored results bytes'));
  }
  // No finding means the row is there, hashes to the recorded hash and to the rerun's.
  return { identical: findings.length === 0, findings };
}

/**
 * Every published run's stored results checked (storedResultsFindings); the runs checked and what
 * was found. A pass over every published results row's bytes on this thread: an audit action only.
 */
export function verifyPublishedResults(db: Db): { checked: number; findings: ResultsFinding[] } {
  const ids = (sql(db, 'SELECT DISTINCT run_id FROM publications ORDER BY run_id').all() as { run_id: number }[]).map((r) => r.run_id);
  return { checked: ids.length, findings: ids.flatMap((id) => storedResultsFindings(db, getRun(db, id))) };
}
