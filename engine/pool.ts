/**
 * The one worker pool of the process: created on first use with minThreads = maxThreads (warm),
 * replaced only when asked for another size or other limits, closed by shutdownPool().
 * Piscina replaces a worker that dies, so a failed run leaves a working pool behind.
 */
import type { ResourceLimits } from 'node:worker_threads';
import { Piscina } from 'piscina';

export interface PoolOptions {
  threads: number;
  resourceLimits?: ResourceLimits;
}

/** The compiled worker. From source (tests) the built copy in dist/ is used: `npm test` builds first. */
function workerFile(): string {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../dist/engine/worker.js', here).href : new URL('./worker.js', here).href;
}

let pool: Piscina | null = null;
let current = '';

export function getPool(options: PoolOptions): Piscina {
  const key = JSON.stringify(options);
  if (pool && key === current) return pool;
  if (pool) pool.destroy().catch(() => undefined);
  pool = new Piscina({
    filename: workerFile(),
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: Infinity,
    resourceLimits: options.resourceLimits,
  });
  // A worker that dies (out of memory, say) also rejects the task it was running, which is
  // where the run reports it; the pool-level event must not bring the process down.
  pool.on('error', () => undefined);
  current = key;
  return pool;
}

export async function shutdownPool(): Promise<void> {
  const p = pool;
  pool = null;
  current = '';
  if (p) await p.destroy();
}
