/**
 * A scheme's settlement ledger (store/ledger.ts) over HTTP: JSON, CSV export and a page. Read like
 * results: published rounds by anyone who may read published results, unpublished runs by those
 * who may read them (audited).
 */
import type { FastifyInstance } from 'fastify';
import { csvLine } from '../../io/index.js';
import { schemeLedger } from '../../store/index.js';
import { langOf, renderLedgerPage } from '../pages/index.js';
import { sendPage } from '../plugins/errors.js';
import { sessionView } from '../views/headers.js';
import { visibleSchemeRuns } from './list-register.js';

const schemeParams = { type: 'object', required: ['scheme'], properties: { scheme: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' } } } as const;
const query = { type: 'object', properties: { lang: { type: 'string', maxLength: 8 } } } as const;

interface Params { scheme: string }

export async function ledgerRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: Params }>('/api/ledger/:scheme', {
    config: { access: 'published' },
    schema: { tags: ['ledger'], params: schemeParams, summary: '结算台账：每轮的转移支付（付款方、收款方、金额、规则、运行）及各期结余 / the settlement ledger: each round\'s transfers and each term\'s balance' },
  }, async (req) => schemeLedger(app.store, req.params.scheme, visibleSchemeRuns(req, req.params.scheme)));

  app.get<{ Params: Params }>('/api/ledger/:scheme/export', {
    config: { access: 'published' },
    schema: { tags: ['ledger'], params: schemeParams, summary: '结算台账导出（CSV）/ the ledger as CSV' },
  }, async (req, reply) => {
    const ledger = await schemeLedger(app.store, req.params.scheme, visibleSchemeRuns(req, req.params.scheme));
    const lines = [csvLine(['round', 'run', 'as_of', 'entity', 'name', 'from', 'to', 'amount', 'unit', 'rule', 'term'])];
    for (const t of ledger.transfers) lines.push(csvLine([String(t.roundId), String(t.runId), t.asOf, t.entity, t.name ?? '', t.from, t.to, t.amount, ledger.unit ?? '', t.rule, t.term ?? '']));
    reply.header('content-disposition', `attachment; filename="kaohe-ledger-${ledger.scheme}.csv"`);
    return reply.type('text/csv; charset=utf-8').send(`${lines.join('\n')}\n`);
  });

  app.get<{ Params: Params; Querystring: { lang?: string } }>('/ledger/:scheme', {
    config: { page: true, access: 'published' },
    schema: { params: schemeParams, querystring: query },
  }, async (req, reply) => {
    const ledger = await schemeLedger(app.store, req.params.scheme, visibleSchemeRuns(req, req.params.scheme));
    return sendPage(reply, 200, renderLedgerPage({ session: sessionView(req), ...ledger }, langOf(req.query)));
  });
}
