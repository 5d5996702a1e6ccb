/**
 * Appeals (申诉): the entity's office files one against a published result; the round's lead
 * rejects it with a reason, or upholds it with the correction file (multipart, as a correction
 * is uploaded) and then republishes a rescored run for it. Every step is audit-logged
 * (store/appeals.ts); the scorecard shows an open appeal.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  appealReason, checkDecidable, entityOffice, fileAppeal, getAppeal, getRound, listAppeals, rejectAppeal, republishForAppeal, submitFile, upholdAppeal,
  type Appeal, type AppealAttachment, type UploadedFile,
} from '../../store/index.js';
import { actor, requireRole, requireRoundOwner, roundAccess } from '../auth/policy.js';
import { forbidden } from '../errors.js';
import type { Limits } from '../server.js';
import { roundFor } from './access.js';
import { idParams, reason, type IdParams } from './schemas.js';
import { auditRefusedUpload, readUpload } from './upload.js';

const READERS = ['office', 'leadership', 'auditor'] as const;

/** An appeal is read by its office, the round's lead, leadership and auditors. */
function readableAppeal(req: FastifyRequest, appeal: Appeal): void {
  const p = requireRole(req, READERS);
  if (p.role !== 'office') return;
  const round = getRound(req.server.store, appeal.roundId);
  if (p.officeId !== appeal.officeId && p.officeId !== round.officeId) throw forbidden(`申诉 #${appeal.id} 不是本单位的`, `appeal #${appeal.id} is not your office's`);
}

export async function appealRoutes(app: FastifyInstance, { limits }: { limits: Limits }): Promise<void> {
  const db = app.store;

  app.post<{ Body: { roundId: number; entityId: string; grounds: string; attachments?: AppealAttachment[] } }>('/api/appeals', { config: { access: ['office'] as const },
    schema: {
      tags: ['appeals'], summary: '对象所属单位对已发布结果提出申诉（理由、附件名称与 SHA-256）/ the entity\'s office appeals against a published result (grounds, attachments\' names and SHA-256)',
      body: {
        type: 'object', additionalProperties: false, required: ['roundId', 'entityId', 'grounds'],
        properties: {
          roundId: { type: 'integer', minimum: 1 }, entityId: { type: 'string', maxLength: 200 }, grounds: { type: 'string', maxLength: 5000 },
          attachments: {
            type: 'array', maxItems: 20,
            items: { type: 'object', additionalProperties: false, required: ['name', 'sha256'], properties: { name: { type: 'string', maxLength: 200 }, sha256: { type: 'string', maxLength: 64 } } },
          },
        },
      },
    },
  }, async (req, reply) => {
    const p = requireRole(req, ['office']);
    const { round } = roundFor(req, req.body.roundId);
    roundAccess(req, round);
    // Another office's entity: 403 (an entity not in the published run: the store's 422).
    const owner = entityOffice(db, round, req.body.entityId);
    if (owner !== null && owner !== p.officeId) throw forbidden(`对象「${req.body.entityId}」不由本单位负责：申诉由其所属单位（${owner}）提出`, `entity ${req.body.entityId} is not your office's: its own office (${owner}) files an appeal`);
    return reply.code(201).send(fileAppeal(db, actor(req), p.officeId!, req.body));
  });

  app.get<{ Querystring: { roundId?: number } }>('/api/appeals', { config: { access: READERS },
    schema: { tags: ['appeals'], summary: '申诉列表（考核办：本单位提出的和本单位牵头轮次的）/ appeals (an office: its own and those of its rounds)', querystring: { type: 'object', additionalProperties: false, properties: { roundId: { type: 'integer', minimum: 1 } } } },
  }, async (req) => {
    const p = requireRole(req, READERS);
    const all = listAppeals(db, { roundId: req.query.roundId });
    return { appeals: p.role === 'office' ? all.filter((a) => a.officeId === p.officeId || getRound(db, a.roundId).officeId === p.officeId) : all };
  });

  app.get<{ Params: IdParams }>('/api/appeals/:id', { config: { access: READERS }, schema: { tags: ['appeals'], summary: '一件申诉及其办理经过 / an appeal and its steps', params: idParams } }, async (req) => {
    requireRole(req, READERS);
    const appeal = getAppeal(db, req.params.id);
    readableAppeal(req, appeal);
    return appeal;
  });

  app.post<{ Params: IdParams; Body: { reason: string } }>('/api/appeals/:id/reject', { config: { access: ['office'] as const },
    schema: { tags: ['appeals'], summary: '牵头单位驳回申诉（须说明理由）/ the lead rejects an appeal (with its reason)', params: idParams, body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason } } },
  }, async (req) => {
    requireRole(req, ['office']);
    const appeal = getAppeal(db, req.params.id);
    requireRoundOwner(req, getRound(db, appeal.roundId));
    return rejectAppeal(db, actor(req), appeal.id, req.body.reason);
  });

  app.post<{ Params: IdParams }>('/api/appeals/:id/uphold', {
    schema: { tags: ['appeals'], params: idParams, consumes: ['multipart/form-data'], summary: '牵头单位支持申诉：字段 reason 与更正文件 file（以申诉为更正理由）/ the lead upholds an appeal: fields reason and the correction file (the appeal its reason)' },
    config: { access: ['office'] as const, rateLimit: { max: limits.uploadPerMinute, timeWindow: 60_000 } },
  }, async (req, reply) => {
    requireRole(req, ['office']);
    const appeal = getAppeal(db, req.params.id);
    const round = getRound(db, appeal.roundId);
    const p = requireRoundOwner(req, round);
    let file: UploadedFile | null = null;
    try {
      const read = await readUpload(req, limits.maxUploadBytes);
      file = read.file;
      const decision = read.fields.reason ?? '';
      checkDecidable(db, appeal.id, decision);
      const corrected = await submitFile(db, actor(req), round.id, file, { reason: appealReason(appeal, decision), caps: limits.uploadCaps, office: p.officeId, appealed: appeal.entityId });
      return await reply.code(201).send({ appeal: upholdAppeal(db, actor(req), appeal.id, decision, corrected.submission.id), submission: corrected.submission, snapshotHash: corrected.snapshotHash });
    } catch (e) {
      auditRefusedUpload(req, round.id, file, e);
      throw e;
    }
  });

  app.post<{ Params: IdParams; Body: { runId: number } }>('/api/appeals/:id/republication', { config: { access: ['office'] as const },
    schema: { tags: ['appeals'], summary: '以成立的申诉为理由重新发布更正后重新评分的运行 / republish the rescored run of an upheld appeal, the appeal its reason', params: idParams, body: { type: 'object', additionalProperties: false, required: ['runId'], properties: { runId: { type: 'integer', minimum: 1 } } } },
  }, async (req, reply) => {
    requireRole(req, ['office']);
    const appeal = getAppeal(db, req.params.id);
    requireRoundOwner(req, getRound(db, appeal.roundId));
    return reply.code(201).send(republishForAppeal(db, actor(req), appeal.id, req.body.runId));
  });
}
