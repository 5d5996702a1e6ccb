/**
 * Officials' posts from CSV: `official,name,region,role,start,end` (dates YYYY-MM-DD, end empty
 * while still in post). Every problem is reported at once with its line; nothing is read from
 * a file with a problem.
 */
import { KaoheError, type Problem } from '../indicators/index.js';
import { parseDay, type Post } from '../engine/index.js';
import { readTextFile } from './read-text-file.js';
import { parseCsvRows } from './csv-rows.js';

const COLUMNS = ['official', 'name', 'region', 'role', 'start', 'end'] as const;

export async function readPostsFile(path: string, regions: readonly string[]): Promise<Post[]> {
  return readPostsCsv(await readTextFile(path, { zh: '任职文件', en: 'posts file' }, 64 * 1024 * 1024), regions, path);
}

export function readPostsCsv(text: string, regions: readonly string[], fileName = 'posts.csv'): Post[] {
  const rows = parseCsvRows(text, fileName);
  const header = rows[0]?.record.map((h) => h.trim()) ?? [];
  const missing = COLUMNS.filter((c) => c !== 'name' && !header.includes(c));
  if (missing.length > 0) {
    throw new KaoheError([{ where: `${fileName}:1`, zh: `缺少列：${missing.join(', ')}（表头应为 ${COLUMNS.join(',')}）`, en: `missing column(s): ${missing.join(', ')} (the header is ${COLUMNS.join(',')})` }]);
  }
  const col = (name: string): number => header.indexOf(name);
  const known = new Set(regions);
  const problems: Problem[] = [];
  const posts: Post[] = [];
  for (const { record, info } of rows.slice(1)) {
    const at = `${fileName}:${info.lines}`;
    const cell = (name: string): string => (col(name) >= 0 ? record[col(name)].trim() : '');
    const official = cell('official');
    if (official === '') problems.push({ where: `${at} official`, zh: '干部编码为空', en: 'the official id is empty' });
    const region = cell('region');
    if (!known.has(region)) problems.push({ where: `${at} region`, zh: `地区「${region}」不在本轮的数据中`, en: `region "${region}" is not in this round's data` });
    const start = parseDay(cell('start'));
    if (start !== start) problems.push({ where: `${at} start`, zh: `任职开始日期应为 YYYY-MM-DD，实际为「${cell('start')}」`, en: `the start date must be YYYY-MM-DD, got "${cell('start')}"` });
    const endText = cell('end');
    const end = endText === '' ? null : parseDay(endText);
    if (end !== null && end !== end) problems.push({ where: `${at} end`, zh: `任职结束日期应为 YYYY-MM-DD 或留空，实际为「${endText}」`, en: `the end date must be YYYY-MM-DD or empty, got "${endText}"` });
    else if (end !== null && start === start && end < start) problems.push({ where: `${at} end`, zh: `结束日期 ${endText} 早于开始日期 ${cell('start')}`, en: `the end date ${endText} is before the start ${cell('start')}` });
    posts.push({ official, name: cell('name') || null, entity: region, role: cell('role'), start, end });
  }
  if (problems.length > 0) throw new KaoheError(problems);
  return posts;
}
