/**
 * `node dist/bench/uncertainty.js [--n 10000] [--threads 2] [--asem-n 1000] [--coinr-n 100]`:
 * the uncertainty analysis benchmark, printed as the section of bench/RESULTS.md.
 *
 *   1. COINr's ASEM example with its sensitivity vignette's four assumptions, kaohe against COINr
 *      itself (bench/coinr-asem.ts; the COINr line is skipped, with a note, where R is absent):
 *      time per replication (one thread each), and the nominal Index compared.
 *   2. The 3,000-county composite (bench/schemes/composite-bench.yaml): N replications (weights
 *      ±25%, two normalisations, two aggregations) on 1 and on T threads, wall and CPU time
 *      (process-wide, so the workers' too: on a shared machine the CPU time is what holds), and
 *      the round's own time as the baseline each replication is set against.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { compile, evaluate, shutdownPool, uncertaintyAnalysis } from '../engine/index.js';
import { loadUncertaintySpec } from '../indicators/index.js';
import { loadSchemeFile, synthFrame } from '../io/index.js';
import { asemBench } from './coinr-asem.js';

const root = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('--n', 10_000);
const THREADS = arg('--threads', Math.min(2, availableParallelism()));
const ASEM_N = arg('--asem-n', 1000);
const COINR_N = arg('--coinr-n', 100);

const COMPOSITE_SPEC = `
assumptions:
  - id: weights
    weights: { nodes: all, noise: 0.25 }
  - id: normalisation
    normalise: { indicators: [energy_intensity_drop, co2_intensity_drop, water_per_gdp_drop], alternatives: [efficacy, { method: minmax, range: [60, 100] }] }
  - id: aggregation
    aggregate: { nodes: [resources, governance, quality], alternatives: [mean, geometric] }
`;

const f = (x: number, d = 2): string => x.toFixed(d);
const big = (x: number): string => Math.round(x).toLocaleString('en-US');

/** Wall and CPU (all threads) milliseconds of one call. */
async function measured(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const u = process.cpuUsage(u0);
  return { wall: performance.now() - t0, cpu: (u.user + u.system) / 1000 };
}

async function main(): Promise<void> {
  const L: string[] = ['## 8. Uncertainty analysis (`node dist/bench/uncertainty.js`)', ''];

  const asem = await asemBench({ n: ASEM_N, coinrN: COINR_N });
  L.push(`### COINr's ASEM example, ${asem.entities} countries × 49 indicators, the sensitivity vignette's assumptions`, '');
  L.push('Winsorisation winmax 1–5; min-max [1, 100] or z-score (10, 2) on every indicator; weights of the 8 pillars and 2 sub-indices × U[0.75, 1.25]; arithmetic or geometric mean on every aggregate. One thread each; kaohe the fastest of 3 analyses, COINr one `get_sensitivity(SA_type = "UA")`.', '');
  L.push('| | one full round | per replication | replications |', '|---|---|---|---|');
  L.push(`| kaohe | ${f(asem.roundMs, 3)} ms | ${f(asem.replicationMs, 3)} ms | ${big(asem.replications)} |`);
  if ('skipped' in asem.coinr) {
    L.push('', `COINr: skipped — ${asem.coinr.skipped}.`, '');
  } else {
    const c = asem.coinr;
    L.push(`| COINr ${c.version} (\`Regen\`, \`get_sensitivity\`) | ${f(c.regenMs, 1)} ms | ${f(c.replicationMs, 1)} ms | ${big(c.replications)} |`);
    const ratio = c.replicationMs / asem.replicationMs;
    L.push('', `Per replication kaohe is **${big(ratio)}×** faster than COINr's regeneration (target ≥ 100×: ${ratio >= 100 ? 'met' : 'missed'}). Nominal Index (no assumption varied): largest difference from COINr's ${c.nominalMaxDiff.toExponential(1)}, ranks ${c.nominalRanksEqual ? 'identical' : 'DIFFERENT'}. The random draws are each tool's own.`, '');
  }

  const scheme = await loadSchemeFile(root('bench/schemes/composite-bench.yaml'));
  const compiled = compile(scheme);
  const frame = synthFrame(compiled.plan, 3000, 1);
  for (let k = 0; k < 10; k++) evaluate(compiled, frame);
  let round = Infinity;
  for (let k = 0; k < 30; k++) {
    const t0 = performance.now();
    evaluate(compiled, frame);
    round = Math.min(round, performance.now() - t0);
  }
  const spec = loadUncertaintySpec(COMPOSITE_SPEC, scheme);
  L.push(`### The composite, 3,000 × ${compiled.plan.nodes.filter((n) => n.kind === 'indicator').length}: ${big(N)} replications`, '');
  L.push(`Weights of every node ±25%, two normalisations of three indicators, arithmetic or geometric means on three categories (4 variants). One round warm: ${f(round)} ms (the baseline). Each analysis in a fresh state (kernels kept by the thread from a first analysis of 200); CPU is all threads'.`, '');
  L.push('| threads | wall | CPU | wall per replication | replications per round-time |', '|---|---|---|---|---|');
  for (const threads of new Set([1, THREADS])) {
    await uncertaintyAnalysis(compiled, frame, spec, { n: 200, seed: 1, threads });
    const t = await measured(() => uncertaintyAnalysis(compiled, frame, spec, { n: N, seed: 2, threads }));
    L.push(`| ${threads} | ${f(t.wall / 1000)} s | ${f(t.cpu / 1000)} s | ${f(t.wall / N, 3)} ms | ${f(round / (t.wall / N))} |`);
    if (threads === THREADS && threads > 1) {
      L.push('', `Target: ${big(N)} replications in under 10 s on 2 cores: ${t.wall < 10_000 ? 'met' : 'missed'} here (${f(t.wall / 1000)} s wall; ${f(t.cpu / 1000 / threads)} s of CPU per thread).`);
    }
  }
  L.push('', `Peak RSS: ${big(process.resourceUsage().maxRSS / 1024)} MB (the replications' scores and ranks are kept, 12 bytes (score, rank) per entity and replication, for exact quantiles).`, '');
  await shutdownPool();
  process.stdout.write(`${L.join('\n')}\n`);
}

await main();
