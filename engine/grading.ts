/**
 * Grades by score, as the kernels assign them before any veto: the lower bound of each grade
 * (listed best first) applies to the published (rounded) score from semantics level 2, to the
 * exact score before. The kernels and the pages (which say whether a veto changed a grade)
 * read the same bounds.
 */
import type { ScoringPlan } from './plan.js';
import { leastRoundingTo } from './round.js';
import { planSemantics } from './semantics.js';

/** Per grade but the worst: the least score that reaches it (rounded(sc) ≥ min from level 2). */
export function gradeLowerBounds(plan: ScoringPlan): number[] {
  const published = planSemantics(plan) >= 2;
  return plan.grades.slice(0, -1).map((g) => (published ? leastRoundingTo(g.min!, plan.rounding.decimals) : g.min!));
}

/** The grade index a score reaches before vetoes; NaN without a score or without grades. */
export function gradeOfScore(plan: ScoringPlan, score: number, bounds = gradeLowerBounds(plan)): number {
  if (score !== score || plan.grades.length === 0) return NaN;
  const k = bounds.findIndex((b) => score >= b);
  return k < 0 ? plan.grades.length - 1 : k;
}

/**
 * Whether a veto that fired changed the entity's grade: a cap only when the score's grade was
 * better than the cap, a forced grade only when it is the final grade and the score's grade
 * was another one.
 */
export function vetoChangedGrade(plan: ScoringPlan, veto: ScoringPlan['vetoes'][number], scoreGrade: number, finalGrade: number): boolean {
  const index = (id: string): number => plan.grades.findIndex((g) => g.id === id);
  if (veto.grade !== null) return finalGrade === index(veto.grade) && scoreGrade !== finalGrade;
  if (veto.maxGrade !== null) return scoreGrade < index(veto.maxGrade);
  return false;
}
