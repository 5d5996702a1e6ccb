/**
 * Reading a round's dated records (violations, commitments, repairs, list entries, posts) from
 * CSV: a header `id,date,type` then field columns named by field id (a column may serve several
 * record types that share the field's name). Every problem is reported at once with its line;
 * a file with any problem gives no records at all. Rows of empty cells are skipped, within the
 * caps of input-caps.ts on them and on a row's width; texts are echoed truncated.
 */
import { KaoheError, type Problem } from '../indicators/index.js';
import { parseDay, type Frame, type RecordTable, type ScoringPlan, type SourceColumn } from '../engine/index.js';
import { missingMarkers, parseCell } from './cells.js';
import { readTextFile } from './read-text-file.js';
import { eachCsvRecord, type CsvRow } from './csv-rows.js';
import { DEFAULT_INPUT_CAPS, isEmptyRecord, tooManyCells, tooManyEmptyRows, truncated } from './input-caps.js';

const MAX_LISTED = 100;
/** Largest records file read (into memory, whole). */
export const MAX_RECORDS_BYTES = 256 * 1024 * 1024;

export async function readRecordsFile(path: string, plan: ScoringPlan, frame: Frame): Promise<RecordTable> {
  const text = await readTextFile(path, { zh: '记录文件', en: 'records file' }, MAX_RECORDS_BYTES);
  return readRecordsCsv(text, plan, frame, path);
}

export function readRecordsCsv(text: string, plan: ScoringPlan, frame: Frame, fileName = 'records.csv'): RecordTable {
  const types = plan.records ?? [];
  if (types.length === 0) {
    throw new KaoheError([{ where: fileName, zh: `方案「${plan.scheme.id}」没有定义记录类型（records），不需要记录文件`, en: `scheme ${plan.scheme.id} defines no record types (records): it takes no records file` }]);
  }
  const rows = recordRows(text, fileName);
  if (rows.length === 0) throw new KaoheError([{ where: fileName, zh: '文件为空，缺少表头行 id,date,type', en: 'the file is empty: a header row id,date,type is needed' }]);

  const header = rows[0].record.map((h) => h.trim());
  const problems: Problem[] = [];
  const fieldNames = new Set(types.flatMap((t) => t.fields.map((f) => f.id)));
  for (const need of ['id', 'date', 'type']) {
    if (!header.includes(need)) problems.push({ where: `${fileName}:1`, zh: `缺少必需的列 ${need}`, en: `the required column ${need} is missing` });
  }
  header.forEach((h, c) => {
    if (header.indexOf(h) !== c) problems.push({ where: `${fileName}:1`, zh: `表头「${h}」重复`, en: `duplicate column "${h}"` });
    else if (!['id', 'date', 'type'].includes(h) && !fieldNames.has(h)) {
      problems.push({
        where: `${fileName}:1`,
        zh: `未知列「${h}」：不是任何记录类型的字段（可用：${[...fieldNames].join(', ') || '无'}）`,
        en: `unknown column "${h}": not a field of any record type (expected: ${[...fieldNames].join(', ') || 'none'})`,
      });
    }
  });
  if (problems.length > 0) throw new KaoheError(problems);

  const n = rows.length - 1;
  const col = (name: string): number => header.indexOf(name);
  const rowOf = new Map(frame.ids.map((id, r) => [id, r]));
  const missing = missingMarkers(plan);
  const typeIndex = new Map(types.map((t, k) => [t.id, k]));
  const table: RecordTable = {
    n,
    entity: new Int32Array(n),
    type: new Int32Array(n),
    start: new Float64Array(n),
    fields: new Map(types.flatMap((t) => t.fields.map((f) => [`${t.id}.${f.id}`, new Float64Array(n).fill(NaN)] as const))),
    origin: new Array(n),
  };
  let errors = 0;
  const report = (p: Problem): void => {
    errors++;
    if (problems.length < MAX_LISTED) problems.push(p);
  };

  for (let r = 0; r < n; r++) {
    const { record, info } = rows[r + 1];
    const at = `${fileName}:${info.lines}`;
    table.origin[r] = at;
    const id = record[col('id')].trim();
    const entity = rowOf.get(id);
    if (entity === undefined) report({ where: `${at} id`, zh: `实体编码「${truncated(id)}」不在本轮的数据中`, en: `entity id "${truncated(id)}" is not in this round's data` });
    else table.entity[r] = entity;
    const dateText = record[col('date')].trim();
    const day = parseDay(dateText);
    if (day !== day) report({ where: `${at} date`, zh: `日期应为 YYYY-MM-DD 格式，实际为「${truncated(dateText)}」`, en: `expected a date as YYYY-MM-DD, got "${truncated(dateText)}"` });
    table.start[r] = day;
    const typeText = record[col('type')].trim();
    const ti = typeIndex.get(typeText);
    if (ti === undefined) {
      report({ where: `${at} type`, zh: `未知的记录类型「${truncated(typeText)}」（可用：${types.map((t) => t.id).join('、')}）`, en: `unknown record type "${truncated(typeText)}" (expected one of ${types.map((t) => t.id).join(', ')})` });
      continue;
    }
    table.type[r] = ti;
    const t = types[ti];
    const own = new Map(t.fields.map((f) => [f.id, f]));
    header.forEach((h, c) => {
      if (h === 'id' || h === 'date' || h === 'type') return;
      const cell = record[c];
      const f = own.get(h);
      if (!f) {
        if (cell.trim() !== '') report({ where: `${at} ${h}`, zh: `记录类型「${t.id}」没有字段 ${h}，此格应留空`, en: `record type ${t.id} has no field ${h}: leave this cell empty` });
        return;
      }
      const column: SourceColumn = { ...f, role: 'input' };
      const codes = f.categories ? new Map(f.categories.map((v, k) => [v, k])) : undefined;
      const parsed = parseCell(cell, column, codes, missing);
      if (parsed.kind === 'error') report({ where: `${at} ${h}`, zh: `「${f.label.zh}」${parsed.zh}`, en: `${h}: ${parsed.en}` });
      else if (parsed.kind === 'missing') {
        if (f.required) report({ where: `${at} ${h}`, zh: `必填字段「${f.label.zh}」为空`, en: `required field ${h} is empty` });
      } else if (parsed.kind === 'value') {
        if (t.validity?.field === f.id && !(Number.isInteger(parsed.value) && parsed.value >= 1)) {
          report({ where: `${at} ${h}`, zh: `有效期「${f.label.zh}」应为正整数，实际为「${cell.trim()}」`, en: `validity ${h} must be a positive whole number, got "${cell.trim()}"` });
        }
        table.fields.get(`${t.id}.${f.id}`)![r] = parsed.value;
      }
    });
  }
  if (errors > 0) {
    const more = errors - problems.length;
    if (more > 0) problems.push({ where: fileName, zh: `另有 ${more} 处错误未列出`, en: `${more} more problem(s) not listed` });
    throw new KaoheError(problems);
  }
  return table;
}

/** The file's rows, header first, within the caps on width and rows of empty cells (skipped: a spreadsheet's formatted, empty rows). */
function recordRows(text: string, fileName: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let empty = 0;
  eachCsvRecord(text, fileName, (record, lines) => {
    if (rows.length === 0 && record.length > DEFAULT_INPUT_CAPS.maxCells) throw tooManyCells(`${fileName}:1`, DEFAULT_INPUT_CAPS.maxCells, record.length);
    if (rows.length > 0 && isEmptyRecord(record)) {
      if (++empty > DEFAULT_INPUT_CAPS.maxEmptyRows) throw tooManyEmptyRows(`${fileName}:${lines}`, DEFAULT_INPUT_CAPS.maxEmptyRows);
      return;
    }
    rows.push({ record, info: { lines } });
  });
  return rows;
}
