/**
 * Reading one uploaded file (multipart/form-data, field `file`) and its text fields, with a
 * size limit. A file over the limit is refused (413, saying the limit) before it is kept anywhere.
 * A refused file to a round is an audit entry.
 */
import { extname } from 'node:path';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { sha256Hex } from '../../indicators/index.js';
import { appendAudit, type UploadedFile } from '../../store/index.js';
import { actor } from '../auth/policy.js';
import { ApiError, errorResponse, tooLarge } from '../errors.js';

export async function readUpload(req: FastifyRequest, maxBytes: number): Promise<{ file: UploadedFile; fields: Record<string, string> }> {
  if (!req.isMultipart()) throw new ApiError(415, 'unsupported_media_type', '请以 multipart/form-data 上传，文件放在字段 file 中', 'upload as multipart/form-data with the file in field "file"');
  const fields: Record<string, string> = {};
  let file: UploadedFile | null = null;
  for await (const part of req.parts({ limits: { fileSize: maxBytes } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        await part.toBuffer().catch(() => undefined);
        throw new ApiError(400, 'bad_request', '只接受一个文件，字段名为 file', 'one file only, in the field named "file"');
      }
      file = await readFilePart(part, maxBytes);
    } else fields[part.fieldname] = String(part.value);
  }
  if (!file) throw new ApiError(400, 'bad_request', '没有收到文件：请放在字段 file 中', 'no file received: put it in the field "file"');
  if (file.bytes.length === 0) throw new ApiError(422, 'invalid_content', '上传的文件是空的', 'the uploaded file is empty');
  return { file, fields };
}

/** Longest file name kept: every problem of the file names it. */
const MAX_FILE_NAME = 120;

/** A file part's bytes (413 with the limit past `maxBytes`) and its name, a long one shortened (its extension kept). */
export async function readFilePart(part: MultipartFile, maxBytes: number): Promise<UploadedFile> {
  const name = part.filename || 'upload';
  const ext = extname(name).slice(0, 10);
  const fileName = name.length <= MAX_FILE_NAME ? name : `${name.slice(0, MAX_FILE_NAME - ext.length - 1)}…${ext}`;
  try {
    return { fileName, bytes: await part.toBuffer() };
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes, undefined, fileName);
    throw e;
  }
}

/** Problems named in a refused upload's audit entry (the count says how many there were). */
const AUDITED_PROBLEMS = 3;
const AUDITED_CHARS = 200;

/**
 * A refused upload to a round, in the audit log: who, the file's name, size and hash, the
 * answer's status and code, and its first problems — never the file itself. Refusals of who is
 * asking (401/403) and server faults are not upload refusals.
 */
/** `target` is a round's id, or an audit target such as `register:SCHEME`. */
export function auditRefusedUpload(req: FastifyRequest, target: number | string, file: UploadedFile | null, err: unknown): void {
  const { status, body } = errorResponse(err);
  if (status === 401 || status === 403 || status >= 500) return;
  const clip = (t: string): string => (t.length > AUDITED_CHARS ? `${t.slice(0, AUDITED_CHARS)}…` : t);
  const problems = body.error.problems ?? [];
  appendAudit(req.server.store, actor(req), {
    action: 'submission.refuse',
    target: typeof target === 'number' ? `round:${target}` : target,
    detail: {
      fileName: file?.fileName ?? null,
      size: file?.bytes.length ?? null,
      sha256: file ? sha256Hex(file.bytes) : null,
      status,
      code: body.error.code,
      problemCount: problems.length,
      problems: problems.slice(0, AUDITED_PROBLEMS).map((p) => ({ where: clip(p.where), en: clip(p.en) })),
    },
  });
}
