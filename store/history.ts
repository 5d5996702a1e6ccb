/**
 * Results across rounds: which run stands for a round (its latest publication, or — for readers
 * allowed unpublished results — its latest finished run), the round before a round, and one
 * entity's score and rank over the rounds of a scheme.
 */
import type { Db } from './db.js';
import { latestPublication, type Publication } from './publications.js';
import { storedResults } from './results-cache.js';
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
 * without results are left out. `includeUnpublished` may decide round by round.
 */
export function entityHistory(db: Db, entityId: string, options: { schemeId: string; officeId?: string; includeUnpublished: boolean | ((round: Round) => boolean) }): HistoryPoint[] {
  const points: HistoryPoint[] = [];
  for (const round of listRounds(db, { schemeId: options.schemeId, officeId: options.officeId }).reverse()) {
    const unpublished = typeof options.includeUnpublished === 'function' ? options.includeUnpublished(round) : options.includeUnpublished;
    const rr = roundRun(db, round.id, unpublished);
    if (!rr) continue;
    const stored = storedResults(db, rr.run.id);
    const i = stored.ids.indexOf(entityId);
    if (i < 0) continue;
    const v = (name: string): number | null => {
      const x = stored.columns.get(name)?.[i];
      return x === undefined || x !== x ? null : x;
    };
    const rank = stored.columns.get('rank')!;
    let of = 0;
    for (let k = 0; k < stored.n; k++) if (rank[k] === rank[k]) of++;
    const g = v('grade');
    points.push({
      roundId: round.id, roundName: round.name, periodStart: round.periodStart, periodEnd: round.periodEnd,
      runId: rr.run.id, published: rr.publication !== null, score: v('score'), rank: v('rank'), grade: g === null ? null : stored.grades[g] ?? null, of,
    });
  }
  return points;
}
