/** Reading back an analysis `kaohe uncertainty --json` wrote, for the results workbook of the same plan. */
import { KaoheError } from '../indicators/index.js';
import { readTextFile } from './read-text-file.js';
import type { UncertaintySummary } from './uncertainty-output.js';

/** An analysis file holds a few hundred bytes per entity. */
export const MAX_UNCERTAINTY_JSON_BYTES = 512 * 1024 * 1024;

export async function readUncertaintySummary(path: string, planHash: string): Promise<UncertaintySummary> {
  const text = await readTextFile(path, { zh: '不确定性分析结果文件', en: 'uncertainty analysis file' }, MAX_UNCERTAINTY_JSON_BYTES);
  const refuse = (zh: string, en: string): never => { throw new KaoheError([{ where: path, zh, en }]); };
  let u: Partial<UncertaintySummary>;
  try {
    u = JSON.parse(text) as Partial<UncertaintySummary>;
  } catch (e) {
    return refuse(`不是 JSON：${(e as Error).message}；请给出 kaohe uncertainty --json 写的文件`, `not JSON: ${(e as Error).message}; give the file kaohe uncertainty --json wrote`);
  }
  if (typeof u !== 'object' || u === null || !Array.isArray(u.entities) || typeof u.planHash !== 'string' || typeof u.replications !== 'number' || typeof u.seed !== 'number') {
    return refuse('不是不确定性分析结果：请给出 kaohe uncertainty --json 写的文件', 'not an uncertainty analysis: give the file kaohe uncertainty --json wrote');
  }
  if (u.planHash !== planHash) {
    return refuse(`该分析针对另一方案（方案指纹 ${u.planHash.slice(0, 12)}…，本次评分为 ${planHash.slice(0, 12)}…）：请用同一方案重新分析`, `the analysis is of another plan (plan hash ${u.planHash.slice(0, 12)}…, this round's is ${planHash.slice(0, 12)}…): analyse with the same scheme again`);
  }
  return u as UncertaintySummary;
}
