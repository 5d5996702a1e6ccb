/**
 * The results workbook's 不确定性 Uncertainty sheet, when an uncertainty analysis of the same
 * plan is given: per entity in rank order, the 5%, median and 95% of its rank and score over
 * the replications and the share that kept its nominal grade, with the replications, seed and
 * assumptions in the header rows' caption. Scores are rounded half-to-even like the other sheets.
 * An analysis with sensitivity indices adds the 敏感性 Sensitivity sheet after it.
 */
import { roundHalfEven, type Results } from '../../engine/index.js';
import type { Label } from '../../indicators/index.js';
import type { UncertaintySummary } from '../uncertainty-output.js';
import type { XlsxWriter } from './xlsx-writer.js';
import { TableSheet, type TableColumn } from './table-sheet.js';

export const UNCERTAINTY_SHEET = '不确定性 Uncertainty';
export const SENSITIVITY_SHEET = '敏感性 Sensitivity';

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
  if (u.sensitivity) await writeSensitivitySheet(wb, u.sensitivity);
}

/** Per assumption, its first-order and total indices of the mean absolute rank shift with bootstrap 95% bounds. */
async function writeSensitivitySheet(wb: XlsxWriter, s: NonNullable<UncertaintySummary['sensitivity']>): Promise<void> {
  const index = (key: string, zh: string, en: string): TableColumn => ({ key, label: L(zh, en), width: 12, numFmt: '0.000' });
  const columns: TableColumn[] = [
    { key: 'assumption', label: L('假设', 'Assumption'), width: 18 },
    index('first', '一阶指数', 'First order'), index('first_lo', '一阶 2.5%', 'First 2.5%'), index('first_hi', '一阶 97.5%', 'First 97.5%'),
    index('total', '总指数', 'Total'), index('total_lo', '总 2.5%', 'Total 2.5%'), index('total_hi', '总 97.5%', 'Total 97.5%'),
    { key: 'basis', label: L(`名次平均绝对变动；N = ${s.n}，种子 ${s.seed}`, `Mean absolute rank shift; N = ${s.n}, seed ${s.seed}`), width: 30 },
  ];
  const sheet = new TableSheet(wb, SENSITIVITY_SHEET, columns, 1);
  for (const x of s.indices) await sheet.add([x.assumption, x.first, x.first_lo, x.first_hi, x.total, x.total_lo, x.total_hi, null]);
  await sheet.finish();
}
