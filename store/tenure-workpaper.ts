/**
 * The tenure audit's workpaper (审计工作底稿): the workbook an auditor carries away, a sheet per
 * step of the audit — the summary, every round with its hashes and rerun, the official's posts
 * in each round, the years no round scored, corrections, republications, the circumstances
 * that fired, the rounds' audit-log extract and every source file with its hash. It is made
 * from the stored audit only (the same JSON as GET /api/audits/:id), so it says exactly what
 * the audit found. Scores are given exact and as published (the scheme's rounding, half to
 * even); times are 北京时间 (UTC+8).
 */
import { formatRounded } from '../engine/index.js';
import type { Label } from '../indicators/index.js';
import { reportColumn as col, reportWorkbookBuffer, type ReportSheet } from '../io/index.js';
import type { Db } from './db.js';
import { schemePlan } from './schemes.js';
import type { TenureAudit } from './tenure-audit.js';
import { beijingTime, nowIso } from './time.js';

export const WORKPAPER_SHEETS = {
  summary: '概要 Summary',
  rounds: '轮次 Rounds',
  posts: '任职 Posts',
  gaps: '未评价年份 Years unscored',
  corrections: '更正 Corrections',
  republications: '重新发布 Republications',
  circumstances: '问责情形 Circumstances',
  accountability: '问责轮次 Accountability',
  auditLog: '审计日志 Audit log',
  sources: '来源文件 Source files',
} as const;

const yesNo = (b: boolean): string => (b ? '是 yes' : '否 no');
const both = (l: Label): string => (l.zh === l.en ? l.zh : `${l.zh} / ${l.en}`);
const BJ = '（北京时间 Beijing time）';

export async function tenureWorkpaperBuffer(db: Db, audit: TenureAudit): Promise<Buffer> {
  // An audit stored before these were recorded says so instead of showing empty sheets as findings.
  const recorded = audit.circumstances !== undefined;
  const circumstanceList = audit.circumstances ?? [];
  const accountabilityList = audit.accountabilityRounds ?? [];
  const sourceList = audit.sources ?? [];
  const decimalsOf = new Map<number, number>();
  for (const r of audit.rounds) decimalsOf.set(r.roundId, schemePlan(db, r.schemeId, r.schemeVersion).plan.rounding.decimals);
  const decimals = Math.max(0, ...decimalsOf.values());
  const shown = (x: number | null, d: number): string | null => (x === null ? null : formatRounded(x, d));
  const chainHead = `${audit.chain.head.count}:${audit.chain.head.hash}`;
  const summary: ReportSheet = {
    kind: 'pairs', name: WORKPAPER_SHEETS.summary,
    rows: [
      [{ zh: '审计工作底稿', en: 'Audit workpaper' }, '任期（离任）审计 / tenure audit'],
      [{ zh: '审计编号', en: 'Audit id' }, audit.id],
      [{ zh: '干部', en: 'Official' }, `${audit.official.id} ${audit.official.name}`],
      [{ zh: '任职', en: 'Posts' }, audit.official.posts.map((p) => `${p.post} ${p.regionCode} ${p.regionName} ${p.start} – ${p.end ?? '至今 now'}`).join('\n')],
      [{ zh: '审计期', en: 'Audit period' }, `${audit.from} – ${audit.to}`],
      [{ zh: '任期天数', en: 'Days in post' }, audit.tenureDays],
      [{ zh: '已评价天数', en: 'Days scored' }, audit.coveredDays],
      [{ zh: '任期得分', en: 'Tenure score' }, audit.tenureScore],
      [{ zh: '任期得分（按方案舍入）', en: 'Tenure score (as published)' }, formatRounded(audit.tenureScore, decimals)],
      [{ zh: '评价轮次数', en: 'Rounds' }, audit.rounds.length],
      [{ zh: '复算结果', en: 'Reruns' }, audit.allIdentical ? '全部逐位一致 / all identical bit for bit' : `不一致的运行 / runs that differ: ${audit.rounds.filter((r) => !r.identical).map((r) => r.runId).join(', ')}`],
      [{ zh: '审计日志链', en: 'Audit chain' }, audit.chain.ok ? '完整 / intact' : `第 ${audit.chain.firstBroken} 条断开 / broken at entry ${audit.chain.firstBroken}`],
      [{ zh: '审计日志链头', en: 'Chain head' }, chainHead],
      [{ zh: '审计报告哈希', en: 'Report hash' }, audit.reportHash],
      [{ zh: `审计时间${BJ}`, en: 'Audited at' }, beijingTime(audit.createdAt)],
      [{ zh: `底稿生成时间${BJ}`, en: 'Workpaper made at' }, beijingTime(nowIso())],
      ...audit.unscored.map((u): [Label, string] => [{ zh: '未计入的轮次', en: 'Round not counted' }, `${u.zh} / ${u.en}`]),
      ...(recorded ? [] : [[{ zh: '说明', en: 'Note' }, '本审计由较早版本生成，未记录问责情形、问责轮次和来源文件 / this audit was made by an earlier kaohe, which did not record circumstances, accountability rounds or source files'] as [Label, string]]),
    ],
  };
  const rounds: ReportSheet = {
    kind: 'table', name: WORKPAPER_SHEETS.rounds, frozenColumns: 2,
    columns: [
      col('round', { zh: '轮次', en: 'Round' }, audit.rounds.map((r) => r.roundId)),
      col('name', { zh: '名称', en: 'Name' }, audit.rounds.map((r) => r.name.zh)),
      col('scheme', { zh: '方案', en: 'Scheme' }, audit.rounds.map((r) => `${r.schemeId} ${r.schemeVersion}`)),
      col('period', { zh: '考核期', en: 'Period' }, audit.rounds.map((r) => `${r.periodStart} – ${r.periodEnd}`)),
      col('run', { zh: '运行', en: 'Run' }),
      col('published', { zh: '已发布', en: 'Published' }),
      col('plan_hash', { zh: '计划哈希', en: 'Plan hash' }, audit.rounds.map((r) => r.planHash)),
      col('snapshot_hash', { zh: '快照哈希', en: 'Snapshot hash' }, audit.rounds.map((r) => r.snapshotHash)),
      col('as_of', { zh: '评价基准日', en: 'As of' }),
      col('engine', { zh: '评分引擎', en: 'Engine' }),
      col('stored_results_hash', { zh: '存储的结果哈希', en: 'Stored results hash' }, audit.rounds.map((r) => r.storedResultsHash)),
      col('results_hash', { zh: '复算结果哈希', en: 'Rerun results hash' }, audit.rounds.map((r) => r.resultsHash)),
      col('identical', { zh: '逐位一致', en: 'Identical' }),
      col('days', { zh: '任职天数', en: 'Days in post' }),
      col('score', { zh: '得分（精确）', en: 'Score (exact)' }, [], '0.000000'),
      col('score_shown', { zh: '得分（公布）', en: 'Score (published)' }),
      col('rank', { zh: '名次', en: 'Rank' }),
      col('grade', { zh: '等级', en: 'Grade' }, audit.rounds.flatMap((r) => r.posts.map((p) => (p.grade ? both(p.grade.label) : '')))),
      col('findings', { zh: '核验发现', en: 'Findings' }),
    ],
    rows: audit.rounds.map((r) => [
      r.roundId, r.name.zh, `${r.schemeId} ${r.schemeVersion}`, `${r.periodStart} – ${r.periodEnd}`, r.runId, yesNo(r.published),
      r.planHash, r.snapshotHash, r.asOf, r.engineVersion, r.storedResultsHash, r.resultsHash, yesNo(r.identical), r.days,
      r.score, shown(r.score, decimalsOf.get(r.roundId)!),
      r.posts.map((p) => (p.rank === null ? '—' : String(p.rank))).join('; '),
      r.posts.map((p) => (p.grade ? both(p.grade.label) : '—')).join('; '),
      r.findings.length === 0 ? '' : r.findings.map((f) => `${f.zh} / ${f.en}`).join('\n'),
    ]),
  };
  const posts: ReportSheet = {
    kind: 'table', name: WORKPAPER_SHEETS.posts, frozenColumns: 1,
    columns: [
      col('round', { zh: '轮次', en: 'Round' }), col('post', { zh: '职务', en: 'Post' }, audit.rounds.flatMap((r) => r.posts.map((p) => p.post))),
      col('region', { zh: '地区', en: 'Region' }), col('from', { zh: '起', en: 'From' }), col('to', { zh: '止', en: 'To' }),
      col('days', { zh: '天数', en: 'Days' }), col('score', { zh: '得分（精确）', en: 'Score (exact)' }, [], '0.000000'),
      col('score_shown', { zh: '得分（公布）', en: 'Score (published)' }), col('rank', { zh: '名次', en: 'Rank' }),
      col('grade', { zh: '等级', en: 'Grade' }, audit.rounds.flatMap((r) => r.posts.map((p) => (p.grade ? both(p.grade.label) : '')))),
    ],
    rows: audit.rounds.flatMap((r) => r.posts.map((p) => [
      r.roundId, p.post, p.regionCode, p.from, p.to, p.days, p.score, shown(p.score, decimalsOf.get(r.roundId)!), p.rank, p.grade ? both(p.grade.label) : null,
    ])),
  };
  const gaps: ReportSheet = {
    kind: 'table', name: WORKPAPER_SHEETS.gaps,
    columns: [col('year', { zh: '年份', en: 'Year' }), col('region', { zh: '地区', en: 'Region' }), col('from', { zh: '起', en: 'From' }), col('to', { zh: '止', en: 'To' }),
      col('days', { zh: '天数', en: 'Days' }), col('note', { zh: '说明', en: 'Note' }, audit.gaps.map((g) => g.zh))],
    rows: audit.gaps.map((g) => [g.year, g.regionCode, g.from, g.to, g.days, `${g.zh} / ${g.en}`]),
  };
  const corrections: ReportSheet = {
    kind: 'table', name: WORKPAPER_SHEETS.corrections,
    columns: [col('round', { zh: '轮次', en: 'Round' }), col('submission', { zh: '提交', en: 'Submission' }), col('file', { zh: '文件', en: 'File' }, audit.corrections.map((c) => c.fileName)),
      col('reason', { zh: '更正理由', en: 'Reason' }, audit.corrections.map((c) => c.reason)), col('snapshot_hash', { zh: '快照哈希', en: 'Snapshot hash' }, audit.corrections.map((c) => c.snapshotHash)),
      col('at', { zh: '时间（北京时间）', en: 'At (Beijing time)' }, ['2025-01-01 00:00:00'])],
    rows: audit.corrections.map((c) => [c.roundId, c.submissionId, c.fileName, c.reason, c.snapshotHash, beijingTime(c.at)]),
  };
  const republications: ReportSheet = {
    kind: 'table', name: WORKPAPER_SHEETS.republications,
    columns: [col('round', { zh: '轮次', en: 'Round' }), col('publication', { zh: '发布', en: 'Publication' }), col('run', { zh: '运行', en: 'Run' }),
      col('replaces', { zh: '取代运行', en: 'Replaces run' }), col('reason', { zh: '理由', en: 'Reason' }, audit.republications.map((p) => p.reason)),
      col('at', { zh: '时间（北京时间）', en: 'At (Beijing time)' }, ['2025-01-01 00:00:00']),
      col('changed', { zh: '该干部地区的变化', en: 'Changes in the official\'s regions' }, audit.republications.map((p) => changedText(p.changed)))],
    rows: audit.republications.map((p) => [p.roundId, p.publicationId, p.runId, p.replaces, p.reason, beijingTime(p.at), changedText(p.changed)]),
  };
  const circumstances: ReportSheet = {
    kind: 'table', name: WORKPAPER_SHEETS.circumstances,
    columns: [col('round', { zh: '轮次', en: 'Round' }), col('run', { zh: '运行', en: 'Run' }), col('entity', { zh: '对象', en: 'Entity' }),
      col('kind', { zh: '类型', en: 'Kind' }, ['deduction 扣分']), col('rule', { zh: '规则', en: 'Rule' }, circumstanceList.map((c) => c.ruleId)),
      col('label', { zh: '情形', en: 'Circumstance' }, circumstanceList.map((c) => both(c.label))),
      col('points', { zh: '扣分', en: 'Points' }), col('grade', { zh: '强制等级', en: 'Forced grade' }), col('max_grade', { zh: '最高等级', en: 'Grade at most' }),
      col('values', { zh: '触发值', en: 'Values' }, circumstanceList.map((c) => c.values)),
      col('records', { zh: '在效记录', en: 'Records in force' }, circumstanceList.map((c) => c.records.join('; ')))],
    rows: circumstanceList.map((c) => [c.roundId, c.runId, c.entity, `${c.kind} ${KIND[c.kind]}`, c.ruleId, both(c.label), c.points, c.grade, c.maxGrade, c.values, c.records.join('; ')]),
  };
  const accountability: ReportSheet = {
    kind: 'table', name: WORKPAPER_SHEETS.accountability,
    columns: [col('round', { zh: '轮次', en: 'Round' }), col('name', { zh: '名称', en: 'Name' }, accountabilityList.map((r) => r.name.zh)), col('run', { zh: '运行', en: 'Run' }),
      col('published', { zh: '已发布', en: 'Published' }), col('plan_hash', { zh: '计划哈希', en: 'Plan hash' }, accountabilityList.map((r) => r.planHash)),
      col('snapshot_hash', { zh: '快照哈希', en: 'Snapshot hash' }, accountabilityList.map((r) => r.snapshotHash)), col('as_of', { zh: '评价基准日', en: 'As of' }),
      col('results_hash', { zh: '复算结果哈希', en: 'Rerun results hash' }, accountabilityList.map((r) => r.resultsHash)), col('identical', { zh: '逐位一致', en: 'Identical' })],
    rows: accountabilityList.map((r) => [r.roundId, r.name.zh, r.runId, yesNo(r.published), r.planHash, r.snapshotHash, r.asOf, r.resultsHash, yesNo(r.identical)]),
  };
  const log = audit.rounds.flatMap((r) => r.auditLog.map((e) => [r.roundId, e.seq, beijingTime(e.at), e.action, e.hash]));
  const auditLog: ReportSheet = {
    kind: 'table', name: WORKPAPER_SHEETS.auditLog,
    columns: [col('round', { zh: '轮次', en: 'Round' }), col('seq', { zh: '序号', en: 'Seq' }), col('at', { zh: '时间（北京时间）', en: 'At (Beijing time)' }, ['2025-01-01 00:00:00']),
      col('action', { zh: '操作', en: 'Action' }, log.map((l) => l[3])), col('hash', { zh: '条目哈希', en: 'Entry hash' }, log.map((l) => l[4]))],
    rows: log,
  };
  const sources: ReportSheet = {
    kind: 'table', name: WORKPAPER_SHEETS.sources,
    columns: [col('round', { zh: '轮次', en: 'Round' }), col('submission', { zh: '提交', en: 'Submission' }), col('kind', { zh: '类型', en: 'Kind' }, ['correction 更正']),
      col('file', { zh: '文件名', en: 'File name' }, sourceList.map((f) => f.fileName)), col('sha256', { zh: 'SHA-256', en: 'SHA-256' }, sourceList.map((f) => f.sha256)),
      col('bytes', { zh: '字节数', en: 'Bytes' }), col('at', { zh: '上传时间（北京时间）', en: 'Uploaded (Beijing time)' }, ['2025-01-01 00:00:00'])],
    rows: sourceList.map((f) => [f.roundId, f.submissionId, `${f.kind} ${f.kind === 'correction' ? '更正' : '报送'}`, f.fileName, f.sha256, f.size, beijingTime(f.uploadedAt)]),
  };
  return reportWorkbookBuffer([summary, rounds, posts, gaps, corrections, republications, circumstances, accountability, auditLog, sources]);
}

const KIND = { deduction: '扣分', bonus: '加分', veto: '否决', list: '名单' } as const;

function changedText(changed: TenureAudit['republications'][number]['changed']): string {
  return changed.map((c) => `${c.id}: ${c.scoreFrom ?? '—'} → ${c.scoreTo ?? '—'} (${c.inputs.join(', ')})`).join('\n');
}
