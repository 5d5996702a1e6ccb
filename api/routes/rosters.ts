/** Rosters: create (admin, office) from JSON or a CSV of ids and names; list and read (signed-in roles). */
import { extname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { readRosterText } from '../../io/index.js';
import { createRoster, getRoster, listRosters, StoreError, utf8, type RosterInput } from '../../store/index.js';
import { actor, requireRole } from '../auth/policy.js';
import { ApiError } from '../errors.js';
import type { Limits } from '../server.js';
import { idParams, date, type IdParams } from './schemas.js';
import { readUpload } from './upload.js';

const str = (max: number) => ({ type: 'string', maxLength: max }) as const;

/** The office that sends an entity's data in a joint round. */
const office = { anyOf: [str(64), { type: 'null' }] } as const;

const rosterBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'regions'],
  properties: {
    name: str(200),
    regions: {
      type: 'array', maxItems: 100_000,
      items: { type: 'object', additionalProperties: false, required: ['code', 'name'], properties: { code: str(6), name: str(200), office: office } },
    },
    officials: {
      type: 'array', maxItems: 100_000,
      items: {
        type: 'object', additionalProperties: false, required: ['id', 'name', 'posts'],
        properties: {
          id: str(64), name: str(200), office,
          posts: {
            type: 'array', maxItems: 100,
            items: {
              type: 'object', additionalProperties: false, required: ['post', 'regionCode', 'start'],
              properties: { post: str(200), regionCode: str(6), start: str(10), end: { anyOf: [date, { type: 'null' }] } },
            },
          },
        },
      },
    },
    enterprises: {
      type: 'array', maxItems: 1_000_000,
      items: {
        type: 'object', additionalProperties: false, required: ['uscc', 'name'],
        properties: { uscc: str(18), name: str(200), regionCode: { anyOf: [str(6), { type: 'null' }] }, office },
      },
    },
  },
} as const;

export async function rosterRoutes(app: FastifyInstance, { limits }: { limits: Limits }): Promise<void> {
  const db = app.store;
  const readers = ['admin', 'office', 'leadership', 'auditor'] as const;

  app.get('/api/rosters', { config: { access: readers }, schema: { tags: ['rosters'], summary: '名单列表 / rosters' } }, async (req) => {
    requireRole(req, readers);
    return { rosters: listRosters(db) };
  });

  app.get<{ Params: IdParams }>('/api/rosters/:id', { config: { access: readers }, schema: { tags: ['rosters'], summary: '一份名单 / one roster', params: idParams } }, async (req) => {
    requireRole(req, readers);
    return getRoster(db, req.params.id);
  });

  app.post<{ Body: RosterInput }>('/api/rosters', { config: { access: ['admin', 'office'] as const },
    schema: { tags: ['rosters'], summary: '新建名单（JSON：地区、干部、企业）/ create a roster (JSON: regions, officials, enterprises)', body: rosterBody },
    bodyLimit: 64 * 1024 * 1024,
  }, async (req, reply) => {
    requireRole(req, ['admin', 'office']);
    return reply.code(201).send(createRoster(db, actor(req), req.body));
  });

  app.post('/api/rosters/upload', {
    schema: {
      tags: ['rosters'], consumes: ['multipart/form-data'],
      summary: '从 CSV（id,name）新建名单：字段 file、name、kind=regions|enterprises / a roster from a CSV (id,name): fields file, name, kind=regions|enterprises',
    },
    config: { access: ['admin', 'office'] as const, rateLimit: { max: limits.uploadPerMinute, timeWindow: 60_000 } },
  }, async (req, reply) => {
    requireRole(req, ['admin', 'office']);
    const { file, fields } = await readUpload(req, limits.maxUploadBytes);
    const kind = fields.kind ?? 'regions';
    if (kind !== 'regions' && kind !== 'enterprises') throw new ApiError(400, 'bad_request', 'kind 应为 regions 或 enterprises', 'kind must be regions or enterprises');
    if (extname(file.fileName).toLowerCase() !== '.csv') throw new ApiError(415, 'unsupported_media_type', '名单请以 CSV（UTF-8，表头 id,name）上传', 'upload the roster as CSV (UTF-8, header id,name)');
    const entries = readRosterText(utf8(file), file.fileName);
    const input: RosterInput = kind === 'regions'
      ? { name: fields.name ?? file.fileName, regions: entries.map((e) => ({ code: e.id, name: e.name, office: e.attributes?.office || null })) }
      : { name: fields.name ?? file.fileName, regions: [], enterprises: entries.map((e) => ({ uscc: e.id, name: e.name, office: e.attributes?.office || null })) };
    try {
      return reply.code(201).send(createRoster(db, actor(req), input));
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      // regions[3].code → the file's entry 4 and its id.
      throw new StoreError(e.code, e.problems.map((p) => {
        const m = /^(?:regions|enterprises)\[(\d+)\]\.(\w+)$/.exec(p.where);
        return m ? { ...p, where: `${file.fileName} #${Number(m[1]) + 1}（${entries[Number(m[1])].id}） ${m[2] === 'code' || m[2] === 'uscc' ? 'id' : m[2]}` } : p;
      }));
    }
  });
}
