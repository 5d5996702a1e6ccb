/**
 * A pool worker: runs one evaluation step over a run of chunks, or the final ranks of the round
 * (written into shared columns the driver allocated). Columns arrive as views on
 * SharedArrayBuffers (nothing is copied), the plan with its hash; kernels are built once per
 * plan and kept by hash (kernels.ts). The task is checked before anything runs.
 */
import { centredChunk, KERNEL_NAMES, momentsChunk, runKernelChunk, type ChunkError, type MomentsPart } from './chunk-ops.js';
import { kernelsFor } from './kernels.js';
import type { ChunkTask } from './parallel.js';
import { rankRound } from './rank.js';

export type ChunkTaskResult = ChunkError[] | MomentsPart[][] | number[][][] | null;

export default function runChunkTask(task: ChunkTask): ChunkTaskResult {
  const { op, columns: C, starts, chunkSize, n } = task;
  const end = (s: number): number => Math.min(n, s + chunkSize);
  const slotOk = (s: number): boolean => Number.isInteger(s) && s >= 0 && s < C.length;
  switch (op.kind) {
    case 'kernel': {
      if (!KERNEL_NAMES.includes(op.kernel)) throw new Error(`unknown kernel "${String(op.kernel)}"`);
      const kernel = kernelsFor({ hash: task.hash, plan: task.plan })[op.kernel];
      if (!kernel) throw new Error(`the ${op.kernel} kernel was not built for this plan`);
      const errors: ChunkError[] = [];
      for (const s of starts) {
        const e = runKernelChunk(kernel, C, task.P, task.G, s, end(s));
        errors.push(e);
        if (e) break;
      }
      return errors;
    }
    case 'moments':
      if (!op.slots.every(slotOk)) throw new Error('moments: slot out of range');
      return starts.map((s) => op.slots.map((slot) => momentsChunk(C[slot], s, end(s))));
    case 'centred':
      if (!op.slots.every(slotOk)) throw new Error('centred: slot out of range');
      return starts.map((s) => op.slots.map((slot, k) => centredChunk(C[slot], op.centres[k], s, end(s))));
    case 'rank': {
      const cols = [op.slot, ...op.groups.map((g) => g.slot)];
      if (!cols.every(slotOk)) throw new Error('rank: slot out of range');
      if (op.out.length !== op.groups.length + 1 || !op.out.every((o) => o instanceof Float64Array && o.length === n && o.buffer instanceof SharedArrayBuffer)) {
        throw new Error('rank: the output columns must be shared, one per rank, of the round\'s length');
      }
      rankRound(C[op.slot], op.decimals, op.direction, op.groups.map((g) => ({ codes: C[g.slot], count: g.count })), op.out[0], op.out.slice(1));
      return null;
    }
    default:
      throw new Error(`unknown step "${String((op as { kind: unknown }).kind)}"`);
  }
}

/** Replications of an uncertainty analysis (pool.run(task, { name: 'runReplications' })). */
export { runReplications } from './uncertainty-replicate.js';

/** Quantiles of a range of entities over an analysis' replications (pool.run(task, { name: 'summariseEntities' })). */
export { summariseEntities } from './uncertainty-summary.js';
