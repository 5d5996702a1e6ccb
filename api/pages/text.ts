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

export const ROLE: Record<string, Label> = {
  admin: { zh: '管理员', en: 'Administrator' },
  office: { zh: '考核办', en: 'Evaluation office' },
  leadership: { zh: '领导', en: 'Leadership' },
  auditor: { zh: '审计', en: 'Auditor' },
  public: { zh: '公众', en: 'Public' },
};

/** `{name}` placeholders filled with plain text (the result is escaped when interpolated). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
