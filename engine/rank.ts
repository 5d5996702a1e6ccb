/**
 * Competition ranks ("1224"): equal keys share the smallest rank. Missing keys (NaN) get no
 * rank (NaN). One linear-time argsort, then one pass; no per-entity objects.
 */
import { roundHalfEven } from './round.js';
import { argsortAscending } from './sort.js';

/** Rank 1 = largest key. `order` (argsortAscending(keys)) can be passed when already at hand. */
export function competitionRankDescending(keys: Float64Array, out: Float64Array, order = argsortAscending(keys)): void {
  out.fill(NaN);
  const m = order.length;
  let rank = 0;
  for (let k = m - 1; k >= 0; k--) {
    const i = order[k];
    if (k === m - 1 || keys[i] !== keys[order[k + 1]]) rank = m - k;
    out[i] = rank;
  }
}

/** Competition ranks (rank 1 = largest) within each group; groups are codes 0..groupCount−1, NaN = none. */
export function competitionRankWithinGroups(keys: Float64Array, groups: Float64Array, groupCount: number, out: Float64Array, order = argsortAscending(keys)): void {
  out.fill(NaN);
  const seen = new Float64Array(groupCount);
  const lastKey = new Float64Array(groupCount).fill(NaN);
  const lastRank = new Float64Array(groupCount);
  for (let k = order.length - 1; k >= 0; k--) {
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
  out.fill(NaN);
  const order = argsortAscending(keys);
  let rank = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (k === 0 || keys[i] !== keys[order[k - 1]]) rank = k + 1;
    out[i] = rank;
  }
  return order.length;
}

/** A group column for rankRound: its codes and how many codes there are. */
export interface RankGroup {
  codes: Float64Array;
  count: number;
}

/**
 * The final ranks of a round: competition ranks of the scores (rounded to `decimals` first when
 * given: ranking on the published score), overall into `out` and within each group into
 * `groupOut`. One function for the inline evaluator and the pool's workers.
 */
export function rankRound(score: Float64Array, decimals: number | null, groups: RankGroup[], out: Float64Array, groupOut: Float64Array[]): void {
  const keys = decimals === null ? score : score.map((v) => roundHalfEven(v, decimals));
  const order = argsortAscending(keys);
  competitionRankDescending(keys, out, order);
  groups.forEach((g, k) => competitionRankWithinGroups(keys, g.codes, g.count, groupOut[k], order));
}
