/**
 * Reading a round's workbook into a Frame with exceljs's streaming reader, following the
 * fill-in workbook contract (contract.ts, shared with the template writer): the data
 * sheet is the one named 数据, else the first visible worksheet; its machine header is the first
 * of rows 1–10 whose column A is `id` (so a plain workbook whose row 1 is the CSV header reads
 * too); data rows follow it. A `_kaohe` sheet, when present, names the scheme, version and plan
 * hash the workbook was made for, and must match. Every problem is collected and reported at
 * once with its cell (`数据!D7`); a workbook with any problem yields no frame.
 *
 * The meta sheet is read first, so that a workbook made for another scheme says so before
 * anything else. This runs inside a worker thread (workbook-worker.ts): call
 * readWorkbookFile/readWorkbookBuffer.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Row } from 'exceljs';
import { KaoheError, type Problem } from '../../indicators/index.js';
import { planHash, type Frame, type ScoringPlan } from '../../engine/index.js';
import { columnLetter } from '../csv-input.js';
import { FrameBuilder, headerProblems, headerUnit, ProblemList } from '../frame-builder.js';
import { applyHeaderUnits, type AppliedConversion, type UnitConversion } from '../units.js';
import { cellForColumn, cellText, sheetCell, type SheetCell } from './cell-value.js';
import { HEADER_SEARCH_ROWS, SHEET, TEMPLATE_FORMAT } from './contract.js';
import type { InputCaps } from '../input-caps.js';
import { openXlsxZip, type ZipLimits } from './zip-guard.js';

export interface SheetLimits {
  /** Data rows (non-blank rows below the header). */
  maxRows: number;
  /** Columns of the data sheet. */
  maxColumns: number;
}

export const DEFAULT_SHEET_LIMITS: SheetLimits = { maxRows: 500_000, maxColumns: 1_024 };

const DATA_SHEET = SHEET.data;
const META_SHEET = SHEET.meta;

/**
 * exceljs's WorkbookReader, driven part by part. Its own parse() reads the zip front to back in
 * one streaming pass, which is racy (exceljs issue #3064: the last entry, xl/workbook.xml in
 * workbooks exceljs writes, is sometimes never delivered, and the read fails with "Cannot read
 * properties of undefined (reading 'sheets')") and trusts local headers over the directory.
 * So we open the entries through the zip's directory (yauzl, sizes enforced) and hand them to
 * the reader's own part parsers in dependency order: relationships, workbook, shared strings,
 * styles, then only the worksheets we need. These methods are outside exceljs's typings.
 */
interface ReaderParts {
  model?: { sheets?: { name: string; state?: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string; Type?: string }[];
  properties?: { model?: { date1904?: boolean } };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): Generator<{ eventType: string; value: SheetReader }>;
}
interface SheetReader extends AsyncIterable<Row> {
  name: string;
  state?: string;
}

/** `数据!D7`; a sheet name with spaces or punctuation is quoted as Excel does: `'My data'!D7`. */
function cellRef(sheet: string, col: number, row: number): string {
  return `${sheetRef(sheet)}!${columnLetter(col - 1)}${row}`;
}
function sheetRef(sheet: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(sheet) ? sheet : `'${sheet.replaceAll("'", "''")}'`;
}

export interface ParseOptions {
  limits: SheetLimits;
  /** Checked again here, on the zip actually read. */
  zip?: Partial<ZipLimits>;
  /** How problems name the file. */
  fileName: string;
  roster?: ReadonlySet<string>;
  /** Rows without any input value skip their required checks (a roster row another city fills). */
  blankRows?: boolean;
  caps?: Partial<Pick<InputCaps, 'maxIdChars' | 'maxCellChars'>>;
  /** The round's unit conversions for columns whose header names another unit (units.ts). */
  conversions?: readonly UnitConversion[];
}

/** The frame, and how many rows of empty cells below the header were skipped. */
export interface WorkbookData {
  frame: Frame;
  emptyRows: number;
  /** Columns converted from the unit their header named (`gdp[亿港元]`); absent when none. */
  converted?: AppliedConversion[];
}

export async function parseWorkbook(input: string | Uint8Array, plan: ScoringPlan, options: ParseOptions): Promise<WorkbookData> {
  const { zip, entries } = await openXlsxZip(input, options.zip, options.fileName);
  try {
    const open = async (name: string): Promise<Readable> => {
      const entry = entries.get(name);
      if (!entry) throw new KaoheError([{ where: options.fileName, zh: `工作簿缺少必需的部件 ${name}：文件已损坏，请重新保存`, en: `the workbook lacks its part ${name}: it is damaged, save it again` }]);
      return zip.openReadStreamPromise(entry);
    };
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
      worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
    }) as unknown as ReaderParts;
    await reader._parseRels(await open('xl/_rels/workbook.xml.rels'));
    await reader._parseWorkbook(await open('xl/workbook.xml'));
    const rels = reader.workbookRels ?? [];
    const part = (type: string): string | null => {
      const rel = rels.find((r) => r.Type?.endsWith(`/${type}`));
      return rel ? partName(rel.Target) : null;
    };
    const strings = part('sharedStrings');
    if (strings && entries.has(strings)) for await (const _ of reader._parseSharedStrings(await open(strings))) { /* cached on the reader */ }
    const styles = part('styles');
    if (styles && entries.has(styles)) await reader._parseStyles(await open(styles));

    const sheets = (reader.model?.sheets ?? []).flatMap((s) => {
      const rel = rels.find((r) => r.Id === s.rId);
      const name = rel && /(^|\/)worksheets\//.test(rel.Target) ? partName(rel.Target) : null;
      return name && entries.has(name) ? [{ ...s, part: name }] : [];
    });
    const date1904 = reader.properties?.model?.date1904 === true;
    const readSheet = async (s: (typeof sheets)[number]): Promise<SheetReader> => {
      const sheetNo = /sheet(\d+)\.xml$/.exec(s.part)?.[1] ?? s.rId;
      const ws = reader._parseWorksheet(await open(s.part), sheetNo).next().value!.value;
      ws.name = s.name;
      return ws;
    };

    const problems: Problem[] = [];
    const metaSheet = sheets.find((s) => s.name === META_SHEET);
    if (metaSheet) problems.push(...metaProblems(await readMeta(await readSheet(metaSheet)), plan));
    const data = sheets.find((s) => s.name === DATA_SHEET)
      ?? sheets.find((s) => s.name !== META_SHEET && (s.state ?? 'visible') === 'visible');
    if (!data) {
      problems.push({ where: options.fileName, zh: `找不到数据表：没有名为「${DATA_SHEET}」的工作表，也没有可见的工作表`, en: `no data sheet: no sheet named ${DATA_SHEET} and no visible worksheet` });
      throw new KaoheError(problems);
    }
    const sheet = new DataSheet(data.name, plan, options, date1904);
    for await (const row of await readSheet(data)) sheet.row(row);
    const frame = sheet.finish(problems);
    const converted = applyHeaderUnits(plan, frame, sheet.units, options.conversions ?? [], options.fileName);
    return { frame, emptyRows: sheet.emptyRows, ...(converted.length > 0 ? { converted } : {}) };
  } finally {
    zip.close();
  }
}

/** A relationship target (relative to xl/, or absolute from the package root) as a zip entry name. */
function partName(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
}

async function readMeta(ws: SheetReader): Promise<Map<string, { value: string; where: string }>> {
  const out = new Map<string, { value: string; where: string }>();
  for await (const row of ws) {
    const key = plainText(sheetCell(row.findCell(1), false));
    if (key && !out.has(key)) out.set(key, { value: plainText(sheetCell(row.findCell(2), false)), where: cellRef(ws.name, 2, row.number) });
  }
  return out;
}

function plainText(c: SheetCell): string {
  return c.kind === 'text' ? c.text.trim() : c.kind === 'number' ? String(c.value) : '';
}

function metaProblems(meta: Map<string, { value: string; where: string }>, plan: ScoringPlan): Problem[] {
  const format = meta.get('format');
  if (format?.value !== TEMPLATE_FORMAT) {
    const found = format?.value || '（空）';
    return [{
      where: format?.where ?? `${META_SHEET}!B1`,
      zh: `工作簿的元数据格式为「${found}」，本版 kaohe 只认识 ${TEMPLATE_FORMAT}：请用本版 kaohe 重新生成填报模板`,
      en: `the workbook's metadata format is "${found}"; this kaohe reads ${TEMPLATE_FORMAT} only: make the template again with this kaohe`,
    }];
  }
  const scheme = meta.get('scheme');
  const version = meta.get('version');
  const hash = meta.get('planHash');
  const made = `${scheme?.value ?? '?'} ${version?.value ?? '?'}`;
  const ours = `${plan.scheme.id} ${plan.scheme.version}`;
  if (scheme?.value !== plan.scheme.id || version?.value !== plan.scheme.version) {
    return [{
      where: (scheme?.value !== plan.scheme.id ? scheme?.where : version?.where) ?? `${META_SHEET}!B2`,
      zh: `此工作簿是为方案「${made}」制作的，而本次评分用的是方案「${ours}」：请换用对应的方案，或用当前方案重新生成填报模板`,
      en: `this workbook was made for scheme ${made}, but the round is scored with scheme ${ours}: use the matching scheme, or make a new template from this one`,
    }];
  }
  const current = planHash(plan);
  if (hash?.value !== current) {
    return [{
      where: hash?.where ?? `${META_SHEET}!B4`,
      zh: `此工作簿的模板生成后，方案「${ours}」的内容已改变（计划哈希 ${short(hash?.value)}，现为 ${short(current)}；方案被修改而未改版本号，或 kaohe 已升级）：请用当前方案重新生成填报模板`,
      en: `scheme ${ours} has changed since this workbook's template was made (plan hash ${short(hash?.value)}, now ${short(current)}: the scheme was edited without a new version, or kaohe was upgraded): make a new template from the current scheme`,
    }];
  }
  return [];
}

function short(hash: string | undefined): string {
  return hash ? `${hash.slice(0, 12)}…` : '（无 none）';
}

/** The data sheet, read row by row into a FrameBuilder once its header is found. */
class DataSheet {
  private headerRow = 0;
  private headerFailed = false;
  private readonly headerProblems = new ProblemList();
  private frame: FrameBuilder | null = null;
  /** Units the header named, by column id. */
  readonly units: Record<string, string> = {};
  /** Bound columns (1-based) and their source index. */
  private bound: { col: number; source: number }[] = [];
  private idCol = 0;
  private nameCol = 0;
  /** Columns inside the header's width that have no header, and the header's last column. */
  private unheaded: number[] = [];
  private width = 0;
  private readonly sheetRows: number[] = [];
  private lastRow = 0;
  /** Rows below the header whose every cell is empty: skipped. */
  emptyRows = 0;

  constructor(
    private readonly name: string,
    private readonly plan: ScoringPlan,
    private readonly options: ParseOptions,
    private readonly date1904: boolean,
  ) {}

  row(row: Row): void {
    this.lastRow = row.number;
    if (row.cellCount > this.options.limits.maxColumns) this.tooWide(row);
    if (this.headerRow === 0) {
      if (row.number <= HEADER_SEARCH_ROWS && plainText(sheetCell(row.findCell(1), this.date1904)) === 'id') this.header(row);
      return;
    }
    if (this.headerFailed) return;
    this.data(row);
  }

  private header(row: Row): void {
    this.headerRow = row.number;
    const sourceIndex = new Map(this.plan.sources.map((s, k) => [s.id, k]));
    const columns: { name: string; where: string }[] = [];
    for (let col = 1; col <= row.cellCount; col++) {
      const named = headerUnit(plainText(sheetCell(row.findCell(col), this.date1904)));
      const name = named.name;
      if (named.unit !== null) this.units[name] = named.unit;
      if (name === '') {
        this.unheaded.push(col);
        continue;
      }
      columns.push({ name, where: cellRef(this.name, col, row.number) });
      if (name === 'id' && !this.idCol) this.idCol = col;
      else if (name === 'name' && !this.nameCol) this.nameCol = col;
      const k = sourceIndex.get(name);
      if (k !== undefined && !this.bound.some((b) => b.source === k)) this.bound.push({ col, source: k });
    }
    this.width = columns.length > 0 ? row.cellCount : 0;
    this.unheaded = this.unheaded.filter((c) => c < this.width);
    for (const p of headerProblems(this.plan, columns, `${sheetRef(this.name)}!${row.number}:${row.number}`)) this.headerProblems.add(p);
    this.headerFailed = this.headerProblems.size > 0;
    if (this.headerFailed) return;
    const rows = this.sheetRows;
    const plan = this.plan;
    this.frame = new FrameBuilder(plan, {
      file: this.options.fileName,
      cell: (r, k) => cellRef(this.name, this.bound.find((b) => b.source === k)!.col, rows[r]),
      id: (r) => cellRef(this.name, this.idCol, rows[r]),
      name: (r) => cellRef(this.name, this.nameCol, rows[r]),
      line: (r) => rows[r],
      lineWord: 'row',
    }, { names: this.nameCol > 0, roster: this.options.roster, blankRows: this.options.blankRows, caps: this.options.caps });
  }

  private data(row: Row): void {
    const frame = this.frame!;
    const idCell = sheetCell(row.findCell(this.idCol), this.date1904);
    const id = cellText(idCell, 'id');
    if ('text' in id && id.text === '' && this.blank(row)) {
      this.emptyRows++;
      return;
    }
    if (frame.rows >= this.options.limits.maxRows) {
      throw new KaoheError([{
        where: cellRef(this.name, this.idCol, row.number),
        zh: `数据行超过上限 ${this.options.limits.maxRows} 行：请拆分工作簿，或改用 CSV 导入大批数据`,
        en: `more than ${this.options.limits.maxRows} data rows: split the workbook, or import a large round as CSV`,
      }]);
    }
    let name: string | null = null;
    if (this.nameCol) {
      const n = cellText(sheetCell(row.findCell(this.nameCol), this.date1904), 'name');
      name = 'text' in n ? n.text || null : null;
    }
    this.sheetRows.push(row.number);
    const r = 'text' in id ? frame.addRow(id.text, name) : frame.addRow('', name, { zh: `实体编码：${id.zh}`, en: `entity id: ${id.en}` });
    for (const { col, source } of this.bound) {
      const value = cellForColumn(sheetCell(row.findCell(col), this.date1904), this.plan.sources[source]);
      if (typeof value === 'string') frame.text(r, source, value);
      else frame.result(r, source, value);
    }
    for (let col = this.width + 1; col <= row.cellCount; col++) this.unheadedValue(row, col);
    for (const col of this.unheaded) this.unheadedValue(row, col);
  }

  /** A value in a column without a header can't be placed: an error rather than silently dropped. */
  private unheadedValue(row: Row, col: number): void {
    const c = sheetCell(row.findCell(col), this.date1904);
    if (c.kind === 'empty' || (c.kind === 'text' && c.text.trim() === '')) return;
    this.frame!.problems.add({
      where: cellRef(this.name, col, row.number),
      zh: `此列在表头行（第 ${this.headerRow} 行）没有列名，无法识别这个值：请删除它，或在表头填上输入编号`,
      en: `this column has no name in the header row (row ${this.headerRow}), so the value can't be placed: delete it, or name the column with an input id`,
    });
  }

  private blank(row: Row): boolean {
    for (let col = 1; col <= row.cellCount; col++) {
      const c = sheetCell(row.findCell(col), this.date1904);
      if (c.kind !== 'empty' && !(c.kind === 'text' && c.text.trim() === '')) return false;
    }
    return true;
  }

  private tooWide(row: Row): never {
    throw new KaoheError([{
      where: cellRef(this.name, this.options.limits.maxColumns + 1, row.number),
      zh: `数据表的列数超过上限 ${this.options.limits.maxColumns}：请删除多余的列`,
      en: `the data sheet has more than ${this.options.limits.maxColumns} columns: delete the extra columns`,
    }]);
  }

  finish(before: Problem[]): Frame {
    const sheet = sheetRef(this.name);
    if (this.headerRow === 0) {
      throw new KaoheError([...before, {
        where: `${sheet}!A1:A${HEADER_SEARCH_ROWS}`,
        zh: `找不到表头行：第 1–${HEADER_SEARCH_ROWS} 行中没有一行的 A 列是「id」${this.lastRow === 0 ? '（工作表是空的）' : ''}`,
        en: `no header row: none of rows 1–${HEADER_SEARCH_ROWS} has "id" in column A${this.lastRow === 0 ? ' (the sheet is empty)' : ''}`,
      }]);
    }
    const list = this.frame?.problems ?? this.headerProblems;
    if (!this.headerFailed && this.frame!.rows === 0 && before.length === 0) {
      list.add({ where: `${sheet}!${this.headerRow + 1}:${this.headerRow + 1}`, zh: '数据表在表头下没有数据行', en: 'the data sheet has no data rows below its header' });
    }
    if (before.length > 0 || list.size > 0) throw new KaoheError([...before, ...list.all(this.options.fileName)]);
    return this.frame!.finish();
  }
}
