/**
 * Comparing stored results: chosen runs of rounds of one scheme family (a region's path over
 * the years, several regions side by side, different offices' rounds of one version). The
 * numbers are the stored runs' own, read from their results rows; which rounds and runs the
 * reader may see is the caller's (the API's) decision.
 */
import type { Comparison, ComparisonEntity, ComparisonPoint } from '../io/index.js';
import type { Db } from './db.js';
import { runResults } from './results-cache.js';
import { periodLabel, type Round } from './rounds.js';
import type { Run } from './runs.js';

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** `entities` null: every entity of any of the runs, in first-seen order. */
export async function compareRuns(db: Db, schemeId: string, chosen: { round: Round; run: Run; published: boolean }[], entities: readonly string[] | null): Promise<Comparison> {
  const byId = new Map<string, ComparisonEntity>();
  const want = entities ? new Set(entities) : null;
  for (const id of entities ?? []) byId.set(id, { id, name: null, points: chosen.map(() => null) });
  const rounds = [];
  for (let k = 0; k < chosen.length; k++) {
    const { round, run, published } = chosen[k];
    const results = await runResults(db, run.id);
    const { frame, plan } = results;
    let ranked = 0;
    for (let i = 0; i < frame.n; i++) if (Number.isFinite(results.rank[i])) ranked++;
    rounds.push({
      roundId: round.id, name: round.name, period: periodLabel(round), officeId: round.officeId, schemeVersion: round.schemeVersion,
      runId: run.id, published, decimals: plan.rounding.decimals, ranked,
    });
    for (let i = 0; i < frame.n; i++) {
      const id = frame.ids[i];
      if (want && !want.has(id)) continue;
      let e = byId.get(id);
      if (!e) {
        e = { id, name: null, points: chosen.map(() => null) };
        byId.set(id, e);
      }
      e.name ??= frame.names?.[i] ?? null;
      const g = results.grade[i];
      const point: ComparisonPoint = { score: finite(results.score[i]), rank: finite(results.rank[i]), grade: Number.isInteger(g) && plan.grades[g] ? plan.grades[g].label : null };
      e.points[k] = point;
    }
  }
  return { schemeId, rounds, entities: [...byId.values()] };
}
