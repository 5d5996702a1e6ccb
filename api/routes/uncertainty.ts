/**
 * A run's uncertainty analysis: the round's office (or an admin) starts one (202: it runs in the
 * background, store/uncertainty-analyses.ts); whoever may read the run's results reads it back,
 * or the job's state while it runs. Asking again for what is stored answers it at once (200).
 */
import type { FastifyInstance } from 'fastify';
import { findAnalysis, getAnalysis, getRound, getRun, MAX_REPLICATIONS, prepareAnalysis, type AnalysisRequest } from '../../store/index.js';
import { ApiError } from '../errors.js';
import { actor, requireRole, requireRoundOwner } from '../auth/policy.js';
import { readableRun } from './access.js';
import { idParams, type IdParams } from './schemas.js';

const STARTERS = ['office', 'admin'] as const;

/** Out-of-range numbers are refused by the store with the bounds in Chinese and English; the schema only caps sizes. */
const analysisBody = {
  type: 'object', additionalProperties: false,
  properties: {
    spec: { type: 'string', minLength: 1, maxLength: 64 * 1024, description: '不确定性分析规格（YAML），缺省为方案的默认规格 / the spec (YAML); default: the scheme\'s default spec' },
    n: { type: 'integer', description: `重复次数 / replications (20–${MAX_REPLICATIONS}, default 1000)` },
    seed: { type: 'integer', description: '随机种子 / seed (default 1)' },
    sensitivity: { type: 'boolean', description: '同时计算各假设对名次平均绝对变动的敏感性指数（一阶与总指数，N·(d + 2) 次评分）/ also the sensitivity indices (first order and total) of the mean absolute rank shift per assumption (N·(d + 2) evaluations)' },
  },
} as const;

export async function uncertaintyRoutes(app: FastifyInstance, options: { specsDir?: string }): Promise<void> {
  const db = app.store;

  app.post<{ Params: IdParams; Body: AnalysisRequest }>('/api/runs/:id/uncertainty', { config: { access: STARTERS },
    schema: { tags: ['runs'], summary: '不确定性分析（后台运行，立即返回 202）/ uncertainty analysis of a run (runs in the background; answers 202 at once)', params: idParams, body: analysisBody },
  }, async (req, reply) => {
    const p = requireRole(req, STARTERS);
    const run = getRun(db, req.params.id);
    if (p.role === 'office') requireRoundOwner(req, getRound(db, run.roundId));
    const prepared = prepareAnalysis(db, run.id, req.body, options.specsDir);
    const location = `/api/runs/${run.id}/uncertainty`;
    const stored = findAnalysis(db, prepared);
    if (stored) {
      app.analyses.clearFailure(run.id);
      return reply.header('location', location).send(stored);
    }
    if (app.analyses.busy(run.id)) {
      throw new ApiError(409, 'conflict', `运行 ${run.id} 已有一个不确定性分析在进行：请等它结束后再请求（GET ${location}）`, `run ${run.id} already has an uncertainty analysis under way: ask again once it has finished (GET ${location})`);
    }
    return reply.code(202).header('location', location).send(app.analyses.start(prepared, actor(req)));
  });

  app.get<{ Params: IdParams }>('/api/runs/:id/uncertainty', { config: { access: 'published' },
    schema: { tags: ['runs'], summary: '运行的不确定性分析（或其进度）/ a run\'s uncertainty analysis (or its job while it runs)', params: idParams },
  }, async (req, reply) => {
    readableRun(req, req.params.id, 'uncertainty analysis');
    const job = app.analyses.job(req.params.id);
    if (job) return reply.code(job.status === 'failed' ? 200 : 202).send(job);
    return getAnalysis(db, req.params.id);
  });
}
