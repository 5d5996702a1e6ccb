/** The ranks of a previous round, from its results CSV (columns `id` and `rank`), for rank changes. */
import { KaoheError } from '../indicators/index.js';
import { parseCsvRows } from './csv-rows.js';
import { readTextFile } from './read-text-file.js';

export async function readPreviousRanks(path: string): Promise<Map<string, number>> {
  const text = await readTextFile(path, { zh: '上一轮结果文件', en: 'previous results file' }, 512 * 1024 * 1024);
  const rows = parseCsvRows(text, path, { ragged: true }).map((r) => r.record);
  const header = rows[0]?.map((h) => h.trim()) ?? [];
  const id = header.indexOf('id');
  const rank = header.indexOf('rank');
  if (id < 0 || rank < 0) {
    throw new KaoheError([{ where: `${path}:1`, zh: '上一轮结果需有 id 和 rank 列（kaohe score 输出的 CSV）', en: 'the previous results need id and rank columns (a CSV written by kaohe score)' }]);
  }
  const ranks = new Map<string, number>();
  rows.slice(1).forEach((r, k) => {
    const v = r[rank]?.trim() ?? '';
    if (v === '') return;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) {
      throw new KaoheError([{ where: `${path}:${k + 2} rank`, zh: `名次应为正整数，实际为「${v}」`, en: `a rank must be a positive whole number, got "${v}"` }]);
    }
    ranks.set(r[id].trim(), n);
  });
  return ranks;
}
