/**
 * Credit repair as a workflow (信用修复): an application names the enterprise, the list entry it
 * wants lifted, its grounds and its attachments (names and SHA-256 hashes), entered by the office
 * or by the enterprise itself (an enterprise account, for its own credit code only: checked by
 * the route). The office decides: approve (the repair becomes a record of the scheme's repair
 * type in the records register, dated the day it takes effect, so every later run reads it) or
 * refuse, with a reason either way. Whether a repair can apply is the scheme's rule
 * (`repairable`): an application, and an approval, that could end nothing is refused.
 * Applications and decisions are never changed (database triggers).
 */
import type { Problem } from '../indicators/index.js';
import { parseDay, repairOutcomeOn, repairTypeOf, type CompiledPlan } from '../engine/index.js';
import { appendAudit, type Actor } from './audit.js';
import { isDate, todayInBeijing } from './dates.js';
import type { Db } from './db.js';
import { conflict, invalid, notFound } from './errors.js';
import { addRegisterRecord, entityFrame, registerEntities, registerPlan, registerRecordsFor } from './records-register.js';
import { sql } from './statements.js';
import { nowIso } from './time.js';

export interface Attachment {
  name: string;
  sha256: string;
}

export interface RepairApplicationInput {
  scheme: string;
  entity: string;
  list: string;
  grounds: string;
  attachments?: Attachment[];
  /** The day the application is judged on (whether a repair then could end a record): default today, 北京时间. */
  date?: string;
}

export interface RepairDecision {
  decision: 'approved' | 'refused';
  reason: string;
  effective: string | null;
  registerKey: number | null;
  decidedBy: number | null;
  decidedAt: string;
}

export interface RepairApplication {
  id: number;
  scheme: string;
  entity: string;
  list: string;
  grounds: string;
  attachments: Attachment[];
  appliedBy: number | null;
  appliedAt: string;
  decision: RepairDecision | null;
}

interface Row {
  id: number; scheme_id: string; entity_id: string; list_id: string; grounds: string; attachments_json: string; applied_by: number | null; applied_at: string;
  decision: 'approved' | 'refused' | null; reason: string | null; effective: string | null; register_key: number | null; decided_by: number | null; decided_at: string | null;
}

const SELECT = `SELECT a.*, d.decision, d.reason, d.effective, d.register_key, d.decided_by, d.decided_at
  FROM repair_applications a LEFT JOIN repair_decisions d ON d.application_id = a.id`;

const toApplication = (r: Row): RepairApplication => ({
  id: r.id, scheme: r.scheme_id, entity: r.entity_id, list: r.list_id, grounds: r.grounds, attachments: JSON.parse(r.attachments_json) as Attachment[],
  appliedBy: r.applied_by, appliedAt: r.applied_at,
  decision: r.decision === null ? null : { decision: r.decision, reason: r.reason!, effective: r.effective, registerKey: r.register_key, decidedBy: r.decided_by, decidedAt: r.decided_at! },
});

export const MAX_ATTACHMENTS = 20;

/** Refused unless a repair of `entity` dated `day` would end a record (the scheme's `repairable` rule decides). */
function checkRepairable(db: Db, compiled: CompiledPlan, scheme: string, entity: string, day: string, where: string): void {
  const frame = entityFrame([entity]);
  frame.records = registerRecordsFor(db, scheme, compiled.plan, frame, day) ?? undefined;
  const outcome = repairOutcomeOn(compiled, frame, 0, parseDay(day), 'application');
  if (outcome?.status === 'refused') {
    throw invalid([{
      where,
      zh: `按方案规则（repairable），${entity} 在 ${day} 有效的记录不可修复：${outcome.refused.map((r) => `${r.type} ${r.start}`).join('、')}`,
      en: `under the scheme's rule (repairable) the records of ${entity} valid on ${day} can't be repaired: ${outcome.refused.map((r) => `${r.type} ${r.start}`).join(', ')}`,
    }]);
  }
  if (outcome?.status !== 'applied') {
    throw invalid([{ where, zh: `${entity} 在 ${day} 没有可由信用修复结束的有效记录`, en: `${entity} has no record valid on ${day} that a credit repair could end` }]);
  }
}

export function applyForRepair(db: Db, actor: Actor, input: RepairApplicationInput): RepairApplication {
  const compiled = registerPlan(db, input.scheme);
  const { plan } = compiled;
  const problems: Problem[] = [];
  if (repairTypeOf(compiled) === null) problems.push({ where: 'scheme', zh: `方案「${input.scheme}」没有信用修复记录类型（repairedBy）`, en: `scheme ${input.scheme} has no credit repair record type (repairedBy)` });
  if (!plan.lists.some((l) => l.id === input.list)) {
    problems.push({ where: 'list', zh: `名单「${input.list}」不是方案的名单（${plan.lists.map((l) => l.id).join('、')}）`, en: `list "${input.list}" is not a list of the scheme (${plan.lists.map((l) => l.id).join(', ')})` });
  }
  if (!registerEntities(db, input.scheme, plan.scheme.subject).includes(input.entity)) {
    problems.push({ where: 'entity', zh: `「${input.entity}」不在本方案任何轮次的名册或数据中`, en: `"${input.entity}" is on no roster or data of the scheme's rounds` });
  }
  if (!input.grounds.trim()) problems.push({ where: 'grounds', zh: '请写明申请修复的理由（已整改的情况）', en: 'give the grounds of the application (what was rectified)' });
  const attachments = input.attachments ?? [];
  if (attachments.length > MAX_ATTACHMENTS) problems.push({ where: 'attachments', zh: `附件最多 ${MAX_ATTACHMENTS} 个`, en: `at most ${MAX_ATTACHMENTS} attachments` });
  attachments.forEach((a, k) => {
    if (!/^[0-9a-f]{64}$/.test(a.sha256)) problems.push({ where: `attachments[${k}].sha256`, zh: '附件哈希应为 64 位小写十六进制 SHA-256', en: 'an attachment hash is 64 lower-case hex digits (SHA-256)' });
    if (!a.name.trim()) problems.push({ where: `attachments[${k}].name`, zh: '附件需要文件名', en: 'an attachment needs its file name' });
  });
  if (input.date !== undefined && !isDate(input.date)) problems.push({ where: 'date', zh: `日期应为 YYYY-MM-DD，实际为「${input.date}」`, en: `date must be a date YYYY-MM-DD, got "${input.date}"` });
  if (problems.length > 0) throw invalid(problems);
  checkRepairable(db, compiled, input.scheme, input.entity, input.date ?? todayInBeijing(), 'entity');
  return db.transaction(() => {
    const pending = sql(db, `${SELECT} WHERE a.scheme_id = ? AND a.entity_id = ? AND a.list_id = ? AND d.decision IS NULL`).get(input.scheme, input.entity, input.list) as Row | undefined;
    if (pending) throw conflict(`repair:${pending.id}`, `该企业对此名单已有待决定的修复申请（${pending.id}）`, `this enterprise already has an application for this list awaiting a decision (${pending.id})`);
    const id = Number(sql(db, 'INSERT INTO repair_applications (scheme_id, entity_id, list_id, grounds, attachments_json, applied_by, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(input.scheme, input.entity, input.list, input.grounds.trim(), JSON.stringify(attachments.map((a) => ({ name: a.name.trim(), sha256: a.sha256 }))), actor.id, nowIso()).lastInsertRowid);
    appendAudit(db, actor, { action: 'repair.apply', target: `register:${input.scheme}`, detail: { applicationId: id, entity: input.entity, list: input.list, attachments: attachments.length } });
    return getRepairApplication(db, id);
  }).immediate();
}

export function getRepairApplication(db: Db, id: number): RepairApplication {
  const r = sql(db, `${SELECT} WHERE a.id = ?`).get(id) as Row | undefined;
  if (!r) throw notFound(`repair:${id}`, `修复申请 ${id}`, `repair application ${id}`);
  return toApplication(r);
}

/** Oldest first; an enterprise's own only when `entity` is given. */
export function listRepairApplications(db: Db, filter: { scheme?: string; entity?: string } = {}): RepairApplication[] {
  const where: string[] = [];
  const args: string[] = [];
  if (filter.scheme) { where.push('a.scheme_id = ?'); args.push(filter.scheme); }
  if (filter.entity) { where.push('a.entity_id = ?'); args.push(filter.entity); }
  return (sql(db, `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id`).all(...args) as Row[]).map(toApplication);
}

export interface DecisionInput {
  decision: 'approve' | 'refuse';
  reason: string;
  /** The day an approved repair takes effect (default: today, 北京时间). */
  effective?: string;
}

export function decideRepair(db: Db, actor: Actor, id: number, input: DecisionInput): RepairApplication {
  const app = getRepairApplication(db, id);
  if (app.decision) throw conflict(`repair:${id}`, `修复申请 ${id} 已经决定（${app.decision.decision}）`, `repair application ${id} has been decided already (${app.decision.decision})`);
  if (!input.reason.trim()) throw invalid([{ where: 'reason', zh: '决定需要写明理由', en: 'a decision needs its reason' }]);
  const approve = input.decision === 'approve';
  const effective = approve ? input.effective ?? todayInBeijing() : null;
  if (effective !== null && !isDate(effective)) throw invalid([{ where: 'effective', zh: `生效日期应为 YYYY-MM-DD，实际为「${effective}」`, en: `effective must be a date YYYY-MM-DD, got "${effective}"` }]);
  const compiled = registerPlan(db, app.scheme);
  if (effective !== null) checkRepairable(db, compiled, app.scheme, app.entity, effective, 'effective');
  return db.transaction(() => {
    if (getRepairApplication(db, id).decision) throw conflict(`repair:${id}`, `修复申请 ${id} 已经决定`, `repair application ${id} has been decided already`);
    const key = effective === null ? null : addRegisterRecord(db, actor, app.scheme, { entity: app.entity, date: effective, type: repairTypeOf(compiled)!, fields: {} }, `repair-application:${id}`);
    sql(db, 'INSERT INTO repair_decisions (application_id, decision, reason, effective, register_key, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, approve ? 'approved' : 'refused', input.reason.trim(), effective, key, actor.id, nowIso());
    appendAudit(db, actor, { action: approve ? 'repair.approve' : 'repair.refuse', target: `register:${app.scheme}`, detail: { applicationId: id, entity: app.entity, reason: input.reason.trim(), effective, registerKey: key } });
    return getRepairApplication(db, id);
  }).immediate();
}
