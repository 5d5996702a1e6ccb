/**
 * What every API route answers, for the OpenAPI document (/docs): its success status, what the
 * body is, and the errors any route may give. Documentation only — the routes' own serialisation
 * is untouched. test/api/openapi.test.ts fails for a documented route missing here.
 */

type Body =
  | { json: string[] } // the top-level fields of the JSON body
  | { media: 'text/csv' | 'application/zip' | 'text/event-stream' | 'xlsx-csv-json' | 'xlsx-csv' | 'xlsx' | 'file' }
  | 'none';

interface Success {
  status: 200 | 201 | 202 | 204 | 303;
  zh: string;
  en: string;
  body: Body;
}

const ok = (zh: string, en: string, json: string[]): Success => ({ status: 200, zh, en, body: { json } });
const created = (zh: string, en: string, json: string[]): Success => ({ status: 201, zh, en, body: { json } });

const ROUND = ['id', 'name', 'status', 'schemeId', 'schemeVersion', 'rosterId', 'officeId', 'periodStart', 'periodEnd', 'synthetic', 'publication'];
const RUN = ['id', 'roundId', 'status', 'planHash', 'snapshotHash', 'resultsHash', 'asOf', 'published', 'progress'];
const RANKING = ['round', 'run', 'total', 'rows'];
const ENTITY = ['round', 'run', 'entity', 'explanation', 'trend', 'changes'];

export const API_RESPONSES: Record<string, Success> = {
  'POST /login': { status: 303, zh: '已登录：转到 next 所指页面（JSON 请求则返回账户与会话到期时间）', en: 'logged in: a redirect to `next` (a JSON request gets the account and the session expiry)', body: { json: ['account', 'expiresAt'] } },
  'POST /logout': { status: 303, zh: '已退出：转到轮次列表', en: 'logged out: a redirect to the rounds list', body: 'none' },
  'GET /api/me': ok('当前账户', 'the account behind the token', ['id', 'name', 'role', 'officeId']),
  'GET /api/offices': ok('考核办列表', 'the offices', ['offices']),
  'POST /api/offices': created('已新建考核办', 'the office created', ['id', 'name']),
  'GET /api/accounts': ok('账户列表', 'the accounts', ['accounts']),
  'POST /api/accounts': created('已新建账户', 'the account created', ['id', 'name', 'role', 'officeId', 'disabled', 'createdAt']),
  'PATCH /api/accounts/:id': ok('账户（停用或启用后）', 'the account, disabled or enabled', ['id', 'name', 'role', 'officeId', 'disabled', 'createdAt']),
  'POST /api/accounts/:id/tokens': created('新令牌（明文只此一次）', 'the new token (its secret shown this once)', ['id', 'token', 'expiresAt']),
  'POST /api/accounts/:id/password': created('生成的密码（只此一次；给出密码时为 204 无内容）', 'the generated password, shown this once (204 with no body when one was given)', ['password']),
  'DELETE /api/tokens/:id': { status: 204, zh: '已吊销', en: 'revoked', body: 'none' },
  'GET /api/audit': ok('审计日志条目', 'audit log entries', ['entries']),
  'GET /api/audit/head': ok('审计链头', 'the audit chain head', ['count', 'hash']),
  'GET /api/audit/verify': ok('审计链核验结果（首个断链处）', 'the audit chain check (the first broken link)', ['ok', 'entries']),
  'GET /api/runs/:id/bundle': { status: 200, zh: '审计包（zip：数据、计划、结果、审计条目）', en: 'the audit bundle (zip: data, plan, results, audit entries)', body: { media: 'application/zip' } },
  'GET /api/snapshots/:hash': { status: 200, zh: '快照的数据（或记录）CSV；format=xlsx 时为工作簿', en: "the snapshot's data (or records) as CSV, or a workbook with format=xlsx", body: { media: 'xlsx-csv' } },
  'GET /api/officials': ok('干部及其任职', 'officials and their posts', ['officials']),
  'POST /api/audits': created('任期审计报告', 'the tenure audit report', ['id', 'reportHash', 'createdAt']),
  'GET /api/audits/:id/workpaper': { status: 200, zh: '审计工作底稿（Excel 工作簿）', en: 'the audit workpaper (an Excel workbook)', body: { media: 'xlsx' } },
  'GET /api/audits/:id': ok('一次任期审计', 'one tenure audit', ['id', 'reportHash', 'createdAt']),
  'GET /api/diff': ok('两次运行之间每个实体的变化', 'per entity, what moved between two runs and which inputs changed', ['from', 'to', 'planChanged', 'snapshotChanged', 'changed', 'unchanged']),
  'GET /api/schemes': ok('方案版本列表', 'scheme versions', ['schemes']),
  'GET /api/schemes/:id/:version': ok('方案版本、YAML 原文与计分计划', 'the scheme version, its YAML source and its plan', ['scheme', 'source', 'plan']),
  'POST /api/schemes': created('已存入的方案版本（已存在的相同版本为 200）', 'the scheme version stored (200 for an identical existing one)', ['scheme', 'created']),
  'GET /api/rosters': ok('名单列表', 'rosters', ['rosters']),
  'GET /api/rosters/:id': ok('一份名单', 'one roster', ['id', 'name', 'regions', 'officials', 'enterprises', 'createdAt']),
  'POST /api/rosters/:id/map': created('已保存名单地图边界', 'the roster map stored', ['id', 'rosterId', 'approvalNo', 'features', 'unmapped', 'pointsRead', 'pointsKept', 'uploadedAt']),
  'GET /api/rosters/:id/map': ok('名单地图边界（GeoJSON）', "the roster map's boundaries (GeoJSON)", ['type', 'features', 'approvalNo', 'uploadedAt']),
  'POST /api/rosters': created('已新建名单', 'the roster created', ['id', 'name', 'regions', 'officials', 'enterprises', 'createdAt']),
  'POST /api/rosters/upload': created('已从 CSV 新建名单', 'the roster created from the CSV', ['id', 'name', 'regions', 'officials', 'enterprises', 'createdAt']),
  'GET /api/rounds': ok('可见的考核轮次', 'the rounds you may see', ['rounds']),
  'POST /api/rounds': created('已新建轮次', 'the round created', ROUND),
  'GET /api/rounds/:id': ok('一个轮次', 'one round', ROUND),
  'POST /api/rounds/:id/status': ok('轮次（状态改变后）', 'the round, its status changed', ROUND),
  'GET /api/rounds/:id/snapshots': ok('本轮的数据快照历史', "the round's snapshot history", ['current', 'snapshots']),
  'GET /api/rounds/:id/template': { status: 200, zh: '填报模板（.xlsx，或 format=csv）', en: 'the fill-in template (.xlsx, or format=csv)', body: { media: 'xlsx-csv' } },
  'POST /api/rounds/:id/submissions': created('已接收的填报（含校验报告）及其数据快照', 'the submission taken, with its validation report, and the snapshot it made', ['submission', 'snapshotHash', 'newSnapshot']),
  'GET /api/rounds/:id/submissions': ok('本轮的填报', "the round's submissions", ['submissions']),
  'GET /api/submissions/:id': ok('一次填报', 'one submission', ['id', 'roundId', 'kind', 'reason', 'fileName', 'mediaType', 'size', 'sha256', 'entities', 'report', 'uploadedAt']),
  'GET /api/submissions/:id/file': { status: 200, zh: '上传的原文件', en: 'the file as uploaded', body: { media: 'file' } },
  'POST /api/rounds/:id/runs': { status: 202, zh: '已开始评分（Location 指向运行状态）', en: 'scoring started (Location names the run)', body: { json: RUN } },
  'GET /api/rounds/:id/runs': ok('本轮的评分运行', "the round's runs", ['runs']),
  'GET /api/runs/:id': ok('运行状态与进度', 'a run, its status and progress', RUN),
  'GET /api/runs/:id/events': { status: 200, zh: '运行进度事件流（SSE）', en: "the run's progress as server-sent events", body: { media: 'text/event-stream' } },
  'POST /api/runs/:id/rerun': ok('重算结果与所存结果哈希的比较', 'the rerun compared with the stored results hash', ['runId', 'storedResultsHash', 'resultsHash', 'identical', 'findings']),
  'GET /api/rounds/:id/ranking': ok('排名（已发布或可见的运行）', 'the ranking (the published, or a visible, run)', RANKING),
  'GET /api/runs/:id/ranking': ok('一次运行的排名', "a run's ranking", RANKING),
  'GET /api/rounds/:id/entities/:entityId': ok('一个实体的评分卡与逐节点说明', "an entity's scorecard, node by node", ENTITY),
  'GET /api/runs/:id/entities/:entityId': ok('一次运行中一个实体的评分卡', "an entity's scorecard in a run", ENTITY),
  'GET /api/entities/:entityId/history': ok('实体历轮得分与名次', "an entity's scores and ranks over the rounds", ['entityId', 'schemeId', 'points']),
  'GET /api/runs/:id/export': { status: 200, zh: '结果文件（format=csv、json 或 xlsx），附来源信息', en: 'the results file (format=csv, json or xlsx) with its provenance', body: { media: 'xlsx-csv-json' } },
  'POST /api/rounds/:id/publications': created('已发布', 'published', ['id', 'roundId', 'runId', 'reason', 'publishedAt', 'chainHead']),
  'GET /api/rounds/:id/publications': ok('本轮的发布记录', "the round's publications", ['publications']),
};

const ERRORS: [number, string, string][] = [
  [400, '请求格式不对（参数或请求体不符合模式）', 'the request is malformed (parameters or body not as the schema says)'],
  [401, '未登录：需要令牌', 'not signed in: a token is needed'],
  [403, '无权访问（角色或单位不符）', 'not allowed (role or office)'],
  [404, '不存在或不可见', 'not found, or not visible to you'],
  [422, '内容有误：每个问题见 problems（位置、中文、英文）', 'the content is wrong: every problem in `problems` (where, zh, en)'],
  [429, '请求过于频繁', 'too many requests'],
];

const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' },
        problems: { type: 'array', items: { type: 'object', properties: { where: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' } } } },
      },
    },
  },
};

const MEDIA: Record<Extract<Success['body'], { media: string }>['media'], string[]> = {
  'text/csv': ['text/csv'],
  'application/zip': ['application/zip'],
  'text/event-stream': ['text/event-stream'],
  'xlsx-csv-json': ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv', 'application/json'],
  'xlsx-csv': ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  file: ['application/octet-stream'],
};

function successSchema(s: Success): Record<string, unknown> {
  const description = `${s.zh} / ${s.en}`;
  if (s.body === 'none') return { description, type: 'null' };
  if ('json' in s.body) {
    return { description, type: 'object', properties: Object.fromEntries(s.body.json.map((k) => [k, {}])), additionalProperties: true };
  }
  const binary = s.body.media !== 'text/csv' && s.body.media !== 'text/event-stream';
  return { description, content: Object.fromEntries(MEDIA[s.body.media].map((m) => [m, { schema: { type: 'string', ...(binary && m !== 'text/csv' && m !== 'application/json' ? { format: 'binary' } : {}) } }])) };
}

/** The responses of a route for the document: its success, then the errors; undefined for a route not in the table. */
export function documentedResponses(method: string, url: string): Record<string, unknown> | undefined {
  const s = API_RESPONSES[`${method} ${url}`];
  if (!s) return undefined;
  const out: Record<string, unknown> = { [s.status]: successSchema(s) };
  if (`${method} ${url}` === 'POST /api/accounts/:id/password') out[204] = { description: '已设置给出的密码 / the given password is set', type: 'null' };
  for (const [code, zh, en] of ERRORS) out[code] = { description: `${zh} / ${en}`, ...ERROR_SCHEMA };
  return out;
}

const PARAMETERS: Record<string, string> = {
  id: '编号（轮次、运行、账户等，见路径）/ the id (of the round, run, account … the path names)',
  version: '方案版本 / the scheme version',
  entityId: '实体编码（地区代码、统一社会信用代码等）/ the entity id (division code, credit code …)',
  hash: '快照哈希（SHA-256，十六进制）/ the snapshot hash (SHA-256, hex)',
};

/** A route's path parameters schema with a description on each parameter (the shared ones have theirs). */
export function describedParams(params: unknown): unknown {
  if (params === null || typeof params !== 'object' || !('properties' in params)) return params;
  const properties = (params as { properties: Record<string, Record<string, unknown>> }).properties;
  return {
    ...params,
    properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v.description === undefined && PARAMETERS[k] ? { ...v, description: PARAMETERS[k] } : v])),
  };
}
