/**
 * Publishing (the owning office): a finished run of the round's current data; republishing needs a
 * reason. Every publication is shown with the audit chain head recorded at publication.
 */
import type { FastifyInstance } from 'fastify';
import { latestDoneRun, latestPublication, listPublications, publicationChainHead, publishRun, type Db, type Publication } from '../../store/index.js';
import { actor, requireRoundOwner, requireUnpublishedAccess } from '../auth/policy.js';
import { ApiError } from '../errors.js';
import { roundFor } from './access.js';
import { idParams, reason, type IdParams } from './schemas.js';

/** A publication as the API shows it: with the audit chain head recorded at publication. */
const publicationJson = (db: Db, p: Publication) => ({ ...p, chainHead: publicationChainHead(db, p) });

export async function publicationRoutes(app: FastifyInstance): Promise<void> {
  const db = app.store;

  app.post<{ Params: IdParams; Body: { runId?: number; reason?: string } | undefined }>('/api/rounds/:id/publications', { config: { access: ['office'] as const },
    schema: {
      tags: ['publications'], summary: '发布一次运行的结果（默认最新完成的运行；再次发布须说明理由）/ publish a run (default: the latest finished; republishing needs a reason)',
      params: idParams,
      body: { type: 'object', properties: { runId: { type: 'integer', minimum: 1 }, reason }, additionalProperties: false },
    },
  }, async (req, reply) => {
    const { round } = roundFor(req, req.params.id);
    requireRoundOwner(req, round);
    const runId = req.body?.runId ?? latestDoneRun(db, round.id)?.id;
    if (runId === undefined) throw new ApiError(409, 'conflict', '本轮还没有完成的评分运行：请先评分', 'the round has no finished run: score it first');
    return reply.code(201).send(publicationJson(db, publishRun(db, actor(req), round.id, runId, req.body?.reason)));
  });

  app.get<{ Params: IdParams }>('/api/rounds/:id/publications', { config: { access: 'published' },
    schema: { tags: ['publications'], summary: '本轮的各次发布（最新在前）/ the round\'s publications, newest first', params: idParams },
  }, async (req) => {
    const { round, access } = roundFor(req, req.params.id);
    if (access !== 'full' && !latestPublication(db, round.id)) requireUnpublishedAccess(req, round, { zh: `轮次 ${round.id} `, en: `round ${round.id} is` });
    return { publications: listPublications(db, round.id).map((p) => publicationJson(db, p)) };
  });
}
