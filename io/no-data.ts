/**
 * A data file whose rows carry no input value at all: a template sent back unfilled. Scoring it
 * would rank every entity on missing data, so it is refused. (A scheme with dated records may
 * take such a file: its rows only say which entities the records belong to.)
 */
import { KaoheError } from '../indicators/index.js';
import type { Frame, ScoringPlan } from '../engine/index.js';

export function noDataError(where: string, rows: number): KaoheError {
  return new KaoheError([{
    where,
    zh: `文件中没有填写任何数据：${rows} 行除编码和名称外都是空的。请填写后重试`,
    en: `the file has no data: all ${rows} rows are empty apart from their id and name. fill it in and try again`,
  }]);
}

/** Throws noDataError when no input of the plan has a value in any row (and the plan has no record types). */
export function refuseUnfilled(frame: Frame, plan: ScoringPlan, where: string): Frame {
  if ((plan.records?.length ?? 0) > 0) return frame;
  const inputs = plan.sources.filter((s) => s.role === 'input');
  const filled = inputs.some((s) => frame.columns.get(s.id)?.some((v) => v === v));
  if (!filled && frame.n > 0) throw noDataError(where, frame.n);
  return frame;
}
