/**
 * Reading an input CSV into a Frame, as DESIGN.md's contract says: UTF-8 (BOM accepted),
 * a header row, `id` required, `name` and attribute columns optional, every other column an
 * input of the scheme. Every problem in the file is collected (row, column, what was expected,
 * what was found) and reported at once; a file with any problem yields no frame at all.
 */
import { parse } from 'csv-parse/sync';
import { KaoheError, type Problem } from '../indicators/index.js';
import type { Frame, ScoringPlan } from '../engine/index.js';
import { parseCell } from './cells.js';

const MAX_LISTED = 100;

export function readCsvText(text: string, plan: ScoringPlan, fileName = 'data.csv'): Frame {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, info: true, relax_column_count: false, skip_empty_lines: true }) as unknown as typeof rows;
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new KaoheError([{
      where: `${fileName}${err.lines ? `:${err.lines}` : ''}`,
      zh: `CSV 格式错误：${err.message}（请检查引号和每行的列数）`,
      en: `malformed CSV: ${err.message} (check quotes and the number of columns in each row)`,
    }]);
  }
  if (rows.length === 0) {
    throw new KaoheError([{ where: fileName, zh: '文件为空，缺少表头行', en: 'the file is empty: a header row is needed' }]);
  }
  const header = rows[0].record.map((h) => h.trim());
  const problems: Problem[] = [];
  const sources = new Map(plan.sources.map((s) => [s.id, s]));
  const seen = new Set<string>();
  header.forEach((h, c) => {
    const where = `${fileName}:1 ${columnLetter(c)}「${h}」`;
    if (seen.has(h)) problems.push({ where, zh: `表头「${h}」重复`, en: `duplicate column "${h}"` });
    seen.add(h);
    if (h !== 'id' && h !== 'name' && !sources.has(h)) {
      const known = plan.sources.map((s) => s.id);
      problems.push({
        where,
        zh: `未知列「${h}」：不是方案「${plan.scheme.id}」的输入或属性列（可用：id, name, ${known.join(', ')}）`,
        en: `unknown column "${h}": not an input or attribute of scheme ${plan.scheme.id} (expected: id, name, ${known.join(', ')})`,
      });
    }
  });
  const idCol = header.indexOf('id');
  if (idCol < 0) problems.push({ where: `${fileName}:1`, zh: '缺少必需的 id 列（实体编码）', en: 'the required id column (entity code) is missing' });
  for (const s of plan.sources) {
    if (s.required && !header.includes(s.id)) {
      problems.push({ where: `${fileName}:1`, zh: `缺少必填输入「${s.label.zh}」的列 ${s.id}`, en: `the column for required input ${s.id} (${s.label.en}) is missing` });
    }
  }
  if (problems.length > 0) throw new KaoheError(problems);

  const n = rows.length - 1;
  const nameCol = header.indexOf('name');
  const ids: string[] = new Array(n);
  const names: (string | null)[] | null = nameCol >= 0 ? new Array(n) : null;
  const columns = new Map<string, Float64Array>();
  const dictionaries = new Map<string, string[]>();
  const codes = new Map<string, Map<string, number>>();
  for (const s of plan.sources) {
    columns.set(s.id, new Float64Array(n).fill(NaN));
    if (s.type === 'category') {
      const dict = s.categories ? [...s.categories] : [];
      dictionaries.set(s.id, dict);
      codes.set(s.id, new Map(dict.map((v, k) => [v, k])));
    }
  }
  const bound = header.map((h) => sources.get(h));
  const firstRowOfId = new Map<string, number>();
  let errors = 0;
  const report = (p: Problem): void => {
    errors++;
    if (problems.length < MAX_LISTED) problems.push(p);
  };

  for (let r = 0; r < n; r++) {
    const { record, info } = rows[r + 1];
    const line = info.lines;
    const id = record[idCol].trim();
    if (id === '') report({ where: `${fileName}:${line} id`, zh: '实体编码 id 为空', en: 'the entity id is empty' });
    else if (firstRowOfId.has(id)) {
      report({ where: `${fileName}:${line} id`, zh: `实体编码「${id}」重复（第 ${firstRowOfId.get(id)} 行已出现）`, en: `duplicate entity id "${id}" (already on line ${firstRowOfId.get(id)})` });
    } else firstRowOfId.set(id, line);
    ids[r] = id;
    if (names) names[r] = record[nameCol].trim() || null;
    for (let c = 0; c < header.length; c++) {
      const source = bound[c];
      if (!source) continue;
      const parsed = parseCell(record[c], source, codes.get(source.id));
      const where = `${fileName}:${line} ${source.id}`;
      if (parsed.kind === 'error') report({ where, zh: `「${source.label.zh}」${parsed.zh}`, en: `${source.id}: ${parsed.en}` });
      else if (parsed.kind === 'missing') {
        if (source.required) report({ where, zh: `必填项「${source.label.zh}」为空`, en: `required input ${source.id} is empty` });
      } else if (parsed.kind === 'newCategory') {
        const dict = dictionaries.get(source.id)!;
        codes.get(source.id)!.set(parsed.value, dict.length);
        columns.get(source.id)![r] = dict.length;
        dict.push(parsed.value);
      } else columns.get(source.id)![r] = parsed.value;
    }
  }
  if (errors > 0) {
    const more = errors - problems.length;
    if (more > 0) problems.push({ where: fileName, zh: `另有 ${more} 处错误未列出`, en: `${more} more problem(s) not listed` });
    throw new KaoheError(problems);
  }
  return { n, ids, names, columns, dictionaries };
}

/** Spreadsheet-style column letter for a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

