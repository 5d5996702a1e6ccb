/**
 * Scoring runs as background jobs: queued, scored one at a time (a large round takes the
 * worker pool; two at once would only compete for it and for memory), with progress held here
 * for polling (GET /api/runs/:id) and pushed to listeners (server-sent events). The HTTP
 * request that starts a run returns at once; the server keeps answering while it scores: the
 * evaluation runs on the engine's pool, and a large round's snapshot decoding and results
 * encoding, hashing and writing on the store's worker thread (store/off-thread.ts).
 */
import { EventEmitter } from 'node:events';
import { type Actor, type Db, type Run, type RunPhase, getRun, scoreRun } from '../store/index.js';

export interface JobProgress {
  runId: number;
  status: Run['status'];
  /** While running: reading the snapshot, scoring, or saving the results; null while queued or once over. */
  phase: RunPhase | null;
  /** Chunk-steps done and in all (row-wise phases); 0/0 for a round scored inline. */
  done: number;
  total: number;
}

export class ScoringJobs {
  private readonly db: Db;
  private readonly threads: number | undefined;
  private readonly progressById = new Map<number, JobProgress>();
  private readonly events = new EventEmitter();
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(db: Db, options: { threads?: number } = {}) {
    this.db = db;
    this.threads = options.threads;
    this.events.setMaxListeners(0);
  }

  /** Queue a requested run; returns at once. */
  start(run: Run, actor: Actor): void {
    const p: JobProgress = { runId: run.id, status: 'queued', phase: null, done: 0, total: 0 };
    this.progressById.set(run.id, p);
    this.pending++;
    this.queue = this.queue.then(async () => {
      p.status = 'running';
      this.emit(p);
      const finished = await scoreRun(this.db, run.id, {
        threads: this.threads,
        onProgress: (done, total) => {
          p.done = done;
          p.total = total;
          this.emit(p);
        },
        onPhase: (phase) => {
          p.phase = phase;
          this.emit(p);
        },
      }, actor).catch((): Run => getRun(this.db, run.id));
      p.status = finished.status;
      p.phase = null;
      this.emit(p);
      this.progressById.delete(run.id);
    }).finally(() => { this.pending--; });
  }

  /** Live progress of a queued or running job; undefined once it has finished. */
  progress(runId: number): JobProgress | undefined {
    return this.progressById.get(runId);
  }

  /** Calls `listener` on every progress change of the run; returns the unsubscribe function. */
  subscribe(runId: number, listener: (p: JobProgress) => void): () => void {
    const key = `run:${runId}`;
    const fn = (p: JobProgress): void => listener({ ...p });
    this.events.on(key, fn);
    return () => this.events.off(key, fn);
  }

  /** Resolves when every queued job has finished. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.queue;
  }

  private emit(p: JobProgress): void {
    this.events.emit(`run:${p.runId}`, p);
  }
}
