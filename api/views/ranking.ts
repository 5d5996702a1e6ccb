/**
 * A run's ranking rows (rank, score, grade, rank change since the previous round, badges,
 * peer groups), built once per run and previous-round run and kept (runs never change).
 */
import type { FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Results } from '../../engine/index.js';
import { entityRanks } from '../../store/entity-index.js';
import { runEntityIndex } from '../../store/results-cache.js';
import { periodLabel, previousRound, runResults, type Db, type Round, type RoundRun } from '../../store/index.js';
import { auditRead, mayReadRound, roundAccess } from '../auth/policy.js';
import { peerGroups, rankingRows } from '../pages/from-results.js';
import type { PeerGroupView, RankingRowView } from '../pages/index.js';


export interface RankingData {
  results: Results;
  rows: RankingRowView[];
  previous: { round: Round; rr: RoundRun; label: string } | null;
  peerGroups: PeerGroupView[];
}

const rowsCache = new LRUCache<string, { rows: RankingRowView[]; groups: PeerGroupView[] }>({ maxSize: 2_000_000, sizeCalculation: (v) => Math.max(1, v.rows.length) });

/**
 * entity id → rank in a stored run (ranked entities only), for the rank changes of the next
 * round's ranking and results workbook: read in place from the run's entity index
 * (store/results-cache.ts: runEntityIndex), which the store's worker builds for a large run, once
 * per run and shared by concurrent requests, so the main thread decodes no previous results.
 */
export async function ranksOf(db: Db, runId: number): Promise<ReadonlyMap<string, number>> {
  return entityRanks(await runEntityIndex(db, runId));
}

/** The round before this one that the reader may see (its read audited when unpublished). */
export function previousFor(req: FastifyRequest, round: Round): { round: Round; run: RoundRun } | null {
  // A partner: the previous round's published results, if it is bound to that round too.
  const partner = req.principal?.role === 'partner';
  const prev = previousRound(req.server.store, round, !partner && roundAccess(req, round) === 'full');
  if (prev && !mayReadRound(req, prev.round)) return null;
  if (prev && !prev.run.publication) auditRead(req, prev.round, 'previous ranks', { runId: prev.run.run.id });
  return prev;
}

export async function rankingData(req: FastifyRequest, round: Round, rr: RoundRun): Promise<RankingData> {
  const db = req.server.store;
  const results = await runResults(db, rr.run.id);
  const prev = previousFor(req, round);
  const key = `${rr.run.id}:${prev?.run.run.id ?? ''}`;
  let cached = rowsCache.get(key);
  if (!cached) {
    const previousRanks = prev ? await ranksOf(db, prev.run.run.id) : undefined;
    cached = rowsCache.get(key) ?? { rows: rankingRows(results, previousRanks), groups: peerGroups(results) };
    rowsCache.set(key, cached);
  }
  return {
    results,
    rows: cached.rows,
    previous: prev ? { round: prev.round, rr: prev.run, label: periodLabel(prev.round) } : null,
    peerGroups: cached.groups,
  };
}
