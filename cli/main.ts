#!/usr/bin/env node
/**
 * The `kaohe` command: check a scheme, score a round, explain one entity, run the demo.
 * Exit codes: 0 done, 1 the input is wrong (every problem printed), 2 the command line is wrong.
 */
import { once } from 'node:events';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compile, evaluate, evaluateParallel, explain, kernelListing, refuseBlankRun, shutdownPool, type CompiledPlan } from '../engine/index.js';
import { canonicalJson, KaoheError } from '../indicators/index.js';
import {
  loadSchemeFile, MAX_CSV_BYTES, MAX_SYNTH_ROWS, provenanceMetaJson, provenanceOf, readPreviousRanks, resultsCsv, resultsCsvHash, resultsJson, synthCsvChunks, writeFileAtomic, writeResultsWorkbook,
} from '../io/index.js';
import { runHash } from './hash-command.js';
import { runVerify } from './verify-command.js';
import { runAttribute } from './attribute-command.js';
import { runDemo } from './demo.js';
import { runTemplate } from './template-command.js';
import { runUncertainty } from './uncertainty-command.js';
import { runSchemeCommand } from './scheme-command.js';
import { runServe } from './serve-command.js';
import { failureReport, UsageError } from './failure.js';
import { readRound } from './round-input.js';
import { progressBar } from './progress.js';
import { explanationText, planSummary } from './render.js';
import { say, writeResult } from './terminal.js';

const USAGE = `用法 Usage:
  kaohe check SCHEME [--plan | --kernels]     校验并编译方案 / validate and compile a scheme;
                                              --plan 打印计分计划（与计划哈希所哈希的内容相同）/ print the plan (exactly what the plan hash covers);
                                              --kernels 打印生成的计算内核 / print the generated kernels
  kaohe template SCHEME [--roster ROSTER.csv] -o ROUND.xlsx
                                              生成填报模板（给名单则预填编码和名称）/ the fill-in workbook for a round (prefilled from a roster)
  kaohe score SCHEME DATA.csv|DATA.xlsx [-o OUT] [--threads N] [--previous PREV.csv] [--records RECORDS.csv --as-of YYYY-MM-DD]
                                              评分；OUT 的扩展名决定格式 .csv、.json 或 .xlsx（默认 CSV 输出到屏幕）；N 默认为全部核心
                                              score a round; OUT's extension picks .csv, .json or .xlsx (default: CSV on stdout);
                                              --previous: last round's results CSV, for rank changes in the workbook;
                                              N worker threads (default: every core; 1 = this thread only)
                                              方案含带日期的记录时，需给出记录文件和评价基准日
                                              schemes with dated records need the records file and the evaluation date
  kaohe explain SCHEME DATA.csv|DATA.xlsx --id ID [--json] [--records RECORDS.csv --as-of YYYY-MM-DD]
                                              逐节点说明一个实体的得分 / one entity's score, node by node
  kaohe attribute SCHEME DATA --posts POSTS.csv --from YYYY-MM-DD --to YYYY-MM-DD [-o OUT.csv]
                                              按任职天数把地区结果归属到在任干部 / attribute a region's results to the officials in post, by days in post
  kaohe uncertainty SCHEME DATA --spec SPEC.yaml [--n 1000] [--seed 1] [--threads 1] [--records R --as-of D] -o OUT.csv [--json OUT.json] [--sensitivity SENS.csv]
                                              不确定性分析：按规格随机改变权重、标准化和汇总方法重复评分，给出名次与得分的 5–95% 区间
                                              uncertainty analysis: the round rescored N times with weights, normalisation and aggregation drawn, rank and score 5–95% intervals
  kaohe synth SCHEME --n N [--seed S] [-o OUT.csv]
                                              按方案生成 N 个实体的可复现合成数据（默认种子 1，默认输出到屏幕）
                                              seeded synthetic data for N entities (default seed 1; default: CSV on stdout)
  kaohe scheme export SCHEME.yaml -o FRAMEWORK.xlsx
                                              把方案导出为可在 Excel/WPS 中编辑的指标体系工作簿 / a scheme as an editable framework workbook
  kaohe scheme import FRAMEWORK.xlsx [-o SCHEME.yaml]
                                              把指标体系工作簿转回 YAML 方案，逐一指出有问题的单元格 / a framework workbook back to YAML; every problem names its cell
  kaohe serve [--port 3000] [--db ./data/kaohe.db] [--host 127.0.0.1] [--public] [--threads N] [--restore-triggers]
                                              启动考核服务（网页与 API；空数据库时生成演示数据）；--public 允许未登录者查看已发布结果
                                              the service (web pages and API; seeds the demo into an empty database); --public lets anyone read published results
                                              缺少防篡改触发器的数据库被拒绝；--restore-triggers 重建它们并记入审计日志
                                              a database missing immutability triggers is refused; --restore-triggers recreates them (audited)
  kaohe hash RESULTS.csv|RESULTS.json|RESULTS.xlsx
                                              重算结果文件的哈希（规范结果 CSV 的 SHA-256）并与文件所记核对
                                              recompute a results file's hash (SHA-256 of the canonical results CSV) and check it against the one it states
  kaohe verify BUNDLE.zip                     离线核验审计包（GET /api/runs/:id/bundle）：文件哈希、计划、快照、复算结果、审计链 / check an audit bundle offline: file hashes, plan, snapshot, rescored results, audit chain
  kaohe demo                                  用内置示例方案评分并打印排名 / score the bundled demo and print the ranking
  kaohe help                                  显示本帮助 / show this help`;


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

function seedOption(text: string | undefined): number {
  if (text === undefined) return 1;
  const s = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(s)) {
    throw new UsageError(`--seed 应为整数，实际为「${text}」 / --seed must be a whole number, got "${text}"`);
  }
  return s;
}

function need(args: string[], count: number, what: string): void {
  if (args.length < count) throw new UsageError(`缺少参数 missing argument: ${what}`);
  if (args.length > count) throw new UsageError(`多余的参数 unexpected argument: ${args[count]}`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check': {
      const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { plan: { type: 'boolean' }, kernels: { type: 'boolean' } } });
      need(positionals, 1, 'SCHEME');
      if (values.plan && values.kernels) throw new UsageError('--plan 与 --kernels 只能选一个 / choose one of --plan and --kernels');
      const compiled = await compileFile(positionals[0]);
      if (values.plan) writeResult(`${JSON.stringify(JSON.parse(canonicalJson(compiled.plan)), null, 2)}\n`);
      else if (values.kernels) writeResult(kernelListing(compiled));
      else say(`${planSummary(compiled.plan, compiled.hash)}\n校验通过 OK\n`, process.stdout);
      return 0;
    }
    case 'score': {
      const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { out: { type: 'string', short: 'o' }, threads: { type: 'string' }, records: { type: 'string' }, 'as-of': { type: 'string' }, previous: { type: 'string' } } });
      need(positionals, 2, 'SCHEME DATA');
      const threads = threadsOption(values.threads);
      const out = values.out;
      const format = out ? extname(out).toLowerCase() : '.csv';
      if (format !== '.csv' && format !== '.json' && format !== '.xlsx') {
        throw new UsageError(`输出文件扩展名应为 .csv、.json 或 .xlsx，实际为「${format || '无'}」 / the output extension must be .csv, .json or .xlsx, got "${format || 'none'}"`);
      }
      if (values.previous && format !== '.xlsx') throw new UsageError('--previous 用于 Excel 结果的名次变化，请用 -o OUT.xlsx / --previous adds rank changes to an Excel result: use -o OUT.xlsx');
      const { compiled, frame, asOf } = await readRound(positionals[0], positionals[1], { records: values.records, asOf: values['as-of'], threads });
      const previousRanks = values.previous ? await readPreviousRanks(values.previous) : undefined;
      const bar = progressBar('评分 Scoring');
      const results = await evaluateParallel(compiled, frame, { threads, asOf, onProgress: bar.update }).finally(bar.end);
      refuseBlankRun(results, positionals[1]);
      if (format === '.xlsx') {
        await writeResultsWorkbook(results, resolve(out!), { previousRanks });
        say(`已评分 ${frame.n} 个实体，结果写入 ${out} / scored ${frame.n} entities, results in ${out}\n`);
        return 0;
      }
      const csv = resultsCsv(results);
      const provenance = provenanceOf(results, null, resultsCsvHash(csv));
      const text = format === '.json' ? resultsJson(results, provenance) : csv;
      if (out) {
        await writeFileAtomic(resolve(out), text);
        // The CSV keeps its header on line 1: its provenance goes beside it.
        if (format === '.csv') await writeFileAtomic(resolve(`${out}.meta.json`), provenanceMetaJson(results, provenance));
        say(`已评分 ${frame.n} 个实体，结果写入 ${out}${format === '.csv' ? `（来源信息见 ${out}.meta.json）` : ''} / scored ${frame.n} entities, results in ${out}${format === '.csv' ? ` (provenance in ${out}.meta.json)` : ''}\n`);
      } else writeResult(text);
      say(`结果文件哈希 results CSV hash: ${provenance.resultsCsvHash}\n`);
      return 0;
    }
    case 'explain': {
      const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { id: { type: 'string' }, json: { type: 'boolean' }, records: { type: 'string' }, 'as-of': { type: 'string' } } });
      need(positionals, 2, 'SCHEME DATA');
      if (!values.id) throw new UsageError('需要 --id 指定实体编码 / --id ENTITY is required');
      const { compiled, frame, asOf } = await readRound(positionals[0], positionals[1], { records: values.records, asOf: values['as-of'] });
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
      const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { n: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string', short: 'o' } } });
      need(positionals, 1, 'SCHEME');
      const n = rowsOption(values.n);
      const seed = seedOption(values.seed);
      const out = values.out;
      if (out && extname(out).toLowerCase() !== '.csv') {
        throw new UsageError(`输出文件扩展名应为 .csv，实际为「${extname(out) || '无'}」 / the output extension must be .csv, got "${extname(out) || 'none'}"`);
      }
      const compiled = await compileFile(positionals[0]);
      let bytes = 0;
      const counted = function* (): Generator<string> {
        for (const chunk of synthCsvChunks(compiled.plan, n, seed)) {
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
      const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { roster: { type: 'string' }, out: { type: 'string', short: 'o' } } });
      need(positionals, 1, 'SCHEME');
      if (!values.out || extname(values.out).toLowerCase() !== '.xlsx') throw new UsageError('需要 -o OUT.xlsx 指定模板文件 / -o OUT.xlsx (the workbook to write) is required');
      say(`${await runTemplate(positionals[0], values.out, values.roster)}\n`);
      return 0;
    }
    case 'attribute': {
      const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { posts: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string', short: 'o' }, records: { type: 'string' }, 'as-of': { type: 'string' } } });
      need(positionals, 2, 'SCHEME DATA');
      if (!values.posts || !values.from || !values.to) throw new UsageError('需要 --posts FILE --from YYYY-MM-DD --to YYYY-MM-DD / --posts, --from and --to are required');
      const text = await runAttribute({ scheme: positionals[0], data: positionals[1], posts: values.posts, from: values.from, to: values.to, out: values.out, records: values.records, asOf: values['as-of'] });
      if (!values.out) writeResult(text);
      else say(`结果写入 ${values.out} / written to ${values.out}\n`);
      return 0;
    }
    case 'hash': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      need(positionals, 1, 'RESULTS');
      return runHash(positionals[0]);
    }
    case 'uncertainty':
      say(`${await runUncertainty(rest)}\n`);
      return 0;
    case 'verify': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      need(positionals, 1, 'BUNDLE.zip');
      return runVerify(positionals[0]);
    }
    case 'scheme':
      return runSchemeCommand(rest);
    case 'serve':
      return runServe(rest);
    case 'demo':
      say(`${await runDemo()}\n`, process.stdout);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      say(`${USAGE}\n`, process.stdout);
      return 0;
    default:
      throw new UsageError(`未知命令 unknown command: ${command}`);
  }
}

main(process.argv.slice(2)).finally(shutdownPool).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    const { code, text } = failureReport(e, USAGE);
    say(text);
    process.exitCode = code;
  },
);
