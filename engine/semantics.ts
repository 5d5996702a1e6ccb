/**
 * A plan's semantics level (indicators/semantics.ts lists the levels). Level 1 is marked the
 * way the first release wrote every plan, `engine: '0.1.0'`, kept forever as the level-1 mark
 * so every published level-1 plan hash stays valid; later levels are `semantics: N`.
 */
import { LATEST_SEMANTICS } from '../indicators/index.js';
import type { ScoringPlan } from './plan.js';

export const LEVEL_1_MARK = '0.1.0' as const;

/** The fields that mark a plan compiled at `level`. */
export function semanticsMark(level: number): Pick<ScoringPlan, 'engine' | 'semantics'> {
  if (!Number.isInteger(level) || level < 1) throw new Error(`semantics level must be a positive integer, got ${level}`);
  return level === 1 ? { engine: LEVEL_1_MARK } : { semantics: level };
}

/** The level a plan was compiled at (whether or not this engine knows it). */
export function planSemantics(plan: { engine?: string; semantics?: number }): number {
  if (plan.semantics === undefined && plan.engine === LEVEL_1_MARK) return 1;
  if (plan.engine === undefined && Number.isInteger(plan.semantics) && plan.semantics! >= 2) return plan.semantics!;
  throw new Error(`plan has no valid semantics mark (engine ${JSON.stringify(plan.engine)}, semantics ${JSON.stringify(plan.semantics)})`);
}

/** Whether this engine can evaluate plans of this level. */
export function knowsSemantics(level: number): boolean {
  return level >= 1 && level <= LATEST_SEMANTICS;
}
