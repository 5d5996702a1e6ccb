/**
 * What every API route answers, for the OpenAPI document (/docs): its success status, what the
 * body is, and the errors any route may give. Documentation only — the routes' own serialisation
 * is untouched. test/api/openapi.test.ts fails for a documented route missing here.
 */

type Media = 'text/csv' | 'application/zip' | 'text/event-stream' | 'xlsx-csv-json' | 'xlsx-csv' | 'xlsx' | 'file';

type Body =
  | { json: string[]; orMedia?: Media } // the top-level fields of the JSON body; orMedia: the file a format parameter asks for instead
  | { media: Media }
  | 'none';

interface Success {
  status: 200 | 201 | 202 | 204 | 303;
  zh: string;
  en: string;
  body: Body;
  /** Another success the route may give instead (another status with its own body). */
  also?: Success;
}

const ok = (zh: string, en: string, json: string[], orMedia?: Media): Success => ({ status: 200, zh, en, body: orMedia ? { json, orMedia } : { json } });
const created = (zh: string, en: string, json: string[]): Success => ({ status: 201, zh, en, body: { json } });

const ROUND = ['id', 'name', 'status', 'schemeId', 'schemeVersion', 'rosterId', 'officeId', 'periodStart', 'periodEnd', 'synthetic', 'publication'];
const RUN = ['id', 'roundId', 'status', 'planHash', 'snapshotHash', 'resultsHash', 'asOf', 'published', 'progress'];
const RANKING = ['round', 'run', 'total', 'rows'];
const ENTITY = ['round', 'run', 'entity', 'explanation', 'trend', 'changes'];
const PARTICIPANT = ['office', 'lead', 'entities', 'lastSubmissionId', 'lastSubmissionAt', 'submitted', 'confirmedAt'];
const APPEAL = ['id', 'roundId', 'runId', 'entityId', 'officeId', 'grounds', 'attachments', 'filedAt', 'state', 'events'];
const PUBLICATION = ['id', 'roundId', 'runId', 'reason', 'publishedBy', 'publishedAt'];
const REPAIR = ['id', 'scheme', 'entity', 'list', 'grounds', 'attachments', 'appliedBy', 'appliedAt', 'decision'];
const ANALYSIS_JOB = ['runId', 'status', 'replications', 'seed', 'problems'];
const ANALYSIS = ['id', 'runId', 'replications', 'seed', 'specHash', 'specText', 'resultHash', 'createdAt', 'result'];

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
  'POST /api/accounts/:id/password': {
    ...created('生成的密码（只此一次）', 'the generated password, shown this once', ['password']),
    also: { status: 204, zh: '已设置给出的密码', en: 'the given password is set', body: 'none' },
  },
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
  'GET /api/rounds/:id/participants': ok('联合轮次的牵头单位与各参与单位的状态（牵头单位在前）', "a joint round's lead office and each participant's state, the lead first", ['lead', 'participants']),
  'POST /api/rounds/:id/confirmations': created('本单位的参与状态（已确认报齐；已确认的再次确认原样返回）', "your office's participant state, its data confirmed complete (as it was when confirmed already)", PARTICIPANT),
  'GET /api/rounds/:id/own-results': ok('本单位对象在最新完成运行中的结果（含未发布的）', "your office's entities' results in the latest finished run, unpublished too", ['roundId', 'office', 'runId', 'published', 'decimals', 'rows']),
  'POST /api/accounts/:id/scopes': created('已绑定的查看范围（一个轮次或一个方案）', 'the scope bound (a round, or a scheme)', ['id', 'accountId', 'roundId', 'schemeId', 'createdAt']),
  'GET /api/accounts/:id/scopes': ok('合作方账户的查看范围', "the partner account's scopes", ['scopes']),
  'POST /api/rounds/:id/partner-grants': created('已授权合作方在发布前查看本轮结果', 'the partner may read the round\'s results before publication', ['id', 'roundId', 'accountId', 'reason', 'grantedAt']),
  'POST /api/accounts/:id/scopes/:scopeId/revocation': created('已撤销的查看范围', 'the scope revoked', ['accountId', 'scopeId', 'roundId', 'reason', 'revokedAt']),
  'POST /api/rounds/:id/partner-grants/:accountId/revocation': created('已撤销的发布前授权', 'the grant revoked', ['accountId', 'scopeId', 'roundId', 'reason', 'revokedAt']),
  'GET /api/rounds/:id/partner-grants': ok('本轮向合作方的发布前授权', "the round's grants to partners before publication", ['grants']),
  'POST /api/appeals': created('已提出的申诉', 'the appeal filed', APPEAL),
  'GET /api/appeals': ok('可见的申诉', 'the appeals you may see', ['appeals']),
  'GET /api/appeals/:id': ok('一件申诉及其办理经过', 'an appeal and its steps', APPEAL),
  'POST /api/appeals/:id/reject': ok('申诉（驳回后）', 'the appeal, rejected', APPEAL),
  'POST /api/appeals/:id/uphold': created('申诉（成立后）、更正的填报及其数据快照', 'the appeal upheld, the correction submitted and its snapshot', ['appeal', 'submission', 'snapshotHash']),
  'POST /api/appeals/:id/republication': created('以申诉为理由的重新发布', 'the republication, the appeal its reason', PUBLICATION),
  'GET /api/compare': ok('各轮次、各对象的得分、名次与等级（format=xlsx 时为工作簿）', "each round's and each entity's score, rank and grade (a workbook with format=xlsx)", ['schemeId', 'rounds', 'entities'], 'xlsx'),
  'POST /api/registers/:scheme/uploads': created('本次上传的编号及其存入的记录', 'the upload and the records it stored', ['uploadId', 'records']),
  'GET /api/registers/:scheme/records': ok('记录库现有的记录（可按基准日）', "the register's records as they stand (or as of asOf)", ['scheme', 'asOf', 'records']),
  'GET /api/registers/:scheme/records/:key': ok('一条记录的全部版本（最早在前）', 'every version of the record, oldest first', ['versions']),
  'POST /api/registers/:scheme/records/:key/corrections': created('记录的新版本', "the record's new version", ['record']),
  'GET /api/lists/:scheme': ok('某日在各名单上的对象及历次列入移出', 'who is on each list on the date, and every entry and exit', ['scheme', 'date', 'lists', 'history']),
  'GET /api/lists/:scheme/export': { status: 200, zh: '某日各名单（CSV）', en: 'the lists on the date (CSV)', body: { media: 'text/csv' } },
  'POST /api/repairs': created('已提出的信用修复申请', 'the credit repair application made', REPAIR),
  'GET /api/repairs': ok('信用修复申请及决定（企业：本企业的）', "credit repair applications and their decisions (an enterprise: its own)", ['applications']),
  'GET /api/repairs/:id': ok('一项信用修复申请', 'one credit repair application', REPAIR),
  'POST /api/repairs/:id/decision': created('信用修复申请（决定后；核准的修复记入记录库）', 'the application, decided (an approved repair is a register record)', REPAIR),
  'GET /api/ledger/:scheme': ok('结算台账：各轮的转移支付与各期结余', "the settlement ledger: each round's transfers and each term's balance", ['scheme', 'unit', 'transfers', 'balances']),
  'GET /api/ledger/:scheme/export': { status: 200, zh: '结算台账的转移支付（CSV）', en: "the ledger's transfers (CSV)", body: { media: 'text/csv' } },
  'POST /api/runs/:id/uncertainty': {
    status: 202, zh: '已开始不确定性分析（Location 指向其结果）', en: 'the uncertainty analysis started (Location names its result)', body: { json: ANALYSIS_JOB },
    also: { status: 200, zh: '相同参数已分析过：所存的分析', en: 'already analysed with these parameters: the stored analysis', body: { json: ANALYSIS } },
  },
  'GET /api/runs/:id/uncertainty': {
    ...ok('运行最新的不确定性分析（最近一次分析失败时为该任务：status 为 failed，附 problems）', "the run's latest uncertainty analysis (after a failed one: that job, status failed, with its problems)", ANALYSIS),
    also: { status: 202, zh: '分析排队或进行中', en: 'the analysis is queued or running', body: { json: ANALYSIS_JOB } },
  },
};

const ERRORS: [number, string, string][] = [
  [400, '请求格式不对（参数或请求体不符合模式）', 'the request is malformed (parameters or body not as the schema says)'],
  [401, '未登录：需要令牌', 'not signed in: a token is needed'],
  [403, '无权访问（角色或单位不符）', 'not allowed (role or office)'],
  [404, '不存在或不可见', 'not found, or not visible to you'],
  [409, '与当前状态冲突（如轮次状态、已有未办结的申请）', 'conflicts with the present state (the round\'s status, an open application …)'],
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

const MEDIA: Record<Media, string[]> = {
  'text/csv': ['text/csv'],
  'application/zip': ['application/zip'],
  'text/event-stream': ['text/event-stream'],
  'xlsx-csv-json': ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv', 'application/json'],
  'xlsx-csv': ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  file: ['application/octet-stream'],
};

const fileSchema = (media: Media): Record<string, { schema: Record<string, string> }> => {
  const binary = media !== 'text/csv' && media !== 'text/event-stream';
  return Object.fromEntries(MEDIA[media].map((m) => [m, { schema: { type: 'string', ...(binary && m !== 'text/csv' && m !== 'application/json' ? { format: 'binary' } : {}) } }]));
};

function successSchema(s: Success): Record<string, unknown> {
  const description = `${s.zh} / ${s.en}`;
  if (s.body === 'none') return { description, type: 'null' };
  if ('json' in s.body) {
    const object = { type: 'object', properties: Object.fromEntries(s.body.json.map((k) => [k, {}])), additionalProperties: true };
    return s.body.orMedia ? { description, content: { 'application/json': { schema: object }, ...fileSchema(s.body.orMedia) } } : { description, ...object };
  }
  return { description, content: fileSchema(s.body.media) };
}

/** The responses of a route for the document: its success, then the errors; undefined for a route not in the table. */
export function documentedResponses(method: string, url: string): Record<string, unknown> | undefined {
  const s = API_RESPONSES[`${method} ${url}`];
  if (!s) return undefined;
  const out: Record<string, unknown> = { [s.status]: successSchema(s) };
  if (s.also) out[s.also.status] = successSchema(s.also);
  for (const [code, zh, en] of ERRORS) out[code] = { description: `${zh} / ${en}`, ...ERROR_SCHEMA };
  return out;
}

const PARAMETERS: Record<string, string> = {
  id: '编号（轮次、运行、账户等，见路径）/ the id (of the round, run, account … the path names)',
  version: '方案版本 / the scheme version',
  entityId: '实体编码（地区代码、统一社会信用代码等）/ the entity id (division code, credit code …)',
  hash: '快照哈希（SHA-256，十六进制）/ the snapshot hash (SHA-256, hex)',
  scheme: '方案编号（一个方案的各版本）/ the scheme id: every version of a family',
  key: '记录编号（记录库中的编号）/ the record\'s key in the register',
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
