/**
 * A run in which no entity has a score would publish a blank round (empty scores, no ranks):
 * it is refused with a named problem instead. This happens when every input is missing, or
 * when the scheme's arithmetic overflows for every entity.
 */
import { KaoheError } from '../indicators/index.js';
import type { Results } from './results.js';

export function refuseBlankRun(results: Results, where: string): void {
  const { n } = results.frame;
  for (let i = 0; i < n; i++) if (results.score[i] === results.score[i]) return;
  if (n === 0) return;
  throw new KaoheError([{
    where,
    zh: `全部 ${n} 个实体的得分都缺失，结果不予采用：请检查数据是否填写、方案的数值（权重、分值、表达式）是否会使计算溢出`,
    en: `every one of the ${n} entities' scores is missing, so the results are refused: check that the data are filled in and that the scheme's numbers (weights, points, expressions) don't overflow`,
  }]);
}
