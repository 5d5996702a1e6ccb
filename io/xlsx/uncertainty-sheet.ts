/**
 * The results workbook's 不确定性 Uncertainty sheet, when an uncertainty analysis of the same
 * plan is given: per entity in rank order, the 5%, median and 95% of its rank and score over
 * the replications and the share that kept its nominal grade, with the replications, seed and
 * assumptions in the header rows' caption. Scores are rounded half-to-even like the other sheets.
 */
import { roundHalfEven, type Results } from '../../engine/index.js';
import type { Label } from '../../indicators/index.js';
import type { UncertaintySummary } from '../uncertainty-output.js';
import type { XlsxWriter } from './xlsx-writer.js';
import { TableSheet, type TableColumn } from './table-sheet.js';

export const UNCERTAINTY_SHEET = '不确定性 Uncertainty';

const L = (zh: string, en: string): Label => ({ zh, en });

export async function writeUncertaintySheet(wb: XlsxWriter, results: Results, order: Uint32Array, identity: { columns: TableColumn[]; values: (i: number) => unknown[] }, u: UncertaintySummary): Promise<void> {
  const d = results.plan.rounding.decimals;
  const scoreFmt = d === 0 ? '0' : `0.${'0'.repeat(d)}`;
  const columns: TableColumn[] = [
    ...identity.columns,
    { key: 'rank_p05', label: L('排名 5%', 'Rank 5%'), width: 10, numFmt: '0.#' },
    { key: 'rank_median', label: L('排名中位数', 'Rank median'), width: 12, numFmt: '0.#' },
    { key: 'rank_p95', label: L('排名 95%', 'Rank 95%'), width: 10, numFmt: '0.#' },
    { key: 'score_p05', label: L('得分 5%', 'Score 5%'), width: 10, numFmt: scoreFmt },
    { key: 'score_median', label: L('得分中位数', 'Score median'), width: 12, numFmt: scoreFmt },
    { key: 'score_p95', label: L('得分 95%', 'Score 95%'), width: 10, numFmt: scoreFmt },
    { key: 'grade_share', label: L('保持等级的比例', 'Share keeping its grade'), width: 14, numFmt: '0.0%' },
    { key: 'basis', label: L(`${u.replications} 次重复，种子 ${u.seed}`, `${u.replications} replications, seed ${u.seed}`), width: 24 },
  ];
  const byId = new Map(u.entities.map((e) => [e.id, e]));
  const score = (v: number | null): number | null => (v === null ? null : roundHalfEven(v, d));
  const sheet = new TableSheet(wb, UNCERTAINTY_SHEET, columns, identity.columns.length);
  for (const i of order) {
    const e = byId.get(results.frame.ids[i]);
    await sheet.add([
      ...(identity.values(i) as (string | number | null)[]),
      e?.rank_p05 ?? null, e?.rank_median ?? null, e?.rank_p95 ?? null,
      score(e?.score_p05 ?? null), score(e?.score_median ?? null), score(e?.score_p95 ?? null),
      e?.grade_share ?? null, null,
    ]);
  }
  await sheet.finish();
}
