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
import { indicator, L } from '../helpers.js';

const scheme = {
  id: 'par', version: '1', name: L('Parallel'), subject: 'enterprise',
  rounding: { decimals: 2 },
  ranking: { on: 'rounded', groups: ['grp'] },
  attributes: [{ id: 'grp', label: L('group') }],
  inputs: ['a', 'b', 'c', 'd', 'pop', 'inc'].map((id) => ({ id, label: L(id) })),
  tree: {
    id: 'root', label: L('Root'),
    children: [
      { id: 'p1', label: L('P1'), weight: 2, children: [
        indicator('a', { method: 'minmax' }, { missing: { method: 'mean' }, outliers: { method: 'coinr' } }),
        indicator('b', { method: 'zscore', mean: 50, sd: 10 }, { direction: 'lower', missing: { method: 'groupMean', group: 'grp' } }),
      ] },
      { id: 'p2', label: L('P2'), aggregate: 'geometric', children: [
        indicator('c', { method: 'percentile' }, { missing: { method: 'median' } }),
        indicator('d', { method: 'bands', bands: [{ min: 0, max: 50, score: [0, 60] }, { min: 50, max: 100, score: [60, 100] }] }, { denominator: 'pop', scale: 1000 }),
      ] },
    ],
  },
  adjustments: { rules: [{ id: 'i', kind: 'deduction', label: L('inc'), points: 'inc * 2', cap: 6 }] },
  grades: [{ id: 'g1', label: L('A'), min: 60 }, { id: 'g2', label: L('B'), max: 60 }],
  vetoes: [{ id: 'v', label: L('v'), when: 'inc >= 3', grade: 'g2' }],
};
const compiled = compile(parseSchemeObject(scheme));

function csv(n: number): string {
  let seed = 99;
  const rnd = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const lines = ['id,grp,a,b,c,d,pop,inc'];
  for (let i = 0; i < n; i++) {
    const miss = (v: string): string => (rnd() < 0.05 ? '' : v);
    const heavy = rnd() < 0.01 ? String(1e5 * rnd()) : String(Math.round(rnd() * 400) / 4);
    lines.push([`E${i}`, `g${i % 7}`, miss(heavy), miss(String(rnd() * 30)), miss(heavy), miss(String(rnd() * 90)), String(1000 + Math.floor(rnd() * 1000)), String(Math.floor(rnd() * 3.3))].join(','));
  }
  return lines.join('\n');
}
const frame = readCsvText(csv(30_000), compiled.plan);
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
    const small = readCsvText(csv(100), compiled.plan);
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
