/**
 * Reading one uploaded file (multipart/form-data, field `file`) and its text fields, with a
 * size limit. A file over the limit is refused (413) before it is kept anywhere.
 */
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import type { UploadedFile } from '../../store/index.js';

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
      // toBuffer throws RequestFileTooLargeError (413) past the limit.
      const bytes = await part.toBuffer();
      file = { fileName: part.filename || 'upload', bytes };
    } else fields[part.fieldname] = String(part.value);
  }
  if (!file) throw new ApiError(400, 'bad_request', '没有收到文件：请放在字段 file 中', 'no file received: put it in the field "file"');
  if (file.bytes.length === 0) throw new ApiError(422, 'invalid_content', '上传的文件是空的', 'the uploaded file is empty');
  return { file, fields };
}
