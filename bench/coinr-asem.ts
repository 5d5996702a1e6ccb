/**
 * COINr's ASEM example side by side: the uncertainty analysis of COINr's sensitivity vignette
 * (winsorisation winmax 1–5; min-max [1, 100] or z-score (10, 2); weights of the pillars and
 * sub-indices (levels 2 and 3) with noise 0.25; arithmetic or geometric mean everywhere) run by
 * kaohe (bench/schemes/coinr-asem.yaml on conformance/coinr-asem/ASEM_iData.csv) and by COINr
 * itself (bench/coinr/asem-uncertainty.R through Rscript), each on one thread. The random draws
 * differ; the nominal Index (no assumption varied) must be COINr's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { compile, evaluate, uncertaintyAnalysis, type CompiledPlan, type Frame } from '../engine/index.js';
import { loadUncertaintySpec } from '../indicators/index.js';
import { loadSchemeFile, readCsvText } from '../io/index.js';

const root = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));

/** The vignette's four assumptions in kaohe's spec language. */
export const ASEM_SPEC = `
assumptions:
  - id: winsorisation
    outliers: { alternatives: [${[1, 2, 3, 4, 5].map((k) => `{ method: coinr, maxPoints: ${k} }`).join(', ')}] }
  - id: normalisation
    normalise: { indicators: all, alternatives: [{ method: minmax, range: [1, 100] }, { method: zscore, mean: 10, sd: 2 }] }
  - id: weights
    weights: { nodes: [Conn, Sust, Physical, ConEcFin, Political, Instit, P2P, Environ, Social, SusEcFin], noise: 0.25 }
  - id: aggregation
    aggregate: { nodes: all, alternatives: [mean, geometric] }
`;

export interface AsemOut {
  entities: number;
  /** kaohe: one full round (the analogue of COINr's Regen), and per replication of the analysis. */
  roundMs: number;
  replicationMs: number;
  replications: number;
  coinr: { version: string; regenMs: number; replicationMs: number; replications: number; nominalMaxDiff: number; nominalRanksEqual: boolean } | { skipped: string };
}

/** ASEM_iData.csv with kaohe's key columns (uCode is the id, uName the name), without its one-value Time column. */
function asemFrame(compiled: CompiledPlan): Frame {
  const [header, ...rows] = parse(readFileSync(root('conformance/coinr-asem/ASEM_iData.csv'), 'utf8'), { bom: true }) as string[][];
  const keep = header.map((h, k) => (h === 'Time' ? -1 : k)).filter((k) => k >= 0);
  const key = (h: string): string => (h === 'uCode' ? 'id' : h === 'uName' ? 'name' : h);
  const cell = (t: string): string => (/[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
  const lines = [keep.map((k) => key(header[k])), ...rows.map((r) => keep.map((k) => cell(r[k])))].map((r) => r.join(','));
  return readCsvText(`${lines.join('\n')}\n`, compiled.plan, 'ASEM_iData.csv');
}

function fastest(fn: () => void, runs: number): number {
  let best = Infinity;
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** Rscript on PATH with COINr, or why not. */
function coinrMissing(): string | null {
  const r = spawnSync('Rscript', ['-e', 'library(COINr)'], { encoding: 'utf8' });
  if (r.error) return 'Rscript is not installed (../shared/tools/coinr/install.sh installs R and COINr 1.1.14)';
  if (r.status !== 0) return 'R has no COINr package (../shared/tools/coinr/install.sh installs COINr 1.1.14)';
  return null;
}

export async function asemBench(options: { n: number; coinrN: number }): Promise<AsemOut> {
  const scheme = await loadSchemeFile(root('bench/schemes/coinr-asem.yaml'));
  const compiled = compile(scheme);
  const frame = asemFrame(compiled);
  const spec = loadUncertaintySpec(ASEM_SPEC, scheme);
  for (let k = 0; k < 20; k++) evaluate(compiled, frame);
  const roundMs = fastest(() => { evaluate(compiled, frame); }, 30);
  await uncertaintyAnalysis(compiled, frame, spec, { n: options.n, seed: 1 });
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    await uncertaintyAnalysis(compiled, frame, spec, { n: options.n, seed: k + 2 });
    best = Math.min(best, performance.now() - t0);
  }
  const out: AsemOut = { entities: frame.n, roundMs, replicationMs: best / options.n, replications: options.n, coinr: { skipped: '' } };
  const missing = coinrMissing();
  if (missing) return { ...out, coinr: { skipped: missing } };

  const dir = mkdtempSync(join(tmpdir(), 'kaohe-coinr-'));
  try {
    const nominalCsv = join(dir, 'nominal.csv');
    const r = spawnSync('Rscript', [root('bench/coinr/asem-uncertainty.R'), String(options.coinrN), nominalCsv], { encoding: 'utf8', timeout: 1_800_000 });
    if (r.status !== 0) throw new Error(`COINr's run failed: ${r.stderr}`);
    const kv = new Map(r.stdout.trim().split('\n').map((l) => l.split('=') as [string, string]));
    const ours = evaluate(compiled, frame);
    const row = new Map(frame.ids.map((id, i) => [id, i]));
    const theirs = readFileSync(nominalCsv, 'utf8').trim().split('\n').slice(1).map((l) => l.replace(/"/g, '').split(','));
    let maxDiff = 0;
    const theirScores = new Float64Array(frame.n);
    for (const [code, index] of theirs) {
      const i = row.get(code)!;
      theirScores[i] = Number(index);
      maxDiff = Math.max(maxDiff, Math.abs(ours.score[i] - Number(index)));
    }
    const theirRank = (i: number): number => 1 + theirScores.filter((v) => v > theirScores[i]).length;
    return {
      ...out,
      coinr: {
        version: kv.get('coinr') ?? '?',
        regenMs: Number(kv.get('regen_ms')),
        replicationMs: (Number(kv.get('ua_s')) * 1000) / Number(kv.get('ua_n')),
        replications: Number(kv.get('ua_n')),
        nominalMaxDiff: maxDiff,
        nominalRanksEqual: theirs.length === frame.n && ours.rank.every((rank, i) => rank === theirRank(i)),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
