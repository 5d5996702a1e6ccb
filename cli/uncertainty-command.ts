/**
 * `kaohe uncertainty SCHEME DATA --spec SPEC.yaml [--n N] [--seed S] [--threads T]
 * [--records R --as-of D] -o OUT.csv [--json OUT.json] [--sensitivity SENS.csv]`: the round
 * scored N times with its uncertain assumptions drawn, each entity's rank and score intervals
 * written to OUT.csv; with --sensitivity also N·(d + 2) evaluations of the sensitivity design.
 * Every output is built before any is written, so a failure leaves no file behind.
 */
import { extname, resolve } from 'node:path';
import { sensitivityAnalysis, uncertaintyAnalysis } from '../engine/index.js';
import { loadUncertaintySpecFile, sensitivityCsv, uncertaintyCsv, uncertaintyJson, writeFileAtomic } from '../io/index.js';
import { UsageError } from './failure.js';
import { commandArgs } from './args.js';
import { readRound } from './round-input.js';

export const DEFAULT_REPLICATIONS = 1000;
export const MAX_REPLICATIONS = 100_000;
/**
 * Every replication's score and rank of every entity is kept for exact quantiles (12 bytes each:
 * 360 MB at the limit, 10,000 replications of 3,000 entities); the sensitivity design keeps
 * one number per evaluation.
 */
export const MAX_REPLICATED_CELLS = 30_000_000;

function wholeOption(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!/^\d+$/.test(text) || v < min || v > max) {
    throw new UsageError(`${name} 应为 ${min}–${max} 的整数，实际为「${text}」 / ${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return v;
}

export async function runUncertainty(args: string[]): Promise<string> {
  const { positionals, values } = commandArgs('uncertainty', args, {
    spec: { type: 'string' }, n: { type: 'string' }, seed: { type: 'string' }, threads: { type: 'string' },
    records: { type: 'string' }, 'as-of': { type: 'string' }, out: { type: 'string', short: 'o' }, json: { type: 'string' }, sensitivity: { type: 'string' }, 'sensitivity-of': { type: 'string' },
  }, ['SCHEME', 'DATA']);
  if (!values.spec) throw new UsageError('需要 --spec SPEC.yaml 指定不确定的假设 / --spec SPEC.yaml (the uncertain assumptions) is required');
  if (!values.out || extname(values.out).toLowerCase() !== '.csv') throw new UsageError('需要 -o OUT.csv 指定结果文件 / -o OUT.csv (the file to write) is required');
  if (values.json !== undefined && extname(values.json).toLowerCase() !== '.json') throw new UsageError(`--json 的扩展名应为 .json，实际为「${values.json}」 / --json must name a .json file, got "${values.json}"`);
  if (values.sensitivity !== undefined && extname(values.sensitivity).toLowerCase() !== '.csv') throw new UsageError(`--sensitivity 的扩展名应为 .csv，实际为「${values.sensitivity}」 / --sensitivity must name a .csv file, got "${values.sensitivity}"`);
  if (values['sensitivity-of'] !== undefined && values.sensitivity === undefined) throw new UsageError('--sensitivity-of 需要同时给出 --sensitivity SENS.csv / --sensitivity-of goes with --sensitivity SENS.csv');
  const n = wholeOption('--n', values.n, DEFAULT_REPLICATIONS, 1, MAX_REPLICATIONS);
  const seed = wholeOption('--seed', values.seed, 1, 0, 0xffffffff);
  const threads = wholeOption('--threads', values.threads, 1, 1, 256);

  const { scheme, compiled, frame, asOf } = await readRound(positionals[0], positionals[1], { records: values.records, asOf: values['as-of'] });
  const spec = await loadUncertaintySpecFile(values.spec, scheme);
  if (n * frame.n > MAX_REPLICATED_CELLS) {
    throw new UsageError(`${n} 次重复 × ${frame.n} 个实体超过上限 ${MAX_REPLICATED_CELLS}；请减少 --n / ${n} replications × ${frame.n} entities exceeds the limit of ${MAX_REPLICATED_CELLS}: use a smaller --n`);
  }
  const of = values['sensitivity-of'];
  const entity = of === undefined ? undefined : frame.ids.indexOf(of);
  if (entity === -1) throw new UsageError(`--sensitivity-of：数据中没有实体「${of}」 / --sensitivity-of: the data have no entity "${of}"`);
  const options = { n, seed, threads, asOf };
  const result = await uncertaintyAnalysis(compiled, frame, spec, options);
  const csv = uncertaintyCsv(result);
  const json = values.json !== undefined ? uncertaintyJson(result, spec) : null;
  const sens = values.sensitivity !== undefined ? sensitivityCsv(await sensitivityAnalysis(compiled, frame, spec, { ...options, entity })) : null;
  await writeFileAtomic(resolve(values.out), csv);
  if (json !== null) await writeFileAtomic(resolve(values.json!), json);
  if (sens !== null) await writeFileAtomic(resolve(values.sensitivity!), sens);
  return `已完成 ${n} 次重复（种子 ${seed}），${frame.n} 个实体的区间写入 ${values.out} / ${n} replications (seed ${seed}), intervals of ${frame.n} entities in ${values.out}`;
}
