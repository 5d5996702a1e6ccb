/** What moved between two runs and why (both runs readable by the asker; unpublished reads audited). */
import type { FastifyInstance } from 'fastify';
import { diffRuns } from '../../store/index.js';
import { readableRun } from './access.js';

export async function diffRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { from: number; to: number } }>('/api/diff', { config: { access: 'published' },
    schema: {
      tags: ['results'], summary: '两次运行之间：每个对象的得分、名次、等级变化及变化的输入 / between two runs: each entity\'s score, rank and grade change and the inputs that changed',
      querystring: {
        type: 'object', additionalProperties: false, required: ['from', 'to'],
        properties: { from: { type: 'integer', minimum: 1 }, to: { type: 'integer', minimum: 1 } },
      },
    },
  }, async (req) => {
    readableRun(req, req.query.from, 'diff');
    readableRun(req, req.query.to, 'diff');
    return diffRuns(app.store, req.query.from, req.query.to);
  });
}
