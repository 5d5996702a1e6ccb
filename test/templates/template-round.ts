/** Scoring a built-in template's demo rounds (or edited copies of them) through the public API. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, evaluate, type CompiledPlan, type Results } from '../../engine/index.js';
import { loadSchemeFile, readCsvText } from '../../io/index.js';
import { root } from '../cli-runner.js';

export const TEMPLATES = join(root, 'templates');
export const YEARS = ['2023', '2024', '2025'] as const;

export async function loadTemplate(id: string): Promise<CompiledPlan> {
  return compile(await loadSchemeFile(join(TEMPLATES, id, 'scheme.yaml')));
}

export function roundText(id: string, year: string): string {
  return readFileSync(join(TEMPLATES, id, `${year}.csv`), 'utf8');
}

export function score(compiled: CompiledPlan, text: string, name = 'round.csv'): Results {
  return evaluate(compiled, readCsvText(text, compiled.plan, name));
}

/** A data file as rows of cells (the demo files quote nothing: checked by the caller's data). */
export function cells(text: string): { header: string[]; rows: string[][] } {
  if (text.includes('"')) throw new Error('quoted CSV: use a real parser');
  const [header, ...rows] = text.trimEnd().split('\n').map((l) => l.split(','));
  return { header, rows };
}

/** The same CSV with one cell replaced. */
export function withCell(text: string, id: string, column: string, value: string): string {
  const { header, rows } = cells(text);
  const j = header.indexOf(column);
  const row = rows.find((r) => r[0] === id);
  if (j < 0 || !row) throw new Error(`no cell ${id}/${column}`);
  row[j] = value;
  return `${[header, ...rows].map((r) => r.join(',')).join('\n')}\n`;
}

export function nodeScores(r: Results, id: string): Float64Array {
  const j = r.plan.nodes.findIndex((n) => n.id === id);
  if (j < 0) throw new Error(`no node ${id}`);
  return r.nodeScores[j];
}

export function column(r: Results, id: string): Float64Array {
  const c = r.frame.columns.get(id);
  if (!c) throw new Error(`no column ${id}`);
  return c;
}

/** A category column's values as text. */
export function categoryColumn(r: Results, id: string): (string | null)[] {
  const dict = r.frame.dictionaries.get(id);
  if (!dict) throw new Error(`${id} is not a category column`);
  return Array.from(column(r, id), (v) => (v === v ? dict[v] : null));
}

export function gradeIds(r: Results): (string | null)[] {
  return Array.from(r.grade, (g) => (g === g ? r.plan.grades[g].id : null));
}

/** The ids of the vetoes (or list rules) that fired for entity i. */
export function firedVetoes(r: Results, i: number): string[] {
  return r.plan.vetoes.filter((_, k) => r.columns[r.layout.veto[k]][i] === 1).map((v) => v.id);
}
export function lists(r: Results, i: number): string[] {
  return r.plan.lists.filter((_, k) => r.columns[r.layout.list[k]][i] === 1).map((l) => l.id);
}

/** The children of an aggregate node: their ids and weights. */
export function childrenOf(r: Results, id: string): { id: string; weight: number }[] {
  const j = r.plan.nodes.findIndex((n) => n.id === id);
  const node = r.plan.nodes[j];
  if (node.kind !== 'aggregate') throw new Error(`${id} is not an aggregate`);
  return node.children.map((c) => ({ id: r.plan.nodes[c].id, weight: r.plan.nodes[c].weight }));
}

/** The index of an entity by id. */
export function row(r: Results, id: string): number {
  const i = r.frame.ids.indexOf(id);
  if (i < 0) throw new Error(`no entity ${id}`);
  return i;
}

/** The header and the rows of the given entities only (for schemes whose scores don't depend on other rows). */
export function onlyRows(text: string, ids: string[]): string {
  const { header, rows } = cells(text);
  const keep = ids.map((id) => {
    const r = rows.find((x) => x[0] === id);
    if (!r) throw new Error(`no row ${id}`);
    return r;
  });
  return `${[header, ...keep].map((r) => r.join(',')).join('\n')}\n`;
}
