/**
 * Uncertainty analyses as background jobs, one at a time (each takes the worker pool): the
 * request that starts one returns at once; its state is held here for polling
 * (GET /api/runs/:id/uncertainty) until it is stored, and a failure is kept, with its problems,
 * until the run's next analysis is asked for. Replications always run on the pool (at least two
 * threads), so the service keeps answering while they run.
 */
import { availableParallelism } from 'node:os';
import { KaoheError, type Problem } from '../indicators/index.js';
import { appendAudit, runAnalysis, type Actor, type Db, type PreparedAnalysis } from '../store/index.js';

export interface AnalysisJob {
  runId: number;
  status: 'queued' | 'running' | 'failed';
  replications: number;
  seed: number;
  problems: Problem[] | null;
}

export class AnalysisJobs {
  private readonly db: Db;
  private readonly threads: number;
  private readonly byRun = new Map<number, AnalysisJob>();
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(db: Db, options: { threads?: number } = {}) {
    this.db = db;
    this.threads = Math.max(2, options.threads ?? availableParallelism());
  }

  /** Queue a prepared analysis; returns its job at once. A run has at most one job queued or running. */
  start(p: PreparedAnalysis, actor: Actor): AnalysisJob {
    const job: AnalysisJob = { runId: p.run.id, status: 'queued', replications: p.n, seed: p.seed, problems: null };
    this.byRun.set(p.run.id, job);
    this.pending++;
    this.queue = this.queue.then(async () => {
      job.status = 'running';
      try {
        await runAnalysis(this.db, actor, p, { threads: this.threads });
        this.byRun.delete(p.run.id);
      } catch (e) {
        job.status = 'failed';
        job.problems = e instanceof KaoheError
          ? e.problems
          : [{ where: `run:${p.run.id}`, zh: `不确定性分析失败：${(e as Error).message}；没有保存任何结果`, en: `the uncertainty analysis failed: ${(e as Error).message}; nothing was stored` }];
        appendAudit(this.db, actor, { action: 'uncertainty.failed', target: `run:${p.run.id}`, detail: { replications: p.n, seed: p.seed, specHash: p.specHash, problems: job.problems.length } });
      }
    }).finally(() => { this.pending--; });
    return job;
  }

  /** The run's job while queued or running, or its failure; undefined otherwise. */
  job(runId: number): AnalysisJob | undefined {
    return this.byRun.get(runId);
  }

  /** Forget the run's failed job (a new request for the run answers instead). */
  clearFailure(runId: number): void {
    if (this.byRun.get(runId)?.status === 'failed') this.byRun.delete(runId);
  }

  /** Whether the run has a job queued or running. */
  busy(runId: number): boolean {
    const s = this.byRun.get(runId)?.status;
    return s === 'queued' || s === 'running';
  }

  /** Resolves when every queued job has finished. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.queue;
  }
}
