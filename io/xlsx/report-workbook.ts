/**
 * Small workbooks made of tables and of label–value sheets (an audit workpaper, a snapshot
 * download), as bytes. Tables are TableSheets (bilingual header over the column keys, frozen,
 * filtered); a label–value sheet has the label in Chinese and English and the value beside it.
 */
import type { CellValue } from 'exceljs';
import type { Label } from '../../indicators/index.js';
import { workbookBuffer } from './stream-workbook.js';
import { HEADER_FILL, HEADER_FONT, BORDER } from './styles.js';
import { TableSheet, widthFor, type TableColumn } from './table-sheet.js';

export type ReportSheet =
  | { kind: 'pairs'; name: string; rows: [Label, CellValue][] }
  | { kind: 'table'; name: string; columns: TableColumn[]; rows: Iterable<CellValue[]>; frozenColumns?: number };

/** A column whose width fits its header and the given values. */
export function column(key: string, label: Label, values: Iterable<unknown> = [], numFmt?: string): TableColumn {
  const texts = [...values].map((v) => (v === null || v === undefined ? null : String(v)));
  return { key, label, width: widthFor(label, texts, 8, 70), ...(numFmt ? { numFmt } : {}) };
}

export async function reportWorkbookBuffer(sheets: ReportSheet[]): Promise<Buffer> {
  return workbookBuffer(async (wb) => {
    for (const s of sheets) {
      if (s.kind === 'table') {
        const table = new TableSheet(wb, s.name, s.columns, s.frozenColumns ?? 1);
        for (const row of s.rows) await table.add(row);
        table.finish();
        continue;
      }
      const ws = wb.addWorksheet(s.name);
      ws.columns = [{ width: widthFor({ zh: '', en: '' }, s.rows.map(([l]) => `${l.zh} ${l.en}`), 12, 50) }, { width: 80 }];
      for (const [label, value] of s.rows) {
        const row = ws.addRow([`${label.zh} ${label.en}`, value]);
        row.getCell(1).style = { font: HEADER_FONT, fill: HEADER_FILL, border: BORDER };
        row.getCell(2).style = { border: BORDER, alignment: { wrapText: true, vertical: 'top' } };
        row.commit();
      }
      ws.commit();
    }
  });
}
