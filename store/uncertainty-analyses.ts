/**
 * Uncertainty analyses of finished runs: the run's plan and snapshot rescored N times with the
 * spec's assumptions drawn (engine/uncertainty.ts, on the worker pool), each entity's rank and
 * score interval stored as JSON with its hash, never changed, with an audit entry naming it.
 * The spec is the one the request gives or, when it gives none, the scheme's default spec
 * (templates/uncertainty/<scheme id>.yaml).
 *
 * Everything the request names is checked before any work (prepareAnalysis): a run that isn't
 * done, a spec that doesn't parse against the run's scheme, N or the seed out of range, or N
 * times the round's entities above the cap, each refused with what to change. An analysis is
 * stored only once it has finished; one that fails stores nothing. The same run, spec, N and
 * seed always give the same result, so asking again returns the stored one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDay, sensitivityAnalysis, uncertaintyAnalysis } from '../engine/index.js';
import { KaoheError, loadSchemeText, loadUncertaintySpec, sha256Hex, type UncertainAssumption, type UncertaintySpec } from '../indicators/index.js';
import { MAX_SPEC_BYTES, uncertaintyJson, type UncertaintySummary } from '../io/index.js';
import { appendAudit, type Actor } from './audit.js';
import type { Db } from './db.js';
import { conflict, invalid, notFound } from './errors.js';
import { breathe, loadSnapshotOffThread } from './off-thread.js';
import { getRound } from './rounds.js';
import { getRun, type Run } from './runs.js';
import { schemePlan, schemeSource } from './schemes.js';
import { sql } from './statements.js';
import { nowIso } from './time.js';

/** Fewer replications give quantiles that mean little; more cost time and memory in proportion. */
export const MIN_REPLICATIONS = 20;
export const MAX_REPLICATIONS = 10_000;
/** N × entities: the replications' scores and ranks are held until summarised (12 bytes each). */
export const MAX_ENTITY_REPLICATIONS = 2_000_000;
export const DEFAULT_REPLICATIONS = 1000;
export const DEFAULT_SEED = 1;

export interface AnalysisRequest {
  /** The spec as YAML; none: the scheme's default spec. */
  spec?: string;
  n?: number;
  seed?: number;
  /** Also the sensitivity indices of the mean absolute rank shift (N·(d + 2) more evaluations). */
  sensitivity?: boolean;
}

export interface PreparedAnalysis {
  run: Run;
  specText: string;
  specHash: string;
  spec: UncertaintySpec;
  n: number;
  seed: number;
  sensitivity: boolean;
}

export type EntityInterval = UncertaintySummary['entities'][number];

/** What is stored: the analysis as `kaohe uncertainty --json` writes it. */
export type AnalysisResult = UncertaintySummary & { engine: string; assumptions: UncertainAssumption[] };

export interface StoredAnalysis {
  id: number;
  runId: number;
  replications: number;
  seed: number;
  specHash: string;
  specText: string;
  resultHash: string;
  createdAt: string;
  result: AnalysisResult;
}

interface Row {
  id: number;
  run_id: number;
  spec_text: string;
  spec_hash: string;
  replications: number;
  seed: number;
  result_json: string;
  result_hash: string;
  created_at: string;
}

const toAnalysis = (r: Row): StoredAnalysis => ({
  id: r.id, runId: r.run_id, replications: r.replications, seed: r.seed, specHash: r.spec_hash, specText: r.spec_text,
  resultHash: r.result_hash, createdAt: r.created_at, result: JSON.parse(r.result_json) as AnalysisResult,
});

/** The scheme's default spec (templates/uncertainty/<scheme id>.yaml), or null when it has none. */
export function defaultSpecText(specsDir: string | undefined, schemeId: string): string | null {
  // A scheme id names a file here only when it is a plain name (no separators or dots).
  if (!specsDir || !/^[A-Za-z0-9_-]+$/.test(schemeId)) return null;
  const path = join(specsDir, `${schemeId}.yaml`);
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** Checks everything the request names, before any work; throws a StoreError naming what to change. */
export function prepareAnalysis(db: Db, runId: number, request: AnalysisRequest, specsDir: string | undefined): PreparedAnalysis {
  const run = getRun(db, runId);
  const where = `run:${runId}`;
  if (run.status !== 'done') {
    throw conflict(where, `运行 ${runId} 尚未完成（${run.status}），只能分析已完成的运行`, `run ${runId} has not finished (${run.status}); only a finished run can be analysed`);
  }
  const round = getRound(db, run.roundId);
  const specText = request.spec ?? defaultSpecText(specsDir, round.schemeId);
  if (specText === null) {
    throw invalid([{ where: 'spec', zh: `方案 ${round.schemeId} 没有默认的不确定性分析规格：请在请求中给出 spec（YAML）`, en: `scheme ${round.schemeId} has no default uncertainty spec: give one as spec (YAML) in the request` }]);
  }
  if (Buffer.byteLength(specText) > MAX_SPEC_BYTES) {
    throw invalid([{ where: 'spec', zh: `规格超过 ${MAX_SPEC_BYTES} 字节`, en: `the spec is larger than ${MAX_SPEC_BYTES} bytes` }]);
  }
  const n = request.n ?? DEFAULT_REPLICATIONS;
  const seed = request.seed ?? DEFAULT_SEED;
  const problems = [];
  if (!Number.isInteger(n) || n < MIN_REPLICATIONS || n > MAX_REPLICATIONS) {
    problems.push({ where: 'n', zh: `重复次数 n 须为 ${MIN_REPLICATIONS} 到 ${MAX_REPLICATIONS} 的整数，收到 ${n}`, en: `n (replications) must be a whole number from ${MIN_REPLICATIONS} to ${MAX_REPLICATIONS}, got ${n}` });
  } else if (n * run.entities > MAX_ENTITY_REPLICATIONS) {
    const most = Math.floor(MAX_ENTITY_REPLICATIONS / run.entities);
    problems.push(most >= MIN_REPLICATIONS
      ? { where: 'n', zh: `${run.entities} 个实体 × ${n} 次重复超过上限 ${MAX_ENTITY_REPLICATIONS}：本轮 n 最多为 ${most}`, en: `${run.entities} entities × ${n} replications is above the cap of ${MAX_ENTITY_REPLICATIONS}: at most n = ${most} for this round` }
      : { where: 'n', zh: `本轮有 ${run.entities} 个实体，服务中至少 ${MIN_REPLICATIONS} 次重复会超过上限 ${MAX_ENTITY_REPLICATIONS}：请用命令行 kaohe uncertainty`, en: `this round has ${run.entities} entities: even ${MIN_REPLICATIONS} replications are above the service's cap of ${MAX_ENTITY_REPLICATIONS}; use kaohe uncertainty on the command line` });
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    problems.push({ where: 'seed', zh: `种子 seed 须为 0 到 4294967295 的整数，收到 ${seed}`, en: `seed must be a whole number from 0 to 4294967295, got ${seed}` });
  }
  if (problems.length > 0) throw invalid(problems);
  let spec: UncertaintySpec;
  try {
    spec = loadUncertaintySpec(specText, loadSchemeText(schemeSource(db, round.schemeId, round.schemeVersion)));
  } catch (e) {
    if (!(e instanceof KaoheError)) throw e;
    throw invalid(e.problems.map((p) => ({ ...p, where: `spec › ${p.where}` })));
  }
  const prepared = { run, specText, specHash: sha256Hex(specText), spec, n, seed, sensitivity: request.sensitivity === true };
  // A stored analysis is never changed, and there is one per run, spec, N and seed.
  if (prepared.sensitivity && !findAnalysis(db, prepared) && findAnalysis(db, { ...prepared, sensitivity: false })) {
    throw conflict(where, `运行 ${runId} 的这一分析（同一规格、n = ${n}、种子 ${seed}）已保存且没有敏感性指数，不能更改：请换一个种子或 n 再请求`, `this analysis of run ${runId} (the same spec, n = ${n}, seed ${seed}) is stored without sensitivity indices and can't be changed: ask with another seed or n`);
  }
  return prepared;
}

/** The stored analysis of these parameters (with sensitivity indices when asked for), if there is one. */
export function findAnalysis(db: Db, p: PreparedAnalysis): StoredAnalysis | null {
  const withIndices = p.sensitivity ? " AND json_type(result_json, '$.sensitivity') IS NOT NULL" : '';
  const row = sql(db, `SELECT * FROM analyses WHERE run_id = ? AND spec_hash = ? AND replications = ? AND seed = ?${withIndices} ORDER BY id DESC LIMIT 1`).get(p.run.id, p.specHash, p.n, p.seed) as Row | undefined;
  return row ? toAnalysis(row) : null;
}

/** The run's latest analysis, or null. */
export function latestAnalysis(db: Db, runId: number): StoredAnalysis | null {
  const row = sql(db, 'SELECT * FROM analyses WHERE run_id = ? ORDER BY id DESC LIMIT 1').get(runId) as Row | undefined;
  return row ? toAnalysis(row) : null;
}

export function getAnalysis(db: Db, runId: number): StoredAnalysis {
  const a = latestAnalysis(db, runId);
  if (!a) throw notFound(`run:${runId}`, `运行 ${runId} 的不确定性分析（请先 POST /api/runs/${runId}/uncertainty）`, `an uncertainty analysis of run ${runId} (POST /api/runs/${runId}/uncertainty first)`);
  return a;
}

/** Runs a prepared analysis (on the pool with `threads` ≥ 2) and stores it; returns the stored analysis. */
export async function runAnalysis(db: Db, actor: Actor, p: PreparedAnalysis, options: { threads: number }): Promise<StoredAnalysis> {
  const stored = findAnalysis(db, p);
  if (stored) return stored;
  const round = getRound(db, p.run.roundId);
  const compiled = schemePlan(db, round.schemeId, round.schemeVersion);
  const frame = await loadSnapshotOffThread(db, p.run.snapshotHash);
  await breathe();
  const analysisOptions = { n: p.n, seed: p.seed, threads: options.threads, asOf: parseDay(p.run.asOf) };
  const u = await uncertaintyAnalysis(compiled, frame, p.spec, analysisOptions);
  await breathe();
  const sens = p.sensitivity ? await sensitivityAnalysis(compiled, frame, p.spec, analysisOptions) : undefined;
  await breathe();
  const json = uncertaintyJson(u, p.spec, sens);
  const resultHash = sha256Hex(json);
  return db.transaction(() => {
    const again = findAnalysis(db, p);
    if (again) return again;
    const { lastInsertRowid } = sql(db, `INSERT INTO analyses (run_id, spec_text, spec_hash, replications, seed, result_json, result_hash, created_by, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(p.run.id, p.specText, p.specHash, p.n, p.seed, json, resultHash, actor.id, nowIso());
    const id = Number(lastInsertRowid);
    appendAudit(db, actor, { action: 'uncertainty.done', target: `round:${round.id}`, detail: { runId: p.run.id, analysisId: id, replications: p.n, seed: p.seed, specHash: p.specHash, resultHash } });
    return toAnalysis(sql(db, 'SELECT * FROM analyses WHERE id = ?').get(id) as Row);
  }).immediate();
}
