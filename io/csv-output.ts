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
import { settlements, type Results, type Transfer } from '../engine/index.js';

/** A results cell: text (id, grade, vetoes, lists) or a number (null: missing). */
export type ResultsCell = string | number | null;

/** The columns a scheme with a settlement adds at the end (none otherwise, so other results files keep their bytes). */
export const SETTLEMENT_COLUMNS = ['payer', 'payee', 'amount'] as const;

/** The header: fixed columns around the plan's nodes and peer groups. */
export function resultsHeader(nodes: readonly string[], groups: readonly string[], settlement = false): string[] {
  return ['id', 'rank', 'score', 'grade', ...nodes, ...groups.map((g) => `rank_${g}`), 'deductions', 'bonuses', 'vetoes', 'lists', ...(settlement ? SETTLEMENT_COLUMNS : [])];
}

/** Whether column k of this header holds text: id, grade, vetoes, lists — and payer, payee after them in a settlement's results. */
export function isTextColumn(k: number, header: readonly string[]): boolean {
  const n = header.length;
  const settled = SETTLEMENT_COLUMNS.every((c, j) => header[n - SETTLEMENT_COLUMNS.length + j] === c);
  return k === 0 || k === 3 || (settled ? k === n - 5 || k === n - 4 || k === n - 3 || k === n - 2 : k >= n - 2);
}

/** Each entity's transfer, computed once per results. */
const transfersOf = (() => {
  const cache = new WeakMap<Results, (Transfer | null)[]>();
  return (results: Results): (Transfer | null)[] => {
    let t = cache.get(results);
    if (!t) cache.set(results, (t = settlements(results)));
    return t;
  };
})();

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
    ...(plan.settlement ? settlementCells(transfersOf(results)[i] ?? null) : []),
  ];
}

export const resultsHeaderOf = (results: Results): string[] =>
  resultsHeader(results.plan.nodes.map((n) => n.id), results.plan.ranking.groups, results.plan.settlement !== undefined);

function settlementCells(t: Transfer | null): ResultsCell[] {
  return t ? [t.payer, t.payee, t.amount] : ['', '', null];
}

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
