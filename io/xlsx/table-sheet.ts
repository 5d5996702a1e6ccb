/**
 * A table written row by row on a streaming worksheet (xlsx-writer.ts): a bilingual header (row 1) over the
 * machine column keys (row 2), frozen header and identity columns, an auto-filter, number
 * formats per column and colour scales on score columns. A table longer than a worksheet goes
 * on in a second sheet `NAME (2)`, and so on.
 */
import type { Label } from '../../indicators/index.js';
import { columnLetter } from '../csv-input.js';
import { EXCEL_MAX_ROWS } from './contract.js';
import { nextTurn, ROWS_PER_TURN } from './stream-workbook.js';
import { HEADER_FILL, KEY_FILL, KEY_FONT } from './styles.js';
import { displayWidth } from './text-width.js';
import type { Cell, CellStyle, SheetWriter, XlsxWriter } from './xlsx-writer.js';

export interface TableColumn {
  key: string;
  label: Label;
  width: number;
  numFmt?: string;
  /** Numbers of this column are written rounded half to even to this many decimals. */
  decimals?: number;
  /** Colour the column's values red through yellow to green, green at the highest values
   * (`greenHigh`) or at the lowest (`greenLow`: a scheme whose rank 1 is the lowest score). */
  colourScale?: 'greenHigh' | 'greenLow';
}

const HEADER_ROWS = 2;
const RED = 'FFF8696B';
const YELLOW = 'FFFFEB84';
const GREEN = 'FF63BE7B';
/** Colours at min, median and max. */
const SCALES: Record<NonNullable<TableColumn['colourScale']>, [string, string, string]> = { greenHigh: [RED, YELLOW, GREEN], greenLow: [GREEN, YELLOW, RED] };

export class TableSheet {
  private ws: SheetWriter | null = null;
  private part = 0;
  private written = 0;
  /** Per column: the style index of its values. */
  private readonly styles: number[];
  /** Per column: decimals to round its numbers to, or -1. */
  private readonly decimals: number[];
  private readonly labelStyle: number;
  private readonly keyStyle: number;

  constructor(
    private readonly wb: XlsxWriter,
    private readonly name: string,
    private readonly columns: TableColumn[],
    /** Columns that stay in view when scrolling right (rank, id, name). */
    private readonly frozenColumns: number,
    /** Rows per sheet, header included (smaller only in tests). */
    private readonly maxRows = EXCEL_MAX_ROWS,
  ) {
    this.styles = columns.map((c) => (c.numFmt ? wb.styles.id({ numFmt: c.numFmt }) : 0));
    this.decimals = columns.map((c) => c.decimals ?? -1);
    const border = { border: true };
    this.labelStyle = wb.styles.id({ bold: true, fill: HEADER_FILL.fgColor.argb, horizontal: 'center', vertical: 'middle', wrapText: true, ...border });
    this.keyStyle = wb.styles.id({ size: KEY_FONT.size, color: KEY_FONT.color!.argb, fill: KEY_FILL.fgColor.argb, horizontal: 'center', ...border });
  }

  /** A style of the workbook's, for `add`'s per-cell styles. */
  style(s: CellStyle): number {
    return this.wb.styles.id(s);
  }

  /** Add a row; `style(k)` may give column k's cell a style index of its own (a grade's colour). */
  async add(values: readonly Cell[], style?: (k: number) => number | undefined): Promise<void> {
    await this.next();
    for (let k = 0; k < values.length; k++) this.put(k, values[k], style?.(k));
  }

  /** Start a row, to be filled cell by cell with `put` (what `add` does, without an array per row). */
  async next(): Promise<void> {
    if (this.written > 0 && this.written % ROWS_PER_TURN === 0) {
      await this.ws!.flushIfFull();
      await nextTurn();
    }
    if (!this.ws || this.ws.rows === this.maxRows) await this.open();
    this.ws!.row();
    this.written++;
  }

  /** Column k's cell of the row begun by `next`, in the column's style or `style`. */
  put(k: number, v: Cell, style = this.styles[k]): void {
    const d = this.decimals[k];
    if (d >= 0 && typeof v === 'number') this.ws!.rounded(k, v, d, style);
    else this.ws!.cell(k, v, style);
  }

  /** Close the table (an empty table still gets its header). */
  async finish(): Promise<void> {
    if (!this.ws) await this.open();
    await this.close();
  }

  private async open(): Promise<void> {
    if (this.ws) await this.close();
    this.part++;
    const name = this.part === 1 ? this.name : `${this.name} (${this.part})`;
    const ws = await this.wb.addSheet(name, {
      frozen: { columns: this.frozenColumns, rows: HEADER_ROWS },
      columns: this.columns.map((c, k) => ({ width: c.width, style: this.styles[k] })),
    });
    ws.row(34);
    this.columns.forEach((c, k) => ws.cell(k, `${c.label.zh}\n${c.label.en}`, this.labelStyle));
    ws.row();
    this.columns.forEach((c, k) => ws.cell(k, c.key, this.keyStyle));
    this.ws = ws;
  }

  private async close(): Promise<void> {
    const last = Math.max(this.ws!.rows, HEADER_ROWS);
    const scales = last > HEADER_ROWS
      ? this.columns.flatMap((c, k) => {
        if (!c.colourScale) return [];
        const letter = columnLetter(k);
        return [{ ref: `${letter}${HEADER_ROWS + 1}:${letter}${last}`, priority: k + 1, colours: SCALES[c.colourScale] }];
      })
      : [];
    await this.wb.closeSheet({ autoFilter: `A${HEADER_ROWS}:${columnLetter(this.columns.length - 1)}${last}`, colourScales: scales });
    this.ws = null;
  }
}

/** A column width that fits the header and the widest of many values, without keeping them. */
export function widthFor(label: Label, values: Iterable<string | null>, min = 8, max = 40): number {
  let widest = Math.max(displayWidth(label.zh), displayWidth(label.en));
  for (const v of values) if (v) widest = Math.max(widest, displayWidth(v));
  return Math.min(max, Math.max(min, widest + 2));
}
