/**
 * A records workbook (.xlsx) read as the records CSV it stands for: its first visible sheet,
 * header row 1 (`id,date,type,<fields…>`), cells as they show (a date cell as YYYY-MM-DD, a
 * number as its shortest decimal, TRUE/FALSE as true/false, a formula by its cached result), so
 * the records reader checks it cell by cell and names each problem by the sheet's row and the
 * column's header (`file.xlsx:7 kind`). An error cell is refused with its address. Runs in the
 * upload worker, after the zip checks of zip-guard.ts.
 */
import ExcelJS from 'exceljs';
import { formatDay, KaoheError } from '../../indicators/index.js';
import { sheetCell } from './cell-value.js';
import { checkXlsxBuffer } from './zip-guard.js';

export async function recordsWorkbookCsv(bytes: Uint8Array, fileName: string): Promise<string> {
  await checkXlsxBuffer(bytes, {}, fileName);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets.find((w) => w.state === 'visible') ?? wb.worksheets[0];
  if (!ws) throw new KaoheError([{ where: fileName, zh: '工作簿中没有工作表', en: 'the workbook has no worksheet' }]);
  const date1904 = wb.properties.date1904 ?? false;
  const width = ws.getRow(1).cellCount;
  const lines: string[] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = sheetCell(row.getCell(c), date1904);
      switch (cell.kind) {
        case 'empty': cells.push(''); break;
        case 'text': cells.push(cell.text); break;
        case 'number': cells.push(String(cell.value)); break;
        case 'date': cells.push(formatDay(cell.days)); break;
        case 'boolean': cells.push(cell.value ? 'true' : 'false'); break;
        case 'error':
          throw new KaoheError([{ where: `${fileName} ${ws.name}!${row.getCell(c).address}`, zh: `单元格是错误值 ${cell.code ?? ''}`, en: `the cell is an error value ${cell.code ?? ''}` }]);
      }
    }
    lines.push(cells.map((x) => `"${x.replaceAll('"', '""')}"`).join(','));
  }
  return `${lines.join('\n')}\n`;
}
