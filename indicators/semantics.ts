/**
 * Semantics levels: what a plan's numbers mean, versioned apart from the software. A plan
 * records the level it was compiled at, and every later engine keeps every level's behaviour,
 * so a run can be reproduced bit for bit by any engine that knows its level (R's RNGversion is
 * the model). A change that would alter any result of an existing plan is a new level; the
 * software version (engine/version.ts) changes freely without touching any plan or run.
 */
import type { Label } from './schema.js';

export interface SemanticsLevel {
  level: number;
  /** The first engine version that knows the level. */
  since: string;
  change: Label;
}

export const SEMANTICS_LEVELS: readonly SemanticsLevel[] = [
  { level: 1, since: '0.1.0', change: { zh: '首个发布版本的计分规则', en: 'the scoring of the first release' } },
  {
    level: 2,
    since: '0.2.0',
    change: {
      zh: '等级按公布的得分（按方案的小数位数四舍六入五成双）判定：公布为 90.00 的得分不会落入 90 分以下的等级',
      en: 'grades are assigned on the published score (rounded half to even to the scheme\'s decimals): a score published as 90.00 never falls in a grade below 90',
    },
  },
];

/** The newest level this engine knows: what a scheme that names none is compiled at. */
export const LATEST_SEMANTICS = SEMANTICS_LEVELS[SEMANTICS_LEVELS.length - 1].level;
