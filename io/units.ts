/**
 * Units on import. An input declares its unit (`unit:` in the scheme); a file may say a column's
 * unit in its header (`gdp[亿港元]`). The input's own unit is taken as is; another is converted
 * only as the round declares (an HK column in 港元 at the round's exchange rate, 澳門元, km² to
 * 公顷), each value multiplied by the declared factor; any other unit is an error, never a silent
 * number. Without a unit in the header the values are in the input's unit, as always.
 */
import { KaoheError, type Problem } from '../indicators/index.js';
import type { Frame, ScoringPlan } from '../engine/index.js';

export interface UnitConversion {
  from: string;
  to: string;
  /** Values in `from` × factor = values in `to` (an exchange rate, 100 for km² → 公顷). */
  factor: number;
  /** Only this input's column; every input in `to` when absent. */
  input?: string;
  /** Where the rate comes from (中国人民银行 2026-12-31 中间价 …). */
  note?: string;
}

export interface AppliedConversion {
  input: string;
  from: string;
  to: string;
  factor: number;
  note?: string;
}

/** Convert the columns whose header named a unit, in place; every unit not the input's nor declared is a problem. */
export function applyHeaderUnits(plan: ScoringPlan, frame: Frame, units: Record<string, string> | undefined, conversions: readonly UnitConversion[], fileName: string): AppliedConversion[] {
  if (!units) return [];
  const problems: Problem[] = [];
  const applied: AppliedConversion[] = [];
  for (const [id, unit] of Object.entries(units)) {
    const source = plan.sources.find((s) => s.id === id);
    if (!source) continue;
    const own = source.unit ?? '';
    if (unit === own) continue;
    const where = `${fileName} ${id}[${unit}]`;
    if (source.type !== 'number') {
      problems.push({ where, zh: `「${source.label.zh}」不是数值，表头不能注明单位`, en: `${id} is not a number: its header can't name a unit` });
      continue;
    }
    const c = conversions.find((x) => x.from === unit && x.to === own && (x.input === undefined || x.input === id));
    if (!c) {
      problems.push({
        where,
        zh: `「${source.label.zh}」的单位是「${own || '无'}」，本轮未声明由「${unit}」换算：请换算后填写，或请牵头单位为本轮声明换算（含汇率）`,
        en: `${id} is in ${own || 'no unit'}, and the round declares no conversion from ${unit}: convert the values, or ask the round's office to declare the conversion (with its rate)`,
      });
      continue;
    }
    const column = frame.columns.get(id)!;
    for (let i = 0; i < column.length; i++) column[i] *= c.factor;
    applied.push({ input: id, from: unit, to: own, factor: c.factor, ...(c.note ? { note: c.note } : {}) });
  }
  if (problems.length > 0) throw new KaoheError(problems);
  return applied;
}
