/** The pages' own words, Chinese and English, and how a Label or a number is shown in a language. */
import { formatRounded } from '../../engine/index.js';
import type { Label } from '../../indicators/index.js';
import type { Lang, RoundStatus } from './view-models.js';

export function t(label: Label, lang: Lang): string {
  return label[lang];
}

export function colon(lang: Lang): string {
  return lang === 'zh' ? '：' : ': ';
}

/** A score rounded half-to-even to the scheme's decimals; a dash when missing. */
export function fmtScore(x: number | null, decimals: number): string {
  return x === null || !Number.isFinite(x) ? '—' : formatRounded(x, decimals);
}

export function fmtRank(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '—' : String(x);
}

/** An ISO 8601 time as `2025-03-01 09:30` (as the server gave it, to the minute). */
export function fmtTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}${iso.endsWith('Z') ? ' UTC' : ''}` : iso;
}

export const STATUS: Record<RoundStatus, Label> = {
  draft: { zh: '草稿', en: 'Draft' },
  collecting: { zh: '收集中', en: 'Collecting' },
  scored: { zh: '已评分', en: 'Scored' },
  published: { zh: '已发布', en: 'Published' },
  archived: { zh: '已归档', en: 'Archived' },
};

export const TXT = {
  appName: { zh: '考核', en: 'kaohe' },
  appTagline: { zh: '生态绩效考核评价', en: 'Ecological performance assessment' },
  switchTo: { zh: 'English', en: '中文' },
  switchToTitle: { zh: 'Switch to English', en: '切换到中文' },
  rounds: { zh: '考核轮次', en: 'Assessment rounds' },
  noRounds: { zh: '暂无考核轮次。', en: 'No rounds yet.' },
  round: { zh: '轮次', en: 'Round' },
  scheme: { zh: '方案', en: 'Scheme' },
  period: { zh: '考核期', en: 'Period' },
  status: { zh: '状态', en: 'Status' },
  entities: { zh: '参评对象', en: 'Entities' },
  lastRun: { zh: '最近评分', en: 'Last scored' },
  notPublished: { zh: '未发布结果：仅限授权人员查看', en: 'Unpublished results: for authorised readers only' },
  synthetic: { zh: '演示数据：本轮数据为合成数据，不代表真实情况。', en: 'Demo data: this round uses synthetic data, not real figures.' },
  ranking: { zh: '排名', en: 'Ranking' },
  rank: { zh: '排名', en: 'Rank' },
  name: { zh: '名称', en: 'Name' },
  code: { zh: '代码', en: 'Code' },
  score: { zh: '得分', en: 'Score' },
  grade: { zh: '等级', en: 'Grade' },
  rankChange: { zh: '名次变化', en: 'Rank change' },
  rankChangeSince: { zh: '较{p}', en: 'since {p}' },
  flags: { zh: '否决 / 名单', en: 'Vetoes / lists' },
  veto: { zh: '否决', en: 'Veto' },
  list: { zh: '名单', en: 'List' },
  peerGroup: { zh: '同类分组', en: 'Peer group' },
  all: { zh: '全部', en: 'All' },
  filter: { zh: '筛选', en: 'Filter' },
  groupRank: { zh: '组内排名', en: 'Rank in group' },
  noRows: { zh: '没有符合条件的对象。', en: 'No entities match.' },
  unranked: { zh: '未排名', en: 'not ranked' },
  up: { zh: '上升', en: 'up' },
  down: { zh: '下降', en: 'down' },
  same: { zh: '持平', en: 'unchanged' },
  newEntry: { zh: '新参评', en: 'new' },
  run: { zh: '评分运行', en: 'Run' },
  publishedAt: { zh: '发布于', en: 'Published' },
  publicationReason: { zh: '发布说明', en: 'Publication note' },
  chainHead: { zh: '发布时的审计日志链头（条数:哈希，可用 GET /api/audit/verify?head= 核对）', en: 'Audit chain head at publication (count:hash; check it with GET /api/audit/verify?head=)' },
  scorecard: { zh: '评分卡', en: 'Scorecard' },
  backToRanking: { zh: '返回排名', en: 'Back to the ranking' },
  backToRounds: { zh: '全部轮次', en: 'All rounds' },
  base: { zh: '基础得分', en: 'Base score' },
  deductions: { zh: '扣分', en: 'Deductions' },
  bonuses: { zh: '加分', en: 'Bonuses' },
  rankOf: { zh: '第 {r} 名 / 共 {n}', en: 'rank {r} of {n}' },
  noGrade: { zh: '无等级', en: 'no grade' },
  dimensions: { zh: '各维度得分与中位数', en: 'Dimension scores against the median' },
  thisEntity: { zh: '本对象得分', en: 'This entity' },
  median: { zh: '全体中位数', en: 'Median of all' },
  medianNote: { zh: '蓝色为本对象得分，灰色为本轮全部参评对象的中位数。', en: 'Blue: this entity; grey: the median of all entities in this round.' },
  dimension: { zh: '维度', en: 'Dimension' },
  trend: { zh: '历年趋势', en: 'Trend over rounds' },
  noTrend: { zh: '暂无往期结果。', en: 'No earlier rounds.' },
  strongest: { zh: '优势指标', en: 'Strongest indicators' },
  weakest: { zh: '薄弱指标', en: 'Weakest indicators' },
  indicator: { zh: '指标', en: 'Indicator' },
  rules: { zh: '扣分、加分、否决与名单', en: 'Deductions, bonuses, vetoes and lists' },
  noRules: { zh: '未触发任何扣分、加分、否决或名单规则。', en: 'No deduction, bonus, veto or list rule applies.' },
  kind: { zh: '类型', en: 'Kind' },
  rule: { zh: '规则', en: 'Rule' },
  points: { zh: '分值', en: 'Points' },
  reason: { zh: '原因', en: 'Reason' },
  deduction: { zh: '扣分', en: 'Deduction' },
  bonus: { zh: '加分', en: 'Bonus' },
  changes: { zh: '变动及原因', en: 'What moved and why' },
  changesSince: { zh: '与{s}相比', en: 'Compared with {s}' },
  noChanges: { zh: '无变动。', en: 'Nothing moved.' },
  what: { zh: '项目', en: 'What' },
  from: { zh: '原值', en: 'From' },
  to: { zh: '现值', en: 'To' },
  because: { zh: '原因', en: 'Because' },
  login: { zh: '登录', en: 'Log in' },
  logout: { zh: '退出', en: 'Log out' },
  token: { zh: '访问令牌', en: 'Access token' },
  tokenHelp: { zh: '请输入管理员发给您的访问令牌。', en: 'Enter the access token you were given.' },
  demoHint: { zh: '演示账户的令牌在服务启动时打印在终端中。', en: 'The demo accounts’ tokens are printed in the terminal when the service starts.' },
  error: { zh: '出错了', en: 'Something went wrong' },
  home: { zh: '返回首页', en: 'Back to the start page' },
  roles: { zh: '角色', en: 'Role' },
} as const satisfies Record<string, Label>;

/** The round work page (the owning office): steps, forms, reports, notices. */
export const WORK = {
  title: { zh: '办理', en: 'Work on the round' },
  link: { zh: '办理本轮', en: 'Work on this round' },
  linkShort: { zh: '办理', en: 'Work on it' },
  nextStep: { zh: '下一步', en: 'Next step' },
  viewRanking: { zh: '查看排名', en: 'See the ranking' },
  // what to do next, by state
  nextDraft: { zh: '本轮是草稿：先「开始收集数据」，再下载填报模板发给各单位。', en: 'This round is a draft: open it for data, then download the fill-in template and send it out.' },
  nextCollectEmpty: { zh: '下载填报模板，填好后在下方上传（可一个城市一个文件，也可一个文件包含全部）。', en: 'Download the fill-in template, fill it in and upload it below (one file per city, or one for all).' },
  nextCollectMissing: { zh: '还有 {n} 个参评对象没有数据：继续上传，或在数据齐全后评分。', en: '{n} entities still have no data: upload more, or score once the data are complete.' },
  nextCollectReady: { zh: '数据已齐全：可以评分。', en: 'The data are complete: score the round.' },
  nextScoring: { zh: '正在评分，本页会自动刷新。', en: 'Scoring: this page refreshes by itself.' },
  nextReview: { zh: '评分完成：查看排名并核对，无误后发布。', en: 'Scored: review the ranking, then publish it.' },
  nextRescore: { zh: '数据在上次评分后有更正：请重新评分。', en: 'The data were corrected after the last scoring: score again.' },
  nextFailed: { zh: '上次评分失败（原因见下）：修正数据后重新评分。', en: 'The last scoring failed (see why below): fix the data and score again.' },
  nextPublished: { zh: '结果已发布。如有更正（如申诉成立），上传更正文件并填写理由，重新评分后再次发布。', en: 'The results are published. For a correction (an upheld appeal, say), upload the corrected file with its reason, score again and republish.' },
  nextArchived: { zh: '本轮已归档，不再接受数据。', en: 'This round is archived and takes no more data.' },
  // notices after a redirect
  noticeOpened: { zh: '已开始收集数据。', en: 'The round is open for data.' },
  noticeUploaded: { zh: '文件已接收，校验报告见下方「已提交的文件」。', en: 'The file was accepted: its report is under “Files received” below.' },
  noticeScoring: { zh: '已开始评分。', en: 'Scoring has started.' },
  noticePublished: { zh: '结果已发布。', en: 'The results are published.' },
  noticeCreated: { zh: '考核轮次已创建（草稿）。', en: 'The round was created (a draft).' },
  // open
  openHeading: { zh: '开始收集数据', en: 'Open for data' },
  openHelp: { zh: '开始后即可上传填报数据。', en: 'Once open, filled files can be uploaded.' },
  openButton: { zh: '开始收集数据', en: 'Open for data' },
  // template
  templateHeading: { zh: '填报模板', en: 'Fill-in template' },
  templateHelp: { zh: '模板已列出本轮全部参评对象；Excel 模板的每个单元格都带有填写校验。', en: 'The template lists every entity of the round; the Excel template checks every cell as it is filled in.' },
  templateXlsx: { zh: '下载 Excel 模板（.xlsx）', en: 'Download the Excel template (.xlsx)' },
  templateCsv: { zh: '下载 CSV 模板', en: 'Download the CSV template' },
  // upload
  uploadHeading: { zh: '上传填报数据', en: 'Upload filled data' },
  uploadHelp: { zh: '接受 .xlsx 或 UTF-8 编码的 .csv，最大 {size}。文件有任何问题都会逐条列出，且不会保存任何内容。', en: 'Takes .xlsx or UTF-8 .csv, up to {size}. Every problem in a file is listed, and nothing of it is kept.' },
  file: { zh: '文件', en: 'File' },
  part: { zh: '内容', en: 'Contents' },
  partData: { zh: '指标数据（每个对象一行）', en: 'Indicator data (a row per entity)' },
  partRecords: { zh: '记录（本轮全部带日期的记录，CSV）', en: 'Records (all the round’s dated records, CSV)' },
  correctionReason: { zh: '更正理由（必填）', en: 'Reason for the correction (required)' },
  correctionHelp: { zh: '本轮已评分，此时上传的是数据更正：请说明理由（如申诉结论），旧数据会保留。', en: 'The round has been scored, so a file now is a correction: say why (such as the appeal decision); the old data are kept.' },
  uploadButton: { zh: '上传并校验', en: 'Upload and check' },
  uploadClosed: { zh: '本轮当前不接受上传。', en: 'The round takes no files now.' },
  // problems
  uploadFailed: { zh: '文件未被接收，未保存任何内容。请按下表逐条修改后重新上传。', en: 'The file was not accepted and nothing was kept. Fix each problem below and upload it again.' },
  actionFailed: { zh: '操作未完成。', en: 'That did not go through.' },
  problems: { zh: '问题', en: 'Problems' },
  where: { zh: '位置', en: 'Where' },
  problemZh: { zh: '问题（中文）', en: 'Problem (Chinese)' },
  problemEn: { zh: '问题（英文）', en: 'Problem (English)' },
  tooLarge: { zh: '文件超过上限 {size}：请拆分后分别上传（例如每个城市一个文件）。', en: 'The file is over the limit of {size}: split it and upload the parts (one file per city, say).' },
  // submissions
  submissionsHeading: { zh: '已提交的文件', en: 'Files received' },
  noSubmissions: { zh: '尚未收到任何文件。', en: 'No files yet.' },
  uploadedAt: { zh: '时间', en: 'When' },
  fileName: { zh: '文件名', en: 'File' },
  kind: { zh: '类型', en: 'Kind' },
  kindSubmission: { zh: '填报', en: 'Submission' },
  kindCorrection: { zh: '更正', en: 'Correction' },
  rows: { zh: '行数', en: 'Rows' },
  blankRows: { zh: '空行（已跳过）', en: 'Blank rows (skipped)' },
  roundEntities: { zh: '本轮已有数据', en: 'Entities with data' },
  missing: { zh: '仍缺数据的对象', en: 'Entities still missing' },
  noneMissing: { zh: '无', en: 'none' },
  andMore: { zh: '等，共 {n} 个', en: '… {n} in all' },
  // runs
  scoreHeading: { zh: '评分', en: 'Scoring' },
  scoreButton: { zh: '评分', en: 'Score' },
  rescoreButton: { zh: '重新评分', en: 'Score again' },
  scoreNeedsData: { zh: '上传数据后才能评分。', en: 'Upload data before scoring.' },
  noRuns: { zh: '尚未评分。', en: 'Not scored yet.' },
  runId: { zh: '运行', en: 'Run' },
  runStatus: { zh: '状态', en: 'Status' },
  requestedAt: { zh: '开始', en: 'Started' },
  finishedAt: { zh: '完成', en: 'Finished' },
  scoredEntities: { zh: '对象数', en: 'Entities' },
  progress: { zh: '进度', en: 'Progress' },
  runPublished: { zh: '已发布', en: 'published' },
  runOldData: { zh: '旧数据', en: 'older data' },
  refresh: { zh: '刷新', en: 'Refresh' },
  // publish
  publishHeading: { zh: '发布', en: 'Publish' },
  publishHelp: { zh: '发布运行 #{run} 的结果：发布后结果不可更改，公众（如允许）和领导都能看到。', en: 'Publish the results of run #{run}: published results never change, and leadership (and the public, where allowed) see them.' },
  republishReason: { zh: '重新发布理由（必填）', en: 'Reason for republishing (required)' },
  publishReason: { zh: '发布说明（可选）', en: 'Publication note (optional)' },
  publishButton: { zh: '发布', en: 'Publish' },
  nothingToPublish: { zh: '没有可发布的新结果：请先评分（已发布的运行无需再次发布）。', en: 'Nothing new to publish: score first (a published run needs no second publication).' },
} as const satisfies Record<string, Label>;

/** The new-round form (an office): fields, choices, refusals. */
export const NEW_ROUND = {
  link: { zh: '新建考核轮次', en: 'New round' },
  title: { zh: '新建考核轮次', en: 'New assessment round' },
  help: { zh: '新轮次属于本考核办，创建后为草稿：在办理页面开始收集数据、下载填报模板。', en: 'The new round belongs to your office and starts as a draft: open it for data and download the template on its work page.' },
  nameZh: { zh: '名称（中文，必填）', en: 'Name in Chinese (required)' },
  nameEn: { zh: '名称（英文，可选；不填则用中文名称）', en: 'Name in English (optional; the Chinese name if left empty)' },
  scheme: { zh: '指标方案及版本', en: 'Scheme and version' },
  roster: { zh: '参评名单', en: 'Roster' },
  periodStart: { zh: '考核期开始', en: 'Period starts' },
  periodEnd: { zh: '考核期结束', en: 'Period ends' },
  choose: { zh: '— 请选择 —', en: '— choose —' },
  regions: { zh: '{n} 个地区', en: '{n} regions' },
  officials: { zh: '{n} 名干部', en: '{n} officials' },
  enterprises: { zh: '{n} 家企业', en: '{n} enterprises' },
  empty: { zh: '空名单', en: 'empty' },
  noSchemes: { zh: '还没有任何指标方案：请管理员先上传方案（POST /api/schemes）。', en: 'There are no schemes yet: an administrator uploads one first (POST /api/schemes).' },
  noRosters: { zh: '还没有任何参评名单：请先建立名单（POST /api/rosters）。', en: 'There are no rosters yet: create one first (POST /api/rosters).' },
  button: { zh: '创建轮次', en: 'Create the round' },
  failed: { zh: '轮次未创建。请按下列提示修改后重新提交。', en: 'The round was not created. Fix what is listed and submit again.' },
  // the form's own checks (the store's are its own words): {f} is one of NEW_ROUND_FIELD
  required: { zh: '请填写{f}', en: 'fill in {f}' },
  chooseOne: { zh: '请选择{f}', en: 'choose a {f}' },
  notListed: { zh: '所选{f}「{v}」不在可选列表中：请从列表中选择', en: 'the {f} "{v}" is not one of the choices: choose one from the list' },
  tooLong: { zh: '{f}最多 {n} 字，实际 {m} 字', en: '{f}: {n} characters at most, got {m}' },
} as const satisfies Record<string, Label>;

/** The new-round form's fields as its messages name them. */
export const NEW_ROUND_FIELD = {
  nameZh: { zh: '中文名称', en: 'the Chinese name' },
  nameEn: { zh: '英文名称', en: 'the English name' },
  scheme: { zh: '指标方案版本', en: 'scheme version' },
  roster: { zh: '参评名单', en: 'roster' },
  periodStart: { zh: '考核期开始日期', en: 'the start of the period' },
  periodEnd: { zh: '考核期结束日期', en: 'the end of the period' },
} as const satisfies Record<string, Label>;

export const RUN_STATUS: Record<string, Label> = {
  queued: { zh: '排队中', en: 'queued' },
  running: { zh: '评分中', en: 'scoring' },
  done: { zh: '已完成', en: 'done' },
  failed: { zh: '失败', en: 'failed' },
};

/** A size in bytes as people read it: `64 MB`, `512 KB`. */
export function fmtBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} B`;
}

export const ROLE: Record<string, Label> = {
  admin: { zh: '管理员', en: 'Administrator' },
  office: { zh: '考核办', en: 'Evaluation office' },
  leadership: { zh: '领导', en: 'Leadership' },
  auditor: { zh: '审计', en: 'Auditor' },
  public: { zh: '公众', en: 'Public' },
  enterprise: { zh: '企业', en: 'Enterprise' },
};

/** `{name}` placeholders filled with plain text (the result is escaped when interpolated). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
