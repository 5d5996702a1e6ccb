/** Rosters: create (admin, office) from JSON or a CSV of ids and names; list and read (signed-in roles). */
import { extname } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { approvalNumberProblem, BOUNDARY_LIMITS, readBoundaries, readRosterText } from '../../io/index.js';
import { addRosterMap, createRoster, getRoster, listRosters, listSchemeVersions, rosterMap, schemePlan, StoreError, utf8, type RosterInput, type UploadedFile } from '../../store/index.js';
import { actor, requireRole } from '../auth/policy.js';
import { ApiError } from '../errors.js';
import type { Limits } from '../server.js';
import { idParams, date, type IdParams } from './schemas.js';
import { readUpload } from './upload.js';

const str = (max: number) => ({ type: 'string', maxLength: max }) as const;

/** An entity's attribute values (e.g. `{ "province": "江苏" }`), filled into its template row. */
const attributes = { type: 'object', maxProperties: 64, additionalProperties: str(200), description: '属性值，按方案属性编号（如省份）/ attribute values by the scheme\'s attribute ids (e.g. province)' };
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
      items: { type: 'object', additionalProperties: false, required: ['code', 'name'], properties: { code: str(6), name: str(200), attributes, office } },
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
        properties: { uscc: str(18), name: str(200), regionCode: { anyOf: [str(6), { type: 'null' }] }, attributes, office },
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
      summary: '从 CSV（id,name，其余列为属性，如省份）新建名单：字段 file、name、kind=regions|enterprises / a roster from a CSV (id,name, other columns attributes such as province): fields file, name, kind=regions|enterprises',
    },
    config: { access: ['admin', 'office'] as const, rateLimit: { max: limits.uploadPerMinute, timeWindow: 60_000 } },
  }, async (req, reply) => {
    requireRole(req, ['admin', 'office']);
    const { file, fields } = await readUpload(req, limits.maxUploadBytes);
    const kind = fields.kind ?? 'regions';
    if (kind !== 'regions' && kind !== 'enterprises') throw new ApiError(400, 'bad_request', 'kind 应为 regions 或 enterprises', 'kind must be regions or enterprises');
    if (extname(file.fileName).toLowerCase() !== '.csv') throw new ApiError(415, 'unsupported_media_type', '名单请以 CSV（UTF-8，表头 id,name）上传', 'upload the roster as CSV (UTF-8, header id,name)');
    // Extra columns are kept as attribute values when some stored scheme has that attribute
    // (last round's data file serves as a roster: its input columns are not attributes).
    const attributeIds = new Set(listSchemeVersions(db).flatMap((v) => schemePlan(db, v.id, v.version).plan.sources.filter((s) => s.role === 'attribute').map((s) => s.id)));
    const entries = readRosterText(utf8(file), file.fileName).map((e) => {
      const kept = Object.entries(e.attributes ?? {}).filter(([k]) => attributeIds.has(k));
      return kept.length > 0 ? { id: e.id, name: e.name, attributes: Object.fromEntries(kept) as Record<string, string> } : { id: e.id, name: e.name, attributes: undefined };
    });
    const input: RosterInput = kind === 'regions'
      ? { name: fields.name ?? file.fileName, regions: entries.map((e) => ({ code: e.id, name: e.name, attributes: e.attributes, office: e.attributes?.office || null })) }
      : { name: fields.name ?? file.fileName, regions: [], enterprises: entries.map((e) => ({ uscc: e.id, name: e.name, attributes: e.attributes, office: e.attributes?.office || null })) };
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

  // A roster's region boundaries (GeoJSON) for the pages' maps, with the map's approval number (审图号).
  app.post<{ Params: IdParams }>('/api/rosters/:id/map', {
    schema: {
      tags: ['rosters'], consumes: ['multipart/form-data'], params: idParams,
      summary: '上传名单地区边界（GeoJSON）用于地图：字段 file、approvalNo（审图号，必填）、codeProperty（可选，地区编码所在属性）/ upload the boundaries of the roster\'s regions (GeoJSON) for maps: fields file, approvalNo (审图号, required), codeProperty (optional: the property holding the region code)',
    },
    config: { access: ['admin', 'office'] as const, rateLimit: { max: limits.uploadPerMinute, timeWindow: 60_000 } },
  }, async (req, reply) => {
    requireRole(req, ['admin', 'office']);
    getRoster(db, req.params.id);
    const { file, fields } = await readUpload(req, mapUploadBytes(limits));
    return reply.code(201).send(saveRosterMap(req, req.params.id, file, fields));
  });

  app.get<{ Params: IdParams }>('/api/rosters/:id/map', {
    config: { access: readers },
    schema: { tags: ['rosters'], summary: '名单地图的边界（GeoJSON，含审图号）/ the roster map\'s boundaries (GeoJSON, with its approval number)', params: idParams },
  }, async (req) => {
    requireRole(req, readers);
    getRoster(db, req.params.id);
    const map = rosterMap(db, req.params.id);
    if (!map) throw new ApiError(404, 'not_found', `名单 ${req.params.id} 还没有上传地图边界`, `roster ${req.params.id} has no map boundaries yet`);
    return { ...map.boundaries, approvalNo: map.approvalNo, uploadedAt: map.uploadedAt };
  });

}

/** The largest boundaries file taken: the upload limit, or the boundaries' own cap if lower. */
export function mapUploadBytes(limits: Limits): number {
  return Math.min(limits.maxUploadBytes, BOUNDARY_LIMITS.maxBytes);
}

/** Check an uploaded boundaries file and its 审图号 against the roster and keep it (the API and the work page's form). */
export function saveRosterMap(req: FastifyRequest, rosterId: number, file: UploadedFile, fields: Record<string, string>) {
  const db = req.server.store;
  const roster = getRoster(db, rosterId);
  const approval = approvalNumberProblem(fields.approvalNo);
  if (approval) throw new ApiError(422, 'invalid_content', approval.zh, approval.en, [approval]);
  if (roster.regions.length === 0) throw new ApiError(422, 'invalid_content', '该名单没有地区：地图只用于地区名单', 'this roster has no regions: maps are for rosters of regions');
  const codeProperty = fields.codeProperty?.trim() || undefined;
  const report = readBoundaries(file.bytes, new Set(roster.regions.map((r) => r.code)), { codeProperty });
  const map = addRosterMap(db, actor(req), roster.id, report.boundaries, fields.approvalNo.trim(), { fileName: file.fileName, pointsRead: report.pointsRead, pointsKept: report.pointsKept });
  return {
    id: map.id, rosterId: roster.id, approvalNo: map.approvalNo, features: map.features, unmapped: report.unmapped,
    pointsRead: report.pointsRead, pointsKept: report.pointsKept, uploadedAt: map.uploadedAt,
  };
}
