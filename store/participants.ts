/**
 * Joint rounds: one round shared by several offices (统一标准下的都市圈评价). The round's office is
 * the lead: it opens, scores and publishes. Every participating office (the lead among them)
 * sends, corrects and sees before publication only the entities the roster gives it (its
 * `office`), and confirms its data complete; the lead scores when every participant has
 * confirmed its latest file, or overrides with a reason that goes to the audit log.
 * A round without participants is one office's, as before.
 */
import { appendAudit, type Actor } from './audit.js';
import type { Db } from './db.js';
import { conflict } from './errors.js';
import { getOffice, type Office } from './accounts.js';
import { rosterEntities, rosterOwners } from './rosters.js';
import type { Round } from './rounds.js';
import { getSchemeVersion } from './schemes.js';
import { sql } from './statements.js';
import { nowIso } from './time.js';
import type { Problem } from '../indicators/index.js';

/** The round's participating offices, the lead first; empty for a round of one office. */
export function roundParticipants(db: Db, round: Pick<Round, 'id' | 'officeId'>): string[] {
  const ids = (sql(db, 'SELECT office_id FROM round_participants WHERE round_id = ? ORDER BY office_id').all(round.id) as { office_id: string }[]).map((r) => r.office_id);
  return ids.length === 0 ? [] : [round.officeId, ...ids.filter((id) => id !== round.officeId)];
}

export function isParticipant(db: Db, round: Pick<Round, 'id' | 'officeId'>, officeId: string | null): boolean {
  return officeId !== null && roundParticipants(db, round).includes(officeId);
}

/**
 * What is wrong with these participants for a round of `lead` on this roster: an office that
 * doesn't exist, one named twice, an entity without an office or with an office not taking part,
 * a participant with no entity. The lead takes part whether listed or not.
 */
export function participantProblems(db: Db, lead: string, participants: readonly string[], rosterId: number, subject: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  participants.forEach((id, i) => {
    const where = `participants[${i}]`;
    if (seen.has(id)) problems.push({ where, zh: `参与单位「${id}」重复`, en: `participant ${id} is listed twice` });
    seen.add(id);
    if (!sql(db, 'SELECT 1 FROM offices WHERE id = ?').get(id)) {
      problems.push({ where, zh: `参与单位「${id}」不是已登记的考核办：参与单位须为考核办（单位）编号，见 GET /api/offices`, en: `participant "${id}" is not a registered office: participants are office ids (GET /api/offices)` });
    }
  });
  if (problems.length > 0) return problems;
  const all = new Set([lead, ...participants]);
  const owners = rosterOwners(db, rosterId, subject);
  if (!owners) return [{ where: 'rosterId', zh: `名单 ${rosterId} 没有列出本方案的评价对象，联合轮次无法分配各单位负责的对象`, en: `roster ${rosterId} lists none of this scheme's entities, so a joint round can't give each office its own` }];
  const unowned = [...owners].filter(([, o]) => o === null).map(([id]) => id);
  if (unowned.length > 0) {
    problems.push({ where: 'rosterId', zh: `名单 ${rosterId} 中有 ${unowned.length} 个对象未注明所属考核办（如 ${unowned.slice(0, 5).join('、')}）：联合轮次的名单须为每个对象注明 office`, en: `roster ${rosterId} has ${unowned.length} entities without an office (e.g. ${unowned.slice(0, 5).join(', ')}): a joint round's roster names each entity's office` });
  }
  const outside = [...owners].filter(([, o]) => o !== null && !all.has(o));
  if (outside.length > 0) {
    const offices = [...new Set(outside.map(([, o]) => o))];
    problems.push({ where: 'participants', zh: `名单中 ${outside.length} 个对象属于未参与本轮的单位 ${offices.join('、')}（如 ${outside[0][0]}）：请把这些单位列为参与单位`, en: `${outside.length} entities of the roster belong to ${offices.join(', ')}, not taking part (e.g. ${outside[0][0]}): list those offices as participants` });
  }
  const owning = new Set(owners.values());
  for (const id of all) {
    if (!owning.has(id)) problems.push({ where: 'participants', zh: `单位「${id}」在名单 ${rosterId} 中没有负责的对象`, en: `office ${id} has no entity on roster ${rosterId}` });
  }
  return problems;
}

/** Record the participants of a new round, inside the caller's transaction. */
export function addParticipants(db: Db, roundId: number, lead: string, participants: readonly string[]): void {
  const insert = sql(db, 'INSERT INTO round_participants (round_id, office_id) VALUES (?, ?)');
  for (const id of new Set([lead, ...participants])) insert.run(roundId, id);
}

/** The entities an office sends in a joint round (id → name); null for a round of one office. */
export function participantEntities(db: Db, round: Round, officeId: string): Map<string, string> | null {
  if (roundParticipants(db, round).length === 0) return null;
  const subject = getSchemeVersion(db, round.schemeId, round.schemeVersion).subject;
  const owners = rosterOwners(db, round.rosterId, subject) ?? new Map<string, string | null>();
  const names = rosterEntities(db, round.rosterId, subject) ?? new Map<string, string>();
  return new Map([...owners].filter(([, o]) => o === officeId).map(([id]) => [id, names.get(id) ?? id]));
}

export interface ParticipantState {
  office: Office;
  lead: boolean;
  /** Entities the roster gives the office. */
  entities: number;
  /** The office's latest accepted file, if any. */
  lastSubmissionId: number | null;
  lastSubmissionAt: string | null;
  /** The office confirmed its latest file: its data are complete ("submitted"). */
  submitted: boolean;
  confirmedAt: string | null;
}

/** Each participant's state, the lead first; empty for a round of one office. */
export function participantStates(db: Db, round: Round): ParticipantState[] {
  const ids = roundParticipants(db, round);
  if (ids.length === 0) return [];
  const subject = getSchemeVersion(db, round.schemeId, round.schemeVersion).subject;
  const owners = [...(rosterOwners(db, round.rosterId, subject) ?? new Map<string, string | null>()).values()];
  return ids.map((id) => {
    const last = sql(db, 'SELECT id, uploaded_at FROM submissions WHERE round_id = ? AND office_id = ? ORDER BY id DESC LIMIT 1').get(round.id, id) as { id: number; uploaded_at: string } | undefined;
    const confirmation = sql(db, 'SELECT submission_id, confirmed_at FROM participant_confirmations WHERE round_id = ? AND office_id = ? ORDER BY id DESC LIMIT 1').get(round.id, id) as { submission_id: number; confirmed_at: string } | undefined;
    const submitted = last !== undefined && confirmation?.submission_id === last.id;
    return {
      office: getOffice(db, id), lead: id === round.officeId, entities: owners.filter((o) => o === id).length,
      lastSubmissionId: last?.id ?? null, lastSubmissionAt: last?.uploaded_at ?? null, submitted, confirmedAt: submitted ? confirmation!.confirmed_at : null,
    };
  });
}

/** A participant confirms its latest file: its data for the round are complete. */
export function confirmParticipant(db: Db, actor: Actor, round: Round, officeId: string): ParticipantState {
  return db.transaction(() => {
    if (!isParticipant(db, round, officeId)) {
      throw conflict(`round:${round.id}.participants`, `单位「${officeId}」不是本轮的参与单位`, `office ${officeId} does not take part in round ${round.id}`);
    }
    if (round.status === 'draft' || round.status === 'archived') {
      throw conflict(`round:${round.id}.status`, round.status === 'draft' ? '轮次仍是草稿，尚未开始收集数据' : '轮次已归档', round.status === 'draft' ? 'the round is still a draft, not collecting data' : 'the round is archived');
    }
    const state = participantStates(db, round).find((p) => p.office.id === officeId)!;
    if (state.lastSubmissionId === null) {
      throw conflict(`round:${round.id}.participants`, '本单位尚未上传任何数据：请先上传本单位对象的填报文件，再确认', 'your office has sent no data yet: upload your entities\' file first, then confirm');
    }
    if (state.submitted) return state;
    const at = nowIso();
    sql(db, 'INSERT INTO participant_confirmations (round_id, office_id, submission_id, confirmed_by, confirmed_at) VALUES (?, ?, ?, ?, ?)').run(round.id, officeId, state.lastSubmissionId, actor.id, at);
    appendAudit(db, actor, { action: 'participant.confirm', target: `round:${round.id}`, detail: { office: officeId, submissionId: state.lastSubmissionId } });
    return { ...state, submitted: true, confirmedAt: at };
  }).immediate();
}

/**
 * Before the lead scores a joint round, inside the run request's transaction: every participant
 * has confirmed its latest file, or the lead overrides with a reason (audit-logged with who had not).
 */
export function checkConfirmations(db: Db, actor: Actor, round: Round, override: string | null | undefined): void {
  const waiting = participantStates(db, round).filter((p) => !p.submitted);
  if (waiting.length === 0) return;
  const names = waiting.map((p) => p.office);
  if (!override?.trim()) {
    throw conflict(`round:${round.id}.participants`,
      `尚有参与单位未确认其数据：${names.map((o) => o.name.zh).join('、')}。请等待其确认，或填写理由（override）后强制评分`,
      `participants have not confirmed their data yet: ${names.map((o) => o.name.en).join(', ')}. Wait for them, or give a reason (override) to score anyway`);
  }
  appendAudit(db, actor, { action: 'participant.override', target: `round:${round.id}`, detail: { reason: override.trim(), unconfirmed: names.map((o) => o.id) } });
}

/**
 * In a joint round, the rows of a file from `officeId` must all be its own entities: the others
 * are named and the file refused. Blank rows (another office's rows of the template) are out already.
 */
export function foreignEntityProblems(db: Db, round: Round, officeId: string | null, ids: readonly string[], fileName: string): Problem[] {
  if (roundParticipants(db, round).length === 0) return [];
  const subject = getSchemeVersion(db, round.schemeId, round.schemeVersion).subject;
  const owners = rosterOwners(db, round.rosterId, subject) ?? new Map<string, string | null>();
  const names = rosterEntities(db, round.rosterId, subject) ?? new Map<string, string>();
  const office = (id: string | null | undefined): { zh: string; en: string } => {
    if (!id) return { zh: '（无）', en: '(none)' };
    const o = getOffice(db, id);
    return o.name;
  };
  const problems: Problem[] = [];
  for (const id of ids) {
    const owner = owners.get(id);
    if (owner === officeId) continue;
    const o = office(owner);
    problems.push({
      where: `${fileName} ${id}`,
      zh: `「${names.get(id) ?? id}」（${id}）由${o.zh}负责，不是本单位的对象：联合轮次中每个单位只上传本单位的对象`,
      en: `${id} (${names.get(id) ?? id}) is sent by ${o.en}, not by your office: in a joint round each office uploads its own entities only`,
    });
    if (problems.length >= 100) break;
  }
  return problems;
}
