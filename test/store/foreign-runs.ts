/**
 * Runs as other engines left them in a database: scored by another engine version at a level
 * this engine knows, or compiled at a semantics level newer than this engine's.
 */
import { readFileSync } from 'node:fs';
import { canonicalJson, sha256Hex } from '../../indicators/index.js';
import { createRound, getRun, requestRoundStatus, schemePlan, submitFile, SYSTEM, type Db } from '../../store/index.js';
import { demoYearCsv } from '../../store/demo-seed.js';

/** A copy of a done run, recorded as scored by `engineVersion`. */
export function runScoredBy(db: Db, runId: number, engineVersion: string): number {
  return Number(db.prepare(`INSERT INTO runs (round_id, plan_hash, snapshot_hash, as_of, engine_version, status, results_hash, requested_at, finished_at)
    SELECT round_id, plan_hash, snapshot_hash, as_of, ?, 'done', results_hash, requested_at, finished_at FROM runs WHERE id = ?`).run(engineVersion, runId).lastInsertRowid);
}

/**
 * The demo scheme stored again as version 2099.1 with its plan at semantics `level` (as a newer
 * engine would write it), a round of it with the demo data, and a done run of that round
 * recorded as scored by `engineVersion` (its results those of `resultsOfRun`).
 */
export async function runAtLevel(db: Db, level: number, engineVersion: string, resultsOfRun: number): Promise<{ roundId: number; runId: number }> {
  const { plan } = schemePlan(db, 'demo-green', '2025.1');
  const newer: Record<string, unknown> = { ...structuredClone(plan), scheme: { ...plan.scheme, version: '2099.1' }, semantics: level };
  delete newer.engine;
  const json = canonicalJson(newer);
  db.prepare(`INSERT INTO schemes (id, version, name_zh, name_en, subject, source_text, source_sha256, plan_json, plan_hash, uploaded_at)
    VALUES ('demo-green', '2099.1', 'x', 'x', 'region', '', ?, ?, ?, '2099-01-01T00:00:00.000Z')`).run(sha256Hex(''), json, sha256Hex(json));
  const round = createRound(db, SYSTEM, {
    name: { zh: '未来轮次', en: 'a future round' }, schemeId: 'demo-green', schemeVersion: '2099.1', rosterId: 1, officeId: 'nanjing-metro',
    periodStart: '2099-01-01', periodEnd: '2099-12-31', synthetic: true,
  });
  requestRoundStatus(db, SYSTEM, round.id, 'collecting');
  const csv = readFileSync(new URL('../../templates/demo-green.csv', import.meta.url), 'utf8');
  const { snapshotHash } = await submitFile(db, SYSTEM, round.id, { fileName: 'demo-green-2099.csv', bytes: Buffer.from(demoYearCsv(csv, 0), 'utf8') });
  const runId = Number(db.prepare(`INSERT INTO runs (round_id, plan_hash, snapshot_hash, as_of, engine_version, status, results_hash, requested_at, finished_at)
    VALUES (?, ?, ?, '2099-12-31', ?, 'done', ?, '2099-12-31T00:00:00.000Z', '2099-12-31T00:00:00.000Z')`)
    .run(round.id, sha256Hex(json), snapshotHash, engineVersion, getRun(db, resultsOfRun).resultsHash).lastInsertRowid);
  return { roundId: round.id, runId };
}
