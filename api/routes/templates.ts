/**
 * The fill-in template of a round (the owning office; in a joint round, each participant gets its
 * own entities): the round's roster entities with their ids and names filled in, one column per attribute and input of the scheme. The Excel
 * workbook (io/xlsx: validation on every cell, ids locked) by default, in Traditional characters
 * on request (`script=hant`; the work page's link follows the reader's 繁體 choice); CSV on request.
 */
import type { FastifyInstance } from 'fastify';
import type { CompiledPlan, ScoringPlan } from '../../engine/index.js';
import { templateBuffer, textCell, type RosterEntry } from '../../io/index.js';
import { MEDIA_TYPES, participantEntities, rosterTemplateRows, schemePlan, type Db, type Round } from '../../store/index.js';
import { requireRoundUploader } from '../auth/policy.js';
import { roundFor } from './access.js';
import { idParams, type IdParams } from './schemas.js';

/** Header `id,name,<attributes>,<inputs>`, then one row per entity with its id, name and attribute values. */
export function csvTemplate(plan: ScoringPlan, entities: readonly RosterEntry[] | null): string {
  const header = ['id', 'name', ...plan.sources.map((s) => s.id)];
  const rows = (entities ?? []).map((e) => [textCell(e.id), textCell(e.name), ...plan.sources.map((s) => textCell(s.role === 'attribute' ? e.attributes?.[s.id] ?? '' : ''))].join(','));
  return `\uFEFF${[header.map(textCell).join(','), ...rows].join('\r\n')}\r\n`;
}

/** The round's roster as template rows, with only the attributes the scheme has (a roster may serve several schemes). */
export function templateRoster(db: Db, round: Round, plan: ScoringPlan, officeId: string | null): RosterEntry[] | null {
  const all = rosterTemplateRows(db, round.rosterId, plan.scheme.subject);
  if (!all) return null;
  // A joint round's participant fills in its own entities only.
  const own = officeId === null ? null : participantEntities(db, round, officeId);
  const rows = own ? all.filter((r) => own.has(r.id)) : all;
  const ids = plan.sources.filter((s) => s.role === 'attribute').map((s) => s.id);
  return rows.map((r) => {
    const kept = Object.fromEntries(ids.filter((k) => r.attributes?.[k] !== undefined).map((k) => [k, r.attributes![k]]));
    return Object.keys(kept).length > 0 ? { id: r.id, name: r.name, attributes: kept } : { id: r.id, name: r.name };
  });
}

/** The template of a round, as the API and the work page send it: the roster's rows, the deadline and contact. */
export async function roundTemplate(db: Db, round: Round, compiled: CompiledPlan, format: 'csv' | 'xlsx', officeId: string | null, traditional = false): Promise<{ type: string; body: string | Buffer }> {
  const roster = templateRoster(db, round, compiled.plan, officeId);
  if (format === 'csv') return { type: 'text/csv; charset=utf-8', body: csvTemplate(compiled.plan, roster) };
  return { type: MEDIA_TYPES.xlsx, body: await templateBuffer(compiled, { roster: roster ?? undefined, deadline: round.deadline, contact: round.contact, traditional }) };
}

export async function templateRoutes(app: FastifyInstance): Promise<void> {
  const db = app.store;
  app.get<{ Params: IdParams; Querystring: { format?: 'csv' | 'xlsx'; script?: 'hans' | 'hant' } }>('/api/rounds/:id/template', { config: { access: ['office'] as const },
    schema: {
      tags: ['submissions'], summary: '下载填报模板（script=hant 为繁體）/ download the fill-in template (script=hant: in Traditional characters)', params: idParams,
      querystring: { type: 'object', properties: { format: { type: 'string', enum: ['csv', 'xlsx'] }, script: { type: 'string', enum: ['hans', 'hant'] } }, additionalProperties: false },
    },
  }, async (req, reply) => {
    const { round } = roundFor(req, req.params.id);
    const p = requireRoundUploader(req, round);
    const compiled = schemePlan(db, round.schemeId, round.schemeVersion);
    const format = req.query.format ?? 'xlsx';
    const name = `kaohe-template-round-${round.id}.${format}`;
    const t = await roundTemplate(db, round, compiled, format, p.officeId ?? null, req.query.script === 'hant');
    return reply.header('content-disposition', `attachment; filename="${name}"`).type(t.type).send(t.body);
  });
}
