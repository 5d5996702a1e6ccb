/**
 * An .xlsx file → the sheets model. Schemes are small, so the whole workbook is loaded with
 * exceljs in this thread, after the zip directory has been checked (io/xlsx/zip-guard.ts) against
 * limits sized for a scheme: a few MB on disk, little more inflated, a few dozen sheets.
 */
import ExcelJS from 'exceljs';
import { KaoheError } from '../../indicators/index.js';
import { checkXlsxBuffer, checkXlsxFile, type ZipLimits } from '../xlsx/zip-guard.js';
import type { CellValue } from './codecs.js';
import type { SheetData } from './model.js';
import { readFile } from 'node:fs/promises';

const MiB = 1024 * 1024;

export const SCHEME_WORKBOOK_LIMITS: Partial<ZipLimits> = {
  maxBytes: 4 * MiB,
  maxUncompressedBytes: 32 * MiB,
  maxSheets: 50,
};

export async function readSheetsFile(path: string, where = path): Promise<SheetData[]> {
  await checkXlsxFile(path, SCHEME_WORKBOOK_LIMITS, where);
  return loadSheets(await readFile(path), where);
}

export async function readSheetsBuffer(bytes: Uint8Array, where = 'framework.xlsx'): Promise<SheetData[]> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  await checkXlsxBuffer(buf, SCHEME_WORKBOOK_LIMITS, where);
  return loadSheets(buf, where);
}

async function loadSheets(buf: Buffer, where: string): Promise<SheetData[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new KaoheError([{
      where,
      zh: `无法读取工作簿，文件可能已损坏：${(e as Error).message}`,
      en: `cannot read the workbook; it may be damaged: ${(e as Error).message}`,
    }]);
  }
  return wb.worksheets.map((ws) => {
    const rows: CellValue[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const cells: CellValue[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        // A merged range holds its value in its top-left cell only.
        if (cell.isMerged && cell.master !== cell) return;
        cells[c - 1] = plain(cell.value);
      });
      rows[r - 1] = cells;
    });
    // Rows and cells stay sparse: a stray value far down a sheet must not make a huge grid.
    return { name: ws.name, rows };
  });
}

/** A cell as the codecs read it: a formula counts by its cached result, rich text by its text. */
function plain(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if ('error' in v) return { error: String(v.error) };
  if ('richText' in v) return v.richText.map((t) => t.text ?? '').join('');
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as { result?: ExcelJS.CellValue }).result;
    return result === undefined || result === null ? { error: '公式没有计算结果 formula without a value' } : plain(result);
  }
  if ('text' in v) return typeof v.text === 'string' ? v.text : plain(v.text as ExcelJS.CellValue);
  return null;
}
