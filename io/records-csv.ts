/**
 * Reading a round's dated records (violations, commitments, repairs, list entries, posts) from
 * CSV: a header `id,date,type` then field columns named by field id (a column may serve several
 * record types that share the field's name). Every problem is reported at once with its line;
 * a file with any problem gives no records at all. Rows of empty cells are skipped, within the
 * caps of input-caps.ts on them and on a row's width; texts are echoed truncated.
 */
import { KaoheError, type Problem } from '../indicators/index.js';
import { parseDay, ROLE_FIELD, type Frame, type PlanRecordType, type RecordTable, type ScoringPlan, type SourceColumn } from '../engine/index.js';
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

  const col = (name: string): number => header.indexOf(name);
  const rowOf = new Map(frame.ids.map((id, r) => [id, r]));
  const missing = missingMarkers(plan);
  const typeIndex = new Map(types.map((t, k) => [t.id, k]));
  let errors = 0;
  const report = (p: Problem): void => {
    errors++;
    if (problems.length < MAX_LISTED) problems.push(p);
  };

  // One table row per entity a record names: a record of a type with roles may name several.
  const read: { entities: { row: number; role: number }[]; day: number; ti: number; values: [string, number][]; origin: string }[] = [];
  for (let r = 1; r < rows.length; r++) {
    const { record, info } = rows[r];
    const at = `${fileName}:${info.lines}`;
    const typeText = record[col('type')].trim();
    const ti = typeIndex.get(typeText);
    const t = ti === undefined ? undefined : types[ti];
    const entities = entitiesOf(record[col('id')].trim(), t, rowOf, at, report);
    const dateText = record[col('date')].trim();
    const day = parseDay(dateText);
    if (day !== day) report({ where: `${at} date`, zh: `日期应为 YYYY-MM-DD 格式，实际为「${truncated(dateText)}」`, en: `expected a date as YYYY-MM-DD, got "${truncated(dateText)}"` });
    if (ti === undefined || t === undefined) {
      report({ where: `${at} type`, zh: `未知的记录类型「${truncated(typeText)}」（可用：${types.map((x) => x.id).join('、')}）`, en: `unknown record type "${truncated(typeText)}" (expected one of ${types.map((x) => x.id).join(', ')})` });
      continue;
    }
    const own = new Map(t.fields.map((f) => [f.id, f]));
    const values: [string, number][] = [];
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
        values.push([`${t.id}.${f.id}`, parsed.value]);
      }
    });
    read.push({ entities, day, ti, values, origin: at });
  }
  if (errors > 0) {
    const more = errors - problems.length;
    if (more > 0) problems.push({ where: fileName, zh: `另有 ${more} 处错误未列出`, en: `${more} more problem(s) not listed` });
    throw new KaoheError(problems);
  }
  const n = read.reduce((k, x) => k + x.entities.length, 0);
  const table: RecordTable = {
    n,
    entity: new Int32Array(n),
    type: new Int32Array(n),
    start: new Float64Array(n),
    fields: new Map(types.flatMap((t) => [...t.fields.map((f) => f.id), ...(t.roles ? [ROLE_FIELD] : [])].map((id) => [`${t.id}.${id}`, new Float64Array(n).fill(NaN)] as const))),
    origin: new Array(n),
  };
  let k = 0;
  for (const x of read) {
    for (const e of x.entities) {
      table.entity[k] = e.row;
      table.type[k] = x.ti;
      table.start[k] = x.day;
      table.origin[k] = x.origin;
      for (const [key, v] of x.values) table.fields.get(key)![k] = v;
      if (e.role >= 0) table.fields.get(`${types[x.ti].id}.${ROLE_FIELD}`)![k] = e.role;
      k++;
    }
  }
  return table;
}

/**
 * The entities an id cell names: one id; for a type with roles, `ID:ROLE` pairs joined by `;`
 * (`320100:upstream;341100:downstream`). Problems are reported; the good pairs are returned.
 */
function entitiesOf(text: string, t: PlanRecordType | undefined, rowOf: Map<string, number>, at: string, report: (p: Problem) => void): { row: number; role: number }[] {
  const unknown = (id: string): void => report({ where: `${at} id`, zh: `实体编码「${truncated(id)}」不在本轮的数据中`, en: `entity id "${truncated(id)}" is not in this round's data` });
  if (!t?.roles) {
    const row = rowOf.get(text);
    if (row === undefined) unknown(text);
    return row === undefined ? [] : [{ row, role: -1 }];
  }
  const roles = t.roles;
  const out: { row: number; role: number }[] = [];
  const seen = new Set<string>();
  for (const pair of text.split(';')) {
    const [id, role, ...rest] = pair.split(':').map((x) => x.trim());
    const code = role === undefined ? -1 : roles.indexOf(role);
    if (!id || code < 0 || rest.length > 0) {
      report({
        where: `${at} id`,
        zh: `记录类型「${t.id}」的实体应写作「编码:角色」，多个用分号分隔（角色：${roles.join('、')}），实际为「${truncated(pair)}」`,
        en: `record type ${t.id} names its entities as ID:ROLE pairs joined by ";" (roles: ${roles.join(', ')}), got "${truncated(pair)}"`,
      });
      continue;
    }
    if (seen.has(`${id}:${role}`)) {
      report({ where: `${at} id`, zh: `「${truncated(id)}:${role}」重复`, en: `"${truncated(id)}:${role}" appears twice` });
      continue;
    }
    seen.add(`${id}:${role}`);
    const row = rowOf.get(id);
    if (row === undefined) unknown(id);
    else out.push({ row, role: code });
  }
  return out;
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
