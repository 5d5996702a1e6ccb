/** Filling a kaohe template as a user would, with exceljs: each record's values into its roster row, typed. */
import type { ScoringPlan } from '../../engine/index.js';
import { openWorkbook, sheet } from './xlsx-read.js';

/** Write `records` (CSV rows by column name) into the template's data sheet; returns `out`. */
export async function fillTemplate(template: string, records: Record<string, string>[], plan: ScoringPlan, out: string): Promise<string> {
  const wb = await openWorkbook(template);
  const data = sheet(wb, '数据');
  const keys = data.getRow(3).values as (string | undefined)[];
  const rowOf = new Map<string, number>();
  for (let r = 4; r <= data.rowCount; r++) rowOf.set(String(data.getCell(r, 1).value), r);
  for (const record of records) {
    const r = rowOf.get(record.id);
    if (r === undefined) throw new Error(`no roster row for ${record.id}`);
    for (const source of plan.sources.filter((s) => s.role === 'input')) {
      const text = record[source.id];
      if (text === undefined || text === '' || text === 'NA') continue; // missing: left empty
      data.getCell(r, keys.indexOf(source.id)).value = source.type === 'number' ? Number(text) : text;
    }
  }
  await wb.xlsx.writeFile(out);
  return out;
}
