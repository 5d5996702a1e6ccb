/**
 * Scoring a run: the round's snapshot and the scheme's stored plan, evaluated on the worker
 * pool (engine/parallel.ts; small rounds inline), the results encoded and stored with their
 * hash in one transaction. A failure (bad data for the plan, a worker that died) marks the
 * run failed with its problems and stores nothing else.
 *
 * Reproducing a run evaluates it again from what it names (plan, snapshot, as-of) and checks
 * the bits against the stored results hash: that is how explanations and pages get the full
 * engine Results of a run, and how an auditor proves a published number.
 */
import { ENGINE_VERSION, evaluateParallel, parseDay, type CompiledPlan, type Results } from '../engine/index.js';
import { KaoheError } from '../indicators/index.js';
import { SYSTEM, type Actor } from './audit.js';
import type { Db } from './db.js';
import { conflict } from './errors.js';
import { getRound } from './rounds.js';
import { completeRun, failRun, getRun, markRunning, type Run } from './runs.js';
import { schemePlan } from './schemes.js';
import { encodeResults } from './results-codec.js';
import { loadSnapshot } from './snapshots.js';

export interface ScoreOptions {
  threads?: number;
  onProgress?: (done: number, total: number) => void;
}

function runInputs(db: Db, run: Run): CompiledPlan {
  const round = getRound(db, run.roundId);
  const compiled = schemePlan(db, round.schemeId, round.schemeVersion);
  if (compiled.hash !== run.planHash) throw new Error(`run ${run.id}: the round's scheme plan hash changed`);
  return compiled;
}

/** Let other work of the event loop (requests) run between the long synchronous steps. */
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function evaluateRun(db: Db, run: Run, options: ScoreOptions): Promise<Results> {
  const compiled = runInputs(db, run);
  const frame = loadSnapshot(db, run.snapshotHash);
  await breathe();
  return evaluateParallel(compiled, frame, { threads: options.threads, onProgress: options.onProgress, asOf: parseDay(run.asOf) });
}

/** Score a queued run to the end; resolves with the finished (done or failed) run. */
export async function scoreRun(db: Db, runId: number, options: ScoreOptions = {}, actor: Actor = SYSTEM): Promise<Run> {
  markRunning(db, runId);
  try {
    const results = await evaluateRun(db, getRun(db, runId), options);
    await breathe();
    const encoded = encodeResults(results);
    await breathe();
    return completeRun(db, actor, runId, encoded, results.frame.n);
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
  if (run.engineVersion !== ENGINE_VERSION) {
    throw conflict(`run:${runId}`, `运行 ${runId} 由评分引擎 ${run.engineVersion} 计算，当前引擎为 ${ENGINE_VERSION}，不能逐位复算`, `run ${runId} was scored by engine ${run.engineVersion}; this is ${ENGINE_VERSION}, which can't reproduce it bit for bit`);
  }
  const results = await evaluateRun(db, run, options);
  const { hash } = encodeResults(results);
  return { run, results, resultsHash: hash, identical: hash === run.resultsHash };
}
