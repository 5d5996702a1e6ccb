/**
 * Errors as the API answers them: `{ error: { code, zh, en, problems? } }`, Chinese first,
 * with the HTTP status that says what kind of failure it is. Store and input errors
 * (KaoheError with their problems) and Fastify's own errors are mapped here, in one place.
 */
import { KaoheError, type Problem } from '../indicators/index.js';
import { StoreError, UnsupportedUpload } from '../store/index.js';
import { fmtBytes } from './pages/text.js';

export interface ErrorBody {
  error: { code: string; zh: string; en: string; problems?: Problem[] };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly zh: string;
  readonly problems?: Problem[];
  constructor(status: number, code: string, zh: string, en: string, problems?: Problem[]) {
    super(en);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.zh = zh;
    this.problems = problems;
  }
}

export const unauthorized = (zh = '需要登录：请提供有效的访问令牌（Authorization: Bearer …）', en = 'authentication required: give a valid bearer token (Authorization: Bearer …)'): ApiError =>
  new ApiError(401, 'unauthorized', zh, en);

export const forbidden = (zh: string, en: string): ApiError => new ApiError(403, 'forbidden', zh, en);

export const notFoundError = (zh: string, en: string): ApiError => new ApiError(404, 'not_found', zh, en);

/** A request or file over its size limit, saying the limit (and, for a file, naming it). */
export const tooLarge = (limitBytes: number, what: { zh: string; en: string } = { zh: '上传的文件', en: 'the uploaded file' }, where?: string): ApiError => {
  const size = fmtBytes(limitBytes);
  const zh = `${what.zh}过大：上限为 ${size}，请拆分后分别上传`;
  const en = `${what.en} is too large: the limit is ${size}, split it and upload the parts`;
  return new ApiError(413, 'too_large', zh, en, where === undefined ? undefined : [{ where, zh, en }]);
};

/** Most bytes of problems in one answer (each reader lists at most 100 of a kind; this bounds what they add up to). */
export const MAX_PROBLEM_BYTES = 256 * 1024;

/** The problems that fit in MAX_PROBLEM_BYTES of JSON, and one saying how many more there were. */
export function boundedProblems(problems: Problem[]): Problem[] {
  let bytes = 0;
  for (let k = 0; k < problems.length; k++) {
    bytes += Buffer.byteLength(JSON.stringify(problems[k]));
    if (bytes > MAX_PROBLEM_BYTES) {
      const more = problems.length - k;
      return [...problems.slice(0, k), { where: 'problems', zh: `另有 ${more} 处问题未列出（答复长度已达上限）`, en: `${more} more problem(s) not listed (the answer is as long as it may be)` }];
    }
  }
  return problems;
}

const fromProblems = (status: number, code: string, problems: Problem[], zh: string, en: string): { status: number; body: ErrorBody } =>
  ({ status, body: { error: { code, zh, en, problems: boundedProblems(problems) } } });

/** Fastify's and its plugins' errors, by code. */
const FASTIFY: Record<string, [number, string, string, string]> = {
  FST_REQ_FILE_TOO_LARGE: [413, 'too_large', '上传的文件过大', 'the uploaded file is too large'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'too_large', '请求内容过大', 'the request body is too large'],
  FST_PARTS_LIMIT: [413, 'too_large', '表单部分过多', 'too many form parts'],
  FST_FILES_LIMIT: [413, 'too_large', '一次只能上传一个文件', 'upload one file at a time'],
  FST_FIELDS_LIMIT: [413, 'too_large', '表单字段过多', 'too many form fields'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'unsupported_media_type', '请以 multipart/form-data 上传文件', 'upload the file as multipart/form-data'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', '不支持的请求内容类型', 'unsupported request content type'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'bad_request', '请求体为空，应为 JSON', 'the body is empty: JSON expected'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'bad_request', '请求体不是有效的 JSON', 'the body is not valid JSON'],
};

interface ValidationItem {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

export function errorResponse(e: unknown): { status: number; body: ErrorBody } {
  if (e instanceof ApiError) return { status: e.status, body: { error: { code: e.code, zh: e.zh, en: e.message, ...(e.problems ? { problems: boundedProblems(e.problems) } : {}) } } };
  if (e instanceof UnsupportedUpload) {
    return fromProblems(415, 'unsupported_media_type', e.problems, e.problems[0]?.zh ?? '不支持的文件类型', e.problems[0]?.en ?? 'unsupported file type');
  }
  if (e instanceof StoreError) {
    const status = e.code === 'not_found' ? 404 : e.code === 'conflict' ? 409 : 422;
    const first = e.problems[0];
    return fromProblems(status, e.code, e.problems, first?.zh ?? '请求被拒绝', first?.en ?? 'request refused');
  }
  if (e instanceof KaoheError) {
    return fromProblems(422, 'invalid_content', e.problems, `内容有误，共 ${e.problems.length} 处问题，逐条见 problems`, `the content has ${e.problems.length} problem(s), each listed in problems`);
  }
  const err = e as Error & { code?: string; statusCode?: number; validation?: ValidationItem[]; validationContext?: string };
  if (err.validation) {
    const problems = err.validation.map((v) => {
      const where = `${err.validationContext ?? 'request'}${v.instancePath ?? ''}${v.params?.missingProperty ? `/${String(v.params.missingProperty)}` : ''}`;
      return { where, zh: `请求参数不符合要求：${v.message ?? ''}`, en: `invalid request: ${v.message ?? ''}` };
    });
    return fromProblems(400, 'bad_request', problems, '请求参数不符合要求', 'the request does not match what this route takes');
  }
  const known = err.code ? FASTIFY[err.code] : undefined;
  if (known) return { status: known[0], body: { error: { code: known[1], zh: known[2], en: known[3] } } };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: err.statusCode, body: { error: { code: 'bad_request', zh: `请求有误：${err.message}`, en: err.message } } };
  }
  return { status: 500, body: { error: { code: 'internal', zh: '服务器内部错误（已记录）', en: 'internal server error (logged)' } } };
}
