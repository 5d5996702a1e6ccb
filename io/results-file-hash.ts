/**
 * `kaohe hash RESULTS`: the results file hash of a results file, recomputed from its contents:
 * SHA-256 of the canonical results CSV bytes (csv-output.ts). A .csv results file is those bytes
 * itself; a .json gives the CSV back from its entities (json-output.ts); a .xlsx from its hidden
 * _results sheet (results-workbook.ts). Also what the file (or a CSV's sibling OUT.csv.meta.json)
 * states its hash is, so a caller can tell a changed file. Anything that isn't a results file is
 * a clear error naming where.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import { KaoheError, sha256Hex } from '../indicators/index.js';
import { csvLine, headerTails, isTextColumn, numberCell, resultsHeader, type ResultsCell } from './csv-output.js';
import { parseCsvRows } from './csv-rows.js';
import { readTextFile } from './read-text-file.js';
import { CSV_HASH_LABEL, resultsCsvHash } from './results-provenance.js';
import { RESULT_SHEETS } from './xlsx/results-workbook.js';
import { checkXlsxFile } from './xlsx/zip-guard.js';

export interface ResultsFileHash {
  format: 'csv' | 'json' | 'xlsx';
  /** SHA-256 of the canonical results CSV the file holds. */
  hash: string;
  /** The results CSV hash the file (or its .meta.json) states, null when it states none. */
  stated: string | null;
  entities: number;
}

/** Results files kaohe writes are read whole; one this large is not one. */
export const MAX_RESULTS_FILE_BYTES = 1024 * 1024 * 1024;

const notResults = (where: string, zhWhy: string, enWhy: string): KaoheError => new KaoheError([{
  where,
  zh: `不是 kaohe 结果文件：${zhWhy}（请给出 kaohe score -o 或 /api/runs/:id/export 写出的 .csv、.json 或 .xlsx）`,
  en: `not a kaohe results file: ${enWhy} (give a .csv, .json or .xlsx written by kaohe score -o or /api/runs/:id/export)`,
}]);

const FIRST = ['id', 'rank', 'score', 'grade'];
const LAST = ['deductions', 'bonuses', 'vetoes', 'lists'];

/** A results header: the fixed columns in place around the others (and the list dates' and a settlement's after them). */
function checkHeader(header: readonly unknown[], where: string): string[] {
  const tails = headerTails(header);
  const tail = tails.settlement + tails.listDates;
  const ok = header.length >= 8 + tail && header.every((h) => typeof h === 'string')
    && FIRST.every((c, k) => header[k] === c) && LAST.every((c, k) => header[header.length - tail - 4 + k] === c);
  if (!ok) {
    throw notResults(where, `表头应以 ${FIRST.join(',')} 开头、以 ${LAST.join(',')} 结尾，实际为「${header.slice(0, 8).join(',').slice(0, 120)}」`,
      `the header must start ${FIRST.join(',')} and end ${LAST.join(',')}, got "${header.slice(0, 8).join(',').slice(0, 120)}"`);
  }
  return header as string[];
}

const hexHash = (v: unknown): string | null => (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? v : null);

async function statedInMeta(path: string): Promise<string | null> {
  const meta = `${path}.meta.json`;
  if (!existsSync(meta)) return null;
  try {
    return hexHash((JSON.parse(await readTextFile(meta, { zh: '结果说明文件', en: 'results meta file' }, 1024 * 1024)) as { resultsCsvHash?: unknown }).resultsCsvHash);
  } catch (e) {
    if (e instanceof KaoheError) throw e;
    throw new KaoheError([{ where: meta, zh: '结果说明文件不是有效的 JSON', en: 'the results meta file is not valid JSON' }]);
  }
}

async function csvFile(path: string): Promise<ResultsFileHash> {
  const { size } = await stat(path);
  if (size > MAX_RESULTS_FILE_BYTES) throw notResults(path, `文件过大（${size} 字节）`, `the file is too large (${size} bytes)`);
  const bytes = await readFile(path);
  const end = bytes.indexOf(0x0a);
  const first = bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
  const rows = parseCsvRows(first, path, { ragged: true });
  checkHeader(rows[0]?.record ?? [], `${path}:1`);
  let lines = 0;
  for (const b of bytes) if (b === 0x0a) lines++;
  // The bytes as they are: a file saved with other line ends or a BOM is another file.
  return { format: 'csv', hash: sha256Hex(bytes), stated: await statedInMeta(path), entities: Math.max(0, lines - 1) };
}

interface JsonEntity {
  id: unknown; rank: unknown; score: unknown; grade: unknown; nodes: unknown; groupRanks: unknown;
  deductions: unknown; bonuses: unknown; vetoes: unknown; lists: unknown;
  payer?: unknown; payee?: unknown; amount?: unknown;
}

/** The list_since / list_until cells from a JSON entity's list entries (csv-output.ts listDateCells). */
function jsonListDates(lists: unknown[], bad: (field: string) => never): ResultsCell[] {
  const day = (v: unknown, field: string): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : bad(field));
  const entry = (l: unknown): { since?: unknown; until?: unknown } => (l !== null && typeof l === 'object' ? l : {});
  return [lists.map((l) => day(entry(l).since, 'lists.since')).join(';'), lists.map((l) => day(entry(l).until, 'lists.until')).join(';')];
}

function jsonCells(e: JsonEntity, nodes: string[], groups: string[], settlement: boolean, listDates: boolean, where: string): ResultsCell[] {
  const bad = (field: string): never => { throw notResults(`${where}.${field}`, '该字段缺失或类型不对', 'the field is missing or of the wrong type'); };
  const num = (v: unknown, field: string): number | null => (v === null || typeof v === 'number' ? v : bad(field));
  const obj = (v: unknown, field: string): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : bad(field));
  const party = (v: unknown, field: string): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : bad(field));
  const ids = (v: unknown, field: string): string => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.join(';') : bad(field));
  const nodeScores = obj(e.nodes, 'nodes');
  const groupRanks = obj(e.groupRanks, 'groupRanks');
  return [
    typeof e.id === 'string' ? e.id : bad('id'),
    num(e.rank, 'rank'),
    num(e.score, 'score'),
    e.grade === null ? '' : typeof e.grade === 'string' ? e.grade : bad('grade'),
    ...nodes.map((n) => num(nodeScores[n], `nodes.${n}`)),
    ...groups.map((g) => num(groupRanks[g], `groupRanks.${g}`)),
    num(e.deductions, 'deductions'),
    num(e.bonuses, 'bonuses'),
    ids(e.vetoes, 'vetoes'),
    ids(Array.isArray(e.lists) ? e.lists.map((l: unknown) => (l !== null && typeof l === 'object' && 'id' in l ? (l as { id: unknown }).id : l)) : e.lists, 'lists'),
    ...(listDates ? jsonListDates(e.lists as unknown[], bad) : []),
    ...(settlement ? [party(e.payer, 'payer'), party(e.payee, 'payee'), num(e.amount ?? null, 'amount')] : []),
  ];
}

async function jsonFile(path: string): Promise<ResultsFileHash> {
  const text = await readTextFile(path, { zh: '结果文件', en: 'results file' }, MAX_RESULTS_FILE_BYTES);
  let doc: { columns?: { nodes?: unknown; groups?: unknown; settlement?: unknown; listDates?: unknown }; entities?: unknown; resultsCsvHash?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    throw notResults(path, '不是有效的 JSON', 'it is not valid JSON');
  }
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  const nodes = doc?.columns?.nodes;
  const groups = doc?.columns?.groups;
  if (!strings(nodes) || !strings(groups)) throw notResults(`${path}: columns`, '缺少 columns.nodes 与 columns.groups', 'it has no columns.nodes and columns.groups');
  if (!Array.isArray(doc.entities)) throw notResults(`${path}: entities`, '缺少 entities 数组', 'it has no entities array');
  const settlement = doc.columns?.settlement === true;
  const listDates = doc.columns?.listDates === true;
  const lines = [csvLine(checkHeader(resultsHeader(nodes, groups, settlement, listDates), `${path}: columns`))];
  doc.entities.forEach((e: unknown, k: number) => {
    if (e === null || typeof e !== 'object') throw notResults(`${path}: entities[${k}]`, '应为对象', 'it must be an object');
    lines.push(csvLine(jsonCells(e as JsonEntity, nodes, groups, settlement, listDates, `${path}: entities[${k}]`)));
  });
  return { format: 'json', hash: resultsCsvHash(`${lines.join('\n')}\n`), stated: hexHash(doc.resultsCsvHash), entities: doc.entities.length };
}

async function xlsxFile(path: string): Promise<ResultsFileHash> {
  await checkXlsxFile(path);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    throw notResults(path, `无法读取工作簿（${(e as Error).message}）`, `the workbook can't be read (${(e as Error).message})`);
  }
  const ws = wb.getWorksheet(RESULT_SHEETS.data);
  if (!ws) throw notResults(path, `没有隐藏的 ${RESULT_SHEETS.data} 工作表`, `it has no hidden ${RESULT_SHEETS.data} sheet`);
  const width = ws.getRow(1).cellCount;
  const header = checkHeader(Array.from({ length: width }, (_, k) => ws.getRow(1).getCell(k + 1).value), `${path}: ${RESULT_SHEETS.data}!1`);
  const lines = [csvLine(header)];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    lines.push(csvLine(header.map((_, k): ResultsCell => {
      const v = row.getCell(k + 1).value;
      const text = isTextColumn(k, header);
      if (v === null || v === undefined) return text ? '' : null;
      if (text && typeof v === 'string') return v;
      if (text && typeof v === 'object' && 'richText' in v) return row.getCell(k + 1).text;
      // Numbers are written as their CSV text; one typed in again as a number is taken as it is.
      if (!text && typeof v === 'number') return v;
      if (!text && typeof v === 'string' && numberCell(Number(v)) === v) return Number(v);
      throw notResults(`${path}: ${RESULT_SHEETS.data}!${row.getCell(k + 1).address}`, `${header[k]} 列应为${text ? '文本' : '数值'}`, `column ${header[k]} must hold ${text ? 'text' : 'a number'}`);
    })));
  }
  const run = wb.getWorksheet(RESULT_SHEETS.run);
  let stated: string | null = null;
  // As text: a program that saves the workbook again may store a label as rich text.
  run?.eachRow((row) => { if (row.getCell(1).text === CSV_HASH_LABEL) stated = hexHash(row.getCell(2).text); });
  return { format: 'xlsx', hash: resultsCsvHash(`${lines.join('\n')}\n`), stated, entities: ws.rowCount - 1 };
}

export async function hashResultsFile(path: string): Promise<ResultsFileHash> {
  if (!existsSync(path)) throw new KaoheError([{ where: path, zh: '找不到结果文件', en: 'results file not found' }]);
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return csvFile(path);
  if (ext === '.json') return jsonFile(path);
  if (ext === '.xlsx') return xlsxFile(path);
  throw notResults(path, `扩展名应为 .csv、.json 或 .xlsx，实际为「${ext || '无'}」`, `the extension must be .csv, .json or .xlsx, got "${ext || 'none'}"`);
}
