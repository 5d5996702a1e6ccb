/**
 * Comparison across rounds: GET /api/compare (JSON, or ?format=xlsx the workbook) and the page
 * GET /compare. `scheme` (required) is the family: every round of that scheme id, oldest period
 * first — a region's path over the years; `version` keeps one scheme version (several offices'
 * rounds of it side by side); `rounds` (ids) and `entities` (ids, at most 50) narrow it. Each round
 * is read from the run the reader would see on its ranking: its latest publication, or for a
 * reader with full access its latest finished run (that read audited). Rounds the reader may not
 * see are left out (asked for by id: refused).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { comparisonWorkbook } from '../../io/index.js';
import { compareRuns, getRound, listRounds, MEDIA_TYPES, roundRun, type Round, type Run } from '../../store/index.js';
import { auditRead, mayReadRound, roundAccess } from '../auth/policy.js';
import { ApiError, unauthorized } from '../errors.js';
import { langOf, PAGE_ROUTES, renderComparePage } from '../pages/index.js';
import { sendPage } from '../plugins/errors.js';
import { sessionView } from '../views/headers.js';

const MAX_ENTITIES = 50;

interface CompareQuery {
  scheme: string;
  version?: string;
  entities?: string;
  rounds?: string;
  format?: 'json' | 'xlsx';
  lang?: string;
}

const query = {
  type: 'object', additionalProperties: false, required: ['scheme'],
  properties: {
    scheme: { type: 'string', minLength: 1, maxLength: 100 }, version: { type: 'string', maxLength: 100 },
    entities: { type: 'string', maxLength: 20_000 }, rounds: { type: 'string', maxLength: 2000 },
    format: { type: 'string', enum: ['json', 'xlsx'] }, lang: { type: 'string', maxLength: 10 },
  },
} as const;

const list = (text: string | undefined): string[] | null => (text === undefined ? null : text.split(/[\s,，、]+/).filter((x) => x !== ''));

async function comparison(req: FastifyRequest, q: CompareQuery) {
  if (!req.principal && !req.server.settings.publicResults) throw unauthorized();
  const db = req.server.store;
  const entities = list(q.entities);
  if (entities && entities.length > MAX_ENTITIES) {
    throw new ApiError(400, 'bad_request', `一次最多比较 ${MAX_ENTITIES} 个对象，实际 ${entities.length} 个`, `compare ${MAX_ENTITIES} entities at most, got ${entities.length}`, [{ where: 'entities', zh: `最多 ${MAX_ENTITIES} 个`, en: `${MAX_ENTITIES} at most` }]);
  }
  const roundIds = list(q.rounds);
  const badRound = roundIds?.find((id) => !/^[0-9]{1,12}$/.test(id));
  if (badRound !== undefined) throw new ApiError(400, 'bad_request', `rounds 应为轮次编号，实际有「${badRound}」`, `rounds are round ids, got "${badRound}"`, [{ where: 'rounds', zh: `「${badRound}」不是轮次编号`, en: `"${badRound}" is not a round id` }]);
  // Rounds asked for by id: each must exist and be readable (404 / 403), and of the scheme.
  const asked = roundIds?.map((id) => getRound(db, Number(id)));
  for (const r of asked ?? []) {
    roundAccess(req, r);
    if (r.schemeId !== q.scheme) throw new ApiError(422, 'invalid_content', `轮次 ${r.id} 的方案是「${r.schemeId}」，不是「${q.scheme}」`, `round ${r.id} is of scheme ${r.schemeId}, not ${q.scheme}`, [{ where: 'rounds', zh: `轮次 ${r.id} 属于其他方案`, en: `round ${r.id} is of another scheme` }]);
  }
  const candidates = asked ?? listRounds(db, { schemeId: q.scheme }).filter((r) => mayReadRound(req, r));
  const chosen: { round: Round; run: Run; published: boolean }[] = [];
  for (const round of candidates) {
    if (q.version !== undefined && round.schemeVersion !== q.version) continue;
    const rr = roundRun(db, round.id, roundAccess(req, round) === 'full');
    if (!rr) continue;
    if (!rr.publication) auditRead(req, round, 'compare', { runId: rr.run.id });
    chosen.push({ round, run: rr.run, published: rr.publication !== null });
  }
  if (chosen.length === 0) {
    throw new ApiError(404, 'no_results', `方案「${q.scheme}」${q.version ? ` ${q.version}` : ''}没有您可查看结果的轮次`, `scheme ${q.scheme}${q.version ? ` ${q.version}` : ''} has no round whose results you may see`);
  }
  chosen.sort((a, b) => a.round.periodStart.localeCompare(b.round.periodStart) || a.round.id - b.round.id);
  const c = await compareRuns(db, q.scheme, chosen, entities);
  const missing = c.entities.filter((e) => e.points.every((p) => p === null)).map((e) => e.id);
  if (missing.length > 0) {
    throw new ApiError(422, 'invalid_content', `所比较的轮次中没有这些对象：${missing.join('、')}`, `no round compared has these entities: ${missing.join(', ')}`, missing.map((id) => ({ where: `entities ${id}`, zh: `没有对象「${id}」`, en: `no entity "${id}"` })));
  }
  return c;
}

export async function compareRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: CompareQuery }>('/api/compare', { config: { access: 'published' },
    schema: { tags: ['results'], summary: '跨轮次、跨地区、跨考核办对比（?format=xlsx 为工作簿）/ compare across rounds, regions and offices (?format=xlsx: the workbook)', querystring: query },
  }, async (req, reply) => {
    const c = await comparison(req, req.query);
    if (req.query.format !== 'xlsx') return c;
    reply.header('content-disposition', `attachment; filename="kaohe-compare-${encodeURIComponent(c.schemeId)}.xlsx"`);
    return reply.type(MEDIA_TYPES.xlsx).send(await comparisonWorkbook(c));
  });

  app.get<{ Querystring: CompareQuery }>(PAGE_ROUTES.compare, { config: { page: true, access: 'published' }, schema: { querystring: query } }, async (req, reply) => {
    const c = await comparison(req, req.query);
    const { scheme, version, entities, rounds } = req.query;
    return sendPage(reply, 200, renderComparePage({ session: sessionView(req), comparison: c, query: { scheme, version, entities, rounds } }, langOf(req.query)));
  });
}
