/**
 * A round's unit conversions, declared when it is created and fixed with it: each says how a
 * value in another unit becomes one in an input's unit (io/units.ts applies them on import).
 */
import type { Problem } from '../indicators/index.js';
import type { ScoringPlan } from '../engine/index.js';
import type { UnitConversion } from '../io/index.js';
import type { Db } from './db.js';
import { sql } from './statements.js';

export function conversionProblems(plan: ScoringPlan, conversions: readonly UnitConversion[]): Problem[] {
  const problems: Problem[] = [];
  const numbers = plan.sources.filter((s) => s.role === 'input' && s.type === 'number');
  const seen = new Set<string>();
  conversions.forEach((c, i) => {
    const at = `conversions[${i}]`;
    if (!(typeof c.factor === 'number' && Number.isFinite(c.factor) && c.factor > 0)) {
      problems.push({ where: `${at}.factor`, zh: `由「${c.from}」换算为「${c.to}」缺少换算率（factor，正数，如汇率）`, en: `the conversion from ${c.from} to ${c.to} has no rate (factor: a positive number, such as the exchange rate)` });
    }
    if (!c.from.trim()) problems.push({ where: `${at}.from`, zh: '请写明原单位', en: 'name the unit converted from' });
    if (c.from === c.to) problems.push({ where: `${at}.to`, zh: `原单位与目标单位相同（${c.to}）`, en: `the units are the same (${c.to})` });
    const targets = numbers.filter((s) => (c.input === undefined || s.id === c.input));
    if (c.input !== undefined && targets.length === 0) problems.push({ where: `${at}.input`, zh: `方案没有数值输入「${c.input}」`, en: `the scheme has no number input "${c.input}"` });
    else if (!targets.some((s) => (s.unit ?? '') === c.to)) {
      problems.push({ where: `${at}.to`, zh: `方案${c.input ? `输入「${c.input}」` : '中没有'}单位为「${c.to}」的数值输入`, en: `${c.input ? `input ${c.input} is not in` : 'no number input is in'} ${c.to}` });
    }
    const key = `${c.from}>${c.to}>${c.input ?? ''}`;
    if (seen.has(key)) problems.push({ where: at, zh: `换算「${c.from}」→「${c.to}」重复`, en: `the conversion ${c.from} → ${c.to} is declared twice` });
    seen.add(key);
  });
  return problems;
}

export function addConversions(db: Db, roundId: number, conversions: readonly UnitConversion[]): void {
  const insert = sql(db, 'INSERT INTO round_conversions (round_id, position, from_unit, to_unit, factor, input_id, note) VALUES (?, ?, ?, ?, ?, ?, ?)');
  conversions.forEach((c, k) => insert.run(roundId, k, c.from.trim(), c.to, c.factor, c.input ?? null, c.note ?? null));
}

export function roundConversions(db: Db, roundId: number): UnitConversion[] {
  return (sql(db, 'SELECT from_unit, to_unit, factor, input_id, note FROM round_conversions WHERE round_id = ? ORDER BY position').all(roundId) as
    { from_unit: string; to_unit: string; factor: number; input_id: string | null; note: string | null }[])
    .map((r) => ({ from: r.from_unit, to: r.to_unit, factor: r.factor, ...(r.input_id ? { input: r.input_id } : {}), ...(r.note ? { note: r.note } : {}) }));
}
