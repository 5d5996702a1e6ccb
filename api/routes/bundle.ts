/**
 * What an auditor carries away. GET /api/runs/:id/bundle: the run's audit bundle, a zip
 * (store/bundle.ts; `kaohe verify BUNDLE.zip` checks it offline) for auditors and
 * administrators, and for the office whose round it is; each download is an entry of the
 * round's audit log. GET /api/snapshots/:hash: a snapshot's data (or, with ?part=records, its
 * dated records) as CSV, or with ?format=xlsx both as one workbook, to whoever may read a round it belongs to: the input of a published run
 * to the round's published readers, any other only with full access to the round (audited).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { snapshotDataCsv, snapshotRecordsCsv, snapshotWorkbookBuffer, zipBuffer } from '../../io/index.js';
import { getRound, getRun, listPublications, loadSnapshot, MEDIA_TYPES, runBundle, schemePlan, snapshotRounds, type Round } from '../../store/index.js';
import { actor, auditRead, mayReadRound, requireRole, requireRoundOwner, requireUnpublishedAccess, roundAccess } from '../auth/policy.js';
import { forbidden, notFoundError } from '../errors.js';
import { idParams, type IdParams } from './schemas.js';

const ZIP = 'application/zip';

/** A round this snapshot belongs to that the reader may read it in, and whether that read is of unpublished data. */
function snapshotRound(req: FastifyRequest, hash: string): { round: Round; unpublished: boolean } {
  const db = req.server.store;
  const all = snapshotRounds(db, hash).map((id) => getRound(db, id));
  if (all.length === 0) throw notFoundError(`找不到输入快照 ${hash.slice(0, 12)}`, `snapshot ${hash.slice(0, 12)} not found`);
  // A partner reads only the rounds it is bound to.
  const rounds = all.filter((r) => mayReadRound(req, r));
  if (rounds.length === 0) throw forbidden(`输入快照 ${hash.slice(0, 12)} 不在本合作方账户的查看范围内`, `snapshot ${hash.slice(0, 12)} is not one this partner account may read`);
  const published = rounds.find((r) => listPublications(db, r.id).some((p) => getRun(db, p.runId).snapshotHash === hash));
  if (published) return { round: published, unpublished: false };
  // A partner may be let read results before publication, never unpublished input data.
  if (req.principal?.role === 'partner') throw forbidden(`输入快照 ${hash.slice(0, 12)} 尚未发布：合作方只能查看已发布运行的输入数据`, `snapshot ${hash.slice(0, 12)} is not published: a partner reads the input of published runs only`);
  const round = rounds.find((r) => roundAccess(req, r) === 'full') ?? rounds[0];
  requireUnpublishedAccess(req, round, { zh: `输入快照 ${hash.slice(0, 12)} 的数据`, en: `the data of snapshot ${hash.slice(0, 12)} are` });
  return { round, unpublished: true };
}

export async function bundleRoutes(app: FastifyInstance): Promise<void> {
  const db = app.store;

  app.get<{ Params: IdParams }>('/api/runs/:id/bundle', { config: { access: ['auditor', 'admin', 'office'] as const },
    schema: { tags: ['audit'], summary: '下载运行的审计包（zip，可用 kaohe verify 离线核验）/ the run\'s audit bundle (a zip; check it offline with kaohe verify)', params: idParams },
  }, async (req, reply) => {
    const run = getRun(db, req.params.id);
    const round = getRound(db, run.roundId);
    if (req.principal?.role === 'office') requireRoundOwner(req, round);
    else requireRole(req, ['auditor', 'admin']);
    const files = await runBundle(db, actor(req), run.id);
    reply.header('content-disposition', `attachment; filename="kaohe-round-${round.id}-run-${run.id}-bundle.zip"`);
    return reply.type(ZIP).send(zipBuffer(files));
  });

  app.get<{ Params: { hash: string }; Querystring: { part?: 'data' | 'records'; format?: 'csv' | 'xlsx' } }>('/api/snapshots/:hash', { config: { access: 'published' },
    schema: {
      tags: ['audit'], summary: '下载输入快照（CSV；?part=records 为其记录；?format=xlsx 为含数据与记录的工作簿）/ a snapshot\'s data as CSV (?part=records: its records; ?format=xlsx: a workbook with both)',
      params: { type: 'object', properties: { hash: { type: 'string', pattern: '^[0-9a-f]{64}$' } }, required: ['hash'] },
      querystring: { type: 'object', properties: { part: { type: 'string', enum: ['data', 'records'] }, format: { type: 'string', enum: ['csv', 'xlsx'] } }, additionalProperties: false },
    },
  }, async (req, reply) => {
    const { hash } = req.params;
    const { round, unpublished } = snapshotRound(req, hash);
    const { plan } = schemePlan(db, round.schemeId, round.schemeVersion);
    const frame = loadSnapshot(db, hash);
    const part = req.query.part ?? 'data';
    if (part === 'records' && !frame.records) throw notFoundError(`输入快照 ${hash.slice(0, 12)} 没有记录`, `snapshot ${hash.slice(0, 12)} has no records`);
    const format = req.query.format ?? 'csv';
    if (unpublished) auditRead(req, round, 'snapshot', { snapshotHash: hash, part, format });
    if (format === 'xlsx') {
      reply.header('content-disposition', `attachment; filename="kaohe-snapshot-${hash.slice(0, 12)}.xlsx"`);
      return reply.type(MEDIA_TYPES.xlsx).send(await snapshotWorkbookBuffer(frame, plan));
    }
    reply.header('content-disposition', `attachment; filename="kaohe-snapshot-${hash.slice(0, 12)}${part === 'records' ? '-records' : ''}.csv"`);
    return reply.type(MEDIA_TYPES.csv).send(part === 'records' ? snapshotRecordsCsv(frame, frame.records!, plan) : snapshotDataCsv(frame, plan));
  });
}
