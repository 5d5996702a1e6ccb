/**
 * Runs: the owning office starts one (202: it scores in the background); anyone who may read
 * it polls GET /api/runs/:id or follows /api/runs/:id/events (server-sent events: `progress`
 * while it scores, then `done` with the finished run). An auditor (or the owning office) can
 * evaluate any finished run again and see whether it gives the same bits as its recorded hash
 * and its stored results (store/results-check.ts), with the first entity that differs.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getRound, getRun, isRunPublished, listRuns, requestRun, rerunAndCheck, type Run } from '../../store/index.js';
import { actor, requireRoundOwner, requireUnpublishedAccess, roundAccess } from '../auth/policy.js';
import { roundFor } from './access.js';
import { date, idParams, type IdParams } from './schemas.js';

function runJson(req: FastifyRequest, run: Run) {
  return { ...run, published: isRunPublished(req.server.store, run.id), progress: req.server.jobs.progress(run.id) ?? null };
}

/** The run, if the reader may see it: published, or full access to its round. */
function visibleRun(req: FastifyRequest, id: number): Run {
  const run = getRun(req.server.store, id);
  const round = getRound(req.server.store, run.roundId);
  roundAccess(req, round);
  if (!isRunPublished(req.server.store, run.id)) requireUnpublishedAccess(req, round, { zh: `运行 ${run.id} `, en: `run ${run.id} is` });
  return run;
}

const over = (status: Run['status']): boolean => status === 'done' || status === 'failed';

export async function runRoutes(app: FastifyInstance): Promise<void> {
  const db = app.store;

  app.post<{ Params: IdParams; Body: { asOf?: string; override?: string } | undefined }>('/api/rounds/:id/runs', { config: { access: ['office'] as const },
    schema: {
      tags: ['runs'], summary: '评分（后台运行，立即返回 202；联合轮次须各参与单位确认数据，或以 override 说明理由）/ score the round (runs in the background; answers 202 at once; a joint round needs every participant\'s confirmation, or an override reason)', params: idParams,
      body: { type: 'object', properties: { asOf: date, override: { type: 'string', maxLength: 2000 } }, additionalProperties: false },
    },
  }, async (req, reply) => {
    const { round } = roundFor(req, req.params.id);
    requireRoundOwner(req, round);
    const run = requestRun(db, actor(req), round.id, { asOf: req.body?.asOf, override: req.body?.override });
    app.jobs.start(run, actor(req));
    return reply.code(202).header('location', `/api/runs/${run.id}`).send(runJson(req, getRun(db, run.id)));
  });

  app.get<{ Params: IdParams }>('/api/rounds/:id/runs', { config: { access: 'published' }, schema: { tags: ['runs'], summary: '本轮的评分运行 / the round\'s runs', params: idParams } }, async (req) => {
    const { round, access } = roundFor(req, req.params.id);
    const runs = listRuns(db, round.id).filter((r) => access === 'full' || isRunPublished(db, r.id));
    return { runs: runs.map((r) => runJson(req, r)) };
  });

  app.get<{ Params: IdParams }>('/api/runs/:id', { config: { access: 'published' }, schema: { tags: ['runs'], summary: '运行状态与进度 / a run, with its progress', params: idParams } }, async (req) => {
    return runJson(req, visibleRun(req, req.params.id));
  });

  app.get<{ Params: IdParams }>('/api/runs/:id/events', { config: { access: 'published' },
    schema: { tags: ['runs'], summary: '运行进度事件流（SSE）/ a run\'s progress as server-sent events', params: idParams },
  }, async (req, reply) => {
    const run = visibleRun(req, req.params.id);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    const send = (event: string, data: unknown): void => { res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`); };
    let ended = false;
    let unsubscribe = (): void => undefined;
    const end = (): void => {
      if (ended) return;
      ended = true;
      unsubscribe();
      send('done', runJson(req, getRun(db, run.id)));
      res.end();
    };
    if (over(run.status)) return end();
    send('progress', app.jobs.progress(run.id) ?? { runId: run.id, status: run.status, phase: null, done: 0, total: 0 });
    unsubscribe = app.jobs.subscribe(run.id, (p) => (over(p.status) ? end() : send('progress', p)));
    req.raw.on('close', () => { ended = true; unsubscribe(); });
    // It may have finished between the first look and the subscription.
    if (over(getRun(db, run.id).status)) end();
  });

  app.post<{ Params: IdParams }>('/api/runs/:id/rerun', { config: { access: ['office', 'auditor'] as const },
    schema: { tags: ['runs'], summary: '复算并核对结果哈希（审计）/ evaluate again and check the results hash (audit)', params: idParams },
  }, async (req) => {
    const run = getRun(db, req.params.id);
    const round = getRound(db, run.roundId);
    if (req.principal?.role !== 'auditor') requireRoundOwner(req, round);
    return rerunAndCheck(db, actor(req), run.id);
  });
}
