/** What an evaluation produces: columns, never per-entity objects. */
import type { Frame } from './frame.js';
import type { Layout } from './layout.js';
import type { Treatment } from './outliers.js';
import type { ScoringPlan } from './plan.js';
import type { ColumnSummary } from './stats.js';

export interface IndicatorDetail {
  /** Mean or median used to fill missing values, when the indicator imputes. */
  imputeValue?: number;
  /** Group means used to fill missing values, by group value. */
  groupMeans?: Map<string, number>;
  treatment?: Treatment;
  /** Statistics of the treated column that the normalisation used. */
  stats?: ColumnSummary;
}

export interface Results {
  plan: ScoringPlan;
  planHash: string;
  /** The evaluation date (day number) dated records were read as of; null when none was given. */
  asOf: number | null;
  frame: Frame;
  layout: Layout;
  /** Every slot's column, as the kernels left them (inputs, intermediates, scores). */
  columns: Float64Array[];
  /** Per node (plan.nodes order): the node's score; for indicators, the normalised score. */
  nodeScores: Float64Array[];
  base: Float64Array;
  deductions: Float64Array;
  bonuses: Float64Array;
  score: Float64Array;
  /** Index into plan.grades, NaN for none. */
  grade: Float64Array;
  rank: Float64Array;
  /** Per ranking group column: rank within the entity's group. */
  groupRanks: Float64Array[];
  /** Per adjustment rule (plan.adjustments.rules order): the points it gave, after its own cap. */
  adjustments: Float64Array[];
  /** Per veto (plan.vetoes order): 1 where it fired, else 0. */
  vetoes: Float64Array[];
  /** Per list rule (plan.lists order): 1 where the entity is on the list, else 0. */
  lists: Float64Array[];
  indicators: (IndicatorDetail | null)[];
}
