/**
 * The fill-in workbook of a round (the layout in contract.ts): instructions, the data sheet
 * with three header rows, validation on every input cell, header and roster cells locked,
 * panes frozen, widths fitted to Chinese text; drop-down lists too long to write inline on a
 * hidden sheet; scheme id, version and plan hash on a very hidden one.
 */
import type { DataValidation, Style } from 'exceljs';
import type { CompiledPlan } from '../../engine/index.js';
import { KaoheError } from '../../indicators/index.js';
import { missingMarkers, parseCell } from '../cells.js';
import { columnLetter } from '../csv-input.js';
import { MAX_ROSTER_ROWS, rosterProblems, type RosterEntry } from '../roster.js';
import { FIRST_DATA_ROW, HEADER_ROW, LABEL_ROW, SHEET, TEMPLATE_FORMAT, UNIT_ROW } from './contract.js';
import { nextTurn, ROWS_PER_TURN, workbookBuffer, writeWorkbookFile, type StreamWorkbook } from './stream-workbook.js';
import { A4, PRINT_MARGINS } from './print-setup.js';
import { BORDER, HEADER_FILL, HEADER_FONT, KEY_FILL, KEY_FONT, LOCKED_FILL, MUTED_FONT, REQUIRED_FILL, WRAP_CENTRE } from './styles.js';
import { writeInstructions } from './template-instructions.js';
import { choicesOf, templateColumns, type TemplateColumn } from './template-columns.js';
import { inlineList, validationFor } from './template-validation.js';
import { displayWidth, fitWidth } from './text-width.js';
import { traditionalWriter } from '../traditional.js';

export interface TemplateOptions {
  /** The entities of the round: their rows are prefilled (id, name, attributes) and locked. */
  roster?: readonly RosterEntry[];
  /** The round's deadline (YYYY-MM-DD) and contact, filled into the instructions (blank lines otherwise). */
  deadline?: string | null;
  contact?: string | null;
  /**
   * In Traditional characters (繁體, for Hong Kong and Macao offices): every label, unit,
   * drop-down value, message and instruction; the roster's own ids, names and values as they
   * are. It imports as its Simplified twin does (Traditional cells are read through OpenCC).
   */
  traditional?: boolean;
}

/** exceljs has the property, its typings don't. */
interface WithValidations {
  dataValidations: { add(range: string, validation: DataValidation): void };
}

/** Rows given validation when there is no roster. */
export const BLANK_ROWS = 1000;

export async function writeTemplate(compiled: CompiledPlan, options: TemplateOptions, path: string): Promise<void> {
  checkRoster(compiled, options.roster);
  await writeWorkbookFile(path, (wb) => fillTemplate(wb, compiled, options));
}

/** The same workbook as bytes (for the service's download). */
export async function templateBuffer(compiled: CompiledPlan, options: TemplateOptions = {}): Promise<Buffer> {
  checkRoster(compiled, options.roster);
  return workbookBuffer((wb) => fillTemplate(wb, compiled, options));
}

function checkRoster(compiled: CompiledPlan, roster: readonly RosterEntry[] | undefined): void {
  if (!roster) return;
  if (roster.length === 0) throw new KaoheError([{ where: '名单 roster', zh: '名单为空：至少需要一个实体', en: 'the roster is empty: at least one entity is needed' }]);
  if (roster.length > MAX_ROSTER_ROWS) {
    throw new KaoheError([{ where: '名单 roster', zh: `名单有 ${roster.length} 个实体，超过一个工作表可容纳的 ${MAX_ROSTER_ROWS} 行`, en: `the roster has ${roster.length} entities, more than the ${MAX_ROSTER_ROWS} rows a worksheet holds` }]);
  }
  const problems = rosterProblems(roster, compiled.plan, (i, column) => `名单 roster #${i + 1}（${roster[i].id || '?'}） ${column}`);
  if (problems.length > 0) throw new KaoheError(problems.slice(0, 100));
}

interface Layout {
  columns: TemplateColumn[];
  /** Per column: its cells are prefilled from the roster (and locked). */
  prefilled: boolean[];
  /** Per column: its drop-down values on the `_lists` sheet, when they don't fit inline. */
  listColumn: (number | null)[];
  lastRow: number;
  /** The template's own Chinese text as written (Traditional characters, or as it is). */
  zh: (text: string) => string;
}

/** A column with its label, unit and drop-down values in Traditional characters. */
function traditionalColumn(c: TemplateColumn, zh: (text: string) => string): TemplateColumn {
  const label = { ...c.label, zh: zh(c.label.zh) };
  const source = c.source && { ...c.source, label, ...(c.source.unit ? { unit: zh(c.source.unit) } : {}), ...(c.source.categories ? { categories: c.source.categories.map(zh) } : {}) };
  return { ...c, label, unit: zh(c.unit), source };
}

async function fillTemplate(wb: StreamWorkbook, compiled: CompiledPlan, options: TemplateOptions): Promise<void> {
  const { roster } = options;
  const { plan, hash } = compiled;
  const zh = options.traditional ? traditionalWriter(plan) : (text: string): string => text;
  const columns = templateColumns(plan).map((c) => (options.traditional ? traditionalColumn(c, zh) : c));
  let lists = 0;
  const layout: Layout = {
    columns,
    prefilled: columns.map((c) => roster !== undefined && (c.source === null || roster.every((e) => (e.attributes?.[c.key] ?? '').trim() !== ''))),
    listColumn: columns.map((c) => {
      const choices = choicesOf(c);
      return choices && inlineList(choices) === null ? ++lists : null;
    }),
    lastRow: FIRST_DATA_ROW - 1 + (roster ? roster.length : BLANK_ROWS),
    zh,
  };
  writeInstructions(wb, { plan, zh, planHash: hash, columns, prefilled: roster !== undefined, markers: [...missingMarkers(plan)].filter((m) => m !== ''), deadline: options.deadline ?? null, contact: options.contact ?? null });
  await writeDataSheet(wb, layout, roster);
  if (lists > 0) await writeLists(wb, layout);
  const meta = wb.addWorksheet(SHEET.meta, { state: 'veryHidden' });
  for (const pair of [['format', TEMPLATE_FORMAT], ['scheme', plan.scheme.id], ['version', plan.scheme.version], ['planHash', hash]]) {
    meta.addRow(pair).commit();
  }
  meta.commit();
}

async function writeDataSheet(wb: StreamWorkbook, layout: Layout, roster: readonly RosterEntry[] | undefined): Promise<void> {
  const { columns, prefilled } = layout;
  const ws = wb.addWorksheet(SHEET.data, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: HEADER_ROW, topLeftCell: `C${FIRST_DATA_ROW}`, activeCell: `C${FIRST_DATA_ROW}` }],
    // Printed, it is a form to check before sending: landscape A4, every column on one page
    // wide, the three header rows repeated on each page (printed once per page, not also as a frozen pane).
    pageSetup: { paperSize: A4, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${LABEL_ROW}:${HEADER_ROW}`, horizontalCentered: true, margins: PRINT_MARGINS },
  });
  const widths = columns.map((c) => fitWidth([c.label.zh, c.label.en, c.unit, c.key, ...rosterTexts(roster, c)], 10, 40));
  ws.columns = columns.map((c, k) => ({ width: widths[k], style: columnStyle(c, prefilled[k]) }));

  const header = (row: number, values: string[], style: (c: TemplateColumn) => Partial<Style>): void => {
    const r = ws.getRow(row);
    values.forEach((v, k) => {
      const cell = r.getCell(k + 1);
      cell.value = v === '' ? null : v;
      cell.style = { ...style(columns[k]), border: BORDER, protection: { locked: true } };
    });
    r.commit();
  };
  ws.getRow(LABEL_ROW).height = 15 * Math.max(2, ...columns.map((c, k) => wrappedLines([c.label.zh, c.label.en], widths[k]))) + 4;
  header(LABEL_ROW, columns.map((c) => `${c.label.zh}\n${c.label.en}`), (c) => ({ font: HEADER_FONT, fill: c.required ? REQUIRED_FILL : HEADER_FILL, alignment: WRAP_CENTRE }));
  header(UNIT_ROW, columns.map((c) => c.unit), () => ({ font: MUTED_FONT, fill: KEY_FILL, alignment: { horizontal: 'center' } }));
  header(HEADER_ROW, columns.map((c) => c.key), () => ({ font: KEY_FONT, fill: KEY_FILL, alignment: { horizontal: 'center' } }));

  if (roster) {
    for (let i = 0; i < roster.length; i++) {
      const row = ws.getRow(FIRST_DATA_ROW + i);
      columns.forEach((c, k) => {
        const text = c.source === null ? (c.key === 'id' ? roster[i].id : roster[i].name).trim() : roster[i].attributes?.[c.key]?.trim();
        if (!text) return;
        const cell = row.getCell(k + 1);
        cell.value = c.source?.type === 'number' ? numberValue(text, c) : text;
        if (prefilled[k]) cell.fill = LOCKED_FILL;
      });
      row.commit();
      if (i % ROWS_PER_TURN === ROWS_PER_TURN - 1) await nextTurn();
    }
  }

  const idRange = `$A$${FIRST_DATA_ROW}:$A$${layout.lastRow}`;
  columns.forEach((c, k) => {
    if (prefilled[k]) return;
    const letter = columnLetter(k);
    const list = layout.listColumn[k];
    const listRange = list === null ? null : listRangeOf(list, choicesOf(c)!.length);
    const validation = textsOf(validationFor(c, listRange, idRange), layout.zh);
    if (validation) (ws as unknown as WithValidations).dataValidations.add(`${letter}${FIRST_DATA_ROW}:${letter}${layout.lastRow}`, validation);
  });
  // No password: the office can unprotect it; the protection guards against slips, not people.
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  ws.commit();
}

/** A validation's titles and messages in the template's characters. */
function textsOf(v: DataValidation | null, zh: (text: string) => string): DataValidation | null {
  if (!v) return null;
  const fields = ['errorTitle', 'error', 'promptTitle', 'prompt'] as const;
  return { ...v, ...Object.fromEntries(fields.filter((f) => v[f] !== undefined).map((f) => [f, zh(v[f]!)])) };
}

/** Column default style: text columns keep what is typed as text (ids like 010101 keep their zeros). */
function columnStyle(c: TemplateColumn, locked: boolean): Partial<Style> {
  const type = c.source?.type;
  const numFmt = type === undefined || type === 'category' ? '@' : type === 'date' ? 'yyyy-mm-dd' : undefined;
  return { ...(numFmt ? { numFmt } : {}), protection: { locked } };
}

function numberValue(text: string, c: TemplateColumn): number | string {
  const parsed = parseCell(text, c.source!);
  return parsed.kind === 'value' ? parsed.value : text;
}

function rosterTexts(roster: readonly RosterEntry[] | undefined, c: TemplateColumn): string[] {
  if (!roster) return [];
  // The widest few are enough to size the column; no need to keep every string.
  let widest = '';
  for (const e of roster) {
    const t = c.key === 'id' ? e.id : c.key === 'name' ? e.name : e.attributes?.[c.key] ?? '';
    if (displayWidth(t) > displayWidth(widest)) widest = t;
  }
  return [widest];
}

function wrappedLines(lines: string[], width: number): number {
  return lines.reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / Math.max(1, width - 2))), 0);
}

function listRangeOf(list: number, count: number): string {
  const letter = columnLetter(list - 1);
  return `'${SHEET.lists}'!$${letter}$2:$${letter}$${count + 1}`;
}

/** One column per long drop-down list: its column id in row 1, the values below. */
async function writeLists(wb: StreamWorkbook, layout: Layout): Promise<void> {
  const ws = wb.addWorksheet(SHEET.lists, { state: 'hidden' });
  const lists = layout.columns.flatMap((c, k) => (layout.listColumn[k] === null ? [] : [{ key: c.key, values: choicesOf(c)! }]));
  ws.addRow(lists.map((l) => l.key)).commit();
  const longest = Math.max(...lists.map((l) => l.values.length));
  for (let r = 0; r < longest; r++) {
    ws.addRow(lists.map((l) => l.values[r] ?? null)).commit();
    if (r % ROWS_PER_TURN === ROWS_PER_TURN - 1) await nextTurn();
  }
  ws.commit();
}
