/** Reading our workbooks back with exceljs's full (non-streaming) reader, as a user's Excel would see them. */
import ExcelJS from 'exceljs';
import type { DataValidation, Worksheet } from 'exceljs';

export async function openWorkbook(source: string | Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  if (typeof source === 'string') await wb.xlsx.readFile(source);
  else await wb.xlsx.load(source as unknown as ArrayBuffer);
  return wb;
}

export function sheet(wb: ExcelJS.Workbook, name: string): Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name} (have ${wb.worksheets.map((w) => w.name).join(', ')})`);
  return ws;
}

/** A row's values from column 1 (exceljs puts them from index 1). */
export function rowValues(ws: Worksheet, row: number, width = ws.columnCount): unknown[] {
  const r = ws.getRow(row);
  return Array.from({ length: width }, (_, k) => r.getCell(k + 1).value);
}

export function validation(ws: Worksheet, address: string): DataValidation | undefined {
  return ws.getCell(address).dataValidation;
}

/** Every row of a table sheet below its two header rows, keyed by the machine header (row 2). */
export function tableRows(ws: Worksheet): Record<string, unknown>[] {
  const keys = rowValues(ws, 2) as string[];
  const out: Record<string, unknown>[] = [];
  for (let r = 3; r <= ws.rowCount; r++) {
    const values = rowValues(ws, r, keys.length);
    out.push(Object.fromEntries(keys.map((k, i) => [k, values[i]])));
  }
  return out;
}

/** Excel-style display width: a CJK character counts 2 (computed here independently of io/). */
export function cjkWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\p{Script=Han}\u3000-\u303f\uff00-\uff60]/u.test(ch) ? 2 : 1;
  return w;
}
