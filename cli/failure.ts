/**
 * How the command ends when something is thrown: the message on stderr and the exit code.
 * 1: the scheme or the data are wrong (every problem listed); 2: the command was used wrongly;
 * 70: a failure of kaohe or of the machine (a worker that died or ran out of memory, a bug),
 * which no change to the scheme or the data would fix.
 */
import { EvaluationError } from '../engine/index.js';
import { formatProblem, KaoheError } from '../indicators/index.js';

export class UsageError extends Error {}

export function failureReport(e: unknown, usage: string): { code: number; text: string } {
  if (e instanceof EvaluationError) {
    const lines = e.problems.map((p) => `  ${formatProblem(p)}`).join('\n');
    return { code: 70, text: `内部故障（不是方案或数据的问题）Internal failure (not a problem of the scheme or the data):\n${lines}\n  可减少 --threads 或在内存更多的机器上重试 / try fewer --threads, or a machine with more memory\n` };
  }
  if (e instanceof KaoheError) return { code: 1, text: `错误 Error:\n${e.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n` };
  if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return { code: 2, text: `${(e as Error).message}\n\n${usage}\n` };
  return { code: 70, text: `内部错误 Internal error: ${(e as Error).stack ?? String(e)}\n` };
}
