/**
 * The read phase alone: a data CSV from its bytes to a checked Frame, the byte reader
 * (io/csv-bytes.ts, what `kaohe score` runs) against the general path it falls back to
 * (csv-parse's rows of strings, each cell read by io/cells.ts: the reader before the byte
 * reader), alternating in one process on the same file, after a full GC each.
 *
 *   node --expose-gc dist/bench/csv-read.js [--rows 1000000] [--runs 3] [--file data.csv]
 *
 * Without --file the credit bench scheme's synthetic data (seed 1) is written to a temporary
 * file first. Prints each reader's median time, rows/s, the heap and RSS after, and the ratio.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type Frame, type ScoringPlan } from '../engine/index.js';
import { checkUtf8, eachCsvRecord, loadSchemeFile, readCsvFile, synthCsvChunks } from '../io/index.js';
import { CsvFrameReader } from '../io/csv-input.js';

const root = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const rows = Number(arg('--rows', '1000000'));
const runs = Number(arg('--runs', '3'));
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);

function generalPath(bytes: Buffer, plan: ScoringPlan, file: string): Frame {
  const reader = new CsvFrameReader(plan, file, { caps: { maxRows: Infinity, maxEmptyRows: Infinity } });
  eachCsvRecord(new TextDecoder('utf-8').decode(bytes), file, (record, line) => reader.record(record, line));
  return reader.finish().frame;
}

const plan = compile(await loadSchemeFile(root('bench/schemes/credit-bench.yaml'))).plan;
let dir: string | null = null;
let file = arg('--file', '');
if (!file) {
  dir = mkdtempSync(join(tmpdir(), 'kaohe-csv-read-'));
  file = join(dir, 'credit.csv');
  writeFileSync(file, Buffer.concat([...synthCsvChunks(plan, rows, 1)].map((c) => Buffer.from(c))));
}
const times: Record<'bytes' | 'general', number[]> = { bytes: [], general: [] };
// CPU time beside the wall time: on a shared machine the wall time also counts others' work.
const cpu: Record<'bytes' | 'general', number[]> = { bytes: [], general: [] };
const memory: Record<'bytes' | 'general', string> = { bytes: '', general: '' };
let n = 0;
for (let i = 0; i < runs; i++) {
  for (const which of ['bytes', 'general'] as const) {
    gc();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const bytes = readFileSync(file);
    checkUtf8(bytes, file);
    const frame = which === 'bytes' ? readCsvFile(bytes, plan, file) : generalPath(bytes, plan, file);
    times[which].push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu[which].push((c.user + c.system) / 1e6);
    n = frame.n;
    const m = process.memoryUsage();
    memory[which] = `heap ${Math.round(m.heapUsed / 2 ** 20)} MiB, rss ${Math.round(m.rss / 2 ** 20)} MiB`;
  }
}
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const b = median(times.bytes);
const g = median(times.general);
console.log(`read phase, ${n} rows (${(readFileSync(file).length / 2 ** 20).toFixed(0)} MiB), median of ${runs}:`);
const line = (label: string, wall: number, which: 'bytes' | 'general'): string =>
  `  ${label}  ${wall.toFixed(2)} s wall, ${median(cpu[which]).toFixed(2)} s CPU  ${Math.round(n / wall).toLocaleString('en')} rows/s  (${memory[which]})`;
console.log(line('byte reader ', b, 'bytes'));
console.log(line('general path', g, 'general'));
console.log(`  ratio         ${(b / g).toFixed(3)} wall (${(g / b).toFixed(1)}× faster), ${(median(cpu.bytes) / median(cpu.general)).toFixed(3)} CPU`);
if (dir) rmSync(dir, { recursive: true, force: true });
