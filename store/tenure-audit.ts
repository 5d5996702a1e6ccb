/**
 * The tenure audit (离任审计) in one step: every round of every regional scheme whose roster
 * lists a region the official held a post in, during the post (clipped to the audit's from–to);
 * each round's published run (else its latest finished run) evaluated again and checked against
 * everything stored (results-check.ts); the years of the tenure no round scored; corrections and
 * republications with their reasons; the round's results attributed by days in post
 * (engine/attribution.ts) and the tenure score, the days-weighted mean over the rounds. The
 * audit is stored whole and never changed, with an audit-log entry naming its hash.
 *
 * Everything is checked and computed before anything is written: bad input, or a tenure no
 * round scored at all, writes nothing (a tenure score is never made up from no data).
 */
import { attribute, explain, formatDay, parseDay, type Post, type Results } from '../engine/index.js';
import { canonicalJson, sha256Hex, type Problem } from '../indicators/index.js';
import { appendAudit, auditHead, listAudit, verifyAuditChain, type Actor, type AuditHead } from './audit.js';
import type { Db } from './db.js';
import { diffRunsHere } from './diff.js';
import { invalid, notFound } from './errors.js';
import { getOfficial, type OfficialPost } from './officials.js';
import { listPublications } from './publications.js';
import { checkRerun, type ResultsFinding } from './results-check.js';
import { getRound, type Round } from './rounds.js';
import { getRun, latestDoneRun } from './runs.js';
import { schemePlan } from './schemes.js';
import { reproduceRun } from './scoring.js';
import { snapshotHistory } from './snapshots.js';
import { listSubmissions } from './submissions.js';
import { sql } from './statements.js';
import { nowIso } from './time.js';

export interface TenureAuditInput {
  official: string;
  from?: string;
  to?: string;
}

export interface AuditedPost {
  post: string;
  regionCode: string;
  /** The days of the post inside the round's period (and the audit's from–to), both ends inclusive. */
  from: string;
  to: string;
  days: number;
  score: number | null;
  rank: number | null;
  /** The region's grade in the round (null: none; absent from audits stored before grades were recorded). */
  grade?: { id: string; label: { zh: string; en: string } } | null;
}

export interface AuditedRound {
  roundId: number;
  name: { zh: string; en: string };
  schemeId: string;
  schemeVersion: string;
  periodStart: string;
  periodEnd: string;
  runId: number;
  published: boolean;
  planHash: string;
  snapshotHash: string;
  asOf: string;
  engineVersion: string;
  storedResultsHash: string;
  resultsHash: string;
  identical: boolean;
  findings: ResultsFinding[];
  posts: AuditedPost[];
  /** Days in post within the round's period. */
  days: number;
  /** Days-weighted score of the official in the round (null: the region has no score). */
  score: number | null;
  auditLog: { seq: number; at: string; action: string; hash: string }[];
}

export interface TenureGap {
  year: number;
  regionCode: string;
  from: string;
  to: string;
  days: number;
  zh: string;
  en: string;
}

export interface Correction {
  roundId: number;
  submissionId: number;
  fileName: string;
  reason: string | null;
  snapshotHash: string;
  at: string;
}

export interface Republication {
  roundId: number;
  publicationId: number;
  runId: number;
  replaces: number;
  reason: string | null;
  at: string;
  /** What moved in the official's regions between the replaced run and this one. */
  changed: { id: string; scoreFrom: number | null; scoreTo: number | null; inputs: string[] }[];
}

/**
 * A rule that fired for the official, or for a region in the days the official held it: a
 * deduction, veto or list entry of an audited round (an accountability circumstance when the
 * scheme scores officials, as the official-accountability template does), from its explanation.
 */
export interface Circumstance {
  roundId: number;
  runId: number;
  subject: 'region' | 'official';
  entity: string;
  kind: 'deduction' | 'bonus' | 'veto' | 'list';
  ruleId: string;
  label: { zh: string; en: string };
  points: number | null;
  grade: string | null;
  maxGrade: string | null;
  /** The values that made it fire, as `name=value`. */
  values: string;
  /** Dated records in force on the run's as-of date (the evidence), as `type date` each. */
  records: string[];
}

/** A round of a scheme that scores officials (accountability) which lists the official, rerun and checked. */
export interface AccountabilityRound {
  roundId: number;
  name: { zh: string; en: string };
  runId: number;
  published: boolean;
  planHash: string;
  snapshotHash: string;
  asOf: string;
  storedResultsHash: string;
  resultsHash: string;
  identical: boolean;
}

/** A file a round of the audit was built from, with the SHA-256 of its bytes as uploaded. */
export interface SourceFile {
  roundId: number;
  submissionId: number;
  kind: 'submission' | 'correction';
  fileName: string;
  sha256: string;
  size: number;
  uploadedAt: string;
}

export interface TenureAuditReport {
  official: { id: string; name: string; posts: OfficialPost[] };
  from: string;
  to: string;
  rounds: AuditedRound[];
  /** Rounds in the tenure with no finished run: they give no figure. */
  unscored: { roundId: number; zh: string; en: string }[];
  gaps: TenureGap[];
  corrections: Correction[];
  republications: Republication[];
  /** The next three are absent from audits stored before kaohe recorded them (they are never changed). */
  accountabilityRounds?: AccountabilityRound[];
  circumstances?: Circumstance[];
  sources?: SourceFile[];
  /** Days in post within from–to, and of those the days some round scored. */
  tenureDays: number;
  coveredDays: number;
  /** Σ days·score / Σ days over the rounds with a score. */
  tenureScore: number;
  allIdentical: boolean;
  chain: { ok: boolean; head: AuditHead; firstBroken: number | null };
}

export interface TenureAudit extends TenureAuditReport {
  id: number;
  reportHash: string;
  createdAt: string;
}

interface Span {
  post: OfficialPost;
  start: number;
  end: number;
}

const dayOf = (text: string | undefined, where: string, problems: Problem[]): number | undefined => {
  if (text === undefined) return undefined;
  const d = parseDay(text);
  if (d !== d) problems.push({ where, zh: `${where} 应为 YYYY-MM-DD 格式的真实日期，实际为「${text}」`, en: `${where} must be a real date YYYY-MM-DD, got "${text}"` });
  return d;
};

/** The posts within from–to (an open post ends at `to`, else today); refusals for bad input. */
function tenureSpans(db: Db, input: TenureAuditInput): { name: string; posts: OfficialPost[]; spans: Span[]; from: number; to: number } {
  const problems: Problem[] = [];
  const from = dayOf(input.from, 'from', problems);
  const to = dayOf(input.to, 'to', problems);
  if (problems.length > 0) throw invalid(problems);
  if (from !== undefined && to !== undefined && from > to) {
    throw invalid([{ where: 'to', zh: `审计期结束日 ${input.to} 早于开始日 ${input.from}`, en: `the audit period ends (${input.to}) before it starts (${input.from})` }]);
  }
  const official = getOfficial(db, input.official);
  if (official.posts.length === 0) {
    throw invalid([{ where: 'official', zh: `干部「${official.id}」在名单中没有任职记录，无法进行任期审计：请在名单中登记其职务与任职起止日期`, en: `official "${official.id}" has no posts in any roster, so there is no tenure to audit: list their posts with first and last days in a roster` }]);
  }
  const posts = official.posts;
  for (let i = 0; i < posts.length; i++) {
    for (let k = i + 1; k < posts.length; k++) {
      const a = posts[i];
      const b = posts[k];
      if (a.regionCode !== b.regionCode) continue;
      if (a.start <= (b.end ?? '9999-12-31') && b.start <= (a.end ?? '9999-12-31')) {
        throw invalid([{
          where: `official:${official.id}.posts`,
          zh: `干部「${official.id}」在地区 ${a.regionCode} 的两段任职重叠：${a.post} ${a.start}–${a.end ?? '至今'} 与 ${b.post} ${b.start}–${b.end ?? '至今'}，同一天不能按两段任职计算：请更正名单中的任职日期`,
          en: `official "${official.id}" has two overlapping posts in region ${a.regionCode}: ${a.post} ${a.start}–${a.end ?? 'now'} and ${b.post} ${b.start}–${b.end ?? 'now'}; a day can't count for two posts: correct the dates in the roster`,
        }]);
      }
    }
  }
  const today = parseDay(nowIso().slice(0, 10));
  const spans = posts
    .map((post) => ({ post, start: Math.max(parseDay(post.start), from ?? -Infinity), end: Math.min(post.end === null ? to ?? today : parseDay(post.end), to ?? Infinity) }))
    .filter((s) => s.end >= s.start);
  if (spans.length === 0) {
    throw invalid([{ where: 'from', zh: `干部「${official.id}」在 ${input.from ?? '…'} – ${input.to ?? '…'} 期间没有任职`, en: `official "${official.id}" held no post between ${input.from ?? '…'} and ${input.to ?? '…'}` }]);
  }
  return { name: official.name, posts, spans, from: from ?? Math.min(...spans.map((s) => s.start)), to: to ?? Math.max(...spans.map((s) => s.end)) };
}

/** Rounds of regional schemes whose roster lists the span's region and whose period meets the span. */
function roundsMeeting(db: Db, spans: Span[]): Round[] {
  const ids = new Set<number>();
  const q = sql(db, `SELECT DISTINCT r.id FROM rounds r JOIN roster_regions g ON g.roster_id = r.roster_id
    WHERE g.code = ? AND r.period_start <= ? AND r.period_end >= ? ORDER BY r.id`);
  for (const s of spans) for (const r of q.all(s.post.regionCode, formatDay(s.end), formatDay(s.start)) as { id: number }[]) ids.add(r.id);
  return [...ids].map((id) => getRound(db, id))
    .filter((r) => schemePlan(db, r.schemeId, r.schemeVersion).plan.scheme.subject === 'region')
    .sort((a, b) => (a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : a.id - b.id));
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function gradeOf(results: Results, entity: string): AuditedPost['grade'] {
  const i = results.frame.ids.indexOf(entity);
  const g = i < 0 ? NaN : results.grade[i];
  if (g !== g) return null;
  const grade = results.plan.grades[g];
  return { id: grade.id, label: { zh: grade.label.zh, en: grade.label.en } };
}

/** Deductions, vetoes and list entries that fired for the entity (bonuses are no circumstance). */
function circumstancesOf(results: Results, roundId: number, runId: number, subject: Circumstance['subject'], entity: string): Circumstance[] {
  const e = explain(results, entity);
  if (!e) return [];
  const records = e.records.map((r) => `${r.type} ${r.start}`);
  return e.fired.filter((f) => f.kind !== 'bonus').map((f) => ({
    roundId, runId, subject, entity, kind: f.kind, ruleId: f.id, label: { zh: f.label.zh, en: f.label.en },
    points: f.points ?? null, grade: f.grade ?? null, maxGrade: f.maxGrade ?? null,
    values: f.values.map((v) => `${v.name}=${v.value === null ? '' : v.value}`).join(', '), records,
  }));
}

async function auditRound(db: Db, round: Round, runId: number, official: { id: string; name: string }, spans: Span[]): Promise<{ audited: AuditedRound; circumstances: Circumstance[] }> {
  const run = getRun(db, runId);
  const again = await reproduceRun(db, run.id);
  const { identical, findings } = checkRerun(db, run, again.results, again.resultsHash);
  const posts: Post[] = spans.map((s) => ({ official: official.id, name: official.name, entity: s.post.regionCode, role: s.post.post, start: s.start, end: s.end }));
  const periodStart = parseDay(round.periodStart);
  const periodEnd = parseDay(round.periodEnd);
  const a = attribute(again.results, posts, periodStart, periodEnd);
  const summary = a.officials[0];
  const circumstances = [...new Set(a.posts.filter((p) => p.days > 0).map((p) => p.post.entity))]
    .flatMap((region) => circumstancesOf(again.results, round.id, run.id, 'region', region));
  const audited: AuditedRound = {
    roundId: round.id, name: round.name, schemeId: round.schemeId, schemeVersion: round.schemeVersion,
    periodStart: round.periodStart, periodEnd: round.periodEnd, runId: run.id, published: listPublications(db, round.id).some((p) => p.runId === run.id),
    planHash: run.planHash, snapshotHash: run.snapshotHash, asOf: run.asOf, engineVersion: run.engineVersion,
    storedResultsHash: run.resultsHash!, resultsHash: again.resultsHash, identical, findings,
    posts: a.posts.map((p) => ({
      post: p.post.role, regionCode: p.post.entity,
      from: formatDay(Math.max(p.post.start, periodStart)), to: formatDay(Math.min(p.post.end!, periodEnd)),
      days: p.days, score: finite(p.score), rank: finite(p.rank), grade: gradeOf(again.results, p.post.entity),
    })),
    days: summary?.days ?? 0,
    score: summary ? finite(summary.weightedScore) : null,
    auditLog: listAudit(db, { target: `round:${round.id}`, limit: 1000 }).map((e) => ({ seq: e.seq, at: e.at, action: e.action, hash: e.hash })),
  };
  return { audited, circumstances };
}

/** Rounds of schemes that score officials whose roster lists this official and whose period meets from–to. */
function accountabilityRoundsOf(db: Db, officialId: string, from: number, to: number): Round[] {
  const ids = sql(db, `SELECT DISTINCT r.id FROM rounds r JOIN roster_officials o ON o.roster_id = r.roster_id
    WHERE o.id = ? AND r.period_start <= ? AND r.period_end >= ? ORDER BY r.id`).all(officialId, formatDay(to), formatDay(from)) as { id: number }[];
  return ids.map(({ id }) => getRound(db, id)).filter((r) => schemePlan(db, r.schemeId, r.schemeVersion).plan.scheme.subject === 'official');
}

async function auditAccountability(db: Db, round: Round, runId: number, officialId: string): Promise<{ audited: AccountabilityRound; circumstances: Circumstance[] }> {
  const run = getRun(db, runId);
  const again = await reproduceRun(db, run.id);
  const { identical } = checkRerun(db, run, again.results, again.resultsHash);
  return {
    audited: {
      roundId: round.id, name: round.name, runId: run.id, published: listPublications(db, round.id).some((p) => p.runId === run.id),
      planHash: run.planHash, snapshotHash: run.snapshotHash, asOf: run.asOf, storedResultsHash: run.resultsHash!, resultsHash: again.resultsHash, identical,
    },
    circumstances: circumstancesOf(again.results, round.id, run.id, 'official', officialId),
  };
}

const sourcesOf = (db: Db, roundId: number): SourceFile[] => listSubmissions(db, roundId).map((s) => ({
  roundId, submissionId: s.id, kind: s.kind, fileName: s.fileName, sha256: s.sha256, size: s.size, uploadedAt: s.uploadedAt,
}));

/** Per post and calendar year, the days in post no audited round scored; a year with none scored is a gap. */
function tenureGaps(spans: Span[], rounds: AuditedRound[]): TenureGap[] {
  const gaps: TenureGap[] = [];
  for (const s of spans) {
    const covered = rounds.flatMap((r) => r.posts.filter((p) => p.regionCode === s.post.regionCode && p.score !== null).map((p) => [parseDay(p.from), parseDay(p.to)] as const));
    for (let year = Number(formatDay(s.start).slice(0, 4)); year <= Number(formatDay(s.end).slice(0, 4)); year++) {
      const start = Math.max(s.start, parseDay(`${year}-01-01`));
      const end = Math.min(s.end, parseDay(`${year}-12-31`));
      if (covered.some(([a, b]) => a <= end && b >= start)) continue;
      const [from, to] = [formatDay(start), formatDay(end)];
      gaps.push({
        year, regionCode: s.post.regionCode, from, to, days: end - start + 1,
        zh: `${year} 年（${from} – ${to}，${s.post.post}，地区 ${s.post.regionCode}）没有评价该地区的考核轮次`,
        en: `no round scored region ${s.post.regionCode} in ${year} (${from} – ${to}, ${s.post.post})`,
      });
    }
  }
  return gaps;
}

function republications(db: Db, roundId: number, regions: Set<string>): Republication[] {
  const pubs = listPublications(db, roundId).reverse();
  return pubs.slice(1).map((p, k) => {
    const diff = diffRunsHere(db, pubs[k].runId, p.runId);
    return {
      roundId, publicationId: p.id, runId: p.runId, replaces: pubs[k].runId, reason: p.reason, at: p.publishedAt,
      changed: diff.changed.filter((e) => regions.has(e.id)).map((e) => ({ id: e.id, scoreFrom: e.score.from, scoreTo: e.score.to, inputs: e.inputs.map((i) => i.input) })),
    };
  });
}

/** The audit computed, nothing written. */
export async function computeTenureAudit(db: Db, input: TenureAuditInput): Promise<TenureAuditReport> {
  const { name, posts, spans, from, to } = tenureSpans(db, input);
  const official = { id: input.official, name };
  const rounds: AuditedRound[] = [];
  const unscored: TenureAuditReport['unscored'] = [];
  const corrections: Correction[] = [];
  const repubs: Republication[] = [];
  const circumstances: Circumstance[] = [];
  const sources: SourceFile[] = [];
  const regions = new Set(spans.map((s) => s.post.regionCode));
  for (const round of roundsMeeting(db, spans)) {
    const runId = listPublications(db, round.id)[0]?.runId ?? latestDoneRun(db, round.id)?.id;
    if (runId === undefined) {
      unscored.push({ roundId: round.id, zh: `轮次 ${round.id} 没有完成的评分运行，不计入任期得分`, en: `round ${round.id} has no finished run and gives no figure` });
      continue;
    }
    const { audited, circumstances: fired } = await auditRound(db, round, runId, official, spans);
    rounds.push(audited);
    circumstances.push(...fired);
    sources.push(...sourcesOf(db, round.id));
    for (const e of snapshotHistory(db, round.id)) {
      if (e.kind === 'correction') corrections.push({ roundId: round.id, submissionId: e.submissionId, fileName: e.fileName, reason: e.reason, snapshotHash: e.snapshotHash, at: e.createdAt });
    }
    repubs.push(...republications(db, round.id, regions));
  }
  const scored = rounds.filter((r) => r.score !== null && r.days > 0);
  const coveredDays = scored.reduce((n, r) => n + r.days, 0);
  if (coveredDays === 0) {
    throw invalid([{
      where: 'official',
      zh: `${formatDay(from)} – ${formatDay(to)} 期间没有任何考核轮次评价过干部「${official.id}」任职的地区（${[...regions].join('、')}），无法给出任期得分：请检查审计期或先完成这些年份的考核`,
      en: `no round scored the regions official "${official.id}" held posts in (${[...regions].join(', ')}) between ${formatDay(from)} and ${formatDay(to)}, so there is no tenure score: check the audit period, or score those years first`,
    }]);
  }
  const tenureScore = scored.reduce((s, r) => s + r.days * r.score!, 0) / coveredDays;
  const accountabilityRounds: AccountabilityRound[] = [];
  for (const round of accountabilityRoundsOf(db, official.id, from, to)) {
    const runId = listPublications(db, round.id)[0]?.runId ?? latestDoneRun(db, round.id)?.id;
    if (runId === undefined) {
      unscored.push({ roundId: round.id, zh: `轮次 ${round.id} 没有完成的评分运行，未核查其问责情形`, en: `round ${round.id} has no finished run: its accountability circumstances were not checked` });
      continue;
    }
    const { audited, circumstances: fired } = await auditAccountability(db, round, runId, official.id);
    accountabilityRounds.push(audited);
    circumstances.push(...fired);
    sources.push(...sourcesOf(db, round.id));
  }
  const chain = verifyAuditChain(db);
  return {
    official: { id: official.id, name, posts }, from: formatDay(from), to: formatDay(to),
    rounds, unscored, gaps: tenureGaps(spans, rounds), corrections, republications: repubs,
    accountabilityRounds, circumstances, sources,
    tenureDays: spans.reduce((n, s) => n + s.end - s.start + 1, 0), coveredDays, tenureScore,
    allIdentical: rounds.every((r) => r.identical) && accountabilityRounds.every((r) => r.identical),
    chain: { ok: chain.ok, head: auditHead(db), firstBroken: chain.ok ? null : chain.brokenAt },
  };
}

/** The audit computed, stored (immutable) and logged. */
export async function runTenureAudit(db: Db, actor: Actor, input: TenureAuditInput): Promise<TenureAudit> {
  const report = await computeTenureAudit(db, input);
  const json = canonicalJson(report);
  const reportHash = sha256Hex(json);
  const createdAt = nowIso();
  const id = db.transaction(() => {
    const id = Number(sql(db, 'INSERT INTO audits (official_id, from_date, to_date, report_json, report_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(report.official.id, report.from, report.to, json, reportHash, actor.id, createdAt).lastInsertRowid);
    appendAudit(db, actor, {
      action: 'tenure.audit', target: `official:${report.official.id}`,
      detail: { auditId: id, reportHash, from: report.from, to: report.to, runs: report.rounds.map((r) => r.runId), unpublishedRuns: report.rounds.filter((r) => !r.published).map((r) => r.runId), allIdentical: report.allIdentical },
    });
    return id;
  }).immediate();
  return { id, reportHash, createdAt, ...report };
}

export function getTenureAudit(db: Db, id: number): TenureAudit {
  const r = sql(db, 'SELECT report_json, report_hash, created_at FROM audits WHERE id = ?').get(id) as { report_json: string; report_hash: string; created_at: string } | undefined;
  if (!r) throw notFound(`audit:${id}`, `任期审计 ${id}`, `tenure audit ${id}`);
  return { id, reportHash: r.report_hash, createdAt: r.created_at, ...(JSON.parse(r.report_json) as TenureAuditReport) };
}

export interface TenureAuditSummary {
  id: number;
  official: string;
  from: string;
  to: string;
  reportHash: string;
  createdAt: string;
}

/** The latest stored audits, newest first. */
export function listTenureAudits(db: Db, limit = 50): TenureAuditSummary[] {
  return (sql(db, 'SELECT id, official_id, from_date, to_date, report_hash, created_at FROM audits ORDER BY id DESC LIMIT ?').all(limit) as
    { id: number; official_id: string; from_date: string; to_date: string; report_hash: string; created_at: string }[])
    .map((r) => ({ id: r.id, official: r.official_id, from: r.from_date, to: r.to_date, reportHash: r.report_hash, createdAt: r.created_at }));
}
