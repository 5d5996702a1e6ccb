/**
 * A table written row by row on a streaming worksheet: a bilingual header (row 1) over the
 * machine column keys (row 2), frozen header and identity columns, an auto-filter, number
 * formats per column and colour scales on score columns. A table longer than a worksheet goes
 * on in a second sheet `NAME (2)`, and so on.
 */
import type { CellValue, Style, Worksheet } from 'exceljs';
import type { Label } from '../../indicators/index.js';
import { columnLetter } from '../csv-input.js';
import { EXCEL_MAX_ROWS } from './contract.js';
import { nextTurn, ROWS_PER_TURN, type StreamWorkbook } from './stream-workbook.js';
import { BORDER, HEADER_FILL, HEADER_FONT, KEY_FILL, KEY_FONT, WRAP_CENTRE } from './styles.js';
import { displayWidth } from './text-width.js';

export interface TableColumn {
  key: string;
  label: Label;
  width: number;
  numFmt?: string;
  /** Colour the column's values red through yellow to green, green at the highest values
   * (`greenHigh`) or at the lowest (`greenLow`: a scheme whose rank 1 is the lowest score). */
  colourScale?: 'greenHigh' | 'greenLow';
}

const HEADER_ROWS = 2;
const RED = { argb: 'FFF8696B' };
const YELLOW = { argb: 'FFFFEB84' };
const GREEN = { argb: 'FF63BE7B' };
/** Colours at min, median and max. */
const SCALES = { greenHigh: [RED, YELLOW, GREEN], greenLow: [GREEN, YELLOW, RED] };

export class TableSheet {
  private ws: Worksheet | null = null;
  private part = 0;
  private rows = 0;
  private written = 0;
  private readonly styles: Partial<Style>[];

  constructor(
    private readonly wb: StreamWorkbook,
    private readonly name: string,
    private readonly columns: TableColumn[],
    /** Columns that stay in view when scrolling right (rank, id, name). */
    private readonly frozenColumns: number,
    /** Rows per sheet, header included (smaller only in tests). */
    private readonly maxRows = EXCEL_MAX_ROWS,
  ) {
    this.styles = columns.map((c) => (c.numFmt ? { numFmt: c.numFmt } : {}));
  }

  /**
   * Add a row; `style(k)` may give column k's cell a style of its own (a grade's colour). Give
   * the same object for the same style: exceljs looks styles up by object, and one shared
   * object per column is what keeps a million rows fast.
   */
  async add(values: CellValue[], style?: (k: number) => Partial<Style> | undefined): Promise<void> {
    if (!this.ws || this.rows === this.maxRows) this.open();
    const row = this.ws!.getRow(++this.rows);
    row.values = values;
    for (let k = 0; k < values.length; k++) {
      if (values[k] !== null) row.getCell(k + 1).style = style?.(k) ?? this.styles[k];
    }
    row.commit();
    if (++this.written % ROWS_PER_TURN === 0) await nextTurn();
  }

  /** Close the table (an empty table still gets its header). */
  finish(): void {
    if (!this.ws) this.open();
    this.close();
  }

  private open(): void {
    if (this.ws) this.close();
    this.part++;
    const name = this.part === 1 ? this.name : `${this.name} (${this.part})`;
    const ws = this.wb.addWorksheet(name, {
      views: [{ state: 'frozen', xSplit: this.frozenColumns, ySplit: HEADER_ROWS }],
    });
    ws.columns = this.columns.map((c, k) => ({ width: c.width, style: this.styles[k] }));
    const labels = ws.getRow(1);
    labels.values = this.columns.map((c) => `${c.label.zh}\n${c.label.en}`);
    labels.height = 34;
    labels.eachCell((cell) => {
      cell.style = { font: HEADER_FONT, fill: HEADER_FILL, alignment: WRAP_CENTRE, border: BORDER };
    });
    labels.commit();
    const keys = ws.getRow(2);
    keys.values = this.columns.map((c) => c.key);
    keys.eachCell((cell) => {
      cell.style = { font: KEY_FONT, fill: KEY_FILL, alignment: { horizontal: 'center' }, border: BORDER };
    });
    keys.commit();
    this.ws = ws;
    this.rows = HEADER_ROWS;
  }

  private close(): void {
    const ws = this.ws!;
    const last = Math.max(this.rows, HEADER_ROWS);
    ws.autoFilter = `A${HEADER_ROWS}:${columnLetter(this.columns.length - 1)}${last}`;
    if (this.rows > HEADER_ROWS) {
      this.columns.forEach((c, k) => {
        if (!c.colourScale) return;
        const letter = columnLetter(k);
        ws.addConditionalFormatting({
          ref: `${letter}${HEADER_ROWS + 1}:${letter}${last}`,
          rules: [{ type: 'colorScale', priority: k + 1, cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }], color: SCALES[c.colourScale] }],
        });
      });
    }
    ws.commit();
    this.ws = null;
  }
}

/** A column width that fits the header and the widest of many values, without keeping them. */
export function widthFor(label: Label, values: Iterable<string | null>, min = 8, max = 40): number {
  let widest = Math.max(displayWidth(label.zh), displayWidth(label.en));
  for (const v of values) if (v) widest = Math.max(widest, displayWidth(v));
  return Math.min(max, Math.max(min, widest + 2));
}
