/** What `score` and `explain` read: the scheme, the round's data, its dated records and the evaluation date. */
import { compile, parseDay, type CompiledPlan, type Frame } from '../engine/index.js';
import { KaoheError, type Scheme } from '../indicators/index.js';
import { loadSchemeFile, readDataFile, readRecordsFile, type ReadProgress } from '../io/index.js';

export interface RoundInput {
  scheme: Scheme;
  compiled: CompiledPlan;
  frame: Frame;
  /** Day number of --as-of, when given. */
  asOf: number | undefined;
}

/** The round's period as the command line gives it: `--period FROM..TO`, or `--from`/`--to` of `attribute`. */
export interface PeriodOption {
  where: string;
  from: string;
  to: string;
}

/** `--period YYYY-MM-DD..YYYY-MM-DD` as a period, or undefined when not given. */
export function periodOption(text: string | undefined): PeriodOption | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (!m || parseDay(m[1]) !== parseDay(m[1]) || parseDay(m[2]) !== parseDay(m[2]) || m[2] < m[1]) {
    throw new KaoheError([{ where: '--period', zh: `考核期应为 YYYY-MM-DD..YYYY-MM-DD（开始不晚于结束），实际为「${text}」`, en: `the period must be YYYY-MM-DD..YYYY-MM-DD (start not after end), got "${text}"` }]);
  }
  return { where: '--period', from: m[1], to: m[2] };
}

export async function readRound(schemePath: string, dataPath: string, options: { records?: string; asOf?: string; period?: PeriodOption; threads?: number; onProgress?: ReadProgress }): Promise<RoundInput> {
  const scheme = await loadSchemeFile(schemePath);
  const compiled = compile(scheme);
  const asOf = options.asOf === undefined ? undefined : parseDay(options.asOf);
  if (asOf !== undefined && asOf !== asOf) {
    throw new KaoheError([{ where: '--as-of', zh: `应为 YYYY-MM-DD 格式的日期，实际为「${options.asOf}」`, en: `expected a date as YYYY-MM-DD, got "${options.asOf}"` }]);
  }
  const period = options.period;
  if (asOf !== undefined && period && (options.asOf! < period.from || options.asOf! > period.to)) {
    throw new KaoheError([{
      where: '--as-of',
      zh: `评价基准日 ${options.asOf} 不在考核期 ${period.from} 至 ${period.to}（${period.where}）之内：请给出考核期内的日期`,
      en: `the as-of date ${options.asOf} is outside the period ${period.from} to ${period.to} (${period.where}): give a date within the period`,
    }]);
  }
  const hasRecords = (compiled.plan.records ?? []).length > 0;
  if (hasRecords && (options.records === undefined || asOf === undefined)) {
    throw new KaoheError([{
      where: schemePath,
      zh: '该方案使用带日期的记录：请用 --records FILE.csv 给出记录文件（可只有表头 id,date,type），并用 --as-of YYYY-MM-DD 给出评价基准日',
      en: 'this scheme uses dated records: give the records file with --records FILE.csv (a header id,date,type alone will do) and the evaluation date with --as-of YYYY-MM-DD',
    }]);
  }
  if (!hasRecords && options.records !== undefined) {
    throw new KaoheError([{ where: options.records, zh: '该方案没有定义记录类型（records），不需要 --records', en: 'this scheme defines no record types (records): --records is not used' }]);
  }
  const frame = await readDataFile(dataPath, compiled.plan, { threads: options.threads, onProgress: options.onProgress });
  if (options.records !== undefined) frame.records = await readRecordsFile(options.records, compiled.plan, frame);
  return { scheme, compiled, frame, asOf };
}
