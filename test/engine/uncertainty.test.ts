/**
 * Uncertainty analysis: assumptions that change nothing give intervals equal to the nominal
 * rank and score; each replication equals scoring its variant scheme from scratch (weights
 * compiled in as constants); the same bits for 1 and 2 threads and any chunk size; draws that
 * renormalise weights within their parent. Workers load dist/ (npm test builds it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, evaluate, planHash, shutdownPool, uncertaintyAnalysis } from '../../engine/index.js';
import { designAssumptions } from '../../engine/uncertainty.js';
import { drawReplication, runReplications, variantPlan } from '../../engine/uncertainty-replicate.js';
import { loadSchemeText, loadUncertaintySpec } from '../../indicators/index.js';
import { readCsvText, synthCsv, uncertaintyCsv } from '../../io/index.js';
import { root } from '../cli-runner.js';

const schemeText = readFileSync(join(root, 'templates/demo-green.yaml'), 'utf8');
const scheme = loadSchemeText(schemeText);
const compiled = compile(scheme);
const frame = readCsvText(readFileSync(join(root, 'templates/demo-green.csv'), 'utf8'), compiled.plan);
const sampleSpec = loadUncertaintySpec(readFileSync(join(root, 'templates/uncertainty/demo-green.yaml'), 'utf8'), scheme);

afterAll(async () => {
  await shutdownPool();
});

/** Alternatives that are the nominal operators written another way, and weights without noise. */
const noOpSpec = `
assumptions:
  - id: w
    weights: { nodes: all, noise: 0 }
  - id: norm
    normalise:
      indicators: [energy, water, pm25_level, air_days, water_quality, forest, wetland]
      alternatives: [efficacy, { method: minmax, range: [60, 100] }]
  - id: agg
    aggregate: { nodes: all, alternatives: [mean, { method: power, p: 1 }] }
`;

describe('uncertainty analysis', () => {
  it('assumptions that change nothing give intervals equal to the nominal rank and score, and every grade kept', async () => {
    const u = await uncertaintyAnalysis(compiled, frame, loadUncertaintySpec(noOpSpec, scheme), { n: 40, seed: 7 });
    const nominal = evaluate(compiled, frame);
    for (const q of [u.rankMedian, u.rankP05, u.rankP95]) expect(Array.from(q)).toEqual(Array.from(nominal.rank));
    for (const q of [u.scoreMedian, u.scoreP05, u.scoreP95]) expect(Array.from(q)).toEqual(Array.from(nominal.score));
    expect(Array.from(u.gradeShare)).toEqual(Array.from(nominal.grade, () => 1));
  });

  const operatorSpec = loadUncertaintySpec(`
assumptions:
  - id: impute
    impute: { alternatives: [{ method: fixed, value: 60 }, mean, median, { method: groupMean, group: province }] }
  - id: outliers
    outliers: { indicators: [energy, water, forest], alternatives: [none, { method: coinr, skew: 1, kurtosis: 1 }] }
  - id: w
    weights: { nodes: [resources, environment], noise: 0.5 }
`, scheme);

  // Synthetic data have missing values and outliers for the imputation and outlier alternatives to act on.
  const synth = readCsvText(synthCsv(compiled.plan, 300, 2), compiled.plan);

  it.each([['the sample spec', sampleSpec, frame], ['imputation and outlier alternatives', operatorSpec, synth]] as const)('each replication of %s equals its variant scheme scored from scratch, with the drawn weights as constants', (_, spec, frame) => {
    const assumptions = designAssumptions(compiled, spec);
    const nominalResults = evaluate(compiled, frame);
    const nominal = nominalResults.score;
    let changed = 0;
    const n = frame.n;
    const out = { kind: 'entities', score: new Float64Array(25 * n), rank: new Float32Array(25 * n), nominalGrade: nominalResults.grade, gradeKept: new Int32Array(n) } as const;
    const kept = new Int32Array(n);
    const batch = runReplications({ design: 'uncertainty', N: 20, plan: compiled.plan, assumptions, frame, asOf: null, seed: 3, from: 5, to: 25, out });
    if (!batch.ok) throw new Error('replications failed');
    const chosen = new Set<string>();
    for (let r = 5; r < 25; r++) {
      const d = drawReplication(compiled.plan, assumptions, 3, assumptions.map(() => r));
      chosen.add(d.choice.join(','));
      const plan = variantPlan(compiled.plan, assumptions, d.choice);
      plan.nodes = plan.nodes.map((n, j) => ({ ...n, weight: d.weights[j] }));
      const direct = evaluate({ plan, hash: planHash(plan) }, frame);
      const at = r * n;
      expect(Array.from(out.score.subarray(at, at + n)), `replication ${r}`).toEqual(Array.from(direct.score));
      expect(Array.from(out.rank.subarray(at, at + n))).toEqual(Array.from(direct.rank));
      direct.grade.forEach((g, i) => { if (g === nominalResults.grade[i]) kept[i]++; });
      if (direct.score.some((v, i) => v !== nominal[i])) changed++;
    }
    expect(Array.from(out.gradeKept)).toEqual(Array.from(kept));
    expect(kept.some((k) => k < 20)).toBe(true);
    expect(chosen.size).toBeGreaterThan(1);
    expect(changed).toBe(20);
  });

  it('gives the same bytes on 1 and 2 threads and for any chunk size; another seed gives other intervals', async () => {
    const one = uncertaintyCsv(await uncertaintyAnalysis(compiled, frame, sampleSpec, { n: 200, seed: 11 }));
    const two = uncertaintyCsv(await uncertaintyAnalysis(compiled, frame, sampleSpec, { n: 200, seed: 11, threads: 2 }));
    const chunked = uncertaintyCsv(await uncertaintyAnalysis(compiled, frame, sampleSpec, { n: 200, seed: 11, chunkSize: 2 }));
    const twoChunked = uncertaintyCsv(await uncertaintyAnalysis(compiled, frame, sampleSpec, { n: 200, seed: 11, threads: 2, chunkSize: 3 }));
    expect(two).toBe(one);
    expect(chunked).toBe(one);
    expect(twoChunked).toBe(one);
    const other = uncertaintyCsv(await uncertaintyAnalysis(compiled, frame, sampleSpec, { n: 200, seed: 12 }));
    expect(other).not.toBe(one);
  });

  it('writes the same rows however the replications are split into batches, and whichever batch runs first', () => {
    const assumptions = designAssumptions(compiled, sampleSpec);
    const n = frame.n;
    const rows = (bounds: [number, number][], key?: string): Float64Array[] => {
      const out = { kind: 'entities', score: new Float64Array(60 * n), rank: new Float32Array(60 * n), nominalGrade: evaluate(compiled, frame).grade, gradeKept: new Int32Array(n) } as const;
      for (const [from, to] of bounds) runReplications({ design: 'uncertainty', N: 60, plan: compiled.plan, assumptions, frame, asOf: null, seed: 5, from, to, out, key });
      return [out.score, Float64Array.from(out.rank), Float64Array.from(out.gradeKept)];
    };
    const whole = rows([[0, 60]]);
    expect(rows([[41, 60], [0, 1], [1, 41]], 'split')).toEqual(whole);
    expect(rows([[30, 60], [0, 30]], 'split-again')).toEqual(whole);
  });

  it('draws each varied weight within ±noise and keeps every parent\'s total weight', () => {
    const spec = loadUncertaintySpec('assumptions:\n  - id: w\n    weights: { nodes: [energy, resources, forest], noise: 0.25 }\n', scheme);
    const assumptions = designAssumptions(compiled, spec);
    const nodes = compiled.plan.nodes;
    for (let r = 0; r < 50; r++) {
      const { weights } = drawReplication(compiled.plan, assumptions, 1, [r]);
      for (const node of nodes) {
        if (node.kind !== 'aggregate') continue;
        const nominal = node.children.reduce((s, c) => s + nodes[c].weight, 0);
        const drawn = node.children.reduce((s, c) => s + weights[c], 0);
        expect(Math.abs(drawn - nominal)).toBeLessThan(1e-12 * nominal);
        // Relative to an unvaried sibling, a varied weight moved by a factor in [0.75, 1.25].
        const j = node.children.findIndex((c) => ['energy', 'resources', 'forest'].includes(nodes[c].id));
        if (j < 0) continue;
        const c = node.children[j];
        const s = node.children.find((x) => x !== c && !['energy', 'resources', 'forest'].includes(nodes[x].id))!;
        const factor = (weights[c] / nodes[c].weight) / (weights[s] / nodes[s].weight);
        expect(factor).toBeGreaterThanOrEqual(0.75);
        expect(factor).toBeLessThanOrEqual(1.25);
      }
    }
  });

  it('names the evaluation and its alternatives when a combination fails on the data', async () => {
    const spec = loadUncertaintySpec(`
assumptions:
  - id: norm
    normalise: { indicators: [forest], alternatives: [efficacy, zscore] }
  - id: agg
    aggregate: { nodes: [ecology], alternatives: [mean, geometric] }
`, scheme);
    await expect(uncertaintyAnalysis(compiled, frame, spec, { n: 50, seed: 1 })).rejects.toThrow(/evaluation \d+ \(norm=\{"method":"zscore".*agg="geometric"\)/);
  });
});
