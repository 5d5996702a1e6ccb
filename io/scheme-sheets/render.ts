/**
 * The sheets model → an .xlsx file a civil servant can edit: bilingual headers frozen at the
 * top, drop-downs for every choice, text columns formatted as text (so Excel keeps `2025.10`
 * and codes as typed), the tree indented by level with aggregates in bold, grade colours shown
 * as the cell fill, and a 说明 Guide sheet explaining every column.
 */
import ExcelJS from 'exceljs';
import { columnLetter } from '../csv-input.js';
import { fitWidth } from '../xlsx/text-width.js';
import { colour, isHexColour, type Bi, type CellValue, type Codec } from './codecs.js';
import { GUIDE_SHEET, headerText, SCHEME_SHEET, sheetName, TABLES, type Column, type TableSheet } from './layout.js';
import type { SheetData } from './model.js';

/** Rows below the data that still get the drop-downs, for rows the office adds. */
const SPARE_ROWS = 300;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const TEXT_FORMAT = '@';

export async function renderWorkbook(sheets: SheetData[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kaohe';
  for (const sheet of sheets) {
    const table = TABLES.find((t) => sheetName(t.name) === sheet.name);
    if (table) renderTable(wb, sheet, table);
    else renderSchemeSheet(wb, sheet);
  }
  renderGuide(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const bilingual = (b: Bi): string => `${b.zh}\n${b.en}`;

/** Export writes plain values only; an error value can only come from a file read. */
const excelValue = (v: CellValue): ExcelJS.CellValue => (v !== null && typeof v === 'object' && !(v instanceof Date) ? v.error : v);

/** exceljs keeps range validations in an untyped field (its typings only know the per-cell one). */
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

function dropDown(codec: Codec): ExcelJS.DataValidation | undefined {
  if (!codec.choices) return undefined;
  return {
    type: 'list',
    allowBlank: true,
    formulae: [`"${codec.choices.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '请从列表中选择 Choose from the list',
    error: codec.describe.zh,
  };
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.eachCell((c) => { c.fill = HEADER_FILL; });
}

function renderSchemeSheet(wb: ExcelJS.Workbook, sheet: SheetData): void {
  const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [{ width: 24 }, { width: 48 }, { width: 60 }];
  sheet.rows.forEach((values, r) => {
    const row = ws.getRow(r + 1);
    values.forEach((v, c) => { row.getCell(c + 1).value = excelValue(v); });
    const field = r > 0 ? SCHEME_SHEET.fields[r - 1] : undefined;
    if (!field) return;
    row.getCell(1).font = { bold: true };
    const value = row.getCell(2);
    if (field.codec.text) value.numFmt = TEXT_FORMAT;
    const dv = dropDown(field.codec);
    if (dv) value.dataValidation = dv;
    row.getCell(3).alignment = { wrapText: true };
  });
  styleHeader(ws.getRow(1));
}

function renderTable(wb: ExcelJS.Workbook, sheet: SheetData, t: TableSheet): void {
  const frozenColumns = t.tree ? t.columns.findIndex((c) => c.path?.[0] === 'label') + 1 : 1;
  const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1, xSplit: frozenColumns }] });
  const levelCol = t.columns.findIndex((c) => c.role === 'level');
  const kindCol = t.columns.findIndex((c) => c.role === 'kind');
  const lastRow = sheet.rows.length + SPARE_ROWS;
  t.columns.forEach((col, c) => {
    const column = ws.getColumn(c + 1);
    const texts = [col.header.zh, col.header.en, ...sheet.rows.slice(1).map((r) => (r[c] === null || r[c] === undefined ? '' : String(r[c])))];
    column.width = fitWidth(texts, 8, col.width ?? 36);
    if (col.codec.text) column.numFmt = TEXT_FORMAT;
    const dv = dropDown(col.codec);
    if (dv) (ws as unknown as RangeValidations).dataValidations.add(`${columnLetter(c)}2:${columnLetter(c)}${lastRow}`, dv);
  });
  const header = ws.getRow(1);
  t.columns.forEach((col, c) => {
    const cell = header.getCell(c + 1);
    cell.value = bilingual(col.header);
    if (col.note) cell.note = bilingual(col.note);
  });
  styleHeader(header);
  sheet.rows.slice(1).forEach((values, i) => {
    const row = ws.getRow(i + 2);
    const aggregate = kindCol >= 0 && values[kindCol] === 'aggregate';
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      cell.value = excelValue(v);
      const col: Column = t.columns[c];
      if (col.codec.text) cell.numFmt = TEXT_FORMAT;
      if (aggregate) cell.font = { bold: true };
      if (col.path?.[0] === 'label' && col.path[1] === 'zh' && levelCol >= 0) {
        cell.alignment = { indent: Math.max(0, Number(values[levelCol]) - 1) };
      }
      if (col.codec !== colour || !isHexColour(v)) return;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${v.slice(1).toUpperCase()}` } };
      cell.font = { color: { argb: luminance(v) > 0.5 ? 'FF000000' : 'FFFFFFFF' } };
    });
  });
}

/** Relative luminance of #rrggbb, to pick black or white text over it. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function renderGuide(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet(sheetName(GUIDE_SHEET));
  ws.columns = [{ width: 22 }, { width: 26 }, { width: 70 }, { width: 50 }];
  const add = (values: string[], bold = false): void => {
    const row = ws.addRow(values);
    row.alignment = { wrapText: true, vertical: 'top' };
    if (bold) row.font = { bold: true };
  };
  add(['本工作簿由 kaohe 从指标方案导出；编辑后用 kaohe scheme import 转回 YAML 方案。'], true);
  add(['Exported by kaohe from a scheme; after editing, convert it back with kaohe scheme import.'], true);
  add(['请勿改动工作表名称和表头；空行会被忽略；导入时会逐一指出有问题的工作表和单元格。本说明表导入时忽略。']);
  add(["Keep the sheet names and headers; empty rows are ignored; an import names the sheet and cell of every problem. This sheet is ignored on import."]);
  add([]);
  const head = ws.addRow(['工作表 Sheet', '列 Column', '说明 Meaning', '填写 Format']);
  styleHeader(head);
  add([sheetName(SCHEME_SHEET.name), '', '方案的基本信息：每行一项，A 列为项目，B 列为值 / the scheme itself: one field per row, its name in A and its value in B'], true);
  for (const f of SCHEME_SHEET.fields) add(['', headerText(f.header), f.note ? headerText(f.note) : '', headerText(f.codec.describe)]);
  for (const t of TABLES) {
    add([sheetName(t.name), '', t.note ? headerText(t.note) : ''], true);
    for (const c of t.columns) {
      const required = c.required ? '（必需的列 required column）' : '';
      add(['', headerText(c.header), `${c.note ? headerText(c.note) : ''}${required}`, headerText(c.codec.describe)]);
    }
  }
}
