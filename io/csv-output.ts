/**
 * The results CSV of DESIGN.md: `id, rank, score, grade`, then one column per node of the tree
 * (pre-order: root, aggregates, every indicator's normalised score) in full precision
 * (shortest round-trip decimal), empty where missing; then rank within each peer group,
 * deductions, bonuses, and the vetoes and lists that apply (ids joined by `;`).
 * Text cells that a spreadsheet would run as a formula are neutralised.
 *
 * These bytes (UTF-8, `\n` after every line) are the canonical results CSV: the results file
 * hash (results-file-hash.ts) is their SHA-256, and the JSON and the workbook carry the same
 * cells (resultsRecords), so their contents give the same CSV back.
 */
import type { Results } from '../engine/index.js';

/** A results cell: text (id, grade, vetoes, lists) or a number (null: missing). */
export type ResultsCell = string | number | null;

/** The header: fixed columns around the plan's nodes and peer groups. */
export function resultsHeader(nodes: readonly string[], groups: readonly string[]): string[] {
  return ['id', 'rank', 'score', 'grade', ...nodes, ...groups.map((g) => `rank_${g}`), 'deductions', 'bonuses', 'vetoes', 'lists'];
}

/** Where the text columns are, for a header of `width` columns: id, grade, vetoes, lists. */
export const isTextColumn = (k: number, width: number): boolean => k === 0 || k === 3 || k >= width - 2;

/** One entity's cells, in header order. */
export function resultsRecord(results: Results, i: number): ResultsCell[] {
  const { plan, frame } = results;
  const num = (v: number): number | null => (v === v ? v : null);
  const g = results.grade[i];
  const fired = (ids: readonly { id: string }[], flags: readonly Float64Array[]): string =>
    ids.filter((_, k) => flags[k][i] === 1).map((r) => r.id).join(';');
  return [
    frame.ids[i],
    num(results.rank[i]),
    num(results.score[i]),
    g === g ? plan.grades[g].id : '',
    ...results.nodeScores.map((c) => num(c[i])),
    ...results.groupRanks.map((c) => num(c[i])),
    num(results.deductions[i]),
    num(results.bonuses[i]),
    fired(plan.vetoes, results.vetoes),
    fired(plan.lists, results.lists),
  ];
}

export const resultsHeaderOf = (results: Results): string[] =>
  resultsHeader(results.plan.nodes.map((n) => n.id), results.plan.ranking.groups);

/** A CSV line of results cells (no line end). */
export function csvLine(cells: readonly ResultsCell[]): string {
  return cells.map((c) => (typeof c === 'string' ? textCell(c) : c === null ? '' : numberCell(c))).join(',');
}

export function resultsCsv(results: Results): string {
  const lines = [resultsHeaderOf(results).map(textCell).join(',')];
  for (let i = 0; i < results.frame.n; i++) lines.push(csvLine(resultsRecord(results, i)));
  return `${lines.join('\n')}\n`;
}

/** Full precision: JavaScript's shortest decimal that round-trips to the same double. */
export function numberCell(v: number): string {
  if (v !== v) return '';
  return Object.is(v, -0) ? '0' : String(v);
}

/** Quote when needed; prefix ' to text a spreadsheet would otherwise run as a formula. */
export function textCell(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
