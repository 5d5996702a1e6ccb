/**
 * `node dist/bench/uncertainty.js [--n 2000] [--threads 2]`: the 3,000-county composite
 * (bench/schemes/composite-bench.yaml) scored warm, its outlier decisions alone, and an
 * uncertainty analysis of N replications (weights ±25%, two normalisations, two aggregations)
 * on 1 and on T threads. Prints the fastest and the median of repeated runs (on a shared machine
 * the fastest is the least disturbed); the round's own time is the baseline each replication is
 * set against (replications per round-time), so the ratio holds on any machine.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { compile, evaluate, shutdownPool, uncertaintyAnalysis } from '../engine/index.js';
import { decideTreatment } from '../engine/outliers.js';
import { loadUncertaintySpec } from '../indicators/index.js';
import { loadSchemeFile, synthFrame } from '../io/index.js';

const root = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('--n', 2000);
const THREADS = arg('--threads', Math.min(2, availableParallelism()));

const SPEC = `
assumptions:
  - id: weights
    weights: { nodes: all, noise: 0.25 }
  - id: normalisation
    normalise: { indicators: [energy_intensity_drop, co2_intensity_drop, water_per_gdp_drop], alternatives: [efficacy, { method: minmax, range: [60, 100] }] }
  - id: aggregation
    aggregate: { nodes: [resources, governance, quality], alternatives: [mean, geometric] }
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function time(fn: () => void, runs: number): { min: number; median: number } {
  for (let k = 0; k < 3; k++) fn();
  const t: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return { min: Math.min(...t), median: median(t) };
}

const ms = (t: { min: number; median: number }): string => `${t.min.toFixed(2)} ms (median ${t.median.toFixed(2)})`;

async function main(): Promise<void> {
  const scheme = await loadSchemeFile(root('bench/schemes/composite-bench.yaml'));
  const compiled = compile(scheme);
  const frame = synthFrame(compiled.plan, 3000, 1);
  const round = time(() => { evaluate(compiled, frame); }, 30);
  const results = evaluate(compiled, frame);
  const treated = compiled.plan.nodes.flatMap((node, j) => (node.kind === 'indicator' && node.outliers.method === 'coinr' ? [{ node, j }] : []));
  const columns = treated.map(({ j }) => results.columns[results.layout.imputed[j]]);
  const outliers = time(() => {
    treated.forEach(({ node }, k) => { if (node.kind === 'indicator' && node.outliers.method === 'coinr') decideTreatment(columns[k], node.outliers); });
  }, 30);
  const lines = [
    `composite, 3,000 × ${compiled.plan.nodes.filter((n) => n.kind === 'indicator').length}: round warm (inline) ${ms(round)}; its outlier decisions alone ${ms(outliers)} (${((outliers.min / round.min) * 100).toFixed(0)}% of the fastest round)`,
  ];
  const spec = loadUncertaintySpec(SPEC, scheme);
  for (const threads of [1, THREADS]) {
    await uncertaintyAnalysis(compiled, frame, spec, { n: Math.min(N, 50), seed: 1, threads });
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      await uncertaintyAnalysis(compiled, frame, spec, { n: N, seed: 1, threads });
      best = Math.min(best, performance.now() - t0);
    }
    const per = best / N;
    lines.push(`uncertainty N = ${N} on ${threads} thread(s), fastest of 3: ${(best / 1000).toFixed(2)} s, ${per.toFixed(3)} ms per replication (${(round.min / per).toFixed(2)} replications per round-time); 10,000 would take ${(per * 10).toFixed(1)} s`);
  }
  await shutdownPool();
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
