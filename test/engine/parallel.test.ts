/**
 * The worker pool: the same bits as inline evaluation for any thread count and chunk size,
 * a clear error naming the chunk when a worker throws or runs out of memory, no results from a
 * failed run, and a pool that works again afterwards. Workers load dist/ (npm test builds it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compile, evaluate, evaluateParallel, EvaluationError, shutdownPool, type Results } from '../../engine/index.js';
import { getPool } from '../../engine/pool.js';
import { parseSchemeObject } from '../../indicators/index.js';
import { readCsvText, resultsCsv } from '../../io/index.js';
import { mixedCsv, mixedScheme } from '../mixed-round.js';

const compiled = compile(parseSchemeObject(mixedScheme));
const frame = readCsvText(mixedCsv(30_000, 99), compiled.plan);
const inline = resultsCsv(evaluate(compiled, frame));

afterAll(async () => {
  await shutdownPool();
});

describe('parallel evaluation', () => {
  it('gives byte-identical results files for 1, 2 and 4 threads and several chunk sizes', async () => {
    for (const threads of [1, 2, 4]) {
      for (const chunkSize of [1000, 4096, 16384]) {
        const r = await evaluateParallel(compiled, frame, { threads, chunkSize, parallelFrom: 0 });
        expect(resultsCsv(r), `threads ${threads}, chunk ${chunkSize}`).toBe(inline);
      }
    }
  });
  it('ranking lowest first (order: ascending, on the displayed score, with peer groups): the same bits for any thread count', async () => {
    // Ascending order refuses the mixed scheme's deductions, grades and vetoes: without them.
    const plain = { ...mixedScheme, adjustments: { rules: [] }, grades: [], vetoes: [] };
    const asc = compile(parseSchemeObject({ ...plain, ranking: { ...mixedScheme.ranking, order: 'ascending' } }));
    const ascInline = evaluate(asc, frame);
    const csv = resultsCsv(ascInline);
    for (const threads of [1, 2, 4]) {
      for (const chunkSize of [1000, 16384]) {
        const r = await evaluateParallel(asc, frame, { threads, chunkSize, parallelFrom: 0 });
        expect(resultsCsv(r), `threads ${threads}, chunk ${chunkSize}`).toBe(csv);
      }
    }
    // The same scores ranked the other way: of m ranked, r − 1 are above a score with descending
    // rank r and t share it, so its ascending rank is (m − (r − 1) − t) + 1.
    const desc = evaluate(compile(parseSchemeObject(plain)), frame);
    expect(Array.from(ascInline.score)).toEqual(Array.from(desc.score));
    const m = ascInline.rank.filter((v) => v === v).length;
    const tied = new Map<number, number>();
    desc.rank.forEach((r) => { if (r === r) tied.set(r, (tied.get(r) ?? 0) + 1); });
    expect(tied.size).toBeLessThan(m);
    desc.rank.forEach((r, i) => expect(ascInline.rank[i], frame.ids[i]).toBe(r === r ? m + 2 - r - tied.get(r)! : NaN));
  });
  it('the data exercise it: treated outliers, imputed values, ties, a veto', () => {
    const r = evaluate(compiled, frame);
    expect(r.indicators.some((d) => d?.treatment?.mode === 'winsorise' || d?.treatment?.mode === 'log')).toBe(true);
    expect(new Set(Array.from(r.rank)).size).toBeLessThan(frame.n);
    expect(Array.from(r.columns[r.layout.veto[0]]).some((v) => v === 1)).toBe(true);
  });
  it('reports progress chunk by chunk up to the total', async () => {
    const seen: [number, number][] = [];
    await evaluateParallel(compiled, frame, { threads: 2, chunkSize: 4096, parallelFrom: 0, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen.at(-1)).toEqual([4 * 8, 4 * 8]);
    expect(seen.every(([d], k) => k === 0 || d > seen[k - 1][0])).toBe(true);
  });
  it('small rounds run inline unless told otherwise', async () => {
    const small = readCsvText(mixedCsv(100, 99), compiled.plan);
    const r: Results = await evaluateParallel(compiled, small, { threads: 2 });
    expect(r.columns[0].buffer).not.toBeInstanceOf(SharedArrayBuffer);
    const p = await evaluateParallel(compiled, small, { threads: 2, parallelFrom: 0 });
    expect(p.columns[0].buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(resultsCsv(p)).toBe(resultsCsv(r));
  });
});

describe('failures in workers', () => {
  it('a worker that throws fails the step with the cause, and the same pool then works', async () => {
    const pool = getPool({ threads: 2 });
    const task = { hash: compiled.hash, plan: compiled.plan, columns: [], P: new Float64Array(0), G: [], op: { kind: 'kernel', kernel: 'constructor' }, starts: [0], chunkSize: 10, n: 10 };
    await expect(pool.run(task)).rejects.toThrow(/unknown kernel "constructor"/);
    const r = await evaluateParallel(compiled, frame, { threads: 2, parallelFrom: 0 });
    expect(resultsCsv(r)).toBe(inline);
  });
  it('a worker out of memory fails the run with an error naming the chunk; nothing is returned; the pool recovers', async () => {
    let error: unknown;
    const result = await evaluateParallel(compiled, frame, { threads: 2, parallelFrom: 0, resourceLimits: { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 } }).catch((e: unknown) => {
      error = e;
      return undefined;
    });
    expect(result).toBeUndefined();
    expect(error).toBeInstanceOf(EvaluationError);
    const p = (error as EvaluationError).problems[0];
    expect(p.where).toMatch(/^chunk \d+–\d+ \(entities \d+–\d+\), step prepare$/);
    expect(p.en).toMatch(/ERR_WORKER_OUT_OF_MEMORY/);
    expect(p.zh).toMatch(/内存不足/);
    const again = await evaluateParallel(compiled, frame, { threads: 2, parallelFrom: 0 });
    expect(resultsCsv(again)).toBe(inline);
  });
});
