/**
 * An audit bundle: what an auditor carries away to check a run offline (`kaohe verify`). The
 * exact scheme version as stored (YAML), the run's input snapshot as CSV (and its records) and
 * as its stored encoding, the as-of, the results CSV, the round's publications with their
 * reasons, the round's audit-log entries with their links, the chain head, and manifest.json:
 * every file's SHA-256 and the run's hashes. The download itself is an entry of the round's log,
 * written first, so the bundle's last entry is the download and the head is the log's head
 * right after it: an auditor checks it later against GET /api/audit/verify?head=N:HASH.
 */
import { ENGINE_VERSION, planSemantics } from '../engine/index.js';
import { sha256Hex } from '../indicators/index.js';
import { resultsCsv, resultsCsvHash, snapshotDataCsv, snapshotRecordsCsv } from '../io/index.js';
import { appendAudit, auditEntriesOf, auditHead, type Actor, type AuditEntry, type AuditHead } from './audit.js';
import type { Db } from './db.js';
import { conflict } from './errors.js';
import { listPublications, publicationChainHead } from './publications.js';
import { runResults } from './results-cache.js';
import { getRound } from './rounds.js';
import { getRun } from './runs.js';
import { schemePlan, schemeSource } from './schemes.js';
import { loadSnapshot, snapshotBytes } from './snapshots.js';

export const BUNDLE_FORMAT = 'kaohe-bundle/1';

/** The bundle's files by name. */
export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  scheme: 'scheme.yaml',
  data: 'snapshot.csv',
  records: 'records.csv',
  snapshot: 'snapshot.kaohe',
  results: 'results.csv',
  run: 'run.json',
  publications: 'publications.json',
  audit: 'audit.json',
  head: 'audit-head.json',
} as const;

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  /** The engine that scored the run, and the one that wrote the bundle (information: in no hash). */
  engine: string;
  exportedBy: string;
  semantics: number;
  scheme: { id: string; version: string };
  roundId: number;
  runId: number;
  planHash: string;
  snapshotHash: string;
  asOf: string;
  runResultsHash: string;
  resultsCsvHash: string;
  auditHead: AuditHead;
  files: { name: string; sha256: string; bytes: number }[];
}

export interface BundleFile {
  name: string;
  data: Buffer;
}

const json = (v: unknown): Buffer => Buffer.from(`${JSON.stringify(v, null, 1)}\n`);

/** The files of run `runId`'s bundle, manifest last; writes the download's audit entry. */
export async function runBundle(db: Db, actor: Actor, runId: number): Promise<BundleFile[]> {
  const run = getRun(db, runId);
  if (run.status !== 'done' || !run.resultsHash) throw conflict(`run:${runId}`, `运行 ${runId} 尚未完成（${run.status}），没有可审计的结果`, `run ${runId} has not finished (${run.status}): it has no results to audit`);
  const round = getRound(db, run.roundId);
  const { plan } = schemePlan(db, round.schemeId, round.schemeVersion);
  const results = await runResults(db, run.id);
  const frame = loadSnapshot(db, run.snapshotHash);
  const csv = resultsCsv(results);
  const files: BundleFile[] = [
    { name: BUNDLE_FILES.scheme, data: Buffer.from(schemeSource(db, round.schemeId, round.schemeVersion)) },
    { name: BUNDLE_FILES.data, data: Buffer.from(snapshotDataCsv(frame, plan)) },
    ...(frame.records ? [{ name: BUNDLE_FILES.records, data: Buffer.from(snapshotRecordsCsv(frame, frame.records, plan)) }] : []),
    { name: BUNDLE_FILES.snapshot, data: snapshotBytes(db, run.snapshotHash) },
    { name: BUNDLE_FILES.results, data: Buffer.from(csv) },
  ];
  // The entry, the round's entries and the head are read in one transaction: the head is the download's own entry.
  const { entries, head } = db.transaction(() => {
    appendAudit(db, actor, { action: 'run.bundle', target: `round:${round.id}`, detail: { runId: run.id } });
    return { entries: auditEntriesOf(db, `round:${round.id}`), head: auditHead(db) };
  }).immediate();
  const publications = listPublications(db, round.id).map((p) => ({ ...p, chainHead: publicationChainHead(db, p) }));
  const runInfo = {
    run, round: { id: round.id, name: round.name, periodStart: round.periodStart, periodEnd: round.periodEnd, schemeId: round.schemeId, schemeVersion: round.schemeVersion },
  };
  files.push(
    { name: BUNDLE_FILES.run, data: json(runInfo) },
    { name: BUNDLE_FILES.publications, data: json(publications) },
    { name: BUNDLE_FILES.audit, data: json(entries satisfies AuditEntry[]) },
    { name: BUNDLE_FILES.head, data: json(head) },
  );
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    engine: run.engineVersion,
    exportedBy: ENGINE_VERSION,
    semantics: planSemantics(plan),
    scheme: { id: round.schemeId, version: round.schemeVersion },
    roundId: round.id,
    runId: run.id,
    planHash: run.planHash,
    snapshotHash: run.snapshotHash,
    asOf: run.asOf,
    runResultsHash: run.resultsHash,
    resultsCsvHash: resultsCsvHash(csv),
    auditHead: head,
    files: files.map((f) => ({ name: f.name, sha256: sha256Hex(f.data), bytes: f.data.length })),
  };
  files.push({ name: BUNDLE_FILES.manifest, data: json(manifest) });
  return files;
}
