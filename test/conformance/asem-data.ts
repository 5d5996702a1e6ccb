/** The COINr ASEM conformance files (conformance/coinr-asem) read, and built as a kaohe scheme and input CSV. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export const ASEM = fileURLToPath(new URL('../../conformance/coinr-asem/', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Reading the conformance files

type Row = Record<string, string>;

function readCsvFile(file: string): { header: string[]; rows: Row[] } {
  const records = parse(readFileSync(join(ASEM, file), 'utf8'), { bom: true }) as unknown as string[][];
  const [header, ...body] = records;
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k]]))) };
}

export interface Meta {
  level: number | null;
  code: string;
  name: string;
  unit: string;
  direction: number;
  weight: number;
  denominator: string;
  parent: string;
  type: string;
}

export const meta: Meta[] = readCsvFile('ASEM_iMeta.csv').rows.map((r) => ({
  level: r.Level === '' ? null : Number(r.Level),
  code: r.iCode,
  name: r.iName,
  unit: r.Unit,
  direction: Number(r.Direction),
  weight: Number(r.Weight),
  denominator: r.Denominator,
  parent: r.Parent,
  type: r.Type,
}));
const metaBy = new Map(meta.map((m) => [m.code, m]));
export const indicators = meta.filter((m) => m.type === 'Indicator');
export const aggregates = meta.filter((m) => m.type === 'Aggregate');
export const groupCols = meta.filter((m) => m.type === 'Group').map((m) => m.code);
export const denominators = meta.filter((m) => m.type === 'Denominator').map((m) => m.code);
export const root = aggregates.find((m) => m.parent === '')!;

export const data = readCsvFile('ASEM_iData.csv');
export const N = data.rows.length;
const num = (text: string): number => (text.trim() === '' ? NaN : Number(text));
/** Raw values by column code, NaN = empty cell. */
export const raw = new Map<string, number[]>([...indicators.map((m) => m.code), ...denominators].map((c) => [c, data.rows.map((r) => num(r[c]))]));
export const eurAsia = data.rows.map((r) => r.EurAsia_group);

// ---------------------------------------------------------------------------------------------
// The scheme, built in code from the meta

const label = (m: Meta): { zh: string; en: string } => ({ zh: m.name, en: m.name });

/** The scheme node of a meta row; `maxPoints` is the outlier rule's winsorisation limit (COINr's winmax). */
function treeNode(m: Meta, maxPoints?: number): Record<string, unknown> {
  const weight = m.parent === '' ? {} : { weight: m.weight };
  if (m.type === 'Indicator') {
    return {
      id: m.code,
      label: label(m),
      ...weight,
      ...(m.denominator ? { denominator: m.denominator } : {}),
      direction: m.direction === -1 ? 'lower' : 'higher',
      normalise: { method: 'minmax', range: [0, 100] },
      missing: { method: 'groupMean', group: 'EurAsia_group' },
      outliers: maxPoints === undefined ? { method: 'coinr' } : { method: 'coinr', maxPoints },
    };
  }
  return {
    id: m.code,
    label: label(m),
    ...weight,
    aggregate: 'mean',
    children: meta.filter((c) => c.parent === m.code).map((c) => treeNode(c, maxPoints)),
  };
}

export const schemeObject = (maxPoints?: number): Record<string, unknown> => ({
  id: 'coinr-asem',
  version: '2018',
  name: { zh: 'ASEM 可持续互联互通指数（COINr 示例）', en: 'ASEM Sustainable Connectivity (COINr example)' },
  subject: 'region',
  attributes: groupCols.map((g) => ({ id: g, label: label(metaBy.get(g)!) })),
  inputs: [...indicators.map((m) => m.code), ...denominators].map((c) => ({
    id: c,
    label: label(metaBy.get(c)!),
    unit: metaBy.get(c)!.unit,
    type: 'number',
  })),
  tree: treeNode(root, maxPoints),
});

// ---------------------------------------------------------------------------------------------
// ASEM_iData.csv → kaohe's input CSV (id = uCode, name = uName, the attributes, the inputs)

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toKaoheCsv(): string {
  const columns = [...groupCols, ...denominators, ...indicators.map((m) => m.code)];
  const lines = [['id', 'name', ...columns].join(',')];
  for (const r of data.rows) lines.push([r.uCode, r.uName, ...columns.map((c) => r[c])].map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}
