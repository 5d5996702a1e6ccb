/**
 * Workbooks for the import tests, built with exceljs as the fill-in contract lays them out
 * (io/xlsx/contract.ts), plain ones as LibreOffice or WPS users make them, and hand-made zips
 * for the hostile cases (a zip bomb, hidden data) that no spreadsheet program would write.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, constants as zlib } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { CellValue, Workbook, Worksheet } from 'exceljs';
import { expect } from 'vitest';
import type { Frame, ScoringPlan } from '../../engine/index.js';

export const scratch = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));
export const removeAll = (...dirs: string[]): void => dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));

export interface ContractOptions {
  /** Metadata of the `_kaohe` sheet; `null` leaves the sheet out. Default: the plan's. */
  meta?: { format?: string; scheme?: string; version?: string; planHash?: string } | null;
  /** Header names (default: id, name, then every source of the plan). */
  header?: string[];
  dataSheetName?: string;
}

/** A workbook as the template writer lays it out: instructions, 数据 (3 header rows, data from row 4), _kaohe. */
export function contractWorkbook(plan: ScoringPlan, hash: string, rows: CellValue[][], options: ContractOptions = {}): { wb: Workbook; data: Worksheet } {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填报说明').addRow(['请在「数据」表中填写 / Fill in the data sheet']);
  const data = wb.addWorksheet(options.dataSheetName ?? '数据');
  const header = options.header ?? ['id', 'name', ...plan.sources.map((s) => s.id)];
  const source = (h: string) => plan.sources.find((s) => s.id === h);
  const fixed: Record<string, string> = { id: '编码\nID', name: '名称\nName' };
  data.addRow(header.map((h) => (source(h) ? `${source(h)!.label.zh}\n${source(h)!.label.en}` : fixed[h] ?? h)));
  data.addRow(header.map((h) => source(h)?.unit ?? ''));
  data.addRow(header);
  for (const r of rows) data.addRow(r);
  if (options.meta !== null) {
    const meta = wb.addWorksheet('_kaohe', { state: 'veryHidden' });
    const m = { format: 'kaohe-template/1', scheme: plan.scheme.id, version: plan.scheme.version, planHash: hash, ...options.meta };
    for (const [k, v] of Object.entries(m)) meta.addRow([k, v]);
  }
  return { wb, data };
}

/** A workbook whose first sheet is the CSV's table as it stands (row 1 the header). */
export function plainWorkbook(rows: CellValue[][], sheetName = 'Sheet1'): { wb: Workbook; data: Worksheet } {
  const wb = new ExcelJS.Workbook();
  const data = wb.addWorksheet(sheetName);
  for (const r of rows) data.addRow(r);
  return { wb, data };
}

export async function save(wb: Workbook, path: string): Promise<string> {
  await wb.xlsx.writeFile(path);
  return path;
}

/** CSV text → rows of cells: numbers where the text is a plain number (as a spreadsheet types them), text otherwise. */
export function csvRows(csv: string, textColumns: string[] = ['id', 'name']): CellValue[][] {
  const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
  const header = lines[0];
  return [header, ...lines.slice(1).map((cells) => cells.map((v, c) => {
    if (v === '' || textColumns.includes(header[c])) return v === '' ? null : v;
    return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  }))];
}

/** Two frames hold the same data, bit for bit. */
export function expectSameFrame(a: Frame, b: Frame): void {
  expect(a.n).toBe(b.n);
  expect(a.ids).toEqual(b.ids);
  expect(a.names).toEqual(b.names);
  expect([...a.columns.keys()]).toEqual([...b.columns.keys()]);
  for (const [id, col] of a.columns) {
    const other = b.columns.get(id)!;
    expect(col.length, id).toBe(other.length);
    for (let i = 0; i < a.n; i++) if (!Object.is(col[i], other[i])) throw new Error(`${id}[${i}]: ${col[i]} ≠ ${other[i]}`);
  }
  expect(Object.fromEntries(a.dictionaries)).toEqual(Object.fromEntries(b.dictionaries));
}

// ── Hand-made zips ──────────────────────────────────────────────────────────────────────

export interface ZipEntry {
  name: string;
  /** The bytes as stored (already deflated when method is 8). */
  stored: Buffer;
  method: 0 | 8;
  crc: number;
  size: number;
}

export const storedEntry = (name: string, text: string): ZipEntry => {
  const data = Buffer.from(text);
  return { name, stored: data, method: 0, crc: crc32(data), size: data.length };
};
export const deflatedEntry = (name: string, text: string): ZipEntry => {
  const data = Buffer.from(text);
  return { name, stored: deflateRawSync(data), method: 8, crc: crc32(data), size: data.length };
};

/** A zip file: local headers and data, then the central directory, then its end record. `gap` bytes of junk may follow an entry. */
export function zipFile(entries: ZipEntry[], gapAfter: { entry: number; bytes: Buffer } | null = null): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  entries.forEach((e, k) => {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.stored.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(e.method, 10);
    dir.writeUInt16LE(0x21, 14);
    dir.writeUInt32LE(e.crc >>> 0, 16);
    dir.writeUInt32LE(e.stored.length, 20);
    dir.writeUInt32LE(e.size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, e.stored);
    central.push(dir, name);
    offset += 30 + name.length + e.stored.length;
    if (gapAfter?.entry === k) {
      parts.push(gapAfter.bytes);
      offset += gapAfter.bytes.length;
    }
  });
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dirBytes, end]);
}

/** The parts an .xlsx must have, tiny, for hand-made zips that get past the "is it a workbook" check. */
export function minimalWorkbookEntries(): ZipEntry[] {
  return [
    deflatedEntry('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    deflatedEntry('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>'),
  ];
}

/**
 * A real zip bomb: one worksheet entry of `gib` GiB of zeros, deflated to about 1 MiB per GiB.
 * Built from one deflated MiB repeated: a full flush ends each piece on a byte boundary with
 * the compressor's history reset, so the pieces concatenate into one valid deflate stream.
 */
export function zipBomb(gib = 1): Buffer {
  const MiB = Buffer.alloc(1 << 20);
  const piece = deflateRawSync(MiB, { finishFlush: zlib.Z_FULL_FLUSH, level: 9 });
  const pieces = 1024 * gib;
  const stored = Buffer.concat([...Array<Buffer>(pieces).fill(piece), deflateRawSync(Buffer.alloc(0))]);
  let crc = 0;
  for (let k = 0; k < pieces; k++) crc = crc32(MiB, crc);
  return zipFile([...minimalWorkbookEntries(), { name: 'xl/worksheets/sheet1.xml', stored, method: 8, crc, size: pieces * (1 << 20) }]);
}

export function writeBytes(path: string, bytes: Buffer): string {
  writeFileSync(path, bytes);
  return path;
}
