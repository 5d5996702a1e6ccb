/**
 * Competition ranks ("1224"): equal keys share the smallest rank. Missing keys (NaN) get no
 * rank (NaN). One linear-time argsort, then one pass; no per-entity objects.
 */
import type { RankOrder } from '../indicators/index.js';
import { roundHalfEven } from './round.js';
import { argsortAscending } from './sort.js';

/**
 * Rank 1 = the largest key (`descending`) or the smallest (`ascending`); ties share the
 * smallest rank. `order` (argsortAscending(keys)) can be passed when already at hand.
 */
export function competitionRank(keys: Float64Array, out: Float64Array, direction: RankOrder, order = argsortAscending(keys)): void {
  out.fill(NaN);
  const m = order.length;
  const step = direction === 'ascending' ? 1 : -1;
  let k = step === 1 ? 0 : m - 1;
  let rank = 0;
  for (let seen = 1; seen <= m; seen++, k += step) {
    const i = order[k];
    if (seen === 1 || keys[i] !== keys[order[k - step]]) rank = seen;
    out[i] = rank;
  }
}

/** Rank 1 = largest key. `order` (argsortAscending(keys)) can be passed when already at hand. */
export function competitionRankDescending(keys: Float64Array, out: Float64Array, order = argsortAscending(keys)): void {
  competitionRank(keys, out, 'descending', order);
}

/**
 * Competition ranks within each group (rank 1 = the largest key when `descending`, the smallest
 * when `ascending`); groups are codes 0..groupCount−1, NaN = none.
 */
export function competitionRankWithinGroups(
  keys: Float64Array, groups: Float64Array, groupCount: number, out: Float64Array,
  direction: RankOrder = 'descending', order = argsortAscending(keys),
): void {
  out.fill(NaN);
  const seen = new Float64Array(groupCount);
  const lastKey = new Float64Array(groupCount).fill(NaN);
  const lastRank = new Float64Array(groupCount);
  const m = order.length;
  const step = direction === 'ascending' ? 1 : -1;
  for (let j = 0, k = step === 1 ? 0 : m - 1; j < m; j++, k += step) {
    const i = order[k];
    const g = groups[i];
    if (g !== g) continue;
    seen[g]++;
    if (keys[i] !== lastKey[g]) {
      lastKey[g] = keys[i];
      lastRank[g] = seen[g];
    }
    out[i] = lastRank[g];
  }
}

/** Rank 1 = smallest key (ties share the smallest rank), as R's rank(ties.method = "min"). Returns the count ranked. */
export function minRankAscending(keys: Float64Array, out: Float64Array): number {
  const order = argsortAscending(keys);
  competitionRank(keys, out, 'ascending', order);
  return order.length;
}

/** A group column for rankRound: its codes and how many codes there are. */
export interface RankGroup {
  codes: Float64Array;
  count: number;
}

/**
 * The final ranks of a round: competition ranks of the scores (rounded to `decimals` first when
 * given: ranking on the published score), rank 1 the highest score or, when `direction` is
 * `ascending`, the lowest; overall into `out` and within each group into `groupOut`. One
 * function for the inline evaluator and the pool's workers.
 */
export function rankRound(score: Float64Array, decimals: number | null, direction: RankOrder, groups: RankGroup[], out: Float64Array, groupOut: Float64Array[]): void {
  const keys = decimals === null ? score : score.map((v) => roundHalfEven(v, decimals));
  const order = argsortAscending(keys);
  competitionRank(keys, out, direction, order);
  groups.forEach((g, k) => competitionRankWithinGroups(keys, g.codes, g.count, groupOut[k], direction, order));
}
