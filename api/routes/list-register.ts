/**
 * A scheme's list register (store/list-register.ts) over HTTP: the JSON, a CSV export and a page.
 * Like results, published lists are read by anyone the deployment lets read published results
 * (`--public`: 公示); the round's own office, leadership and auditors also see unpublished runs
 * (each such read is in the audit log).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { csvLine } from '../../io/index.js';
import { isDate, listRegister, listRounds, roundRun, todayInBeijing, type ListRegister, type Round, type Run } from '../../store/index.js';
import { auditRead, roundAccess } from '../auth/policy.js';
import { ApiError, unauthorized } from '../errors.js';
import { langOf, renderListsPage } from '../pages/index.js';
import { sendPage } from '../plugins/errors.js';
import { sessionView } from '../views/headers.js';
import { date } from './schemas.js';

const schemeParams = { type: 'object', required: ['scheme'], properties: { scheme: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' } } } as const;
const query = { type: 'object', properties: { date, lang: { type: 'string', maxLength: 8 } } } as const;

interface Params { scheme: string }
interface Query { date?: string; lang?: string }

/** Each round of the scheme with the run its reader may see (published; the latest finished one for full access, audited). */
export function visibleSchemeRuns(req: FastifyRequest, scheme: string): { round: Round; run: Run }[] {
  if (!req.principal && !req.server.settings.publicResults) throw unauthorized();
  const db = req.server.store;
  const rounds = [];
  for (const round of listRounds(db, { schemeId: scheme })) {
    const rr = roundRun(db, round.id, roundAccess(req, round) === 'full');
    if (!rr) continue;
    if (!rr.publication) auditRead(req, round, 'scheme register', { runId: rr.run.id, path: req.url });
    rounds.push({ round, run: rr.run });
  }
  if (rounds.length === 0) throw new ApiError(404, 'not_found', `方案「${scheme}」没有可查看的评价结果`, `scheme ${scheme} has no results you may read`);
  return rounds;
}

async function registerFor(req: FastifyRequest, scheme: string, day: string | undefined): Promise<ListRegister> {
  if (!req.principal && !req.server.settings.publicResults) throw unauthorized();
  if (day !== undefined && !isDate(day)) throw new ApiError(422, 'invalid_content', `日期应为 YYYY-MM-DD，实际为「${day}」`, `date must be a date YYYY-MM-DD, got "${day}"`);
  return listRegister(req.server.store, scheme, visibleSchemeRuns(req, scheme), day ?? todayInBeijing());
}

export async function listRegisterRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: Params; Querystring: Query }>('/api/lists/:scheme', {
    config: { access: 'published' },
    schema: { tags: ['lists'], params: schemeParams, querystring: query, summary: '名单登记：某日在各名单上的对象、列入与最早移出日期、依据，及历次列入移出 / the list register: who is on each list on a date, since and until when, why; entries and exits' },
  }, async (req) => registerFor(req, req.params.scheme, req.query.date));

  app.get<{ Params: Params; Querystring: Query }>('/api/lists/:scheme/export', {
    config: { access: 'published' },
    schema: { tags: ['lists'], params: schemeParams, querystring: query, summary: '名单导出（CSV）/ the lists on a date as CSV' },
  }, async (req, reply) => {
    const reg = await registerFor(req, req.params.scheme, req.query.date);
    const lines = [csvLine(['list', 'entity', 'name', 'since', 'until', 'round', 'run', 'as_of', 'rule'])];
    for (const l of reg.lists) {
      for (const e of l.entries) lines.push(csvLine([l.id, e.entity, e.name ?? '', e.since ?? '', e.until ?? '', String(e.roundId), String(e.runId), e.asOf, e.rule]));
    }
    reply.header('content-disposition', `attachment; filename="kaohe-lists-${reg.scheme}-${reg.date}.csv"`);
    return reply.type('text/csv; charset=utf-8').send(`${lines.join('\n')}\n`);
  });

  app.get<{ Params: Params; Querystring: Query }>('/lists/:scheme', {
    config: { page: true, access: 'published' },
    schema: { params: schemeParams, querystring: query },
  }, async (req, reply) => {
    const reg = await registerFor(req, req.params.scheme, req.query.date);
    return sendPage(reply, 200, renderListsPage({ session: sessionView(req), ...reg }, langOf(req.query)));
  });
}
