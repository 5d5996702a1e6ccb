/** What `score` and `explain` read: the scheme, the round's data, its dated records and the evaluation date. */
import { compile, parseDay, type CompiledPlan, type Frame } from '../engine/index.js';
import { KaoheError, type Scheme } from '../indicators/index.js';
import { loadSchemeFile, readDataFile, readRecordsFile } from '../io/index.js';

export interface RoundInput {
  scheme: Scheme;
  compiled: CompiledPlan;
  frame: Frame;
  /** Day number of --as-of, when given. */
  asOf: number | undefined;
}

export async function readRound(schemePath: string, dataPath: string, options: { records?: string; asOf?: string; threads?: number }): Promise<RoundInput> {
  const scheme = await loadSchemeFile(schemePath);
  const compiled = compile(scheme);
  const asOf = options.asOf === undefined ? undefined : parseDay(options.asOf);
  if (asOf !== undefined && asOf !== asOf) {
    throw new KaoheError([{ where: '--as-of', zh: `应为 YYYY-MM-DD 格式的日期，实际为「${options.asOf}」`, en: `expected a date as YYYY-MM-DD, got "${options.asOf}"` }]);
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
  const frame = await readDataFile(dataPath, compiled.plan, { threads: options.threads });
  if (options.records !== undefined) frame.records = await readRecordsFile(options.records, compiled.plan, frame);
  return { scheme, compiled, frame, asOf };
}
