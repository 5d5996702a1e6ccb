/**
 * One parse of an uploaded or local file in a worker thread of its own, under a heap limit and a
 * time limit: a hostile or broken file fails with a clear error instead of taking the process
 * down, and the service's main thread goes on answering while it is read. The worker posts one
 * reply: the value (its typed arrays transferred, not copied), the file's problems, or a message.
 */
import { Worker } from 'node:worker_threads';
import { KaoheError, type Problem } from '../indicators/index.js';

export type ParseReply<T> = { ok: true; value: T } | { ok: false; problems: Problem[] } | { ok: false; message: string };

export interface ParseThreadOptions {
  memoryMb: number;
  timeoutMs: number;
  /** How problems name the file. */
  where: string;
  /** What is read, for the messages: { zh: '工作簿', en: 'the workbook' }. */
  what: { zh: string; en: string };
  /** What to do when it is too large or too slow. */
  advice: { zh: string; en: string };
}

export function parseInThread<T>(file: URL, workerData: unknown, o: ParseThreadOptions): Promise<T> {
  const { what, advice } = o;
  const fail = (zh: string, en: string): KaoheError => new KaoheError([{ where: o.where, zh, en }]);
  return new Promise<T>((resolve, reject) => {
    let outcome: { value: T } | { error: Error } | null = null;
    const worker = new Worker(file, { workerData, resourceLimits: { maxOldGenerationSizeMb: o.memoryMb } });
    const timer = setTimeout(() => {
      outcome ??= { error: fail(`读取${what.zh}超过 ${o.timeoutMs / 1000} 秒仍未完成，已中止：${advice.zh}`, `reading ${what.en} took more than ${o.timeoutMs / 1000} s and was stopped: ${advice.en}`) };
      void worker.terminate();
    }, o.timeoutMs);
    worker.once('message', (reply: ParseReply<T>) => {
      if (reply.ok) outcome ??= { value: reply.value };
      else if ('problems' in reply) outcome ??= { error: new KaoheError(reply.problems) };
      else outcome ??= { error: fail(`无法读取${what.zh}，文件可能已损坏：${reply.message}`, `cannot read ${what.en}; it may be damaged: ${reply.message}`) };
      void worker.terminate();
    });
    worker.once('error', (e: Error & { code?: string }) => {
      outcome ??= {
        error: e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? fail(`读取${what.zh}所需内存超过上限（${o.memoryMb} MB），已中止：${advice.zh}`, `reading ${what.en} needed more memory than allowed (${o.memoryMb} MB) and was stopped: ${advice.en}`)
          : fail(`读取${what.zh}的线程意外出错：${e.message}`, `the thread reading ${what.en} failed: ${e.message}`),
      };
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      const done = outcome ?? { error: fail(`读取${what.zh}的线程意外退出（代码 ${code}）`, `the thread reading ${what.en} exited unexpectedly (code ${code})`) };
      if ('value' in done) resolve(done.value);
      else reject(done.error);
    });
  });
}

/** The reply a worker posts for a thrown error. */
export function failureReply(e: unknown): ParseReply<never> {
  return e instanceof KaoheError ? { ok: false, problems: e.problems } : { ok: false, message: e instanceof Error ? e.message : String(e) };
}
