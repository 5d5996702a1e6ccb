/**
 * Rosters: the entities of a round (id, name, attribute values) that a template is prefilled
 * with. Read from a CSV `id,name[,attribute columns]`; a service builds one from its store.
 * Every problem is collected and reported at once, with the line and column.
 */
import { KaoheError, type Problem } from '../indicators/index.js';
import type { ScoringPlan } from '../engine/index.js';
import { parseCell } from './cells.js';
import { columnLetter } from './csv-input.js';
import { readTextFile } from './read-text-file.js';
import { EXCEL_MAX_ROWS, FIRST_DATA_ROW } from './xlsx/contract.js';
import { parseCsvRows } from './csv-rows.js';

export interface RosterEntry {
  id: string;
  name: string;
  /** Attribute values by attribute id (text as written, e.g. `江苏`). */
  attributes?: Record<string, string>;
}

export const MAX_ROSTER_BYTES = 64 * 1024 * 1024;
/** As many entities as fit below the template's header rows. */
export const MAX_ROSTER_ROWS = EXCEL_MAX_ROWS - FIRST_DATA_ROW + 1;
const MAX_LISTED = 100;

/**
 * Read a roster CSV. With a plan, every column besides `id` and `name` must be an attribute of
 * the scheme or one of its inputs; input columns are ignored, so last round's data file serves
 * as this round's roster.
 */
export async function readRosterFile(path: string, plan?: ScoringPlan): Promise<RosterEntry[]> {
  const text = await readTextFile(path, { zh: '名单文件', en: 'roster file' }, MAX_ROSTER_BYTES);
  return readRosterText(text, path, plan);
}

export function readRosterText(text: string, fileName = 'roster.csv', plan?: ScoringPlan): RosterEntry[] {
  const rows = parseCsvRows(text, fileName, { ragged: true });
  if (rows.length === 0) {
    throw new KaoheError([{ where: fileName, zh: '名单文件为空：第一行应为表头 id,name', en: 'the roster file is empty: the first line should be the header id,name' }]);
  }
  const header = rows[0].record.map((h) => h.trim());
  const problems = headerProblems(header, fileName, plan);
  if (problems.length > 0) throw new KaoheError(problems);
  if (rows.length - 1 > MAX_ROSTER_ROWS) {
    throw new KaoheError([{
      where: fileName,
      zh: `名单有 ${rows.length - 1} 行，超过一个工作表可容纳的 ${MAX_ROSTER_ROWS} 行`,
      en: `the roster has ${rows.length - 1} rows, more than the ${MAX_ROSTER_ROWS} a worksheet holds`,
    }]);
  }

  const idCol = header.indexOf('id');
  const nameCol = header.indexOf('name');
  const attributeCols = header
    .map((h, c) => ({ h, c }))
    .filter(({ h }) => h !== 'id' && h !== 'name' && (!plan || isAttribute(plan, h)));
  const lines: number[] = [];
  const roster: RosterEntry[] = [];
  const shapeProblems: Problem[] = [];
  for (let r = 1; r < rows.length; r++) {
    const { record, info } = rows[r];
    if (record.length !== header.length) {
      shapeProblems.push({
        where: `${fileName}:${info.lines}`,
        zh: `该行有 ${record.length} 列，表头有 ${header.length} 列`,
        en: `this line has ${record.length} columns, the header has ${header.length}`,
      });
      continue;
    }
    const entry: RosterEntry = { id: record[idCol].trim(), name: record[nameCol].trim() };
    if (attributeCols.length > 0) entry.attributes = Object.fromEntries(attributeCols.map(({ h, c }) => [h, record[c].trim()]));
    roster.push(entry);
    lines.push(info.lines);
  }
  const all = [...shapeProblems, ...rosterProblems(roster, plan, (i, column) => `${fileName}:${lines[i]} ${column}`)];
  if (all.length > 0) throw new KaoheError(listed(all, fileName));
  return roster;
}

/**
 * What is wrong with a roster's entries: empty or duplicate ids, empty names and, with a
 * plan, attributes the scheme doesn't have and attribute values it doesn't accept.
 * `where(i, column)` names entry i's cell.
 */
export function rosterProblems(roster: readonly RosterEntry[], plan: ScoringPlan | undefined, where: (i: number, column: string) => string): Problem[] {
  const problems: Problem[] = [];
  const firstOf = new Map<string, number>();
  const attributes = new Map((plan?.sources ?? []).filter((s) => s.role === 'attribute').map((s) => [s.id, s]));
  const codes = new Map([...attributes.values()].filter((s) => s.categories).map((s) => [s.id, new Map(s.categories!.map((v, k) => [v, k]))]));
  roster.forEach((entry, i) => {
    const id = entry.id.trim();
    if (id === '') problems.push({ where: where(i, 'id'), zh: '编码 id 为空', en: 'the id is empty' });
    else if (firstOf.has(id)) {
      const j = firstOf.get(id)!;
      problems.push({ where: where(i, 'id'), zh: `编码「${id}」重复（与 ${where(j, 'id')} 相同）`, en: `duplicate id "${id}" (same as ${where(j, 'id')})` });
    } else firstOf.set(id, i);
    if (entry.name.trim() === '') problems.push({ where: where(i, 'name'), zh: `「${id}」的名称为空`, en: `the name of "${id}" is empty` });
    if (!plan) return;
    for (const [key, value] of Object.entries(entry.attributes ?? {})) {
      const source = attributes.get(key);
      if (!source) {
        problems.push({ where: where(i, key), zh: `方案「${plan.scheme.id}」没有属性「${key}」`, en: `scheme ${plan.scheme.id} has no attribute "${key}"` });
        continue;
      }
      const parsed = parseCell(value, source, codes.get(key));
      if (parsed.kind === 'error') problems.push({ where: where(i, key), zh: `「${source.label.zh}」${parsed.zh}`, en: `${key}: ${parsed.en}` });
    }
  });
  return problems;
}

function isAttribute(plan: ScoringPlan, column: string): boolean {
  return plan.sources.some((s) => s.id === column && s.role === 'attribute');
}

function headerProblems(header: string[], fileName: string, plan: ScoringPlan | undefined): Problem[] {
  const problems: Problem[] = [];
  for (const required of ['id', 'name']) {
    if (!header.includes(required)) {
      problems.push({
        where: `${fileName}:1`,
        zh: `缺少「${required}」列：名单的表头应为 id,name[,属性列]，实际为「${header.join(',')}」`,
        en: `the "${required}" column is missing: a roster's header is id,name[,attribute columns], got "${header.join(',')}"`,
      });
    }
  }
  const seen = new Set<string>();
  header.forEach((h, c) => {
    const where = `${fileName}:1 ${columnLetter(c)}`;
    if (h === '') problems.push({ where, zh: `第 ${c + 1} 列的表头为空`, en: `column ${c + 1} has an empty header` });
    else if (seen.has(h)) problems.push({ where, zh: `表头「${h}」重复`, en: `duplicate column "${h}"` });
    seen.add(h);
    if (plan && h !== '' && h !== 'id' && h !== 'name' && !plan.sources.some((s) => s.id === h)) {
      const attributes = plan.sources.filter((s) => s.role === 'attribute').map((s) => s.id);
      problems.push({
        where,
        zh: `未知列「${h}」：不是方案「${plan.scheme.id}」的属性列（可用：${attributes.join('、') || '无'}）`,
        en: `unknown column "${h}": not an attribute of scheme ${plan.scheme.id} (expected: ${attributes.join(', ') || 'none'})`,
      });
    }
  });
  return problems;
}

function listed(problems: Problem[], fileName: string): Problem[] {
  if (problems.length <= MAX_LISTED) return problems;
  const more = problems.length - MAX_LISTED;
  return [...problems.slice(0, MAX_LISTED), { where: fileName, zh: `另有 ${more} 处错误未列出`, en: `${more} more problem(s) not listed` }];
}
