/**
 * Small workbooks made of tables and of label–value sheets (an audit workpaper, a snapshot
 * download), as bytes. Tables are TableSheets (bilingual header over the column keys, frozen,
 * filtered); a label–value sheet has the label in Chinese and English and the value beside it.
 */
import type { Label } from '../../indicators/index.js';
import { HEADER_FILL } from './styles.js';
import { TableSheet, widthFor, type TableColumn } from './table-sheet.js';
import { xlsxBuffer, type Cell } from './xlsx-writer.js';

export type ReportSheet =
  | { kind: 'pairs'; name: string; rows: [Label, Cell][] }
  | { kind: 'table'; name: string; columns: TableColumn[]; rows: Iterable<Cell[]>; frozenColumns?: number };

/** A column whose width fits its header and the given values. */
export function column(key: string, label: Label, values: Iterable<unknown> = [], numFmt?: string): TableColumn {
  const texts = [...values].map((v) => (v === null || v === undefined ? null : String(v)));
  return { key, label, width: widthFor(label, texts, 8, 70), ...(numFmt ? { numFmt } : {}) };
}

export async function reportWorkbookBuffer(sheets: ReportSheet[]): Promise<Buffer> {
  return xlsxBuffer(async (wb) => {
    const labelStyle = wb.styles.id({ bold: true, fill: HEADER_FILL.fgColor.argb, border: true });
    const valueStyle = wb.styles.id({ border: true, wrapText: true });
    for (const s of sheets) {
      if (s.kind === 'table') {
        const table = new TableSheet(wb, s.name, s.columns, s.frozenColumns ?? 1);
        for (const row of s.rows) await table.add(row);
        await table.finish();
        continue;
      }
      const ws = await wb.addSheet(s.name, { columns: [{ width: widthFor({ zh: '', en: '' }, s.rows.map(([l]) => `${l.zh} ${l.en}`), 12, 50) }, { width: 80 }] });
      for (const [label, value] of s.rows) {
        ws.row();
        ws.cell(0, `${label.zh} ${label.en}`, labelStyle);
        ws.cell(1, value, valueStyle);
      }
      await wb.closeSheet();
    }
  });
}
