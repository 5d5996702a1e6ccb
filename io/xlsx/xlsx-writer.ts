/**
 * A streaming SpreadsheetML writer for the results workbook: sheet XML written by hand, a
 * piece at a time, into a streaming zip (../zip-stream.ts), with a shared style table. exceljs's
 * own streaming writer spends most of a million-row workbook building a cell object and looking
 * up a style per cell (140 of 166 s measured); here a cell is a few bytes of text.
 *
 * What it writes is what exceljs wrote for the same workbook, part for part: `t="str"` text
 * cells, styles by index, frozen panes, column widths and styles, auto-filters, colour scales,
 * hidden sheets; exceljs, LibreOffice and Excel read it. Sheets are written one after another.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { writeFileAtomicWith } from '../atomic-write.js';
import { columnLetter } from '../csv-input.js';
import { ZipStream, type ZipEntryWriter } from '../zip-stream.js';
import { ByteChunks, xmlText } from './byte-chunks.js';
import { BORDER_ARGB } from './styles.js';

/** A cell style: number format, font, fill colour (ARGB), thin grey border, alignment. */
export interface CellStyle {
  numFmt?: string;
  bold?: boolean;
  size?: number;
  /** Font colour, ARGB. */
  color?: string;
  /** Solid fill, ARGB. */
  fill?: string;
  border?: boolean;
  horizontal?: 'center';
  vertical?: 'middle';
  wrapText?: boolean;
}

/** A cell: text, a number (NaN and ±Infinity are left empty) or nothing. */
export type Cell = string | number | null;

const BUILTIN_FORMATS: Record<string, number> = { General: 0, '0': 1, '0.00': 2 };

/** The workbook's style table: each distinct style once, referred to by index. */
class StyleBook {
  private readonly xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly byKey = new Map<string, number>([['{}', 0]]);
  private readonly fonts = ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'];
  private readonly fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
  private readonly borders = ['<border><left/><right/><top/><bottom/><diagonal/></border>',
    `<border>${['left', 'right', 'top', 'bottom'].map((s) => `<${s} style="thin"><color rgb="${BORDER_ARGB}"/></${s}>`).join('')}<diagonal/></border>`];
  private readonly formats: string[] = [];

  id(style: CellStyle): number {
    const key = JSON.stringify(style);
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const fmt = style.numFmt === undefined ? 0 : BUILTIN_FORMATS[style.numFmt] ?? this.format(style.numFmt);
    const font = style.bold || style.size || style.color
      ? this.add(this.fonts, `<font>${style.bold ? '<b/>' : ''}${style.color ? `<color rgb="${style.color}"/>` : ''}<sz val="${style.size ?? 11}"/><name val="Calibri"/><family val="2"/></font>`)
      : 0;
    const fill = style.fill ? this.add(this.fills, `<fill><patternFill patternType="solid"><fgColor rgb="${style.fill}"/></patternFill></fill>`) : 0;
    const border = style.border ? 1 : 0;
    const align = style.horizontal || style.vertical || style.wrapText
      ? `<alignment${style.horizontal ? ` horizontal="${style.horizontal}"` : ''}${style.vertical ? ` vertical="center"` : ''}${style.wrapText ? ' wrapText="1"' : ''}/>`
      : '';
    const applies = `${fmt ? ' applyNumberFormat="1"' : ''}${font ? ' applyFont="1"' : ''}${fill ? ' applyFill="1"' : ''}${border ? ' applyBorder="1"' : ''}${align ? ' applyAlignment="1"' : ''}`;
    const xf = `<xf numFmtId="${fmt}" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0"${applies}${align ? `>${align}</xf>` : '/>'}`;
    this.xfs.push(xf);
    this.byKey.set(key, this.xfs.length - 1);
    return this.xfs.length - 1;
  }

  xml(): string {
    const list = (tag: string, items: string[]): string => `<${tag} count="${items.length}">${items.join('')}</${tag}>`;
    const fmts = this.formats.map((f, k) => `<numFmt numFmtId="${164 + k}" formatCode="${xmlText(f)}"/>`);
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${fmts.length ? list('numFmts', fmts) : ''}${list('fonts', this.fonts)}${list('fills', this.fills)}${list('borders', this.borders)}`
      + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
      + `${list('cellXfs', this.xfs)}<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>`;
  }

  private format(code: string): number {
    let k = this.formats.indexOf(code);
    if (k < 0) k = this.formats.push(code) - 1;
    return 164 + k;
  }

  private add(list: string[], xml: string): number {
    const k = list.indexOf(xml);
    return k >= 0 ? k : list.push(xml) - 1;
  }
}

export interface SheetOptions {
  state?: 'hidden';
  /** Frozen columns and rows (the pane's top-left cell is the first unfrozen one). */
  frozen?: { columns: number; rows: number };
  /** Per column: width, and the style index empty cells of the column show. */
  columns?: { width: number; style?: number }[];
}

/** What follows a sheet's rows: its auto-filter and colour scales. */
export interface SheetTail {
  autoFilter?: string;
  colourScales?: { ref: string; priority: number; colours: [string, string, string] }[];
}

/** Bytes gathered before they go into the zip: one deflate piece (zip-stream.ts). */
const FLUSH_BYTES = 1 << 20;

const ascii = (s: string): Buffer => Buffer.from(s, 'latin1');
/** `<c r="X` for column k, and what follows the row number for a number or a text cell of style N, as bytes. */
const cellOpen: Buffer[] = [];
const numberOpen: Buffer[] = [];
const textOpen: Buffer[] = [];
const openOf = (k: number): Buffer => (cellOpen[k] ??= ascii(`<c r="${columnLetter(k)}`));
const numberOpenOf = (s: number): Buffer => (numberOpen[s] ??= ascii(`"${s ? ` s="${s}"` : ''}><v>`));
const textOpenOf = (s: number): Buffer => (textOpen[s] ??= ascii(`"${s ? ` s="${s}"` : ''} t="str"><v>`));
const CELL_CLOSE = ascii('</v></c>');
const ROW_OPEN = ascii('<row r="');
const ROW_CLOSE = ascii('</row>');

/**
 * A score rounded half to even to `decimals` places, as the decimal text of its digits
 * ("72.10"): the same number as the rounded double, written from an integer, which is much
 * cheaper than the shortest round-trip text of a double.
 */
export function roundedText(v: number, decimals: number): string {
  const b = new ByteChunks(32);
  b.rounded(v, decimals);
  return Buffer.concat(b.take()).toString('latin1');
}

/** One sheet's rows, written in order, as bytes. */
export class SheetWriter {
  private readonly out = new ByteChunks(FLUSH_BYTES + 4096);
  private r = 0;
  /** The current row's number, as digits. */
  private readonly digits = Buffer.alloc(16);
  private digitCount = 0;

  constructor(private readonly entry: ZipEntryWriter) {}

  /** Rows written so far. */
  get rows(): number {
    return this.r;
  }

  /** Start the next row; `height` in points. */
  row(height?: number): void {
    const o = this.out;
    if (this.r > 0) o.bytes(ROW_CLOSE);
    o.bytes(ROW_OPEN);
    const r = String(++this.r);
    this.digitCount = this.digits.write(r, 'latin1');
    o.bytesOf(this.digits, this.digitCount);
    o.ascii(height === undefined ? '">' : `" ht="${height}" customHeight="1">`);
  }

  /** Column k's cell of the current row (0-based); nothing for null and non-finite numbers. */
  cell(k: number, v: Cell, style = 0): void {
    if (v === null) return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return;
      this.open(k, numberOpenOf(style));
      this.out.number(v);
    } else {
      this.open(k, textOpenOf(style));
      this.out.xml(v);
    }
    this.out.bytes(CELL_CLOSE);
  }

  /** Column k's number cell, rounded half to even to `decimals` places (roundedText); nothing for NaN. */
  rounded(k: number, v: number, decimals: number, style = 0): void {
    if (v !== v) return;
    this.open(k, numberOpenOf(style));
    this.out.rounded(v, decimals);
    this.out.bytes(CELL_CLOSE);
  }

  /** Column k's text cell holding v's digits as the results CSV writes them, which also go into `csv`. */
  numberText(k: number, v: number, csv: ByteChunks): void {
    this.open(k, textOpenOf(0));
    this.out.numberTwice(v, csv);
    this.out.bytes(CELL_CLOSE);
  }

  /** Give the zip what is gathered once there is enough of it. */
  async flushIfFull(): Promise<void> {
    if (this.out.length >= FLUSH_BYTES) await this.flush();
  }

  /** Give the zip everything gathered. */
  async flush(): Promise<void> {
    for (const b of this.out.take()) await this.entry.write(b, () => this.out.recycle(b));
  }

  /** The end of the last row, if any. */
  endRows(): string {
    return this.r > 0 ? '</row>' : '';
  }

  /** Raw XML around the rows (the writer's own). */
  take(s: string): void {
    this.out.utf8(s);
  }

  /** `<c r="B12` and the rest of the cell's opening. */
  private open(k: number, rest: Buffer): void {
    const o = this.out;
    o.bytes(openOf(k));
    o.bytesOf(this.digits, this.digitCount);
    o.bytes(rest);
  }
}

export class XlsxWriter {
  readonly styles = new StyleBook();
  private readonly zip: ZipStream;
  private readonly sheets: { name: string; state?: 'hidden' }[] = [];
  private current: { sheet: SheetWriter; entry: ZipEntryWriter } | null = null;

  constructor(out: Writable) {
    this.zip = new ZipStream(out);
  }

  /** Open the next sheet (the one before must be closed). */
  async addSheet(name: string, options: SheetOptions = {}): Promise<SheetWriter> {
    if (this.current) throw new Error('xlsx: a sheet is still open');
    this.sheets.push({ name, state: options.state });
    const entry = this.zip.entry(`xl/worksheets/sheet${this.sheets.length}.xml`);
    const sheet = new SheetWriter(entry);
    const f = options.frozen;
    const view = f && (f.columns > 0 || f.rows > 0)
      ? `<sheetViews><sheetView workbookViewId="0"><pane${f.columns ? ` xSplit="${f.columns}"` : ''}${f.rows ? ` ySplit="${f.rows}"` : ''} topLeftCell="${columnLetter(f.columns)}${f.rows + 1}" activePane="${f.columns && f.rows ? 'bottomRight' : f.rows ? 'bottomLeft' : 'topRight'}" state="frozen"/></sheetView></sheetViews>`
      : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
    const cols = options.columns?.length
      ? `<cols>${options.columns.map((c, k) => `<col min="${k + 1}" max="${k + 1}" width="${c.width}"${c.style ? ` style="${c.style}"` : ''} customWidth="1"/>`).join('')}</cols>`
      : '';
    sheet.take('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
      + `${view}<sheetFormatPr defaultRowHeight="15"/>${cols}<sheetData>`);
    this.current = { sheet, entry };
    return sheet;
  }

  /** Close the open sheet. */
  async closeSheet(tail: SheetTail = {}): Promise<void> {
    const { sheet, entry } = this.current!;
    const filter = tail.autoFilter ? `<autoFilter ref="${tail.autoFilter}"/>` : '';
    const scales = (tail.colourScales ?? []).map((c) => `<conditionalFormatting sqref="${c.ref}"><cfRule type="colorScale" priority="${c.priority}"><colorScale><cfvo type="min"/><cfvo type="percentile" val="50"/><cfvo type="max"/>${c.colours.map((x) => `<color rgb="${x}"/>`).join('')}</colorScale></cfRule></conditionalFormatting>`).join('');
    sheet.take(`${sheet.endRows()}</sheetData>${filter}${scales}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`);
    await sheet.flush();
    await entry.end();
    this.current = null;
  }

  /** Write the workbook's other parts and the zip's directory. */
  async finish(): Promise<void> {
    if (this.current) throw new Error('xlsx: a sheet is still open');
    const n = this.sheets.length;
    const header = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
    const sheetType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
    await this.zip.add('[Content_Types].xml', `${header}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      + this.sheets.map((_, k) => `<Override PartName="/xl/worksheets/sheet${k + 1}.xml" ContentType="${sheetType}"/>`).join('')
      + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
      + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
      + '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>');
    await this.zip.add('_rels/.rels', `${header}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
      + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
      + '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>');
    await this.zip.add('docProps/app.xml', `${header}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>kaohe</Application></Properties>`);
    await this.zip.add('docProps/core.xml', `${header}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>kaohe</dc:creator><cp:lastModifiedBy>kaohe</cp:lastModifiedBy></cp:coreProperties>`);
    await this.zip.add('xl/_rels/workbook.xml.rels', `${header}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
      + this.sheets.map((_, k) => `<Relationship Id="rId${k + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${k + 1}.xml"/>`).join('')
      + `<Relationship Id="rId${n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`);
    await this.zip.add('xl/workbook.xml', `${header}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="0"/></bookViews><sheets>`
      + this.sheets.map((s, k) => `<sheet name="${xmlText(s.name)}" sheetId="${k + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${k + 1}"/>`).join('')
      + '</sheets></workbook>');
    await this.zip.add('xl/styles.xml', this.styles.xml());
    await this.zip.finish();
  }
}

export type XlsxFill = (wb: XlsxWriter) => Promise<void>;

/** Fill a workbook and write it to `out`; resolves when everything is written. */
export async function writeXlsxTo(out: Writable, fill: XlsxFill): Promise<void> {
  const wb = new XlsxWriter(out);
  await fill(wb);
  await wb.finish();
}

/** Write a workbook to a file, whole or not at all. */
export async function writeXlsxFile(path: string, fill: XlsxFill): Promise<void> {
  await writeFileAtomicWith(path, async (tmp) => {
    const out = createWriteStream(tmp);
    await once(out, 'open'); // a path that can't be written fails now, before any work
    const failed = new Promise<never>((_, reject) => out.once('error', reject));
    try {
      await Promise.race([writeXlsxTo(out, fill), failed]);
    } catch (e) {
      out.on('error', () => {});
      out.destroy();
      throw e;
    } finally {
      if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    }
  });
}

/** A workbook as bytes (for a download or a test). */
export async function xlsxBuffer(fill: XlsxFill): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = finished(out);
  await writeXlsxTo(out, fill);
  await done;
  return Buffer.concat(chunks);
}
