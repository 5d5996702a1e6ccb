/**
 * A snapshot as a workbook: the sheet 数据 holds exactly the snapshot CSV's cells (numbers of
 * number inputs as number cells, everything else as text, so ids and categories stay as they
 * were), and 记录 Records its dated records when it has any. The data sheet's header rows are a
 * table's (labels over the column keys), so `kaohe score` reads it back as the round's data.
 */
import type { Frame, ScoringPlan } from '../../engine/index.js';
import { eachCsvRecord } from '../csv-rows.js';
import { snapshotDataCsv, snapshotRecordsCsv } from '../snapshot-csv.js';
import { column, reportWorkbookBuffer, type ReportSheet } from './report-workbook.js';
import type { Cell } from './xlsx-writer.js';

function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  eachCsvRecord(text, 'snapshot.csv', (r) => { rows.push(r); });
  return rows;
}

function table(name: string, rows: string[][], labels: Map<string, { zh: string; en: string }>, numeric: Set<string>): ReportSheet {
  const [header, ...body] = rows;
  const isNumber = header.map((h) => numeric.has(h));
  return {
    kind: 'table', name, frozenColumns: 1,
    columns: header.map((h, k) => column(h, labels.get(h) ?? { zh: h, en: h }, body.slice(0, 200).map((r) => r[k]))),
    rows: body.map((r) => r.map((cell, k): Cell => (cell === '' ? null : isNumber[k] ? Number(cell) : cell))),
  };
}

export async function snapshotWorkbookBuffer(frame: Frame, plan: ScoringPlan): Promise<Buffer> {
  const labels = new Map<string, { zh: string; en: string }>([['id', { zh: '编码', en: 'id' }], ['name', { zh: '名称', en: 'name' }]]);
  for (const s of plan.sources) labels.set(s.id, s.label);
  const numeric = new Set(plan.sources.filter((s) => s.type === 'number').map((s) => s.id));
  const sheets = [table('数据', csvRows(snapshotDataCsv(frame, plan)), labels, numeric)];
  if (frame.records && frame.records.n > 0) sheets.push(table('记录 Records', csvRows(snapshotRecordsCsv(frame, frame.records, plan)), labels, new Set()));
  return reportWorkbookBuffer(sheets);
}
