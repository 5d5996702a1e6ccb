/**
 * Results: a round's ranking (JSON, paged, filterable by peer group), one entity's scorecard
 * with its explanation, an entity's history across rounds, and the results file of a run.
 * Without ?run=, a round's results are its latest publication's — or, for readers who may see
 * unpublished results, its latest finished run. Unpublished reads are audited.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PassThrough, Readable } from 'node:stream';
import { provenanceOf, refuseOversizedWorkbook, resultsCsvChunks, resultsCsvHashInTurns, resultsJsonChunks, writeResultsWorkbookTo, type RunContext } from '../../io/index.js';
import { auditHead, entityHistory, getRound, getRun, latestAnalysis, MEDIA_TYPES, runResults, type Round, type RoundRun } from '../../store/index.js';
import { auditRead, checkRunRead, mayReadRound, requireRole, requireRoundOwner, roundAccess } from '../auth/policy.js';
import { unauthorized } from '../errors.js';
import { roundHeaderView, runRefView } from '../views/headers.js';
import { previousFor, rankingData, ranksOf } from '../views/ranking.js';
import { chooseEntityRun, chooseRun } from '../views/run-choice.js';
import { scorecardData } from '../views/scorecard.js';
import { appealBannerOf } from '../views/appeal.js';
import { roundFor } from './access.js';
import { entityParams, idParams, type EntityParams, type IdParams } from './schemas.js';

interface RankingQuery {
  run?: number;
  group?: string;
  value?: string;
  offset?: number;
  limit?: number;
}

const pageProperties = {
  group: { type: 'string', maxLength: 100 },
  value: { type: 'string', maxLength: 200 },
  offset: { type: 'integer', minimum: 0, default: 0 },
  limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 1000 },
} as const;

const runRankingQuery = { type: 'object', additionalProperties: false, properties: pageProperties } as const;
const rankingQuery = { type: 'object', additionalProperties: false, properties: { ...pageProperties, run: { type: 'integer', minimum: 1 } } } as const;

function runInfo(rr: RoundRun) {
  const { run } = rr;
  return { ...runRefView(rr), runId: run.id, planHash: run.planHash, snapshotHash: run.snapshotHash, resultsHash: run.resultsHash, asOf: run.asOf, engineVersion: run.engineVersion, published: rr.publication !== null };
}

async function ranking(req: FastifyRequest, round: Round, q: RankingQuery) {
  const rr = chooseRun(req, round, 'ranking', q.run);
  const data = await rankingData(req, round, rr);
  const filtered = q.group ? data.rows.filter((r) => r.groups[q.group!] === (q.value ?? null)) : data.rows;
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 1000;
  return {
    round: roundHeaderView(req.server.store, round),
    run: runInfo(rr),
    decimals: data.results.plan.rounding.decimals,
    previousRound: data.previous && { id: data.previous.round.id, period: data.previous.label, runId: data.previous.rr.run.id },
    peerGroups: data.peerGroups,
    total: filtered.length,
    offset,
    limit,
    rows: filtered.slice(offset, offset + limit),
  };
}

async function scorecard(req: FastifyRequest, round: Round, rr: RoundRun, entityId: string) {
  const s = await scorecardData(req, round, rr, entityId);
  return {
    round: roundHeaderView(req.server.store, round), run: runInfo(rr), ...s.parts, trend: s.trend, changes: s.changes, explanation: s.explanation, conversions: s.conversions,
    appeal: appealBannerOf(req.server.store, round.id, entityId),
  };
}

export async function resultRoutes(app: FastifyInstance): Promise<void> {
  const db = app.store;

  app.get<{ Params: IdParams; Querystring: RankingQuery }>('/api/rounds/:id/ranking', { config: { access: 'published' },
    schema: { tags: ['results'], summary: '轮次排名 / a round\'s ranking', params: idParams, querystring: rankingQuery },
  }, async (req) => ranking(req, roundFor(req, req.params.id).round, req.query));

  app.get<{ Params: IdParams; Querystring: Omit<RankingQuery, 'run'> }>('/api/runs/:id/ranking', { config: { access: 'published' },
    schema: { tags: ['results'], summary: '一次运行的排名 / a run\'s ranking', params: idParams, querystring: runRankingQuery },
  }, async (req) => {
    const run = getRun(db, req.params.id);
    return ranking(req, getRound(db, run.roundId), { ...req.query, run: run.id });
  });

  app.get<{ Params: EntityParams; Querystring: { run?: number } }>('/api/rounds/:id/entities/:entityId', { config: { access: 'published' },
    schema: {
      tags: ['results'], summary: '一个对象的评分卡与逐项说明 / one entity\'s scorecard and explanation', params: entityParams,
      querystring: { type: 'object', properties: { run: { type: 'integer', minimum: 1 } }, additionalProperties: false },
    },
  }, async (req) => {
    const { round } = roundFor(req, req.params.id);
    return scorecard(req, round, chooseEntityRun(req, round, req.params.entityId, 'scorecard', req.query.run), req.params.entityId);
  });

  app.get<{ Params: EntityParams }>('/api/runs/:id/entities/:entityId', { config: { access: 'published' },
    schema: { tags: ['results'], summary: '一次运行中一个对象的评分卡与逐项说明 / one entity\'s scorecard in a run', params: entityParams },
  }, async (req) => {
    const run = getRun(db, req.params.id);
    const round = getRound(db, run.roundId);
    return scorecard(req, round, chooseEntityRun(req, round, req.params.entityId, 'scorecard', run.id), req.params.entityId);
  });

  app.get<{ Params: { entityId: string }; Querystring: { schemeId: string } }>('/api/entities/:entityId/history', { config: { access: 'published' },
    schema: {
      tags: ['results'], summary: '一个对象在同一方案各轮次的得分与排名 / one entity across the rounds of a scheme',
      params: { type: 'object', properties: { entityId: { type: 'string', maxLength: 200 } }, required: ['entityId'] },
      querystring: { type: 'object', properties: { schemeId: { type: 'string', maxLength: 100 } }, required: ['schemeId'], additionalProperties: false },
    },
  }, async (req) => {
    const full = (r: Round): boolean => mayReadRound(req, r) && roundAccess(req, r) === 'full';
    // Anonymous readers without public access are refused, not silently given nothing.
    if (!req.principal && !app.settings.publicResults) throw unauthorized();
    // A partner: the rounds it is bound to only.
    const points = (await entityHistory(db, req.params.entityId, { schemeId: req.query.schemeId, includeUnpublished: full })).filter((p) => mayReadRound(req, getRound(db, p.roundId)));
    for (const p of points) if (!p.published) auditRead(req, getRound(db, p.roundId), 'history', { runId: p.runId });
    return { entityId: req.params.entityId, schemeId: req.query.schemeId, points };
  });

  app.get<{ Params: IdParams; Querystring: { format?: 'csv' | 'json' | 'xlsx' } }>('/api/runs/:id/export', { config: { access: ['office', 'leadership', 'auditor'] as const },
    schema: {
      tags: ['results'], summary: '导出结果文件 / export the results file', params: idParams,
      querystring: { type: 'object', properties: { format: { type: 'string', enum: ['csv', 'json', 'xlsx'] } }, additionalProperties: false },
    },
  }, async (req, reply) => {
    const run = getRun(db, req.params.id);
    const round = getRound(db, run.roundId);
    if (req.principal?.role === 'office') requireRoundOwner(req, round);
    else requireRole(req, ['leadership', 'auditor']);
    checkRunRead(req, round, run, 'export');
    const results = await runResults(db, run.id);
    const format = req.query.format ?? 'xlsx';
    const context: RunContext = { runId: run.id, engineVersion: run.engineVersion, snapshotHash: run.snapshotHash, runResultsHash: run.resultsHash!, auditHead: auditHead(db) };
    reply.header('content-disposition', `attachment; filename="kaohe-round-${round.id}-run-${run.id}.${format}"`);
    if (format !== 'xlsx') {
      // Streamed piece by piece: a large round's file is more than one string holds.
      const provenance = provenanceOf(results, context, await resultsCsvHashInTurns(results));
      if (format === 'json') return reply.type('application/json; charset=utf-8').send(Readable.from(resultsJsonChunks(results, provenance)));
      // The CSV keeps its header on line 1: its provenance (what OUT.csv.meta.json holds) goes in a header.
      return reply.type('text/csv; charset=utf-8').header('x-kaohe-provenance', JSON.stringify(provenance)).send(Readable.from(resultsCsvChunks(results)));
    }
    refuseOversizedWorkbook(results.frame.n, `/api/runs/${run.id}/export`);
    const prev = previousFor(req, round);
    const previousRanks = prev ? await ranksOf(db, prev.run.run.id) : undefined;
    // Streamed: a large round's workbook is written as it is sent.
    const out = new PassThrough();
    writeResultsWorkbookTo(results, out, { previousRanks, run: context, uncertainty: latestAnalysis(db, run.id)?.result ?? null }).catch((e: unknown) => out.destroy(e as Error));
    return reply.type(MEDIA_TYPES.xlsx).send(out);
  });
}
