/**
 * Results as JSON: the run's identity and provenance (results-provenance.ts) as top-level fields,
 * the node and peer-group ids in CSV column order (`columns`), and one record per entity, full
 * precision, null = missing; each list entry is `{ id, since, until }` (dates, or null when not
 * knowable); with a settlement, `payer`, `payee` and `amount` (engine/settlement.ts). It holds every cell of the results CSV, so `kaohe hash` gets the
 * CSV back from it (results-file-hash.ts).
 */
import { formatDay, listDates, settlements, type Results } from '../engine/index.js';
import { provenanceOf, type Provenance } from './results-provenance.js';

export function resultsJson(results: Results, provenance: Provenance = provenanceOf(results, null)): string {
  const { plan, frame } = results;
  const num = (v: number): number | null => (v === v ? v : null);
  const { vetoes: vetoCols, lists: listCols } = results;
  // Each list entry with its dates (engine/list-dates.ts): found from the dated records, null without them.
  const dates = listDates(results);
  const day = (v: number): string | null => (v === v ? formatDay(v) : null);
  const transfers = settlements(results);
  const entities = frame.ids.map((id, i) => {
    const g = results.grade[i];
    return {
      id,
      name: frame.names?.[i] ?? null,
      rank: num(results.rank[i]),
      score: num(results.score[i]),
      grade: g === g ? plan.grades[g].id : null,
      nodes: Object.fromEntries(plan.nodes.map((n, j) => [n.id, num(results.nodeScores[j][i])])),
      groupRanks: Object.fromEntries(plan.ranking.groups.map((gr, k) => [gr, num(results.groupRanks[k][i])])),
      deductions: num(results.deductions[i]),
      bonuses: num(results.bonuses[i]),
      vetoes: plan.vetoes.filter((_, k) => vetoCols[k][i] === 1).map((v) => v.id),
      lists: plan.lists.flatMap((l, k) => (listCols[k][i] === 1 ? [{ id: l.id, since: day(dates.since[k][i]), until: day(dates.until[k][i]) }] : [])),
      ...(plan.settlement ? { payer: transfers[i]?.payer ?? null, payee: transfers[i]?.payee ?? null, amount: transfers[i]?.amount ?? null } : {}),
    };
  });
  return `${JSON.stringify({
    scheme: { id: plan.scheme.id, version: plan.scheme.version },
    ...provenance,
    columns: { nodes: plan.nodes.map((n) => n.id), groups: plan.ranking.groups, ...(plan.settlement ? { settlement: true } : {}) },
    entities,
  }, null, 1)}\n`;
}
