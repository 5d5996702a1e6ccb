/**
 * One entity's scorecard: its score, rank and grade in the chosen run, dimensions against the
 * median of all entities, strongest and weakest indicators, every rule that fired and why, the
 * trend over the scheme's rounds up to this one, what moved since the round's previous run,
 * and the engine's node-by-node explanation.
 */
import type { FastifyRequest } from 'fastify';
import { explain, type Explanation, type Results } from '../../engine/index.js';
import { entityConversions, entityHistory, getRound, listPublications, listRuns, periodLabel, runResults, type Round, type RoundRun, type Run } from '../../store/index.js';
import { auditRead, mayReadRound, roundAccess } from '../auth/policy.js';
import { ApiError } from '../errors.js';
import { changesBetween, dimensionMedians, scorecardParts, trendPoint } from '../pages/from-results.js';
import type { ChangesView, ConversionView, TrendPointView } from '../pages/index.js';
import { fmtTime } from '../pages/text.js';

const medians = new WeakMap<Results, (number | null)[]>();

function mediansOf(results: Results): (number | null)[] {
  let m = medians.get(results);
  if (!m) {
    m = dimensionMedians(results);
    medians.set(results, m);
  }
  return m;
}

export interface ScorecardData {
  results: Results;
  parts: NonNullable<ReturnType<typeof scorecardParts>>;
  trend: TrendPointView[];
  changes: ChangesView | null;
  explanation: Explanation;
  /** The unit conversions the entity's values went through on import (the round's declared rates). */
  conversions: ConversionView[];
}

/** Each conversion with the value as uploaded (the value read ÷ the rate) and the value read, in the input's unit. */
function conversionViews(req: FastifyRequest, round: Round, run: Run, results: Results, entityId: string): ConversionView[] {
  const i = results.frame.ids.indexOf(entityId);
  return entityConversions(req.server.store, round.id, entityId, run.requestedAt).map((c) => {
    const v = results.frame.columns.get(c.input)?.[i];
    const value = v === undefined || Number.isNaN(v) ? null : v;
    const label = results.plan.sources.find((s) => s.id === c.input)?.label ?? { zh: c.input, en: c.input };
    return { input: c.input, label, from: c.from, to: c.to, factor: c.factor, note: c.note ?? null, uploaded: value === null ? null : value / c.factor, value };
  });
}

/** The round's latest finished run before `run` that the reader may see. */
function earlierRun(req: FastifyRequest, round: Round, run: Run, published: Set<number>): Run | null {
  const full = roundAccess(req, round) === 'full';
  return listRuns(req.server.store, round.id).find((r) => r.id < run.id && r.status === 'done' && (full || published.has(r.id))) ?? null;
}

export async function scorecardData(req: FastifyRequest, round: Round, rr: RoundRun, entityId: string): Promise<ScorecardData> {
  const db = req.server.store;
  const results = await runResults(db, rr.run.id);
  const parts = scorecardParts(results, entityId, mediansOf(results));
  const explanation = explain(results, entityId);
  if (!parts || !explanation) throw new ApiError(404, 'not_found', `本轮结果中没有编码为「${entityId}」的对象`, `no entity "${entityId}" in this round's results`);

  // Only the rounds ending before this one: later rounds' results (a large one's too) are not read.
  const history = (await entityHistory(db, entityId, {
    schemeId: round.schemeId, officeId: round.officeId, includeUnpublished: (r) => mayReadRound(req, r) && roundAccess(req, r) === 'full', before: round,
  })).filter((p) => mayReadRound(req, getRound(db, p.roundId)));
  for (const p of history) if (!p.published) auditRead(req, round, 'trend', { roundId: p.roundId, runId: p.runId });
  const trend: TrendPointView[] = [
    ...history.map((p) => ({ roundId: String(p.roundId), roundLabel: periodLabel(p), score: p.score, rank: p.rank, of: p.of })),
    trendPoint(results, entityId, String(round.id), periodLabel(round)),
  ];

  const published = new Set(listPublications(db, round.id).map((p) => p.runId));
  const before = earlierRun(req, round, rr.run, published);
  let changes: ChangesView | null = null;
  if (before && (before.snapshotHash !== rr.run.snapshotHash || before.planHash !== rr.run.planHash)) {
    if (!published.has(before.id)) auditRead(req, round, 'changes since run', { runId: before.id });
    const at = before.finishedAt ?? before.requestedAt;
    changes = changesBetween(await runResults(db, before.id), results, entityId, { zh: `运行 #${before.id}，${fmtTime(at, 'zh')}`, en: `run #${before.id}, ${fmtTime(at, 'en')}` });
  }
  return { results, parts, trend, changes, explanation, conversions: conversionViews(req, round, rr.run, results, entityId) };
}
