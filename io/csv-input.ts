/**
 * Reading an input CSV into a Frame, as DESIGN.md's contract says: UTF-8 (BOM accepted),
 * a header row, `id` required, `name` and attribute columns optional, every other column an
 * input of the scheme. Every problem in the file is collected (row, column, what was expected,
 * what was found) and reported at once; a file with any problem yields no frame at all.
 */
import { KaoheError } from '../indicators/index.js';
import type { Frame, ScoringPlan } from '../engine/index.js';
import { FrameBuilder, headerProblems } from './frame-builder.js';
import { parseCsvRows } from './csv-rows.js';

/** `blankRows`: rows without any input value are read without their required checks (see FrameBuilder). */
export function readCsvText(text: string, plan: ScoringPlan, fileName = 'data.csv', options: { blankRows?: boolean } = {}): Frame {
  const rows = parseCsvRows(text, fileName);
  if (rows.length === 0) {
    throw new KaoheError([{ where: fileName, zh: '文件为空，缺少表头行', en: 'the file is empty: a header row is needed' }]);
  }
  const header = rows[0].record.map((h) => h.trim());
  const problems = headerProblems(plan, header.map((name, c) => ({ name, where: `${fileName}:1 ${columnLetter(c)}「${name}」` })), `${fileName}:1`);
  if (problems.length > 0) throw new KaoheError(problems);

  const n = rows.length - 1;
  const idCol = header.indexOf('id');
  const nameCol = header.indexOf('name');
  const sourceIndex = new Map(plan.sources.map((s, k) => [s.id, k]));
  const bound = header.map((h) => sourceIndex.get(h) ?? -1);
  const line = (r: number): number => rows[r + 1].info.lines;
  const frame = new FrameBuilder(plan, {
    file: fileName,
    cell: (r, k) => `${fileName}:${line(r)} ${plan.sources[k].id}`,
    id: (r) => `${fileName}:${line(r)} id`,
    line,
    lineWord: 'line',
  }, { names: nameCol >= 0, capacity: n, blankRows: options.blankRows });

  for (let r = 0; r < n; r++) {
    const { record } = rows[r + 1];
    frame.addRow(record[idCol].trim(), nameCol >= 0 ? record[nameCol].trim() || null : null);
    for (let c = 0; c < header.length; c++) if (bound[c] >= 0) frame.text(r, bound[c], record[c]);
  }
  return frame.finish();
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

