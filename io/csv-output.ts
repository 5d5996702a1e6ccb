/**
 * The results CSV of DESIGN.md: `id, rank, score, grade`, then one column per node of the tree
 * (pre-order: root, aggregates, every indicator's normalised score) in full precision
 * (shortest round-trip decimal), empty where missing; then rank within each peer group,
 * deductions, bonuses, and the vetoes and lists that apply (ids joined by `;`).
 * Text cells that a spreadsheet would run as a formula are neutralised.
 */
import type { Results } from '../engine/index.js';

export function resultsCsv(results: Results): string {
  const { plan, frame } = results;
  const header = [
    'id', 'rank', 'score', 'grade',
    ...plan.nodes.map((n) => n.id),
    ...plan.ranking.groups.map((g) => `rank_${g}`),
    'deductions', 'bonuses', 'vetoes', 'lists',
  ];
  const lines = [header.map(textCell).join(',')];
  const vetoCols = results.layout.veto.map((s) => results.columns[s]);
  const listCols = results.layout.list.map((s) => results.columns[s]);
  for (let i = 0; i < frame.n; i++) {
    const g = results.grade[i];
    const row = [
      textCell(frame.ids[i]),
      numberCell(results.rank[i]),
      numberCell(results.score[i]),
      g === g ? textCell(plan.grades[g].id) : '',
      ...results.nodeScores.map((c) => numberCell(c[i])),
      ...results.groupRanks.map((c) => numberCell(c[i])),
      numberCell(results.deductions[i]),
      numberCell(results.bonuses[i]),
      textCell(plan.vetoes.filter((_, k) => vetoCols[k][i] === 1).map((v) => v.id).join(';')),
      textCell(plan.lists.filter((_, k) => listCols[k][i] === 1).map((l) => l.id).join(';')),
    ];
    lines.push(row.join(','));
  }
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
