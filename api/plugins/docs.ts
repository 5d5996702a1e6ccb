/** OpenAPI: the routes' schemas published at /docs (Swagger UI) and /docs/json. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { describedParams, documentedResponses } from './api-responses.js';

export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'kaohe 考核 API',
        description: '考核轮次、填报、评分、发布与审计。除公开结果外均需 Bearer 令牌；错误体为 { error: { code, zh, en, problems? } }。\n\n'
          + 'Assessment rounds, submissions, scoring, publication and audit. Every route but published results needs a bearer token; '
          + 'errors are { error: { code, zh, en, problems? } }.',
        version: '1',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
      tags: ['session', 'accounts', 'schemes', 'rosters', 'rounds', 'submissions', 'runs', 'results', 'publications', 'appeals', 'registers', 'lists', 'repairs', 'ledger', 'audit'].map((name) => ({ name })),
    },
    // Page routes are HTML for browsers, not part of the API.
    hideUntagged: true,
    // Every route's responses, with descriptions (the routes declare none, so their serialisation stays as it is).
    transform: ({ schema, url, route }) => {
      const method = Array.isArray(route.method) ? route.method[0] : route.method;
      const responses = documentedResponses(method, url);
      if (!schema) return { schema, url };
      return { schema: { ...schema, params: describedParams(schema.params), ...(responses ? { response: responses } : {}) }, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
}
