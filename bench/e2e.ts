/**
 * `npm run bench:e2e`: the credit round end to end, as whole processes a user would run, side by
 * side in one run: `kaohe score bench/schemes/credit-bench.yaml credit1m.csv -o out.csv` against
 * the same rules written by an analyst in Polars, DuckDB and pandas (bench/e2e/*.py), each reading
 * the same CSV and writing the same results columns (checked equal on a sample of entities).
 * The lines alternate, 3 runs each; wall time is the median, peak RSS from /usr/bin/time -v.
 * Also: kaohe at 5,000,000 rows against 1,000,000, 2 threads against 1, end to end, and the
 * service's soak line (bench/soak.ts).
 *
 * Python: a venv in bench/.venv (gitignored) with `pip install polars duckdb pandas`; where
 * python3 or the packages can't be had, those lines are skipped and the report says so.
 *
 *   node dist/bench/e2e.js [--quick]    --quick: 100,000 rows, 1 run each, no 5M line
 * Prints the report (markdown) on stdout; the data lives in the system's temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { soakBench, soakReport } from './soak.js';

const QUICK = process.argv.includes('--quick');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCHEME = join(ROOT, 'bench/schemes/credit-bench.yaml');
const KAOHE = join(ROOT, 'dist/cli/main.js');
const DATA = join(tmpdir(), 'kaohe-bench-e2e');
const VENV = join(ROOT, 'bench/.venv');
const PY = join(VENV, 'bin/python');
const RUNS = QUICK ? 1 : 3;
const N = QUICK ? 100_000 : 1_000_000;
const BIG = 5_000_000;
const SEED = 20250101;
const TIMEOUT_MS = 20 * 60_000;

interface Run {
  ms: number;
  peakMb: number;
  ok: boolean;
  /** First lines of stderr when the process failed. */
  error: string;
}

function timed(cmd: string, args: string[]): Run {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '')?.[1] ?? NaN);
  const ok = r.status === 0;
  const error = ok ? '' : (r.stderr ?? '').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('\t')).slice(0, 3).join(' ').slice(0, 300) || `exit ${r.status ?? r.signal}`;
  return { ms, peakMb: kb / 1024, ok, error };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '—');
const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '—');
const f0 = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—');

function dataFile(n: number): string {
  mkdirSync(DATA, { recursive: true });
  const path = join(DATA, `credit${n}.csv`);
  if (!existsSync(path) || statSync(path).size === 0) {
    const r = spawnSync(process.execPath, [KAOHE, 'synth', SCHEME, '--n', String(n), '--seed', String(SEED), '-o', path], { stdio: 'inherit', timeout: TIMEOUT_MS });
    if (r.status !== 0) throw new Error(`synth of ${n} rows failed`);
  }
  return path;
}

/** The venv with polars, duckdb and pandas, or why there is none. */
function python(): { ok: true } | { ok: false; why: string } {
  if (spawnSync('python3', ['--version']).status !== 0) return { ok: false, why: 'python3 is not installed' };
  if (!existsSync(PY) && spawnSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' }).status !== 0) return { ok: false, why: 'python3 -m venv failed' };
  const has = spawnSync(PY, ['-c', 'import polars, duckdb, pandas'], { stdio: 'ignore' }).status === 0;
  if (has) return { ok: true };
  const pip = spawnSync(PY, ['-m', 'pip', 'install', '-q', 'polars', 'duckdb', 'pandas'], { stdio: 'inherit', timeout: TIMEOUT_MS });
  return pip.status === 0 ? { ok: true } : { ok: false, why: 'pip install polars duckdb pandas failed' };
}

interface Line {
  name: string;
  out: string;
  command: () => [string, string[]];
}

/** id → [rank, score, grade, vetoes] for the ids in `want` (or every 9,973rd entity when `want` is null). */
async function sample(path: string, want: Set<string> | null): Promise<Map<string, [number, number, string, string]>> {
  const out = new Map<string, [number, number, string, string]>();
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let header: string[] | null = null;
  let k = 0;
  for await (const line of rl) {
    const cells = line.split(',');
    if (!header) {
      header = cells.map((h) => h.replace(/"/g, ''));
      continue;
    }
    const id = cells[header.indexOf('id')].replace(/"/g, '');
    if (want ? want.has(id) : k++ % 9973 === 0) {
      const at = (c: string): string => cells[header!.indexOf(c)].replace(/"/g, '');
      out.set(id, [Number(at('rank')), Number(at('score')), at('grade'), at('vetoes').split(';').filter((v) => v !== '').sort().join(';')]);
    }
  }
  return out;
}

/** Entities of the sample on which a line's results differ from kaohe's (score within 1e-9 relative). */
async function differences(reference: Map<string, [number, number, string, string]>, path: string): Promise<number> {
  const other = await sample(path, new Set(reference.keys()));
  let bad = 0;
  for (const [id, [rank, score, grade, vetoes]] of reference) {
    const o = other.get(id);
    const close = o !== undefined && Math.abs(o[1] - score) <= 1e-9 * Math.max(1, Math.abs(score));
    if (!o || o[0] !== rank || !close || o[2] !== grade || o[3] !== vetoes) bad++;
  }
  return bad;
}

async function main(): Promise<void> {
  const started = new Date();
  const load0 = loadavg()[0];
  const input = dataFile(N);
  const py = python();
  const out = (name: string): string => join(DATA, `out-${name}.csv`);
  const lines: Line[] = [
    { name: 'kaohe', out: out('kaohe'), command: () => [process.execPath, [KAOHE, 'score', SCHEME, input, '-o', out('kaohe')]] },
  ];
  if (py.ok) {
    for (const tool of ['polars', 'duckdb', 'pandas']) {
      lines.push({ name: tool, out: out(tool), command: () => [PY, [join(ROOT, `bench/e2e/credit_${tool}.py`), input, out(tool)]] });
    }
  }
  const runs = new Map<string, Run[]>(lines.map((l) => [l.name, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const l of lines) {
      const [cmd, args] = l.command();
      const run = timed(cmd, args);
      runs.get(l.name)!.push(run);
      process.stderr.write(`${l.name} run ${r + 1}: ${f1(run.ms / 1000)} s, ${f0(run.peakMb)} MB${run.ok ? '' : ` FAILED ${run.error}`}\n`);
    }
  }
  const reference = await sample(lines[0].out, null);
  const diffs = new Map<string, number>();
  for (const l of lines.slice(1)) diffs.set(l.name, await differences(reference, l.out));

  // 2 threads against 1, alternating.
  const threads: Record<'1' | '2', Run[]> = { 1: [], 2: [] };
  for (let r = 0; r < RUNS; r++) {
    for (const t of ['1', '2'] as const) threads[t].push(timed(process.execPath, [KAOHE, 'score', SCHEME, input, '-o', out(`kaohe-t${t}`), '--threads', t]));
  }
  // 5,000,000 rows against 1,000,000 (once: it is the slowest line by far).
  let big: Run | null = null;
  if (!QUICK) {
    const bigInput = dataFile(BIG);
    big = timed(process.execPath, [KAOHE, 'score', SCHEME, bigInput, '-o', out('kaohe-5m')]);
  }

  const wall = (name: string): number => median(runs.get(name)!.filter((x) => x.ok).map((x) => x.ms));
  const peak = (name: string): number => median(runs.get(name)!.filter((x) => x.ok).map((x) => x.peakMb));
  const kaoheWall = wall('kaohe');
  const L: string[] = [];
  L.push(`Measured by \`npm run bench:e2e\` (bench/e2e.ts) from ${started.toISOString()} to ${new Date().toISOString()}, ${f0(N)} rows (${f1(statSync(input).size / 1048576)} MB), ${RUNS} alternating run(s) per line, on ${availableParallelism()} cores; load average ${f1(load0)} at the start, ${f1(loadavg()[0])} at the end.`);
  L.push('');
  L.push(`| | wall (median) | peak RSS (median) | kaohe's time ÷ this line's | sample of ${f0(reference.size)} entities |`);
  L.push('|---|---|---|---|---|');
  for (const l of lines) {
    const failed = runs.get(l.name)!.filter((x) => !x.ok);
    const note = l.name === 'kaohe' ? 'reference' : `${diffs.get(l.name) === 0 ? 'equal' : `${diffs.get(l.name)} differ`}`;
    L.push(`| ${l.name} | ${f1(wall(l.name) / 1000)} s | ${f0(peak(l.name))} MB | ${l.name === 'kaohe' ? '1' : f2(kaoheWall / wall(l.name))}× | ${note}${failed.length ? `; ${failed.length} failed: ${failed[0].error}` : ''} |`);
  }
  if (!py.ok) L.push(`| Polars, DuckDB, pandas | skipped: ${py.why} | | | |`);
  L.push('');
  const t1 = median(threads[1].filter((x) => x.ok).map((x) => x.ms));
  const t2 = median(threads[2].filter((x) => x.ok).map((x) => x.ms));
  L.push(`- 2 threads against 1, end to end: ${f1(t1 / 1000)} s with 1, ${f1(t2 / 1000)} s with 2: **${f2(t1 / t2)}×** (target ≥ 1.8×).`);
  if (big) {
    L.push(big.ok
      ? `- ${f0(BIG)} rows: ${f1(big.ms / 1000)} s, peak ${f0(big.peakMb)} MB: **${f2(big.ms / kaoheWall)}×** the ${f0(N)}-row time (target ≤ 5.5×).`
      : `- ${f0(BIG)} rows: kaohe failed after ${f1(big.ms / 1000)} s (peak ${f0(big.peakMb)} MB): ${big.error}`);
  }
  L.push(soakReport(await soakBench()));
  process.stdout.write(`${L.join('\n')}\n`);
}

await main();
