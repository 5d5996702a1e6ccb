/**
 * Writing the results workbook of a credit round (default 1,000,000 enterprises, synthFrame,
 * scored in memory), against writing the results CSV of the same results in the same process,
 * alternating, median of `--rounds` (default 3), a full GC before each write when run with
 * --expose-gc. The CSV writer is the baseline: the same cells, no XML and no deflate.
 *
 *   node --expose-gc dist/bench/xlsx-write.js [--n 1000000] [--rounds 3] [--dir /tmp]
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, evaluate } from '../engine/index.js';
import { loadSchemeFile, synthFrame, writeResultsFile, writeResultsWorkbook } from '../io/index.js';

const arg = (name: string, fallback: string): string => {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? process.argv[k + 1] : fallback;
};
const n = Number(arg('n', '1000000'));
const rounds = Number(arg('rounds', '3'));
const dir = mkdtempSync(join(arg('dir', tmpdir()), 'kaohe-bench-xlsx-write-'));

/** CPU milliseconds of the main thread alone (Linux), beside the process's. */
function mainThreadMs(): number {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Run { wall: number; cpu: number; main: number; bytes: number }

async function timed(write: () => Promise<unknown>, file: string): Promise<Run> {
  (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const main = mainThreadMs();
  const t = performance.now();
  await write();
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const run = { wall, cpu: (used.user + used.system) / 1000, main: mainThreadMs() - main, bytes: statSync(file).size };
  rmSync(file);
  return run;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

const compiled = compile(await loadSchemeFile(new URL('../../bench/schemes/credit-bench.yaml', import.meta.url).pathname));
const results = evaluate(compiled, synthFrame(compiled.plan, n, 20250101));
const xlsx: Run[] = [];
const csv: Run[] = [];
try {
  for (let r = 0; r < rounds; r++) {
    const file = join(dir, 'out.xlsx');
    xlsx.push(await timed(() => writeResultsWorkbook(results, file), file));
    const csvFile = join(dir, 'out.csv');
    csv.push(await timed(() => writeResultsFile(results, csvFile, 'csv', null), csvFile));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const line = (name: string, runs: Run[]): string =>
  `| ${name} | ${s(median(runs.map((x) => x.wall)))} | ${runs.map((x) => s(x.wall)).join(', ')} | ${s(median(runs.map((x) => x.cpu)))} | ${s(median(runs.map((x) => x.main)))} | ${(runs[0].bytes / 1e6).toFixed(0)} MB |`;
process.stdout.write([
  `${n.toLocaleString('en-US')} entities, credit-bench.yaml, ${rounds} alternating rounds:`,
  '',
  '| writer | wall (median) | each | CPU, all threads | CPU, main thread | file |',
  '|---|---|---|---|---|---|',
  line('results workbook (.xlsx)', xlsx),
  line('results CSV (baseline)', csv),
  '',
  `The workbook takes ${(median(xlsx.map((x) => x.wall)) / median(csv.map((x) => x.wall))).toFixed(2)}× the CSV's wall time.`,
  '',
].join('\n'));
