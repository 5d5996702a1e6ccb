/**
 * Scoring a run: the round's snapshot and the scheme's stored plan, evaluated on the worker
 * pool (engine/parallel.ts; small rounds inline), the results encoded and stored with their
 * hash. A failure (bad data for the plan, a worker that died) marks the run failed with its
 * problems and stores nothing else.
 *
 * For a large round the snapshot is decoded, and the results encoded, hashed and written, by
 * the store's worker thread (off-thread.ts), so the service's main thread keeps answering
 * requests through the whole run. The run still lands all or nothing: the worker writes the
 * results row (content-addressed, whole or not at all, and no run's results until one points
 * at it), then one short transaction here checks it is there, marks the run done with its hash,
 * moves the round to scored and writes the audit entry. A run that fails or is killed before
 * that transaction commits is never done and names no results; at most a whole results row
 * that no run names is left, which a later run giving the same bits reuses.
 *
 * Reproducing a run evaluates it again from what it names (plan, snapshot, as-of) and checks
 * the bits against the stored results hash, whatever engine version scored it (the plan's
 * semantics level says how its numbers are made; engine/semantics.ts): that is how explanations and pages get the full
 * engine Results of a run, and how an auditor proves a published number.
 */
import { ENGINE_VERSION, evaluateParallel, knowsSemantics, PARALLEL_FROM, parseDay, planSemantics, refuseBlankRun, settlements, type CompiledPlan, type Results } from '../engine/index.js';
import { KaoheError, LATEST_SEMANTICS } from '../indicators/index.js';
import { SYSTEM, type Actor } from './audit.js';
import type { Db } from './db.js';
import { conflict } from './errors.js';
import { getRound } from './rounds.js';
import { completeRun, failRun, getRun, markRunning, type Run } from './runs.js';
import { schemePlan } from './schemes.js';
import { breathe, encodeResultsOffThread, loadSnapshotOffThread, type SavedResults } from './off-thread.js';
import { encodeResults } from './results-codec.js';

/** What a run is doing: reading its snapshot, scoring on the pool, saving its results. */
export type RunPhase = 'loading' | 'scoring' | 'saving';

export interface ScoreOptions {
  threads?: number;
  onProgress?: (done: number, total: number) => void;
  /** Called as the run enters each phase. */
  onPhase?: (phase: RunPhase) => void;
}

function runInputs(db: Db, run: Run): CompiledPlan {
  const round = getRound(db, run.roundId);
  const compiled = schemePlan(db, round.schemeId, round.schemeVersion);
  if (compiled.hash !== run.planHash) throw new Error(`run ${run.id}: the round's scheme plan hash changed`);
  return compiled;
}

/**
 * A plan compiled at a semantics level this engine doesn't know (by a newer engine) can't be
 * evaluated: refused, naming the engine to install (the one that scored the run, when it was
 * another; a plan's level never depends on the software version, so any engine knowing the
 * level reproduces the run).
 */
function refuseUnknownSemantics(run: Run, compiled: CompiledPlan): void {
  const level = planSemantics(compiled.plan);
  if (knowsSemantics(level)) return;
  const install = run.engineVersion !== ENGINE_VERSION
    ? { zh: `请安装 kaohe ${run.engineVersion}（计算该运行的引擎）或更新版本`, en: `install kaohe ${run.engineVersion} (the engine that scored it) or later` }
    : { zh: `请安装认识该级别的更新版 kaohe`, en: 'install a newer kaohe that knows that level' };
  throw conflict(`run:${run.id}`,
    `运行 ${run.id} 的方案按语义级别 ${level} 编译，本引擎 kaohe ${ENGINE_VERSION} 只认识级别 1–${LATEST_SEMANTICS}：${install.zh}`,
    `run ${run.id}'s plan was compiled at semantics level ${level}; this engine, kaohe ${ENGINE_VERSION}, knows levels 1–${LATEST_SEMANTICS}: ${install.en}`);
}

async function evaluateRun(db: Db, run: Run, options: ScoreOptions): Promise<Results> {
  const compiled = runInputs(db, run);
  refuseUnknownSemantics(run, compiled);
  options.onPhase?.('loading');
  const frame = await loadSnapshotOffThread(db, run.snapshotHash);
  await breathe();
  options.onPhase?.('scoring');
  return evaluateParallel(compiled, frame, { threads: options.threads, onProgress: options.onProgress, asOf: parseDay(run.asOf) });
}

/** A large round's results go through the store's worker; a small one's are encoded here at once. */
const offThread = (results: Results): boolean => results.frame.n >= PARALLEL_FROM;

/** Score a queued run to the end; resolves with the finished (done or failed) run. */
export async function scoreRun(db: Db, runId: number, options: ScoreOptions = {}, actor: Actor = SYSTEM): Promise<Run> {
  markRunning(db, runId);
  try {
    const results = await evaluateRun(db, getRun(db, runId), options);
    refuseBlankRun(results, `run:${runId}`);
    // A settlement without a payer or with an amount out of bounds fails the run: nothing is written.
    settlements(results);
    await breathe();
    // A run that has ended meanwhile (failed by a restart of another process) writes nothing.
    if (!['running', 'queued'].includes(getRun(db, runId).status)) throw conflict(`run:${runId}`, `运行 ${runId} 已结束`, `run ${runId} has already ended`);
    options.onPhase?.('saving');
    const saved: SavedResults = offThread(results) ? await encodeResultsOffThread(db, results, 'store') : encodeResults(results);
    await breathe();
    return completeRun(db, actor, runId, saved, results.frame.n);
  } catch (e) {
    const problems = e instanceof KaoheError
      ? e.problems
      : [{ where: `run:${runId}`, zh: `评分失败：${(e as Error).message}`, en: `scoring failed: ${(e as Error).message}` }];
    return failRun(db, actor, runId, problems);
  }
}

/** The run evaluated again, with whether its bits equal the stored results. */
export async function reproduceRun(db: Db, runId: number, options: ScoreOptions = {}): Promise<{ run: Run; results: Results; resultsHash: string; identical: boolean }> {
  const run = getRun(db, runId);
  if (run.status !== 'done') throw conflict(`run:${runId}`, `运行 ${runId} 尚未完成（${run.status}），无法复算`, `run ${runId} has not finished (${run.status}) and can't be reproduced`);
  const results = await evaluateRun(db, run, options);
  const { hash } = offThread(results) ? await encodeResultsOffThread(db, results, 'hash') : encodeResults(results);
  return { run, results, resultsHash: hash, identical: hash === run.resultsHash };
}
