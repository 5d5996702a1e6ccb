/**
 * Plausibility warnings for an upload: a number that jumps far from the entity's value in the
 * office's previous round of the same scheme (森林覆盖率 26 → 45) is probably a typo or a unit
 * mix-up. It is a warning, never an error — real values do jump — shown with the upload so the
 * office can check it before scoring.
 */
import type { Frame, ScoringPlan } from '../engine/index.js';
import { formatRounded } from '../engine/index.js';

/** A change of more than half the previous value (and, for an input with a range, more than a tenth of the range). */
export const JUMP_RATIO = 0.5;
const RANGE_SHARE = 0.1;
const MAX_LISTED = 100;

export interface PlausibilityWarning {
  entity: string;
  name: string | null;
  input: string;
  previous: number;
  value: number;
  zh: string;
  en: string;
}

/** The uploaded rows' numbers compared with the previous round's, entity by entity (the first MAX_LISTED, and how many in all). */
export function plausibilityWarnings(plan: ScoringPlan, uploaded: Frame, previous: Frame, previousLabel: string, decimals: number): { warnings: PlausibilityWarning[]; count: number } {
  const row = new Map<string, number>();
  previous.ids.forEach((id, i) => row.set(id, i));
  const warnings: PlausibilityWarning[] = [];
  let count = 0;
  for (const s of plan.sources) {
    if (s.role !== 'input' || s.type !== 'number') continue;
    const now = uploaded.columns.get(s.id);
    const then = previous.columns.get(s.id);
    if (!now || !then) continue;
    const width = s.range && s.range[0] !== null && s.range[1] !== null ? s.range[1] - s.range[0] : null;
    for (let i = 0; i < uploaded.n; i++) {
      const k = row.get(uploaded.ids[i]);
      if (k === undefined) continue;
      const v = now[i];
      const p = then[k];
      if (v !== v || p !== p || v === p) continue;
      const change = Math.abs(v - p);
      if (change <= JUMP_RATIO * Math.abs(p) || (width !== null && change <= RANGE_SHARE * width)) continue;
      count++;
      if (warnings.length >= MAX_LISTED) continue;
      const name = uploaded.names?.[i] ?? null;
      const f = (x: number): string => formatRounded(x, decimals);
      const unit = s.unit ? ` ${s.unit}` : '';
      warnings.push({
        entity: uploaded.ids[i], name, input: s.id, previous: p, value: v,
        zh: `「${s.label.zh}」由${previousLabel}的 ${f(p)}${unit} 变为 ${f(v)}${unit}，变化较大：请核对是否填错或单位有误（仅为提醒）`,
        en: `${s.id} moved from ${f(p)}${unit} (${previousLabel}) to ${f(v)}${unit}: a large change, check for a typo or a wrong unit (a warning only)`,
      });
    }
  }
  return { warnings, count };
}
