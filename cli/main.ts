#!/usr/bin/env node
/**
 * The `kaohe` command: check a scheme, score a round, explain one entity, run the demo.
 * Exit codes: 0 done, 1 the input is wrong (every problem printed), 2 the command line is wrong.
 */
import { once } from 'node:events';
import { statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { compile, evaluate, evaluateParallel, explain, kernelListing, refuseBlankRun, settlements, shutdownPool, type CompiledPlan } from '../engine/index.js';
import { canonicalJson, KaoheError } from '../indicators/index.js';
import {
  hashedCsvChunks, loadSchemeFile, MAX_CSV_BYTES, MAX_SYNTH_ROWS, MAX_SYNTHETIC_DIVISIONS, provenanceMetaJson, readPreviousRanks, readUncertaintySummary, refuseOversizedWorkbook, synthCsvChunks, writeFileAtomic, writeResultsFile, writeResultsWorkbook,
} from '../io/index.js';
import { runAudit } from './audit-command.js';
import { runHash } from './hash-command.js';
import { runVerify } from './verify-command.js';
import { runAttribute } from './attribute-command.js';
import { runDemo } from './demo.js';
import { runTemplate } from './template-command.js';
import { runUncertainty } from './uncertainty-command.js';
import { runSchemeCommand } from './scheme-command.js';
import { runServe } from './serve-command.js';
import { failureReport, UsageError } from './failure.js';
import { periodOption, readRound } from './round-input.js';
import { phase } from './progress.js';
import { explanationText, planSummary } from './render.js';
import { say, writeResult } from './terminal.js';
import { commandArgs, didYouMean, HelpRequested } from './args.js';
import { COMMANDS, usageOf } from './usage.js';



async function compileFile(path: string): Promise<CompiledPlan> {
  return compile(await loadSchemeFile(path));
}

function threadsOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 256) throw new UsageError(`--threads 应为 1–256 的整数，实际为「${text}」 / --threads must be a whole number from 1 to 256, got "${text}"`);
  return n;
}

function rowsOption(text: string | undefined): number {
  if (text === undefined) throw new UsageError('需要 --n 指定实体个数 / --n N (the number of entities) is required');
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_SYNTH_ROWS) {
    throw new UsageError(`--n 应为 1–${MAX_SYNTH_ROWS} 的整数，实际为「${text}」 / --n must be a whole number from 1 to ${MAX_SYNTH_ROWS}, got "${text}"`);
  }
  return n;
}

/** Region ids a service roster takes (GB/T 2260 shape), for a region scheme and as many regions as there are codes. */
function divisionIds(compiled: CompiledPlan, n: number): 'division' {
  if (compiled.plan.scheme.subject !== 'region') throw new UsageError(`--division-codes 只用于评价地区的方案（本方案评价 ${compiled.plan.scheme.subject}）/ --division-codes is for schemes that evaluate regions (this one evaluates ${compiled.plan.scheme.subject})`);
  if (n > MAX_SYNTHETIC_DIVISIONS) throw new UsageError(`--division-codes 最多 ${MAX_SYNTHETIC_DIVISIONS} 个地区，实际 --n ${n} / --division-codes makes at most ${MAX_SYNTHETIC_DIVISIONS} regions, got --n ${n}`);
  return 'division';
}

function seedOption(text: string | undefined): number {
  if (text === undefined) return 1;
  const s = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(s)) {
    throw new UsageError(`--seed 应为整数，实际为「${text}」 / --seed must be a whole number, got "${text}"`);
  }
  return s;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check': {
      const { positionals, values } = commandArgs(command, rest, { plan: { type: 'boolean' }, kernels: { type: 'boolean' } }, ['SCHEME']);
      if (values.plan && values.kernels) throw new UsageError('--plan 与 --kernels 只能选一个 / choose one of --plan and --kernels');
      const compiled = await compileFile(positionals[0]);
      if (values.plan) writeResult(`${JSON.stringify(JSON.parse(canonicalJson(compiled.plan)), null, 2)}\n`);
      else if (values.kernels) writeResult(kernelListing(compiled));
      else say(`${planSummary(compiled.plan, compiled.hash)}\n校验通过 OK\n`, process.stdout);
      return 0;
    }
    case 'score': {
      const { positionals, values } = commandArgs(command, rest, { out: { type: 'string', short: 'o' }, threads: { type: 'string' }, records: { type: 'string' }, 'as-of': { type: 'string' }, previous: { type: 'string' }, uncertainty: { type: 'string' }, period: { type: 'string' } }, ['SCHEME', 'DATA']);
      const threads = threadsOption(values.threads);
      const out = values.out;
      const format = out ? extname(out).toLowerCase() : '.csv';
      if (format !== '.csv' && format !== '.json' && format !== '.xlsx') {
        throw new UsageError(`输出文件扩展名应为 .csv、.json 或 .xlsx，实际为「${format || '无'}」 / the output extension must be .csv, .json or .xlsx, got "${format || 'none'}"`);
      }
      if (values.previous && format !== '.xlsx') throw new UsageError('--previous 用于 Excel 结果的名次变化，请用 -o OUT.xlsx / --previous adds rank changes to an Excel result: use -o OUT.xlsx');
      if (values.uncertainty && format !== '.xlsx') throw new UsageError('--uncertainty 为 Excel 结果加上不确定性工作表，请用 -o OUT.xlsx / --uncertainty adds the uncertainty sheet to an Excel result: use -o OUT.xlsx');
      // A CSV's reader tells rows and bytes done (a workbook's read shows the phase and, at the end, its time).
      const bytes = statSync(positionals[1], { throwIfNoEntry: false })?.size ?? 0;
      const { compiled, frame, asOf } = await phase('读取 Reading', (p) => readRound(positionals[0], positionals[1], {
        records: values.records, asOf: values['as-of'], period: periodOption(values.period), threads, onProgress: (rows, done) => p.update(done, bytes, rows),
      }), (r) => r.frame.n);
      const previousRanks = values.previous ? await readPreviousRanks(values.previous) : undefined;
      const uncertainty = values.uncertainty ? await readUncertaintySummary(values.uncertainty, compiled.hash) : null;
      if (format === '.xlsx') refuseOversizedWorkbook(frame.n, out!);
      const results = await phase('评分 Scoring', (p) => evaluateParallel(compiled, frame, {
        threads, asOf, onProgress: (done, total) => p.update(done, total, Math.round((frame.n * done) / total)),
      }), () => frame.n);
      refuseBlankRun(results, positionals[1]);
      settlements(results);
      if (format === '.xlsx') {
        await phase('写出 Writing', (p) => writeResultsWorkbook(results, resolve(out!), { previousRanks, uncertainty, onProgress: p.update }), () => frame.n);
        say(`已评分 ${frame.n} 个实体，结果写入 ${out} / scored ${frame.n} entities, results in ${out}\n`);
        return 0;
      }
      const hash = await phase('写出 Writing', async (p) => {
        if (!out) {
          const csv = hashedCsvChunks(results, { threads, onProgress: p.update });
          for await (const chunk of csv.chunks) if (!writeResult(chunk)) await once(process.stdout, 'drain');
          return csv.digest();
        }
        const provenance = await writeResultsFile(results, resolve(out), format === '.json' ? 'json' : 'csv', null, p.update, { threads });
        // The CSV keeps its header on line 1: its provenance goes beside it.
        if (format === '.csv') await writeFileAtomic(resolve(`${out}.meta.json`), provenanceMetaJson(results, provenance));
        return provenance.resultsCsvHash;
      }, () => frame.n);
      if (out) say(`已评分 ${frame.n} 个实体，结果写入 ${out}${format === '.csv' ? `（来源信息见 ${out}.meta.json）` : ''} / scored ${frame.n} entities, results in ${out}${format === '.csv' ? ` (provenance in ${out}.meta.json)` : ''}\n`);
      say(`结果文件哈希 results CSV hash: ${hash}\n`);
      return 0;
    }
    case 'explain': {
      const { positionals, values } = commandArgs(command, rest, { id: { type: 'string' }, json: { type: 'boolean' }, records: { type: 'string' }, 'as-of': { type: 'string' }, period: { type: 'string' } }, ['SCHEME', 'DATA']);
      if (!values.id) throw new UsageError('需要 --id 指定实体编码 / --id ENTITY is required');
      const { compiled, frame, asOf } = await readRound(positionals[0], positionals[1], { records: values.records, asOf: values['as-of'], period: periodOption(values.period) });
      const results = evaluate(compiled, frame, { asOf });
      const e = explain(results, values.id);
      if (!e) {
        throw new KaoheError([{ where: positionals[1], zh: `数据中没有编码为「${values.id}」的实体`, en: `no entity with id "${values.id}" in the data` }]);
      }
      if (values.json) writeResult(`${JSON.stringify(e, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1)}\n`);
      else say(`${explanationText(e, compiled.plan)}\n`, process.stdout);
      return 0;
    }
    case 'synth': {
      const { positionals, values } = commandArgs(command, rest, { n: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string', short: 'o' }, 'division-codes': { type: 'boolean' } }, ['SCHEME']);
      const n = rowsOption(values.n);
      const seed = seedOption(values.seed);
      const out = values.out;
      if (out && extname(out).toLowerCase() !== '.csv') {
        throw new UsageError(`输出文件扩展名应为 .csv，实际为「${extname(out) || '无'}」 / the output extension must be .csv, got "${extname(out) || 'none'}"`);
      }
      const compiled = await compileFile(positionals[0]);
      const ids = values['division-codes'] ? divisionIds(compiled, n) : 'sequence';
      let bytes = 0;
      const counted = function* (): Generator<string> {
        for (const chunk of synthCsvChunks(compiled.plan, n, seed, undefined, ids)) {
          bytes += Buffer.byteLength(chunk);
          yield chunk;
        }
      };
      if (out) {
        await writeFileAtomic(resolve(out), counted());
        say(`已生成 ${n} 个实体的合成数据（种子 ${seed}），写入 ${out} / ${n} synthetic entities (seed ${seed}) in ${out}\n`);
      } else {
        for (const chunk of counted()) if (!writeResult(chunk)) await once(process.stdout, 'drain');
      }
      if (bytes > MAX_CSV_BYTES) {
        say(`注意：文件 ${bytes} 字节，超过 kaohe score 可读取的上限 ${MAX_CSV_BYTES} 字节 / note: the file is ${bytes} bytes, more than kaohe score reads (${MAX_CSV_BYTES})\n`);
      }
      return 0;
    }
    case 'template': {
      const { positionals, values } = commandArgs(command, rest, { roster: { type: 'string' }, out: { type: 'string', short: 'o' }, traditional: { type: 'boolean' } }, ['SCHEME']);
      if (!values.out || extname(values.out).toLowerCase() !== '.xlsx') throw new UsageError('需要 -o OUT.xlsx 指定模板文件 / -o OUT.xlsx (the workbook to write) is required');
      say(`${await runTemplate(positionals[0], values.out, values.roster, values.traditional === true)}\n`);
      return 0;
    }
    case 'attribute': {
      const { positionals, values } = commandArgs(command, rest, { posts: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string', short: 'o' }, records: { type: 'string' }, 'as-of': { type: 'string' } }, ['SCHEME', 'DATA']);
      if (!values.posts || !values.from || !values.to) throw new UsageError('需要 --posts FILE --from YYYY-MM-DD --to YYYY-MM-DD / --posts, --from and --to are required');
      const text = await runAttribute({ scheme: positionals[0], data: positionals[1], posts: values.posts, from: values.from, to: values.to, out: values.out, records: values.records, asOf: values['as-of'] });
      if (!values.out) writeResult(text);
      else say(`结果写入 ${values.out} / written to ${values.out}\n`);
      return 0;
    }
    case 'hash': {
      const { positionals } = commandArgs(command, rest, {}, ['RESULTS']);
      return runHash(positionals[0]);
    }
    case 'uncertainty':
      say(`${await runUncertainty(rest)}\n`);
      return 0;
    case 'verify': {
      const { positionals } = commandArgs(command, rest, {}, ['BUNDLE.zip']);
      return runVerify(positionals[0]);
    }
    case 'audit':
      return runAudit(rest);
    case 'scheme':
      return runSchemeCommand(rest);
    case 'serve':
      return runServe(rest);
    case 'demo':
      commandArgs(command, rest, {}, []);
      say(`${await runDemo()}\n`, process.stdout);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      say(`${usageOf(rest[0])}\n`, process.stdout);
      return 0;
    default: {
      const hint = didYouMean(command, COMMANDS);
      throw new UsageError(`未知命令「${command}」${hint.zh} / unknown command: ${command}${hint.en}`);
    }
  }
}

const argv = process.argv.slice(2);
main(argv).finally(shutdownPool).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof HelpRequested) {
      say(`${usageOf(e.command)}\n`, process.stdout);
      process.exitCode = 0;
      return;
    }
    const { code, text } = failureReport(e, usageOf(argv[0]));
    say(text);
    process.exitCode = code;
  },
);
