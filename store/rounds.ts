/**
 * Rounds: one evaluation of a roster with one scheme version, owned by an office, over a
 * period. Status moves draft → collecting → scored → published → archived (scored may go back
 * to collecting for more data); a trigger refuses any other move, and the code says why.
 * Scoring moves a collecting round to scored, publishing a scored one to published; opening,
 * reopening and archiving are asked for directly.
 */
import { appendAudit, type Actor } from './audit.js';
import type { Db } from './db.js';
import { nowIso } from './time.js';
import { conflict, invalid, notFound } from './errors.js';
import { LEGAL_TRANSITIONS } from './migrations.js';
import { getRoster, rosterSubjectProblem } from './rosters.js';
import { getSchemeVersion, schemePlan } from './schemes.js';
import { getOffice } from './accounts.js';
import { isDate } from './dates.js';
import { sql } from './statements.js';
import { addParticipants, participantProblems } from './participants.js';
import { addConversions, conversionProblems } from './conversions.js';
import type { UnitConversion } from '../io/index.js';

export const ROUND_STATUSES = ['draft', 'collecting', 'scored', 'published', 'archived'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** Statuses asked for directly; the others come from scoring and publishing. */
export const REQUESTABLE_STATUSES: readonly RoundStatus[] = ['collecting', 'archived'];

export const STATUS_LABEL: Record<RoundStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'draft' },
  collecting: { zh: '收集数据中', en: 'collecting' },
  scored: { zh: '已评分', en: 'scored' },
  published: { zh: '已发布', en: 'published' },
  archived: { zh: '已归档', en: 'archived' },
};

export interface RoundInput {
  name: { zh: string; en: string };
  schemeId: string;
  schemeVersion: string;
  rosterId: number;
  officeId: string;
  periodStart: string;
  periodEnd: string;
  /** Demo or synthetic data. */
  synthetic?: boolean;
  /** The last day to hand in data (YYYY-MM-DD), printed in the template. */
  deadline?: string | null;
  /** Whom the cities ask (name, phone), printed in the template; at most 200 characters. */
  contact?: string | null;
  /** Offices taking part besides the lead (`officeId`): a joint round (store/participants.ts). */
  participants?: string[];
  /** Unit conversions applied on import (store/conversions.ts). */
  conversions?: UnitConversion[];
}

export interface Round extends Required<Omit<RoundInput, 'participants' | 'conversions'>> {
  id: number;
  status: RoundStatus;
  snapshotHash: string | null;
  createdAt: string;
}

interface Row {
  id: number;
  name_zh: string;
  name_en: string;
  scheme_id: string;
  scheme_version: string;
  roster_id: number;
  office_id: string;
  period_start: string;
  period_end: string;
  status: RoundStatus;
  snapshot_hash: string | null;
  synthetic: number;
  created_at: string;
  deadline: string | null;
  contact: string | null;
}

const toRound = (r: Row): Round => ({
  id: r.id, name: { zh: r.name_zh, en: r.name_en }, schemeId: r.scheme_id, schemeVersion: r.scheme_version,
  rosterId: r.roster_id, officeId: r.office_id, periodStart: r.period_start, periodEnd: r.period_end,
  synthetic: r.synthetic === 1, status: r.status, snapshotHash: r.snapshot_hash, createdAt: r.created_at,
  deadline: r.deadline, contact: r.contact,
});

/** The period as people say it: `2024` for a calendar year, else `2024-01-01 – 2024-06-30`. */
export function periodLabel(round: Pick<Round, 'periodStart' | 'periodEnd'>): string {
  const y = round.periodStart.slice(0, 4);
  return round.periodStart === `${y}-01-01` && round.periodEnd === `${y}-12-31` ? y : `${round.periodStart} – ${round.periodEnd}`;
}


export function createRound(db: Db, actor: Actor, input: RoundInput): Round {
  const problems = [];
  if (!input.name.zh.trim()) problems.push({ where: 'name.zh', zh: '轮次需要中文名称', en: 'the round needs a Chinese name' });
  if (!isDate(input.periodStart)) problems.push({ where: 'periodStart', zh: `考核期开始日期应为 YYYY-MM-DD，实际为「${input.periodStart}」`, en: `periodStart must be a date YYYY-MM-DD, got "${input.periodStart}"` });
  if (!isDate(input.periodEnd)) problems.push({ where: 'periodEnd', zh: `考核期结束日期应为 YYYY-MM-DD，实际为「${input.periodEnd}」`, en: `periodEnd must be a date YYYY-MM-DD, got "${input.periodEnd}"` });
  else if (isDate(input.periodStart) && input.periodEnd < input.periodStart) {
    problems.push({ where: 'periodEnd', zh: `考核期结束日期 ${input.periodEnd} 早于开始日期 ${input.periodStart}`, en: `the period ends (${input.periodEnd}) before it starts (${input.periodStart})` });
  }
  if (input.deadline != null && !isDate(input.deadline)) problems.push({ where: 'deadline', zh: `截止日期应为 YYYY-MM-DD，实际为「${input.deadline}」`, en: `the deadline must be a date YYYY-MM-DD, got "${input.deadline}"` });
  const contact = input.contact?.trim() || null;
  if (contact !== null && contact.length > 200) problems.push({ where: 'contact', zh: `联系人最多 200 字，实际 ${contact.length} 字`, en: `the contact: 200 characters at most, got ${contact.length}` });
  if (problems.length > 0) throw invalid(problems);
  return db.transaction(() => {
    const scheme = getSchemeVersion(db, input.schemeId, input.schemeVersion);
    getRoster(db, input.rosterId);
    const mismatch = rosterSubjectProblem(db, input.rosterId, scheme.subject);
    if (mismatch) throw invalid([{ where: 'rosterId', ...mismatch }]);
    getOffice(db, input.officeId);
    const units = conversionProblems(schemePlan(db, input.schemeId, input.schemeVersion).plan, input.conversions ?? []);
    if (units.length > 0) throw invalid(units);
    const joint = (input.participants ?? []).length > 0;
    if (joint) {
      const problems = participantProblems(db, input.officeId, input.participants!, input.rosterId, scheme.subject);
      if (problems.length > 0) throw invalid(problems);
    }
    const id = Number(sql(db, `INSERT INTO rounds (name_zh, name_en, scheme_id, scheme_version, roster_id, office_id, period_start, period_end, status, synthetic, created_by, created_at, deadline, contact)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?)`).run(
      input.name.zh, input.name.en || input.name.zh, input.schemeId, input.schemeVersion, input.rosterId, input.officeId,
      input.periodStart, input.periodEnd, input.synthetic ? 1 : 0, actor.id, nowIso(), input.deadline ?? null, contact,
    ).lastInsertRowid);
    if (joint) addParticipants(db, id, input.officeId, input.participants!);
    if (input.conversions?.length) addConversions(db, id, input.conversions);
    appendAudit(db, actor, { action: 'round.create', target: `round:${id}`, detail: { ...input, deadline: input.deadline ?? null, contact } });
    return getRound(db, id);
  }).immediate();
}

export function getRound(db: Db, id: number): Round {
  const r = sql(db, 'SELECT * FROM rounds WHERE id = ?').get(id) as Row | undefined;
  if (!r) throw notFound(`round:${id}`, `考核轮次 ${id}`, `round ${id}`);
  return toRound(r);
}

export interface RoundFilter {
  officeId?: string;
  statuses?: readonly RoundStatus[];
  schemeId?: string;
}

/** Newest period first. */
export function listRounds(db: Db, filter: RoundFilter = {}): Round[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.officeId) { where.push('office_id = ?'); args.push(filter.officeId); }
  if (filter.schemeId) { where.push('scheme_id = ?'); args.push(filter.schemeId); }
  if (filter.statuses) { where.push(`status IN (${filter.statuses.map(() => '?').join(', ') || "''"})`); args.push(...filter.statuses); }
  const text = `SELECT * FROM rounds ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY period_end DESC, id DESC`;
  return (sql(db, text).all(...args) as Row[]).map(toRound);
}

export function isLegalTransition(from: RoundStatus, to: RoundStatus): boolean {
  return (LEGAL_TRANSITIONS as readonly string[]).includes(`${from}>${to}`);
}

function illegal(round: Round, to: RoundStatus): never {
  const next = ROUND_STATUSES.filter((s) => isLegalTransition(round.status, s));
  throw conflict(`round:${round.id}.status`,
    `轮次当前状态为「${STATUS_LABEL[round.status].zh}」，不能变为「${STATUS_LABEL[to].zh}」${next.length ? `（可变为：${next.map((s) => STATUS_LABEL[s].zh).join('、')}）` : '（已是最终状态）'}`,
    `the round is ${round.status} and can't become ${to}${next.length ? ` (it can become: ${next.join(', ')})` : ' (it is final)'}`);
}

/** Move a round's status inside the caller's transaction, refusing illegal moves. */
export function setRoundStatus(db: Db, round: Round, to: RoundStatus): void {
  if (round.status === to) return;
  if (!isLegalTransition(round.status, to)) illegal(round, to);
  sql(db, 'UPDATE rounds SET status = ? WHERE id = ?').run(to, round.id);
}

/** The moves asked for directly: open for data, reopen, archive. */
export function requestRoundStatus(db: Db, actor: Actor, id: number, to: RoundStatus): Round {
  return db.transaction(() => {
    const round = getRound(db, id);
    if (!REQUESTABLE_STATUSES.includes(to)) {
      throw conflict(`round:${id}.status`,
        `状态「${STATUS_LABEL[to].zh}」不能直接设置：${to === 'scored' ? '请评分（POST /api/rounds/:id/runs）' : to === 'published' ? '请发布一次评分结果（POST /api/rounds/:id/publications）' : '轮次创建时即为草稿'}`,
        `status ${to} can't be set directly: ${to === 'scored' ? 'score the round (POST /api/rounds/:id/runs)' : to === 'published' ? 'publish a run (POST /api/rounds/:id/publications)' : 'a round starts as a draft'}`);
    }
    if (round.status === to || !isLegalTransition(round.status, to)) illegal(round, to);
    setRoundStatus(db, round, to);
    appendAudit(db, actor, { action: 'round.status', target: `round:${id}`, detail: { from: round.status, to } });
    return getRound(db, id);
  }).immediate();
}
