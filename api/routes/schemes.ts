/** Scheme versions: upload (admin) as YAML or a framework workbook, list and read (signed-in roles). */
import type { FastifyInstance } from 'fastify';
import { readSchemeWorkbookBuffer, schemeToYaml } from '../../io/index.js';
import { addSchemeVersion, getSchemeVersion, listSchemeVersions, schemePlan, schemeSource, uploadFormat, utf8 } from '../../store/index.js';
import { actor, requireRole } from '../auth/policy.js';
import { ApiError } from '../errors.js';
import type { Limits } from '../server.js';
import { readUpload } from './upload.js';

const READERS = ['admin', 'office', 'leadership', 'auditor'] as const;

export async function schemeRoutes(app: FastifyInstance, { limits }: { limits: Limits }): Promise<void> {
  const db = app.store;

  app.get('/api/schemes', { config: { access: READERS }, schema: { tags: ['schemes'], summary: '方案版本列表 / scheme versions' } }, async (req) => {
    requireRole(req, READERS);
    return { schemes: listSchemeVersions(db) };
  });

  app.get<{ Params: { id: string; version: string } }>('/api/schemes/:id/:version', { config: { access: READERS },
    schema: {
      tags: ['schemes'], summary: '一个方案版本：源文本与编译后的计划 / one scheme version: its source and compiled plan',
      params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 }, version: { type: 'string', maxLength: 100 } }, required: ['id', 'version'] },
    },
  }, async (req) => {
    requireRole(req, READERS);
    const { id, version } = req.params;
    return { scheme: getSchemeVersion(db, id, version), source: schemeSource(db, id, version), plan: schemePlan(db, id, version).plan };
  });

  app.post('/api/schemes', {
    schema: { tags: ['schemes'], summary: '上传方案：YAML 或指标体系工作簿（multipart，字段 file）/ upload a scheme: YAML or a framework workbook (multipart, field file)', consumes: ['multipart/form-data'] },
    config: { access: ['admin'] as const, rateLimit: { max: limits.uploadPerMinute, timeWindow: 60_000 } },
  }, async (req, reply) => {
    requireRole(req, ['admin']);
    const { file } = await readUpload(req, limits.maxSchemeBytes);
    let text: string;
    if (/\.ya?ml$/i.test(file.fileName)) text = utf8(file);
    else if (/\.xlsx$/i.test(file.fileName) && uploadFormat(file) === 'xlsx') text = schemeToYaml(await readSchemeWorkbookBuffer(file.bytes, file.fileName), { source: file.fileName });
    else throw new ApiError(415, 'unsupported_media_type', `方案应为 .yaml/.yml 文件或指标体系工作簿 .xlsx，实际为「${file.fileName}」`, `a scheme is a .yaml/.yml file or a framework workbook .xlsx, got "${file.fileName}"`);
    const { scheme, created } = addSchemeVersion(db, actor(req), text);
    return reply.code(created ? 201 : 200).send({ scheme, created });
  });
}
