/**
 * Results as JSON: the run's identity and provenance (results-provenance.ts) as top-level fields,
 * the node and peer-group ids in CSV column order (`columns`), and one record per entity, full
 * precision, null = missing. It holds every cell of the results CSV, so `kaohe hash` gets the
 * CSV back from it (results-file-hash.ts).
 */
import type { Results } from '../engine/index.js';
import { provenanceOf, type Provenance } from './results-provenance.js';

export function resultsJson(results: Results, provenance: Provenance = provenanceOf(results, null)): string {
  const { plan, frame } = results;
  const num = (v: number): number | null => (v === v ? v : null);
  const { vetoes: vetoCols, lists: listCols } = results;
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
      lists: plan.lists.filter((_, k) => listCols[k][i] === 1).map((l) => l.id),
    };
  });
  return `${JSON.stringify({
    scheme: { id: plan.scheme.id, version: plan.scheme.version },
    ...provenance,
    columns: { nodes: plan.nodes.map((n) => n.id), groups: plan.ranking.groups },
    entities,
  }, null, 1)}\n`;
}
