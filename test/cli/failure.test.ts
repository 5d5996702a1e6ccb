/**
 * How `kaohe` ends when something is thrown: a problem of the scheme or the data exits 1 with
 * every problem, a wrong command line 2 with the usage, and a failure that no change to the
 * scheme or the data would fix — a worker out of memory, a bug — 70, saying so.
 */
import { parseArgs } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { failureReport, UsageError } from '../../cli/failure.js';
import { compile, evaluateParallel, shutdownPool } from '../../engine/index.js';
import { KaoheError, parseSchemeObject } from '../../indicators/index.js';
import { readCsvText } from '../../io/index.js';
import { mixedCsv, mixedScheme } from '../mixed-round.js';

afterAll(async () => {
  await shutdownPool();
});

describe('the exit code says whose problem it is', () => {
  it('a worker out of memory is an internal failure (70), not "the scheme or data are wrong" (1)', async () => {
    const compiled = compile(parseSchemeObject(mixedScheme));
    const frame = readCsvText(mixedCsv(30_000, 7), compiled.plan);
    const error = await evaluateParallel(compiled, frame, { threads: 2, parallelFrom: 0, resourceLimits: { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 } })
      .then(() => null, (e: unknown) => e);
    expect(error).not.toBeNull();
    const report = failureReport(error, 'USAGE');
    expect(report.code).toBe(70);
    expect(report.text).toMatch(/^内部故障.*Internal failure \(not a problem of the scheme or the data\)/);
    expect(report.text).toMatch(/ERR_WORKER_OUT_OF_MEMORY/);
    expect(report.text).toMatch(/--threads/);
  });

  it('a problem of the scheme or the data exits 1 with each problem', () => {
    const report = failureReport(new KaoheError([{ where: 'data.csv:3', zh: '应为数字', en: 'expected a number' }]), 'USAGE');
    expect(report).toEqual({ code: 1, text: '错误 Error:\n  data.csv:3: 应为数字 / expected a number\n' });
  });

  it('a wrong command line exits 2 with the usage, whether we or parseArgs found it', () => {
    expect(failureReport(new UsageError('缺少参数 missing argument: SCHEME'), 'USAGE')).toEqual({ code: 2, text: '缺少参数 missing argument: SCHEME\n\nUSAGE\n' });
    let thrown: unknown = null;
    try {
      parseArgs({ args: ['--nope'], options: {} });
    } catch (e) {
      thrown = e;
    }
    expect(failureReport(thrown, 'USAGE').code).toBe(2);
  });

  it('anything else is an internal error (70) with its stack', () => {
    const report = failureReport(new TypeError('x is undefined'), 'USAGE');
    expect(report.code).toBe(70);
    expect(report.text).toMatch(/^内部错误 Internal error: TypeError: x is undefined\n\s+at /);
  });
});
