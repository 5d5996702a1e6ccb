/**
 * The records register of a scheme family (store/records-register.ts): offices upload records
 * once (a CSV, multipart field `file`; every problem at once with its line and column, nothing
 * stored when there is any) and correct one record with a reason (a new version; the old stay);
 * offices, leadership, auditors and administrators read it, as it stands or as of a date, and
 * every version of a record.
 */
import type { FastifyInstance } from 'fastify';
import { correctRegisterRecord, currentRegisterRecords, registerPlan, registerRecordHistory, uploadRegisterRecords, type RegisterCorrection, type UploadedFile } from '../../store/index.js';
import { actor, requireRole } from '../auth/policy.js';
import type { Limits } from '../server.js';
import { date, reason } from './schemas.js';
import { auditRefusedUpload, readUpload } from './upload.js';

const WRITERS = ['office'] as const;
const READERS = ['office', 'leadership', 'auditor', 'admin'] as const;

const schemeParams = {
  type: 'object', required: ['scheme'],
  properties: { scheme: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' } },
} as const;
const recordParams = {
  type: 'object', required: ['scheme', 'key'],
  properties: { ...schemeParams.properties, key: { type: 'integer', minimum: 1 } },
} as const;

const cell = { type: 'string', maxLength: 1000 } as const;
const correctionBody = {
  type: 'object', additionalProperties: false, required: ['reason'],
  properties: {
    reason: { ...reason, minLength: 1 },
    entity: { type: 'string', minLength: 1, maxLength: 64 },
    date: { type: 'string', maxLength: 32 },
    type: { type: 'string', minLength: 1, maxLength: 64 },
    fields: { type: 'object', maxProperties: 200, additionalProperties: cell },
    withdrawn: { type: 'boolean' },
  },
} as const;

interface SchemeParams { scheme: string }
interface RecordParams extends SchemeParams { key: number }

export async function registerRoutes(app: FastifyInstance, { limits }: { limits: Limits }): Promise<void> {
  const db = app.store;

  app.post<{ Params: SchemeParams }>('/api/registers/:scheme/uploads', {
    config: { access: WRITERS, rateLimit: { max: limits.uploadPerMinute, timeWindow: 60_000 } },
    schema: { tags: ['registers'], params: schemeParams, consumes: ['multipart/form-data'], summary: '向记录库上传记录（CSV，字段 file；全部通过才保存）/ upload records into the register (CSV in field file; all or nothing)' },
  }, async (req, reply) => {
    requireRole(req, WRITERS);
    let file: UploadedFile | null = null;
    try {
      registerPlan(db, req.params.scheme);
      file = (await readUpload(req, limits.maxUploadBytes)).file;
      return await reply.code(201).send(await uploadRegisterRecords(db, actor(req), req.params.scheme, file));
    } catch (e) {
      auditRefusedUpload(req, `register:${req.params.scheme}`, file, e);
      throw e;
    }
  });

  app.get<{ Params: SchemeParams; Querystring: { asOf?: string } }>('/api/registers/:scheme/records', {
    config: { access: READERS },
    schema: { tags: ['registers'], params: schemeParams, querystring: { type: 'object', additionalProperties: false, properties: { asOf: date } }, summary: '记录库现有记录（可按基准日）/ the register\'s records as they stand (optionally dated up to asOf)' },
  }, async (req) => {
    requireRole(req, READERS);
    registerPlan(db, req.params.scheme);
    return { scheme: req.params.scheme, asOf: req.query.asOf ?? null, records: currentRegisterRecords(db, req.params.scheme, req.query.asOf) };
  });

  app.get<{ Params: RecordParams }>('/api/registers/:scheme/records/:key', {
    config: { access: READERS },
    schema: { tags: ['registers'], params: recordParams, summary: '一条记录的全部版本 / every version of one record' },
  }, async (req) => {
    requireRole(req, READERS);
    return { versions: registerRecordHistory(db, req.params.scheme, req.params.key) };
  });

  app.post<{ Params: RecordParams; Body: RegisterCorrection }>('/api/registers/:scheme/records/:key/corrections', {
    config: { access: WRITERS },
    schema: { tags: ['registers'], params: recordParams, body: correctionBody, summary: '更正一条记录（需理由；旧版本保留）/ correct one record (with a reason; old versions kept)' },
  }, async (req, reply) => {
    requireRole(req, WRITERS);
    return reply.code(201).send({ record: correctRegisterRecord(db, actor(req), req.params.scheme, req.params.key, req.body) });
  });
}
