/**
 * The workbook as plain data, between the scheme and exceljs: each sheet a grid of cell values.
 * Export builds it from a scheme and import reads a scheme from it, so export can check that its
 * own output reads back to the same scheme without going through a file.
 */
import type { CellValue } from './codecs.js';
import type { Path, Rec } from './layout.js';

export interface SheetData {
  name: string;
  /** rows[0] is the header row; an empty cell is null or absent (rows and cells may be sparse). */
  rows: CellValue[][];
}

export function getPath(obj: unknown, path: Path): unknown {
  let v = obj;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** Set a value, creating objects (or arrays, before a numeric segment) on the way. */
export function setPath(obj: Rec, path: Path, value: unknown): void {
  let v: Record<string | number, unknown> = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    const next = v[seg];
    if (next === null || typeof next !== 'object') v[seg] = typeof path[i + 1] === 'number' ? [] : {};
    v = v[seg] as Record<string | number, unknown>;
  }
  v[path[path.length - 1]] = value;
}
