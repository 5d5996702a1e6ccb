/**
 * The view models of a run's latest uncertainty analysis (store/uncertainty-analyses.ts) for
 * the ranking and the scorecard; null when the run has none. Statistically tied groups are
 * runs of neighbours in the published order whose 5–95% rank intervals overlap (each
 * interval reaching the next one's), so a group says "these ranks could come in another order
 * under another defensible method".
 */
import { latestAnalysis, type Db, type EntityInterval, type StoredAnalysis } from '../../store/index.js';
import type { EntityIntervalView, RankIntervalsView } from '../pages/uncertainty-view.js';

type Interval = EntityInterval & { rank: number; rank_p05: number; rank_p95: number };

const ranked = (e: EntityInterval): e is Interval => e.rank !== null && e.rank_p05 !== null && e.rank_p95 !== null;

/** Per entity: the nominal ranks of its tied group, when it has neighbours whose intervals overlap its own. */
function tiedGroups(entities: EntityInterval[]): Map<string, { from: number; to: number }> {
  const order = entities.filter(ranked).sort((a, b) => a.rank - b.rank);
  const out = new Map<string, { from: number; to: number }>();
  let start = 0;
  let reach = -Infinity;
  for (let k = 0; k <= order.length; k++) {
    // A group continues while the next entity's interval starts within the reach of the group so far.
    if (k < order.length && (k === start || order[k].rank_p05 <= reach)) {
      reach = Math.max(reach, order[k].rank_p95);
      continue;
    }
    if (k - start > 1) for (const e of order.slice(start, k)) out.set(e.id, { from: order[start].rank, to: order[k - 1].rank });
    start = k;
    reach = k < order.length ? order[k].rank_p95 : reach;
  }
  return out;
}

function described(a: StoredAnalysis): { zh: string; en: string }[] {
  return a.result.assumptions.map((x) => {
    if (x.kind === 'weights') return { zh: `权重 ±${x.noise * 100}%`, en: `weights ±${x.noise * 100}%` };
    if (x.kind === 'exclude') return { zh: `去掉一项指标（${x.nodes.length} 项之一，或不去掉）`, en: `dropping one indicator (one of ${x.nodes.length}, or none)` };
    const k = x.alternatives.length;
    switch (x.kind) {
      case 'normalise': return { zh: `标准化方法（${k} 种备选）`, en: `normalisation (${k} alternatives)` };
      case 'aggregate': return { zh: `汇总方法（${k} 种备选）`, en: `aggregation (${k} alternatives)` };
      case 'impute': return { zh: `缺失值插补（${k} 种备选）`, en: `imputation (${k} alternatives)` };
      case 'outliers': return { zh: `异常值处理（${k} 种备选）`, en: `outlier treatment (${k} alternatives)` };
    }
  });
}

export function rankIntervals(db: Db, runId: number): RankIntervalsView | null {
  const a = latestAnalysis(db, runId);
  if (!a) return null;
  const tied = tiedGroups(a.result.entities);
  const byEntity: RankIntervalsView['byEntity'] = {};
  for (const e of a.result.entities) {
    if (ranked(e)) byEntity[e.id] = { median: e.rank_median ?? e.rank, p05: e.rank_p05, p95: e.rank_p95, tied: tied.get(e.id) ?? null };
  }
  return { replications: a.replications, of: a.result.entities.filter(ranked).length, byEntity, assumptions: described(a) };
}

export function entityInterval(db: Db, runId: number, entityId: string): EntityIntervalView | null {
  const a = latestAnalysis(db, runId);
  const e = a?.result.entities.find((x) => x.id === entityId);
  if (!a || !e || !ranked(e) || e.score_p05 === null || e.score_p95 === null) return null;
  return {
    replications: a.replications, of: a.result.entities.filter(ranked).length,
    rankMedian: e.rank_median ?? e.rank, rankP05: e.rank_p05, rankP95: e.rank_p95,
    scoreMedian: e.score_median ?? e.score_p05, scoreP05: e.score_p05, scoreP95: e.score_p95,
    tied: tiedGroups(a.result.entities).get(e.id) ?? null, assumptions: described(a),
  };
}
