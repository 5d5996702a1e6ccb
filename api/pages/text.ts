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

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/**
 * An ISO 8601 time in 北京时间 (UTC+8, no daylight saving), to the minute: `2025-03-01 17:30
 * 北京时间` / `2025-03-01 17:30 Beijing time`. Every page shows times through this one formatter.
 */
export function fmtTime(iso: string, lang: Lang): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(iso)) return iso;
  const b = new Date(ms + BEIJING_OFFSET_MS).toISOString();
  return `${b.slice(0, 10)} ${b.slice(11, 16)} ${lang === 'zh' ? '北京时间' : 'Beijing time'}`;
}

/** The calendar day in 北京时间 of an ISO time: `2025年3月1日` / `1 March 2025` (a report's date line). */
export function fmtDate(iso: string, lang: Lang): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const b = new Date(ms + BEIJING_OFFSET_MS);
  const [y, m, d] = [b.getUTCFullYear(), b.getUTCMonth() + 1, b.getUTCDate()];
  if (lang === 'zh') return `${y}年${m}月${d}日`;
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${d} ${months[m - 1]} ${y}`;
}

/** A share (0–1) as a percentage with the scheme's decimals: `27.00%`. */
export function fmtShare(x: number, decimals: number): string {
  return Number.isFinite(x) ? `${formatRounded(x * 100, decimals)}%` : '—';
}

/**
 * An input value as entered or derived: whole numbers as they are, others rounded half to even
 * to the scheme's decimals, with more decimals for small values so they keep three significant digits.
 */
export function fmtValue(x: number | null, decimals: number): string {
  if (x === null || !Number.isFinite(x)) return '—';
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  const extra = a >= 1 || a === 0 ? 0 : Math.min(8, Math.max(0, 2 - Math.floor(Math.log10(a)) - decimals));
  return formatRounded(x, decimals + extra);
}

export const STATUS: Record<RoundStatus, Label> = {
  draft: { zh: '草稿', en: 'Draft' },
  collecting: { zh: '收集中', en: 'Collecting' },
  scored: { zh: '已评分', en: 'Scored' },
  published: { zh: '已发布', en: 'Published' },
  archived: { zh: '已归档', en: 'Archived' },
};

export const TXT = {
  conversions: { zh: '单位换算', en: 'Unit conversions' },
  conversionsHelp: { zh: '以下数值按本轮声明的换算率由上传时的单位换算后计分：上传值 × 换算率 = 计分所用值。', en: 'These values were converted on import at the round\'s declared rates: value as uploaded × rate = value scored.' },
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
  listSince: { zh: '起', en: 'since' },
  listUntil: { zh: '至', en: 'until' },
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
  skipToContent: { zh: '跳到正文', en: 'Skip to the content' },
  logout: { zh: '退出', en: 'Log out' },
  token: { zh: '访问令牌', en: 'Access token' },
  tokenHelp: { zh: '请输入管理员发给您的访问令牌。', en: 'Enter the access token you were given.' },
  demoHint: { zh: '演示账户的密码和令牌在服务启动时打印在终端中。', en: 'The demo accounts’ passwords and tokens are printed in the terminal when the service starts.' },
  accountName: { zh: '账户名', en: 'Account name' },
  password: { zh: '密码', en: 'Password' },
  withToken: { zh: '改用访问令牌登录', en: 'Log in with an access token instead' },
  error: { zh: '出错了', en: 'Something went wrong' },
  home: { zh: '返回首页', en: 'Back to the start page' },
  roles: { zh: '角色', en: 'Role' },
  searchLabel: { zh: '名称或代码', en: 'Name or code' },
  pageSize: { zh: '每页', en: 'Per page' },
  pages: { zh: '分页', en: 'Pages' },
  bottom: { zh: '底部', en: 'bottom' },
  pageOf: { zh: '第 {a}–{b} 个，共 {n} 个（第 {p} / {m} 页）', en: '{a}–{b} of {n} (page {p} of {m})' },
  firstPage: { zh: '首页', en: 'First' },
  prevPage: { zh: '上一页', en: 'Previous' },
  nextPage: { zh: '下一页', en: 'Next' },
  lastPage: { zh: '末页', en: 'Last' },
  barsHeading: { zh: '得分条形图', en: 'Scores' },
  barsNote: { zh: '本页所列对象的得分，颜色为其等级。', en: 'The scores of the entities on this page, in the colour of their grade.' },
  mapHeading: { zh: '地图', en: 'Map' },
  mapShadeNote: { zh: '颜色越深得分越高；灰色为无结果。', en: 'Darker is a higher score; grey: no result.' },
  noResult: { zh: '无结果', en: 'no result' },
  approvalNo: { zh: '审图号', en: 'Map approval number (审图号)' },
  methodology: { zh: '评价方法', en: 'Methodology' },
  mIndicators: { zh: '指标体系与权重', en: 'Indicators and weights' },
  mWeight: { zh: '权重', en: 'Weight' },
  mShare: { zh: '占总分比重', en: 'Share of total' },
  mMethod: { zh: '计分方法', en: 'How it is scored' },
  mApplicable: { zh: '适用条件', en: 'Applies when' },
  mFormula: { zh: '计算公式', en: 'Formula' },
  mRules: { zh: '扣分与加分', en: 'Deductions and bonuses' },
  mWhen: { zh: '条件', en: 'when' },
  mCap: { zh: '上限', en: 'capped at' },
  mDeductionCap: { zh: '扣分合计上限', en: 'Deductions capped in all at' },
  mBonusCap: { zh: '加分合计上限', en: 'Bonuses capped in all at' },
  mGrades: { zh: '等级划分', en: 'Grades' },
  mVetoes: { zh: '一票否决', en: 'Vetoes' },
  mLists: { zh: '名单', en: 'Lists' },
  reportTitle: { zh: '关于{r}结果的通报', en: 'Notice of the results: {r}' },
  reportIntro: { zh: '依据《{s}》（{v} 版），对 {p} 考核期内 {n} 个参评对象进行了考核评价。现将结果通报如下。', en: 'Under {s} (version {v}), {n} entities were assessed for the period {p}. The results are as follows.' },
  reportMore: { zh: '上表列出前 {k} 名，共 {n} 个参评对象；完整结果见结果导出文件。', en: 'The table lists the first {k} of {n} entities; the full results are in the results export.' },
  reportRanking: { zh: '一、考核结果排名', en: '1. Ranking' },
  reportGrades: { zh: '二、等级评定', en: '2. Grades' },
  reportVetoes: { zh: '三、一票否决', en: '3. Vetoes' },
  reportNoVetoes: { zh: '本轮无一票否决改变等级的情况。', en: 'No veto changed a grade in this round.' },
  reportLists: { zh: '四、约谈与整改名单', en: '4. Interviews and rectification lists' },
  reportNone: { zh: '无', en: 'none' },
  reportAnnex: { zh: '附件：评价方法', en: 'Annex: methodology' },
  report: { zh: '通报', en: 'Report' },
  downloadDocx: { zh: '下载 Word 文档（.docx）', en: 'Download as Word (.docx)' },
  openReport: { zh: '通报（可打印）', en: 'Report (print-ready)' },
  printHint: { zh: '打印或另存为 PDF：用浏览器的打印（Ctrl+P），纸张 A4。', en: 'To print or save as PDF, use the browser\'s Print (Ctrl+P), paper A4.' },
  issuer: { zh: '发布单位', en: 'Issued by' },
  publishedOn: { zh: '发布日期', en: 'Published' },
  scoredOn: { zh: '评分日期', en: 'Scored' },
  indicatorTable: { zh: '全部指标', en: 'All indicators' },
  value: { zh: '原始值', en: 'Value' },
  unit: { zh: '单位', en: 'Unit' },
  normalised: { zh: '标准化得分', en: 'Normalised score' },
  weight: { zh: '有效权重', en: 'Weight' },
  contribution: { zh: '贡献', en: 'Contribution' },
  statusImputed: { zh: '插补', en: 'imputed' },
  statusFixed: { zh: '无数据·固定分', en: 'no data, fixed score' },
  statusNotApplicable: { zh: '不适用', en: 'not applicable' },
  statusMissing: { zh: '无数据·不计', en: 'no data, left out' },
  legendImputed: { zh: '插补：本对象无数据，按方案用均值、中位数或组均值等估计原始值后计分。', en: 'imputed: no data for this entity; the value was estimated (mean, median or group mean, as the scheme says) before scoring.' },
  legendFixed: { zh: '无数据·固定分：本对象无数据，按方案直接给固定分（如 60 分），并非实测的最低值。', en: 'no data, fixed score: no data for this entity; the scheme gives a fixed score (such as 60), not a measured worst.' },
  legendNotApplicable: { zh: '不适用：该指标不适用于本对象，其权重分给同级其他指标。', en: 'not applicable: the indicator does not apply to this entity; its weight goes to its siblings.' },
  legendMissing: { zh: '无数据·不计：本对象无数据，该指标不计分，其权重分给同级其他指标。', en: 'no data, left out: no data for this entity; the indicator is left out and its weight goes to its siblings.' },
  strongMark: { zh: '优势', en: 'strong' },
  weakMark: { zh: '薄弱', en: 'weak' },
  peerRank: { zh: '组内排名', en: 'Peer-group rank' },
  rankIn: { zh: '{g}第 {r} 名 / 共 {n}', en: '{g}: rank {r} of {n}' },
  scoreTrend: { zh: '历年得分', en: 'Score over rounds' },
  rankTrend: { zh: '历年排名', en: 'Rank over rounds' },
  vetoNoChange: { zh: '得分所得等级已不优于否决所定等级，否决未改变等级', en: 'the grade the score reached was no better than the veto imposes: the veto changed nothing' },
} as const satisfies Record<string, Label>;

/** The round work page (the owning office): steps, forms, reports, notices. */
export const WORK = {
  title: { zh: '办理', en: 'Work on the round' },
  readOnly: { zh: '审计只读视图：显示考核办收到的文件和评分运行，不能在此更改本轮。点击运行编号查看其哈希并复算。', en: 'Auditor\'s read-only view: the files the office received and its runs; nothing here changes the round. Open a run for its hashes and a rerun.' },
  link: { zh: '办理本轮', en: 'Work on this round' },
  linkShort: { zh: '办理', en: 'Work on it' },
  recordLink: { zh: '办理记录', en: 'Office\'s record' },
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
  mapHeading: { zh: '地图边界', en: 'Map boundaries' },
  mapHelp: { zh: '上传名单各地区的边界（GeoJSON，Polygon 或 MultiPolygon，经纬度，属性 code 或 adcode 为地区编码；不超过 {size}），并填写地图的审图号：排名页和通报中的地图由此绘制，并标注审图号。', en: 'Upload the boundaries of the roster\'s regions (GeoJSON, Polygon or MultiPolygon in degrees, the region code in property code or adcode; at most {size}) with the map\'s approval number (审图号): the ranking\'s map is drawn from them and carries the number.' },
  mapApproval: { zh: '审图号', en: 'Approval number (审图号)' },
  mapFile: { zh: 'GeoJSON 文件', en: 'GeoJSON file' },
  mapButton: { zh: '上传边界', en: 'Upload the boundaries' },
  mapNone: { zh: '本名单还没有地图边界。', en: 'This roster has no map boundaries yet.' },
  mapCurrent: { zh: '当前地图：{n} 个地区，审图号 {a}，上传于 {t}。', en: 'Current map: {n} regions, approval number {a}, uploaded {t}.' },
  noticeMapped: { zh: '地图边界已保存。', en: 'The map boundaries were saved.' },
  // notices after a redirect
  noticeOpened: { zh: '已开始收集数据。', en: 'The round is open for data.' },
  noticeUploaded: { zh: '文件已接收，校验报告见下方「已提交的文件」。', en: 'The file was accepted: its report is under “Files received” below.' },
  noticeScoring: { zh: '已开始评分。', en: 'Scoring has started.' },
  noticePublished: { zh: '结果已发布。', en: 'The results are published.' },
  noticeArchived: { zh: '本轮已归档。', en: 'The round is archived.' },
  noticeConfirmed: { zh: '已确认本单位数据报齐。', en: 'Your office\'s data are confirmed complete.' },
  noticeGranted: { zh: '已允许该合作方在发布前查看本轮结果。', en: 'The partner may now read the round\'s results before publication.' },
  noticeRevoked: { zh: '已撤销该合作方发布前查看本轮结果的授权。', en: 'The partner may no longer read the round\'s results before publication.' },
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
  entity: { zh: '实体', en: 'Entity' },
  warningsHeading: { zh: '合理性提醒：{n} 个数值与上一轮相差较大，文件已接收，请在评分前核对', en: 'Plausibility: {n} value(s) differ a lot from the previous round; the file was taken, check them before scoring' },
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
  runFiles: { zh: '结果文件', en: 'Results files' },
  bundle: { zh: '审计包', en: 'audit bundle' },
  diffWith: { zh: '与 #{run} 对比', en: 'changes since #{run}' },
  archiveHeading: { zh: '归档', en: 'Archive' },
  archiveHelp: { zh: '本轮工作结束后归档：结果仍可查阅，不能再上传或评分。', en: 'Archive the round when its work is over: the results stay readable; no more uploads or scoring.' },
  archiveButton: { zh: '归档本轮', en: 'Archive this round' },
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
/** A joint round on the work page (api/pages/participants-section.ts). */
export const PARTNERS = {
  heading: { zh: '合作方查看授权', en: 'Partners\' access before publication' },
  help: { zh: '合作方（其他政府的人员）可查看已发布的结果；本单位可允许其在发布前查看本轮结果，也可随时撤销。授权与撤销均须说明理由，记入审计日志。', en: 'Partners (other governments\' staff) read published results; your office may let one read this round\'s results before publication, and revoke that at any time. Both need a reason and are written to the audit log.' },
  none: { zh: '目前没有合作方可在发布前查看本轮结果。', en: 'No partner may read this round\'s results before publication.' },
  partner: { zh: '合作方', en: 'Partner' },
  reason: { zh: '理由', en: 'Reason' },
  grantedAt: { zh: '授权时间', en: 'Granted' },
  revokeReason: { zh: '撤销理由', en: 'Reason for revoking' },
  revoke: { zh: '撤销', en: 'Revoke' },
  grantPartner: { zh: '允许在发布前查看的合作方', en: 'Partner to let read before publication' },
  grantReason: { zh: '授权理由', en: 'Reason for the grant' },
  grant: { zh: '授权', en: 'Grant' },
} as const satisfies Record<string, Label>;

export const JOINT = {
  heading: { zh: '参与单位', en: 'Participating offices' },
  help: { zh: '联合轮次：牵头单位开启、评分和发布；每个单位只上传、更正本单位负责的对象，并确认数据报齐。各单位确认后牵头单位方可评分。', en: 'A joint round: the lead office opens, scores and publishes; each office sends and corrects its own entities only and confirms its data complete. The lead scores once every office has confirmed.' },
  office: { zh: '单位', en: 'Office' },
  lead: { zh: '牵头', en: 'lead' },
  entities: { zh: '负责对象', en: 'Entities' },
  lastUpload: { zh: '最近上传', en: 'Last upload' },
  state: { zh: '状态', en: 'State' },
  submitted: { zh: '已确认报齐', en: 'submitted' },
  notSubmitted: { zh: '未确认', en: 'not confirmed' },
  confirmHelp: { zh: '本单位对象的数据已全部上传、核对无误后，请确认。此后再上传文件须重新确认。', en: 'When your entities\' data are all uploaded and checked, confirm. A later file needs confirming again.' },
  confirmButton: { zh: '确认本单位数据已报齐', en: 'Confirm our data are complete' },
  overrideLabel: { zh: '尚有单位未确认：如须先行评分，请填写理由（记入审计日志）', en: 'Some offices have not confirmed: to score anyway, give the reason (written to the audit log)' },
  ownHeading: { zh: '本单位对象的结果', en: 'Your entities\' results' },
  ownUnpublished: { zh: '运行 #{run} 的结果，尚未发布，仅本单位可见（查看记入审计日志）。', en: 'Run #{run}, not yet published: only your office sees these (each view is audit-logged).' },
  ownPublished: { zh: '运行 #{run} 的结果，已发布。', en: 'Run #{run}, published.' },
  noOwnResults: { zh: '本轮尚未评分。', en: 'The round has not been scored yet.' },
  templateHelp: { zh: '模板已列出本单位负责的对象；Excel 模板的每个单元格都带有填写校验。', en: 'The template lists your office\'s entities; the Excel template checks every cell as it is filled in.' },
  participantNext: { zh: '上传本单位对象的数据并确认报齐；评分和发布由牵头单位办理。', en: 'Upload your entities\' data and confirm them complete; the lead office scores and publishes.' },
} as const satisfies Record<string, Label>;

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
  deadline: { zh: '填报截止日期（可选）', en: 'Deadline for the data (optional)' },
  contact: { zh: '联系人及电话（可选）', en: 'Contact person and phone (optional)' },
  templateNote: { zh: '截止日期和联系人写入填报模板的说明页。', en: 'The deadline and the contact are printed on the template’s instructions sheet.' },
  participants: { zh: '参与单位（联合轮次，可选：其他考核办的编号，以逗号分隔；本单位为牵头单位）', en: 'Participating offices (a joint round, optional: the other offices\' ids, separated by commas; yours leads)' },
  conversion: { zh: '单位换算（可选）', en: 'Unit conversion (optional)' },
  conversionHelp: { zh: '上传文件的表头注明其他单位时（如 gdp[亿港元]），按此换算：原单位的值 × 换算率 = 方案单位的值；计分卡说明每个换算值。未声明的单位会被拒绝。更多换算请用 API。', en: 'When a file\'s header names another unit (gdp[亿港元]), its values are converted: value in that unit × rate = value in the scheme\'s unit; scorecards show each converted value. An undeclared unit is refused. More conversions through the API.' },
  participantsHelp: { zh: '联合轮次的名单须为每个对象注明所属单位（office 列）。可选单位：', en: 'A joint round\'s roster names each entity\'s office (its office column). Offices:' },
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
  participants: { zh: '参与单位', en: 'participating offices' },
  periodStart: { zh: '考核期开始日期', en: 'the start of the period' },
  periodEnd: { zh: '考核期结束日期', en: 'the end of the period' },
  deadline: { zh: '填报截止日期', en: 'the deadline' },
  contact: { zh: '联系人', en: 'the contact' },
  convFrom: { zh: '换算的原单位', en: 'the unit converted from' },
  convTo: { zh: '换算的方案单位', en: 'the scheme\'s unit' },
  convFactor: { zh: '换算率', en: 'the rate' },
  convInput: { zh: '换算的输入编号', en: 'the input converted' },
  convNote: { zh: '换算率来源', en: 'where the rate comes from' },
} as const satisfies Record<string, Label>;

/** The conversion fields' labels on the form. */
export const NEW_ROUND_FIELD_LABEL = {
  convFrom: { zh: '原单位（如 亿港元）', en: 'From unit (e.g. 亿港元)' },
  convTo: { zh: '方案单位（如 亿元）', en: 'To the scheme\'s unit (e.g. 亿元)' },
  convFactor: { zh: '换算率（如汇率 0.9216）', en: 'Rate (e.g. the exchange rate 0.9216)' },
  convInput: { zh: '只换算此输入（编号，可空）', en: 'Only this input (its id, optional)' },
  convNote: { zh: '换算率来源（如 2026-12-31 中间价）', en: 'Where the rate comes from (e.g. 2026-12-31 central parity)' },
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
  partner: { zh: '合作方', en: 'Partner' },
  enterprise: { zh: '企业', en: 'Enterprise' },
};

/** `{name}` placeholders filled with plain text (the result is escaped when interpolated). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** The auditor's pages: a run, a diff, the audit log, the tenure audit. */
export const AUD = {
  nav: { zh: '审计', en: 'Audit' },
  runTitle: { zh: '运行 #{run}', en: 'Run #{run}' },
  run: { zh: '运行', en: 'Run' },
  identicalShort: { zh: '逐位一致', en: 'Identical' },
  differsShort: { zh: '不一致', en: 'Differs' },
  lastVerify: { zh: '审计日志中最近一次复算：{at}（北京时间），{actor}，结果：', en: 'Last rerun in the audit log: {at} (Beijing time), {actor}, result: ' },
  neverVerified: { zh: '审计日志中没有本运行的复算记录。', en: 'The audit log has no rerun of this run.' },
  hashes: { zh: '哈希与来源', en: 'Hashes and provenance' },
  planHash: { zh: '计划哈希', en: 'Plan hash' },
  snapshotHash: { zh: '快照哈希', en: 'Snapshot hash' },
  resultsHash: { zh: '结果哈希', en: 'Results hash' },
  storedResultsHash: { zh: '存储的结果哈希', en: 'Stored results hash' },
  rerunResultsHash: { zh: '复算结果哈希', en: 'Rerun results hash' },
  asOf: { zh: '评价基准日', en: 'As of' },
  engine: { zh: '评分引擎版本', en: 'Engine version' },
  entities: { zh: '评价对象数', en: 'Entities' },
  requestedAt: { zh: '开始（北京时间）', en: 'Requested (Beijing time)' },
  finishedAt: { zh: '完成（北京时间）', en: 'Finished (Beijing time)' },
  published: { zh: '已发布', en: 'Published' },
  notPublished: { zh: '未发布', en: 'Not published' },
  downloads: { zh: '下载', en: 'Downloads' },
  bundle: { zh: '审计包（zip，可用 kaohe verify 离线核验）', en: 'Audit bundle (zip; check it offline with kaohe verify)' },
  snapshotCsv: { zh: '输入快照 CSV', en: 'Input snapshot (CSV)' },
  snapshotXlsx: { zh: '输入快照 Excel', en: 'Input snapshot (Excel)' },
  verifyHeading: { zh: '复算核验', en: 'Rerun and verify' },
  verifyHelp: { zh: '用所存的计划和快照重新评分，并与存储的结果逐位比对。', en: 'Score again from the stored plan and snapshot and compare, bit for bit, with the stored results.' },
  rerunButton: { zh: '复算并核验', en: 'Rerun and verify' },
  identical: { zh: '逐位一致：复算结果与存储结果相同。', en: 'Identical bit for bit: the rerun gives the stored results.' },
  differs: { zh: '不一致：复算结果与存储结果不同。', en: 'Differs: the rerun does not give the stored results.' },
  notVerified: { zh: '本页尚未复算。', en: 'Not rerun on this page yet.' },
  diffPrevious: { zh: '与上一次运行比较（#{run}）', en: 'Compare with the previous run (#{run})' },
  diffTitle: { zh: '运行 #{from} → #{to} 的变化', en: 'Changes from run #{from} to #{to}' },
  planChanged: { zh: '计划已变', en: 'Plan changed' },
  snapshotChanged: { zh: '数据已变', en: 'Data changed' },
  unchangedCount: { zh: '{n} 个对象没有变化。', en: '{n} entities did not change.' },
  noChanges: { zh: '没有任何对象发生变化。', en: 'No entity changed.' },
  changedInputs: { zh: '变化的输入', en: 'Inputs changed' },
  scoreFrom: { zh: '原得分', en: 'Score before' },
  scoreTo: { zh: '新得分', en: 'Score after' },
  rankFrom: { zh: '原名次', en: 'Rank before' },
  rankTo: { zh: '新名次', en: 'Rank after' },
  gradeChange: { zh: '等级', en: 'Grade' },
  why: { zh: '原因', en: 'Why' },
  whyText: {
    'own-data': { zh: '本对象数据变化', en: 'its own data changed' },
    'others-data': { zh: '其他对象数据变化', en: 'others\' data changed' },
    plan: { zh: '方案变化', en: 'the scheme changed' },
    added: { zh: '新增', en: 'added' },
    removed: { zh: '移除', en: 'removed' },
  },
  logTitle: { zh: '审计日志', en: 'Audit log' },
  logFilter: { zh: '筛选', en: 'Filter' },
  action: { zh: '操作（前缀）', en: 'Action (prefix)' },
  actionCol: { zh: '操作', en: 'Action' },
  actorCol: { zh: '操作者', en: 'Actor' },
  actor: { zh: '操作者（包含）', en: 'Actor (contains)' },
  dateFrom: { zh: '起始日期', en: 'From date' },
  dateTo: { zh: '截止日期', en: 'To date' },
  round: { zh: '轮次编号', en: 'Round id' },
  apply: { zh: '筛选', en: 'Apply' },
  seq: { zh: '序号', en: 'Seq' },
  at: { zh: '时间（北京时间）', en: 'Time (Beijing time)' },
  target: { zh: '对象', en: 'Target' },
  detail: { zh: '详情', en: 'Detail' },
  entryHash: { zh: '条目哈希', en: 'Entry hash' },
  matches: { zh: '共 {n} 条，第 {page}/{pages} 页', en: '{n} entries, page {page} of {pages}' },
  prevPage: { zh: '上一页', en: 'Previous page' },
  nextPage: { zh: '下一页', en: 'Next page' },
  noEntries: { zh: '没有符合条件的条目。', en: 'No entries match.' },
  chainOk: { zh: '哈希链完整（{n} 条），链头：', en: 'The hash chain holds ({n} entries); head: ' },
  chainBroken: { zh: '哈希链断开：', en: 'The hash chain is broken: ' },
  auditsTitle: { zh: '任期（离任）审计', en: 'Tenure audit' },
  official: { zh: '干部', en: 'Official' },
  posts: { zh: '任职', en: 'Posts' },
  from: { zh: '审计期起（可选）', en: 'From (optional)' },
  to: { zh: '审计期止（可选）', en: 'To (optional)' },
  runAudit: { zh: '开始审计', en: 'Run the audit' },
  pastAudits: { zh: '已保存的审计', en: 'Stored audits' },
  noAudits: { zh: '尚无审计。', en: 'No audits yet.' },
  auditTitle: { zh: '任期审计 #{id}', en: 'Tenure audit #{id}' },
  workpaper: { zh: '下载审计工作底稿（Excel）', en: 'Download the workpaper (Excel)' },
  period: { zh: '审计期', en: 'Audit period' },
  tenureDays: { zh: '任期天数', en: 'Days in post' },
  coveredDays: { zh: '已评价天数', en: 'Days scored' },
  tenureScore: { zh: '任期得分', en: 'Tenure score' },
  allIdentical: { zh: '全部运行复算逐位一致', en: 'Every run reran identically' },
  notAllIdentical: { zh: '有运行复算不一致', en: 'Some run did not rerun identically' },
  reportHash: { zh: '审计报告哈希', en: 'Report hash' },
  auditedAt: { zh: '审计时间（北京时间）', en: 'Audited at (Beijing time)' },
  roundsHeading: { zh: '各轮次', en: 'Rounds' },
  days: { zh: '任职天数', en: 'Days in post' },
  gaps: { zh: '没有评价的年份', en: 'Years no round scored' },
  corrections: { zh: '更正', en: 'Corrections' },
  republications: { zh: '重新发布', en: 'Republications' },
  circumstances: { zh: '触发的问责情形', en: 'Circumstances that fired' },
  none: { zh: '无', en: 'None' },
  notRecorded: { zh: '本审计由较早版本生成，未记录此项。', en: 'This audit was made by an earlier kaohe, which did not record this.' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  reason: { zh: '理由', en: 'Reason' },
  file: { zh: '文件', en: 'File' },
  sources: { zh: '来源文件', en: 'Source files' },
  uploadedAt: { zh: '上传时间（北京时间）', en: 'Uploaded (Beijing time)' },
  accountabilityRounds: { zh: '问责评价轮次', en: 'Accountability rounds' },
};
