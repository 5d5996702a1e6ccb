/**
 * The fill-in template of a round (the owning office; in a joint round, each participant gets its
 * own entities): the round's roster entities with their ids and names filled in, one column per attribute and input of the scheme. The Excel
 * workbook (io/xlsx: validation on every cell, ids locked) by default; CSV on request.
 */
import type { FastifyInstance } from 'fastify';
import type { ScoringPlan } from '../../engine/index.js';
import { templateBuffer, textCell } from '../../io/index.js';
import { MEDIA_TYPES, participantEntities, rosterEntities, schemePlan } from '../../store/index.js';
import { requireRoundUploader } from '../auth/policy.js';
import { roundFor } from './access.js';
import { idParams, type IdParams } from './schemas.js';

/** Header `id,name,<attributes>,<inputs>`, then one row per entity with its id and name. */
export function csvTemplate(plan: ScoringPlan, entities: Map<string, string> | null): string {
  const header = ['id', 'name', ...plan.sources.map((s) => s.id)];
  const blanks = plan.sources.map(() => '');
  const rows = [...(entities ?? new Map<string, string>())].map(([id, name]) => [textCell(id), textCell(name), ...blanks].join(','));
  return `\uFEFF${[header.map(textCell).join(','), ...rows].join('\r\n')}\r\n`;
}

export async function templateRoutes(app: FastifyInstance): Promise<void> {
  const db = app.store;
  app.get<{ Params: IdParams; Querystring: { format?: 'csv' | 'xlsx' } }>('/api/rounds/:id/template', { config: { access: ['office'] as const },
    schema: {
      tags: ['submissions'], summary: '下载填报模板 / download the fill-in template', params: idParams,
      querystring: { type: 'object', properties: { format: { type: 'string', enum: ['csv', 'xlsx'] } }, additionalProperties: false },
    },
  }, async (req, reply) => {
    const { round } = roundFor(req, req.params.id);
    const p = requireRoundUploader(req, round);
    const compiled = schemePlan(db, round.schemeId, round.schemeVersion);
    // A joint round's participant fills in its own entities only.
    const entities = participantEntities(db, round, p.officeId!) ?? rosterEntities(db, round.rosterId, compiled.plan.scheme.subject);
    const format = req.query.format ?? 'xlsx';
    const name = `kaohe-template-round-${round.id}.${format}`;
    reply.header('content-disposition', `attachment; filename="${name}"`);
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(csvTemplate(compiled.plan, entities));
    const roster = entities ? [...entities].map(([id, entityName]) => ({ id, name: entityName })) : undefined;
    return reply.type(MEDIA_TYPES.xlsx).send(await templateBuffer(compiled, { roster }));
  });
}
