/**
 * Sensitivity analysis: the estimators against a hand computation, the design's order, and
 * known answers: an assumption that changes nothing has first and total index exactly 0, the
 * only assumption that matters has indices near 1, and a linear composite's first-order indices
 * are the analytic ones; the same bits on 1 and 2 threads and any chunk size.
 * Workers load dist/ (npm test builds it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, sensitivityAnalysis, shutdownPool } from '../../engine/index.js';
import { saltelliJansen } from '../../engine/sensitivity.js';
import { samplesOf } from '../../engine/uncertainty-replicate.js';
import { loadSchemeText, loadUncertaintySpec, parseSchemeObject, type UncertaintySpec } from '../../indicators/index.js';
import { readCsvText } from '../../io/index.js';
import { root } from '../cli-runner.js';
import { indicator, L, table } from '../helpers.js';

const scheme = loadSchemeText(readFileSync(join(root, 'templates/demo-green.yaml'), 'utf8'));
const compiled = compile(scheme);
const frame = readCsvText(readFileSync(join(root, 'templates/demo-green.csv'), 'utf8'), compiled.plan);

afterAll(async () => {
  await shutdownPool();
});

describe('sensitivity estimators', () => {
  it('equal a hand computation on a small fixed sample', () => {
    // N = 2, d = 1: y_A = [1, 3], y_B = [2, 6], y_AB1 = [2, 3].
    // V = var(1, 3, 2, 6) = ((1−3)² + 0 + (2−3)² + (6−3)²) / 3 = 14/3.
    // S_1 = mean(2·(2−1), 6·(3−3)) / V = 1 / (14/3) = 3/14; ST_1 = ((1−2)² + 0) / (2·2·V) = 3/56.
    const r = saltelliJansen([1, 3, 2, 6, 2, 3], 2, 1);
    expect(r.variance).toBeCloseTo(14 / 3, 14);
    expect(r.first[0]).toBeCloseTo(3 / 14, 14);
    expect(r.total[0]).toBeCloseTo(3 / 56, 14);
    expect(r.firstBounds[0]).toEqual([NaN, NaN]);
    // Resampling the two first-order terms [2, 0] gives means of 0, 1 or 2: S between 0 and 6/14.
    const b = saltelliJansen([1, 3, 2, 6, 2, 3], 2, 1, 200, 1);
    expect(b.first).toEqual(r.first);
    const [lo, hi] = b.firstBounds[0];
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(6 / 14 + 1e-15);
    expect(lo).toBeLessThan(hi);
  });
  it('read the design in COINr\'s order: A, B, then AB_i with only assumption i from B', () => {
    const N = 3;
    expect(samplesOf('sensitivity', 1, 2, N)).toEqual([2, 2]); // A row 1
    expect(samplesOf('sensitivity', 4, 2, N)).toEqual([3, 3]); // B row 1
    expect(samplesOf('sensitivity', 7, 2, N)).toEqual([3, 2]); // AB_1 row 1
    expect(samplesOf('sensitivity', 10, 2, N)).toEqual([2, 3]); // AB_2 row 1
    expect(samplesOf('uncertainty', 7, 2, N)).toEqual([7, 7]);
  });
});

describe('sensitivity analysis', () => {
  const spec = loadUncertaintySpec(`
assumptions:
  - id: noop
    aggregate: { nodes: all, alternatives: [mean, { method: power, p: 1 }] }
  - id: weights
    weights: { nodes: all, noise: 0.25 }
`, scheme);

  it('gives an assumption that changes nothing indices of exactly 0, and the only one that matters indices near 1', async () => {
    const s = await sensitivityAnalysis(compiled, frame, spec, { n: 300, seed: 4 });
    expect(s.variance).toBeGreaterThan(0);
    const [noop, weights] = s.indices;
    expect(noop.first).toBe(0);
    expect(noop.total).toBe(0);
    expect(noop.firstBounds).toEqual([0, 0]);
    expect(noop.totalBounds).toEqual([0, 0]);
    for (const [lo, hi] of [weights.firstBounds, weights.totalBounds]) {
      expect(lo).toBeLessThan(hi);
      expect(lo).toBeGreaterThan(0.5);
      expect(hi).toBeLessThan(1.5);
    }
    expect(weights.totalBounds[0]).toBeLessThanOrEqual(weights.total);
    expect(weights.totalBounds[1]).toBeGreaterThanOrEqual(weights.total);
    expect(weights.total).toBeGreaterThan(0.8);
    expect(weights.total).toBeLessThan(1.2);
    expect(weights.first).toBeGreaterThan(0.8);
    expect(weights.first).toBeLessThan(1.2);
  });

  it('gives the same bits on 1 and 2 threads and for any chunk size', async () => {
    const sample = loadUncertaintySpec(readFileSync(join(root, 'templates/uncertainty/demo-green.yaml'), 'utf8'), scheme);
    const one = await sensitivityAnalysis(compiled, frame, sample, { n: 60, seed: 9 });
    const two = await sensitivityAnalysis(compiled, frame, sample, { n: 60, seed: 9, threads: 2 });
    expect(two).toEqual(one);
    expect(await sensitivityAnalysis(compiled, frame, sample, { n: 60, seed: 9, threads: 2, chunkSize: 5 })).toEqual(one);
    expect(one.indices.every((x) => Number.isFinite(x.first) && Number.isFinite(x.total))).toBe(true);
  });

  it('of a linear composite with uniform weight noise: first-order indices are the analytic ones, within the bootstrap bounds', async () => {
    // score = Σ w_j(1 + a·u_j)·v_j / Σ w_j(1 + a·u_j), u_j ~ U[−1, 1] one assumption each. To first
    // order in a, score − s0 = (a / W)·Σ w_j(v_j − s0)·u_j: independent terms, so S_j = c_j² / Σ c_k²
    // with c_j = w_j(v_j − s0), and ST_j = S_j (no interactions). w = (1, 2, 3), v = (−60, −30, 40):
    // s0 = 0 (the estimators' spread grows with the output's mean), c = (−60, −60, 120), so
    // S = (3600, 3600, 14400) / 21600 = (1/6, 1/6, 2/3).
    const linear = parseSchemeObject({
      id: 'linear', version: '1', name: L('Linear'), subject: 'region',
      inputs: ['a', 'b', 'c'].map((id) => ({ id, label: L(id) })),
      tree: { id: 'root', label: L('Root'), children: ['a', 'b', 'c'].map((id, k) => indicator(id, { method: 'none' }, { weight: k + 1 })) },
    });
    const plan = compile(linear);
    const data = readCsvText(table({ id: ['e0', 'e1'], a: [-60, 20], b: [-30, 20], c: [40, 20] }), plan.plan);
    const spec = loadUncertaintySpec(['a', 'b', 'c'].map((id) => `  - id: w_${id}\n    weights: { nodes: [n_${id}], noise: 0.1 }`).join('\n').replace(/^/, 'assumptions:\n'), linear);
    const s = await sensitivityAnalysis(plan, data, spec, { n: 4000, seed: 3, entity: 0 });
    const analytic = [1 / 6, 1 / 6, 2 / 3];
    s.indices.forEach((x, j) => {
      expect(x.firstBounds[0], x.id).toBeLessThanOrEqual(analytic[j]);
      expect(x.firstBounds[1], x.id).toBeGreaterThanOrEqual(analytic[j]);
      expect(x.totalBounds[0], x.id).toBeLessThanOrEqual(analytic[j]);
      expect(x.totalBounds[1], x.id).toBeGreaterThanOrEqual(analytic[j]);
    });
    // Not a loose pass: the bounds are narrow enough to tell the indices apart.
    for (const x of s.indices) expect(x.firstBounds[1] - x.firstBounds[0], x.id).toBeLessThan(0.1);
    expect(s.indices[0].firstBounds[1]).toBeLessThan(s.indices[2].firstBounds[0]);
  });

  it('gives aggregation alternatives on a node with one child total index exactly 0, beside weights that matter', async () => {
    const nested = parseSchemeObject({
      id: 'nested', version: '1', name: L('Nested'), subject: 'region',
      inputs: ['a', 'b'].map((id) => ({ id, label: L(id) })),
      tree: {
        id: 'root', label: L('Root'),
        children: [{ id: 'only', label: L('Only'), children: [indicator('a', { method: 'none' })] }, indicator('b', { method: 'none' })],
      },
    });
    const plan = compile(nested);
    const data = readCsvText(table({ id: ['e0', 'e1', 'e2'], a: [10, 40, 70], b: [90, 55, 10] }), plan.plan);
    const specOf = (alternatives: string): UncertaintySpec => loadUncertaintySpec(`assumptions:\n  - id: one_child\n    aggregate: { nodes: [only], alternatives: ${alternatives} }\n  - id: weights\n    weights: { nodes: [only, n_b], noise: 0.5 }\n`, nested);
    // The ranks don't see the last bit: exp(ln v) for the geometric mean of one child may differ
    // from v by one unit in the last place, so the score's own indices are checked on means
    // that return v exactly.
    for (const [alternatives, entity] of [['[mean, geometric, harmonic]', undefined], ['[mean, { method: power, p: 1 }]', 0]] as const) {
      const s = await sensitivityAnalysis(plan, data, specOf(alternatives), { n: 200, seed: 2, entity });
      expect(s.variance).toBeGreaterThan(0);
      expect(s.indices[0].total).toBe(0);
      expect(s.indices[0].first).toBe(0);
      expect(s.indices[1].total).toBeGreaterThan(0.5);
    }
  });

  it('refuses an entity that is not in the frame', async () => {
    await expect(sensitivityAnalysis(compiled, frame, spec, { n: 10, seed: 1, entity: frame.n })).rejects.toThrow(`entity must be a frame index from 0 to ${frame.n - 1}, got ${frame.n}`);
  });
});
