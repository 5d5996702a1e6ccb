/**
 * The template's first sheet, 填报说明: what to fill and how, in Chinese with English, with
 * lines for the office's deadline and contact (filled in from the round, else blank), and a table of every column of the data
 * sheet (label, unit, type, accepted values, required).
 */
import type { ScoringPlan } from '../../engine/index.js';
import { columnLetter } from '../csv-input.js';
import { SHEET } from './contract.js';
import type { StreamWorkbook } from './stream-workbook.js';
import { A4, PRINT_MARGINS } from './print-setup.js';
import { BORDER, HEADER_FILL, HEADER_FONT, REQUIRED_FILL, solid } from './styles.js';
import { acceptedValues, typeOf, type TemplateColumn } from './template-columns.js';
import { fitWidth } from './text-width.js';

export interface InstructionFacts {
  plan: ScoringPlan;
  /** The sheet's Chinese as written: Traditional characters for a 繁體 template (the columns come converted). */
  zh: (text: string) => string;
  planHash: string;
  columns: TemplateColumn[];
  prefilled: boolean;
  /** How a missing value may be written besides an empty cell. */
  markers: string[];
  /** The office's deadline and contact for the round; blank lines to fill in when null. */
  deadline: string | null;
  contact: string | null;
}

const TABLE_HEADER = ['列\nColumn', '列编号\nColumn id', '中文名称\nLabel (Chinese)', '英文名称\nLabel (English)', '单位\nUnit', '类型\nType', '可填写的值\nAccepted values', '必填\nRequired'];
const FILL_IN = solid('#FFF2CC');

export function writeInstructions(wb: StreamWorkbook, facts: InstructionFacts): void {
  const { plan, columns, zh } = facts;
  const ws = wb.addWorksheet(SHEET.instructions, {
    views: [{ showGridLines: false }],
    pageSetup: { paperSize: A4, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: PRINT_MARGINS },
  });
  const table = columns.map((c, k) => [
    columnLetter(k), c.key, c.label.zh, c.label.en, c.unit, `${zh(typeOf(c).zh)} ${typeOf(c).en}`,
    `${zh(acceptedValues(c).zh)}\n${acceptedValues(c).en}`, c.required ? '是 Yes' : '',
  ]);
  const office = ['填报截止日期 Deadline', '联系人 Contact person', '联系电话 Phone', '电子邮箱 Email'].map(zh);
  const tableHeader = TABLE_HEADER.map(zh);
  ws.columns = tableHeader.map((h, k) => ({
    width: k === 0 ? fitWidth([h, ...office]) : fitWidth([h, ...table.map((r) => r[k])], 8, 48),
  }));

  const title = ws.addRow([`${zh(plan.scheme.name.zh)} — ${zh('数据填报表')}`]);
  title.getCell(1).font = { bold: true, size: 14 };
  ws.addRow([`${plan.scheme.name.en} — data collection workbook`]).getCell(1).font = { size: 12 };
  ws.addRow([`${zh('方案')} Scheme: ${plan.scheme.id}　${zh('版本')} Version: ${plan.scheme.version}`]);
  ws.addRow([]);
  const given = [facts.deadline, facts.contact, null, null];
  office.forEach((label, k) => {
    const row = ws.addRow([label, given[k] ?? '']);
    row.getCell(1).font = HEADER_FONT;
    if (given[k] === null) row.getCell(2).fill = FILL_IN; // left blank for the office to fill in
    row.getCell(2).border = BORDER;
  });
  ws.addRow([]);
  ws.addRow([zh('填写说明 How to fill in')]).getCell(1).font = { bold: true, size: 12 };
  instructionLines(facts).forEach(([zh, en], k) => {
    ws.addRow([`${k + 1}. ${zh}`]);
    const english = ws.addRow([en]).getCell(1);
    english.font = { color: { argb: 'FF595959' } };
    english.alignment = { indent: 2 }; // not leading spaces: a reader may trim those
  });
  ws.addRow([]);
  ws.addRow([`「${SHEET.data}」${zh('工作表各列')} Columns of the ${SHEET.data} (Data) sheet`]).getCell(1).font = { bold: true, size: 12 };
  const head = ws.addRow(tableHeader);
  head.eachCell((cell) => {
    cell.font = HEADER_FONT;
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { wrapText: true, vertical: 'middle' };
  });
  table.forEach((values, k) => {
    const row = ws.addRow(values);
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = BORDER;
      cell.alignment = { wrapText: true, vertical: 'top' };
    });
    if (columns[k].required) row.getCell(8).fill = REQUIRED_FILL;
  });
  ws.addRow([]);
  ws.addRow([`${zh('方案指纹')} Plan hash: ${facts.planHash}`]).getCell(1).font = { size: 9, color: { argb: 'FF7F7F7F' } };
  ws.commit();
}

/** Text converted around the parts that must stay as typed (a sheet's name, the missing markers). */
function keeping(text: string, kept: string[], zh: (text: string) => string): string {
  const part = kept.find((k) => k !== '' && text.includes(k));
  if (part === undefined) return zh(text);
  const at = text.indexOf(part);
  return keeping(text.slice(0, at), kept, zh) + part + keeping(text.slice(at + part.length), kept, zh);
}

/** The numbered lines, Chinese converted as the sheet is written; the missing markers and the sheet's name as they must be typed. */
function instructionLines(facts: InstructionFacts): [string, string][] {
  const { zh } = facts;
  const markers = facts.markers.map((m) => `「${m}」`).join('、');
  const markersEn = facts.markers.map((m) => `"${m}"`).join(', ');
  const lines: [string, string][] = [
    [`请在「${SHEET.data}」工作表中填写，每行一个被评价对象。`, `Fill in the ${SHEET.data} (Data) sheet, one row per entity.`],
    [
      '前三行是表头：指标名称、单位、列编号。请勿修改表头，也不要插入、删除或移动列；导入时按第 3 行的列编号识别各列。',
      "The first three rows are the header: label, unit and column id. Don't change them, and don't insert, delete or move columns: the import finds each column by its id in row 3.",
    ],
    facts.prefilled
      ? ['编码和名称已预先填好并锁定（灰色）。如有错误，请联系考核办公室，不要自行修改。', "The id and name are prefilled and locked (grey). If one is wrong, contact the evaluation office rather than changing it."]
      : ['在 A 列填写编码（如行政区划代码、统一社会信用代码），B 列填写名称。编码不能重复。', 'Enter the entity code in column A (e.g. division code or unified social credit code) and the name in column B. Codes must be unique.'],
    ['数值按表头第 2 行所示单位填写纯数字，不带单位、百分号或文字说明。', 'Enter plain numbers in the unit shown in row 2, without units, percent signs or notes.'],
    [
      `数据缺失时请留空，不要填 0。导入时空白单元格以及 ${markers} 均视为缺失。`,
      `Leave a missing value empty; don't write 0. On import an empty cell and ${markersEn} all mean missing.`,
    ],
    ['是/否项和选项类的列请从下拉列表中选择；日期按 YYYY-MM-DD 填写。', 'For yes/no and choice columns pick from the drop-down list; enter dates as YYYY-MM-DD.'],
    ['表头为橙色的列是必填项，不能留空。', 'Columns with an orange header are required and must not be left empty.'],
    [
      '为防止误改表头，工作表已设保护（无密码）；输入不符合要求时 Excel 会提示并拒绝。',
      'The sheet is protected (no password) so that the header is not changed by accident; Excel refuses a value that does not fit and says why.',
    ],
  ];
  return lines.map(([c, en]) => [keeping(c, [`「${SHEET.data}」`, markers], zh), en]);
}
