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
  {
    level: 3,
    since: '0.3.0',
    change: {
      zh: '有名单且有记录类型的方案，结果 CSV 在 lists 列之后增加 list_since、list_until 两列（每个名单一个日期，次序同 lists，无法确定时留空）',
      en: 'a scheme with lists and record types gets list_since and list_until after the lists column of its results CSV (one date per list, in the order of lists, empty when not knowable)',
    },
  },
];

/** The newest level this engine knows: what a scheme that names none is compiled at. */
export const LATEST_SEMANTICS = SEMANTICS_LEVELS[SEMANTICS_LEVELS.length - 1].level;
