/**
 * Appeals (申诉) against a published result. The entity's office (the roster's `office` for it in a
 * joint round, else the round's office) files one with its grounds and its attachments' names and
 * SHA-256 hashes (the files stay with the office; the hashes pin them). The round's lead decides:
 * rejected, with a reason; or upheld, which is a correction of the round's data (the ordinary
 * correction path, with the appeal as its reason) and then a republication of a rescored run with
 * the appeal as the republication's reason. Every step is an immutable event and an audit entry;
 * an appeal filed or upheld and not yet republished is open: the entity is "under appeal".
 */
import type { Problem } from '../indicators/index.js';
import { appendAudit, type Actor } from './audit.js';
import type { Db } from './db.js';
import { conflict, invalid, notFound } from './errors.js';
import { latestPublication, publishRun, type Publication } from './publications.js';
import { rosterOwners } from './rosters.js';
import { getRound, type Round } from './rounds.js';
import { getRun } from './runs.js';
import { getSchemeVersion } from './schemes.js';
import { loadSnapshot } from './snapshots.js';
import { sql } from './statements.js';
import { nowIso } from './time.js';

export type AppealState = 'filed' | 'upheld' | 'rejected' | 'republished';

export interface AppealAttachment {
  name: string;
  sha256: string;
}

export interface AppealEvent {
  kind: Exclude<AppealState, 'filed'>;
  reason: string | null;
  submissionId: number | null;
  publicationId: number | null;
  at: string;
}

export interface Appeal {
  id: number;
  roundId: number;
  /** The published run appealed against. */
  runId: number;
  entityId: string;
  officeId: string;
  grounds: string;
  attachments: AppealAttachment[];
  filedAt: string;
  state: AppealState;
  events: AppealEvent[];
}

export const APPEAL_LIMITS = { grounds: 5000, attachments: 20, name: 200, reason: 2000 } as const;

/**
 * The office that answers for an entity of the round: its roster office in a joint round, else
 * the round's; null for an id the roster doesn't list.
 */
export function entityOffice(db: Db, round: Round, entityId: string): string | null {
  const subject = getSchemeVersion(db, round.schemeId, round.schemeVersion).subject;
  const owners = rosterOwners(db, round.rosterId, subject);
  if (owners && !owners.has(entityId)) return null;
  return owners?.get(entityId) ?? round.officeId;
}

export interface AppealInput {
  roundId: number;
  entityId: string;
  grounds: string;
  attachments?: AppealAttachment[];
}

function inputProblems(input: AppealInput): Problem[] {
  const problems: Problem[] = [];
  if (!input.grounds.trim()) problems.push({ where: 'grounds', zh: '请写明申诉理由', en: 'give the grounds of the appeal' });
  if (input.grounds.length > APPEAL_LIMITS.grounds) problems.push({ where: 'grounds', zh: `申诉理由最多 ${APPEAL_LIMITS.grounds} 字`, en: `the grounds are ${APPEAL_LIMITS.grounds} characters at most` });
  const files = input.attachments ?? [];
  if (files.length > APPEAL_LIMITS.attachments) problems.push({ where: 'attachments', zh: `附件最多 ${APPEAL_LIMITS.attachments} 个`, en: `${APPEAL_LIMITS.attachments} attachments at most` });
  files.forEach((f, i) => {
    if (!f.name.trim() || f.name.length > APPEAL_LIMITS.name) problems.push({ where: `attachments[${i}].name`, zh: `附件名称应为 1–${APPEAL_LIMITS.name} 个字符`, en: `an attachment's name has 1 to ${APPEAL_LIMITS.name} characters` });
    if (!/^[0-9a-f]{64}$/.test(f.sha256)) {
      problems.push({ where: `attachments[${i}].sha256`, zh: `附件「${f.name}」的 SHA-256 应为 64 位十六进制小写（如 sha256sum 的输出）`, en: `the SHA-256 of "${f.name}" must be 64 lower-case hex digits (as sha256sum prints)` });
    }
  });
  return problems;
}

/** File an appeal for `officeId` against the round's published result for the entity. */
export function fileAppeal(db: Db, actor: Actor, officeId: string, input: AppealInput): Appeal {
  const problems = inputProblems(input);
  if (problems.length > 0) throw invalid(problems);
  return db.transaction(() => {
    const round = getRound(db, input.roundId);
    const publication = latestPublication(db, round.id);
    if (!publication) {
      throw conflict(`round:${round.id}`, `轮次 ${round.id} 尚未发布结果：申诉只能针对已发布的结果`, `round ${round.id} has published no results: an appeal is against a published result`);
    }
    const run = getRun(db, publication.runId);
    if (!loadSnapshot(db, run.snapshotHash).ids.includes(input.entityId)) {
      throw invalid([{ where: 'entityId', zh: `已发布的运行 ${run.id} 中没有对象「${input.entityId}」`, en: `the published run ${run.id} has no entity "${input.entityId}"` }]);
    }
    if (entityOffice(db, round, input.entityId) !== officeId) {
      throw conflict(`round:${round.id}.appeals`, `对象「${input.entityId}」不由本单位负责：申诉由其所属单位提出`, `entity ${input.entityId} is not your office's: its own office files an appeal`);
    }
    const open = listAppeals(db, { roundId: round.id, entityId: input.entityId }).find((a) => a.state === 'filed' || a.state === 'upheld');
    if (open) throw conflict(`appeal:${open.id}`, `对象「${input.entityId}」已有未办结的申诉 #${open.id}`, `entity ${input.entityId} has an open appeal already (#${open.id})`);
    const attachments = input.attachments ?? [];
    const id = Number(sql(db, 'INSERT INTO appeals (round_id, run_id, entity_id, office_id, grounds, attachments_json, filed_by, filed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(round.id, run.id, input.entityId, officeId, input.grounds.trim(), JSON.stringify(attachments), actor.id, nowIso()).lastInsertRowid);
    appendAudit(db, actor, { action: 'appeal.file', target: `round:${round.id}`, detail: { appealId: id, runId: run.id, entityId: input.entityId, office: officeId, grounds: input.grounds.trim(), attachments } });
    return getAppeal(db, id);
  }).immediate();
}

interface Row {
  id: number; round_id: number; run_id: number; entity_id: string; office_id: string; grounds: string; attachments_json: string; filed_at: string;
}

function toAppeal(db: Db, r: Row): Appeal {
  const events = (sql(db, 'SELECT kind, reason, submission_id, publication_id, at FROM appeal_events WHERE appeal_id = ? ORDER BY id').all(r.id) as
    { kind: AppealEvent['kind']; reason: string | null; submission_id: number | null; publication_id: number | null; at: string }[])
    .map((e) => ({ kind: e.kind, reason: e.reason, submissionId: e.submission_id, publicationId: e.publication_id, at: e.at }));
  return {
    id: r.id, roundId: r.round_id, runId: r.run_id, entityId: r.entity_id, officeId: r.office_id, grounds: r.grounds,
    attachments: JSON.parse(r.attachments_json) as AppealAttachment[], filedAt: r.filed_at, state: events.at(-1)?.kind ?? 'filed', events,
  };
}

export function getAppeal(db: Db, id: number): Appeal {
  const r = sql(db, 'SELECT * FROM appeals WHERE id = ?').get(id) as Row | undefined;
  if (!r) throw notFound(`appeal:${id}`, `申诉 ${id}`, `appeal ${id}`);
  return toAppeal(db, r);
}

export function listAppeals(db: Db, q: { roundId?: number; entityId?: string } = {}): Appeal[] {
  const rows = sql(db, `SELECT * FROM appeals WHERE (? IS NULL OR round_id = ?) AND (? IS NULL OR entity_id = ?) ORDER BY id`)
    .all(q.roundId ?? null, q.roundId ?? null, q.entityId ?? null, q.entityId ?? null) as Row[];
  return rows.map((r) => toAppeal(db, r));
}

/** The entity's open appeal in the round (filed, or upheld and not yet republished), if any. */
export function openAppeal(db: Db, roundId: number, entityId: string): Appeal | null {
  return listAppeals(db, { roundId, entityId }).find((a) => a.state === 'filed' || a.state === 'upheld') ?? null;
}

function expect(appeal: Appeal, state: AppealState, zh: string, en: string): void {
  if (appeal.state !== state) throw conflict(`appeal:${appeal.id}`, `申诉 #${appeal.id} 当前为「${appeal.state}」：${zh}`, `appeal #${appeal.id} is ${appeal.state}: ${en}`);
}

function addEvent(db: Db, actor: Actor, appeal: Appeal, event: Omit<AppealEvent, 'at'>): Appeal {
  sql(db, 'INSERT INTO appeal_events (appeal_id, kind, reason, submission_id, publication_id, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(appeal.id, event.kind, event.reason, event.submissionId, event.publicationId, actor.id, nowIso());
  appendAudit(db, actor, { action: `appeal.${event.kind}`, target: `round:${appeal.roundId}`, detail: { appealId: appeal.id, entityId: appeal.entityId, ...event } });
  return getAppeal(db, appeal.id);
}

const reasonProblem = (reason: string): Problem[] => (reason.trim()
  ? reason.length > APPEAL_LIMITS.reason ? [{ where: 'reason', zh: `理由最多 ${APPEAL_LIMITS.reason} 字`, en: `the reason is ${APPEAL_LIMITS.reason} characters at most` }] : []
  : [{ where: 'reason', zh: '请写明决定的理由', en: 'give the reason of the decision' }]);

/** A filed appeal that may be decided now (before its correction is uploaded). */
export function checkDecidable(db: Db, id: number, reason: string): Appeal {
  const problems = reasonProblem(reason);
  if (problems.length > 0) throw invalid(problems);
  const appeal = getAppeal(db, id);
  expect(appeal, 'filed', '只有待决定的申诉可以决定', 'only a filed appeal can be decided');
  return appeal;
}

export function rejectAppeal(db: Db, actor: Actor, id: number, reason: string): Appeal {
  return db.transaction(() => addEvent(db, actor, checkDecidable(db, id, reason), { kind: 'rejected', reason: reason.trim(), submissionId: null, publicationId: null })).immediate();
}

/** Upheld, with the correction (a submission of the round) that carries it out. */
export function upholdAppeal(db: Db, actor: Actor, id: number, reason: string, submissionId: number): Appeal {
  return db.transaction(() => addEvent(db, actor, checkDecidable(db, id, reason), { kind: 'upheld', reason: reason.trim(), submissionId, publicationId: null })).immediate();
}

/** The correction's reason and the republication's: the appeal, named. */
export function appealReason(appeal: Appeal, decision: string): string {
  return `申诉 #${appeal.id}（${appeal.entityId}）成立：${decision.trim()} / appeal #${appeal.id} (${appeal.entityId}) upheld: ${decision.trim()}`;
}

/** An upheld appeal, republished: inside the publication's transaction. */
function markAppealRepublished(db: Db, actor: Actor, id: number, roundId: number, publicationId: number): void {
  const appeal = getAppeal(db, id);
  if (appeal.roundId !== roundId) throw conflict(`appeal:${id}`, `申诉 #${id} 不属于轮次 ${roundId}`, `appeal #${id} is not one of round ${roundId}`);
  expect(appeal, 'upheld', '只有已成立（并已更正数据）的申诉可据以重新发布', 'only an upheld (and corrected) appeal is republished');
  addEvent(db, actor, appeal, { kind: 'republished', reason: null, submissionId: null, publicationId });
}

/** Republish the round with a rescored run that carries out an upheld appeal, the appeal as the reason. */
export function republishForAppeal(db: Db, actor: Actor, id: number, runId: number): Publication {
  return db.transaction(() => {
    const appeal = getAppeal(db, id);
    expect(appeal, 'upheld', '只有已成立（并已更正数据）的申诉可据以重新发布', 'only an upheld (and corrected) appeal is republished');
    const upheld = appeal.events.at(-1)!;
    const publication = publishRun(db, actor, appeal.roundId, runId, appealReason(appeal, upheld.reason ?? ''));
    markAppealRepublished(db, actor, id, appeal.roundId, publication.id);
    return publication;
  }).immediate();
}
