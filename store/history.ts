/**
 * Results across rounds: which run stands for a round (its latest publication, or — for readers
 * allowed unpublished results — its latest finished run), the round before a round, and one
 * entity's score and rank over the rounds of a scheme.
 */
import type { Db } from './db.js';
import { latestPublication, type Publication } from './publications.js';
import { entityRow } from './entity-index.js';
import { runEntityIndex } from './results-cache.js';
import { listRounds, type Round } from './rounds.js';
import { getRun, latestDoneRun, type Run } from './runs.js';

export interface RoundRun {
  run: Run;
  publication: Publication | null;
}

/** The run a round's results are read from: the latest publication's, else (if allowed) the latest finished run. */
export function roundRun(db: Db, roundId: number, includeUnpublished: boolean): RoundRun | null {
  const publication = latestPublication(db, roundId);
  if (includeUnpublished) {
    const latest = latestDoneRun(db, roundId);
    if (latest && (!publication || latest.id !== publication.runId)) return { run: latest, publication: null };
  }
  return publication ? { run: getRun(db, publication.runId), publication } : null;
}

/** Rounds of the same scheme and office, ending before this one starts, that have results to read; the latest. */
export function previousRound(db: Db, round: Round, includeUnpublished: boolean): { round: Round; run: RoundRun } | null {
  for (const r of listRounds(db, { schemeId: round.schemeId, officeId: round.officeId })) {
    if (r.id === round.id || r.periodEnd >= round.periodStart) continue;
    const run = roundRun(db, r.id, includeUnpublished);
    if (run) return { round: r, run };
  }
  return null;
}

export interface HistoryPoint {
  roundId: number;
  roundName: { zh: string; en: string };
  periodStart: string;
  periodEnd: string;
  runId: number;
  published: boolean;
  score: number | null;
  rank: number | null;
  grade: string | null;
  /** Entities ranked in that run. */
  of: number;
}

/**
 * The entity over the rounds of a scheme (and office), oldest first; rounds without it or
 * without results are left out. `includeUnpublished` may decide round by round. `before`: only
 * the rounds other than this one that end before it starts (a scorecard's trend) — the others'
 * results are not read at all.
 *
 * Each round's row comes from its run's entity index (results-cache.ts: runEntityIndex), found
 * in O(1); a large run's index is built once by the store's worker, so the main thread never
 * decodes a large round's results or scans its ids here.
 */
export async function entityHistory(db: Db, entityId: string, options: {
  schemeId: string; officeId?: string; includeUnpublished: boolean | ((round: Round) => boolean); before?: Round;
}): Promise<HistoryPoint[]> {
  const { before } = options;
  const reads: { round: Round; rr: RoundRun }[] = [];
  for (const round of listRounds(db, { schemeId: options.schemeId, officeId: options.officeId }).reverse()) {
    if (before && (round.id === before.id || round.periodEnd >= before.periodStart)) continue;
    const unpublished = typeof options.includeUnpublished === 'function' ? options.includeUnpublished(round) : options.includeUnpublished;
    const rr = roundRun(db, round.id, unpublished);
    if (rr) reads.push({ round, rr });
  }
  const indexes = await Promise.all(reads.map(({ rr }) => runEntityIndex(db, rr.run.id)));
  const points: HistoryPoint[] = [];
  reads.forEach(({ round, rr }, k) => {
    const x = indexes[k];
    const i = entityRow(x, entityId);
    if (i < 0) return;
    const v = (c: Float64Array): number | null => {
      const y = c[i];
      return y !== y ? null : y;
    };
    const g = v(x.grade);
    points.push({
      roundId: round.id, roundName: round.name, periodStart: round.periodStart, periodEnd: round.periodEnd,
      runId: rr.run.id, published: rr.publication !== null, score: v(x.score), rank: v(x.rank), grade: g === null ? null : x.grades[g] ?? null, of: x.ranked,
    });
  });
  return points;
}
