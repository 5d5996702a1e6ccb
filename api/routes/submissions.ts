/**
 * Submissions: the owning office uploads a filled template (CSV or xlsx; a records CSV with
 * part=records) as multipart/form-data. Every problem comes back at once with its cell or line
 * (422) and nothing is stored; an accepted file is kept whole with its hash, and the round gets
 * a new input snapshot. After scoring, a file is a correction and needs a reason.
 */
import type { FastifyInstance } from 'fastify';
import { getRound, getSubmission, listSubmissions, submissionFile, submitFile, type UploadedFile, type UploadPart } from '../../store/index.js';
import { actor, auditRead, requireRoundUploader, requireUnpublishedAccess } from '../auth/policy.js';
import { ApiError } from '../errors.js';
import type { Limits } from '../server.js';
import { roundFor } from './access.js';
import { idParams, type IdParams } from './schemas.js';
import { auditRefusedUpload, readUpload } from './upload.js';

export async function submissionRoutes(app: FastifyInstance, { limits }: { limits: Limits }): Promise<void> {
  const db = app.store;

  app.post<{ Params: IdParams }>('/api/rounds/:id/submissions', {
    schema: {
      tags: ['submissions'], params: idParams, consumes: ['multipart/form-data'],
      summary: '上传填报文件（字段 file；可选 reason 更正理由、part=data|records）/ upload a filled file (field file; optional reason, part=data|records)',
    },
    config: { access: ['office'] as const, rateLimit: { max: limits.uploadPerMinute, timeWindow: 60_000 } },
  }, async (req, reply) => {
    const { round } = roundFor(req, req.params.id);
    const p = requireRoundUploader(req, round);
    let file: UploadedFile | null = null;
    try {
      const read = await readUpload(req, limits.maxUploadBytes);
      file = read.file;
      const part = (read.fields.part ?? 'data') as UploadPart;
      if (part !== 'data' && part !== 'records') throw new ApiError(400, 'bad_request', 'part 应为 data 或 records', 'part must be data or records');
      const result = await submitFile(db, actor(req), round.id, file, { part, reason: read.fields.reason, caps: limits.uploadCaps, office: p.officeId });
      return await reply.code(201).send(result);
    } catch (e) {
      auditRefusedUpload(req, round.id, file, e);
      throw e;
    }
  });

  app.get<{ Params: IdParams }>('/api/rounds/:id/submissions', { config: { access: ['office', 'leadership', 'auditor'] as const },
    schema: { tags: ['submissions'], summary: '本轮的提交与校验报告 / the round\'s submissions and their reports', params: idParams },
  }, async (req) => {
    const { round } = roundFor(req, req.params.id);
    requireUnpublishedAccess(req, round, { zh: '填报数据', en: 'submissions are' });
    auditRead(req, round, 'submissions');
    return { submissions: listSubmissions(db, round.id) };
  });

  app.get<{ Params: IdParams }>('/api/submissions/:id', { config: { access: ['office', 'leadership', 'auditor'] as const },
    schema: { tags: ['submissions'], summary: '一次提交及其校验报告 / one submission and its report', params: idParams },
  }, async (req) => {
    const s = getSubmission(db, req.params.id);
    const round = getRound(db, s.roundId);
    requireUnpublishedAccess(req, round, { zh: '填报数据', en: 'submissions are' });
    auditRead(req, round, 'submission', { submissionId: s.id });
    return s;
  });

  app.get<{ Params: IdParams }>('/api/submissions/:id/file', { config: { access: ['office', 'leadership', 'auditor'] as const },
    schema: { tags: ['submissions'], summary: '原始上传文件 / the file as uploaded', params: idParams },
  }, async (req, reply) => {
    const s = getSubmission(db, req.params.id);
    const round = getRound(db, s.roundId);
    requireUnpublishedAccess(req, round, { zh: '填报数据', en: 'submissions are' });
    auditRead(req, round, 'submission file', { submissionId: s.id });
    const f = submissionFile(db, s.id);
    return reply.type(f.mediaType).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`).send(f.bytes);
  });
}
