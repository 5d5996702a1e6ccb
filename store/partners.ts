/**
 * Partners: staff of another government (用于政府间信息交流而非对公众开放). A partner account reads
 * the published results of the rounds it is bound to — by round, or every round of a scheme —
 * and, where a round's lead grants it, that round's results before publication. It writes
 * nothing (no route lets the role write) and every request it makes is in the audit log.
 */
import { appendAudit, type Actor } from './audit.js';
import { getAccount } from './accounts.js';
import type { Db } from './db.js';
import { conflict, invalid, notFound } from './errors.js';
import { getRound, type Round } from './rounds.js';
import { nowIso } from './time.js';
import { sql } from './statements.js';

export interface PartnerScope {
  id: number;
  accountId: number;
  roundId: number | null;
  schemeId: string | null;
  createdAt: string;
}

export interface PartnerGrant {
  roundId: number;
  accountId: number;
  reason: string;
  grantedAt: string;
}

function partnerAccount(db: Db, accountId: number, where: string): void {
  const a = getAccount(db, accountId);
  if (a.role !== 'partner') {
    throw invalid([{ where, zh: `账户 ${accountId}（${a.name}）的角色是「${a.role}」，不是合作方（partner）`, en: `account ${accountId} (${a.name}) is ${a.role}, not a partner` }]);
  }
}

/** Bind a partner to a round or to every round of a scheme (an administrator's act). */
export function addPartnerScope(db: Db, actor: Actor, accountId: number, scope: { roundId?: number; schemeId?: string }): PartnerScope {
  if ((scope.roundId === undefined) === (scope.schemeId === undefined)) {
    throw invalid([{ where: 'roundId', zh: '请指定 roundId（一个轮次）或 schemeId（一个方案的各轮次）二者之一', en: 'give one of roundId (a round) or schemeId (every round of a scheme)' }]);
  }
  return db.transaction(() => {
    partnerAccount(db, accountId, 'accountId');
    if (scope.roundId !== undefined) getRound(db, scope.roundId);
    if (scope.schemeId !== undefined && !sql(db, 'SELECT 1 FROM schemes WHERE id = ?').get(scope.schemeId)) throw notFound(`scheme:${scope.schemeId}`, `方案「${scope.schemeId}」`, `scheme ${scope.schemeId}`);
    const id = Number(sql(db, 'INSERT INTO partner_scopes (account_id, round_id, scheme_id, created_by, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(accountId, scope.roundId ?? null, scope.schemeId ?? null, actor.id, nowIso()).lastInsertRowid);
    appendAudit(db, actor, { action: 'partner.scope', target: `account:${accountId}`, detail: { scopeId: id, roundId: scope.roundId ?? null, schemeId: scope.schemeId ?? null } });
    return partnerScopes(db, accountId).find((s) => s.id === id)!;
  }).immediate();
}

export function partnerScopes(db: Db, accountId: number): PartnerScope[] {
  return (sql(db, 'SELECT id, account_id, round_id, scheme_id, created_at FROM partner_scopes WHERE account_id = ? ORDER BY id').all(accountId) as
    { id: number; account_id: number; round_id: number | null; scheme_id: string | null; created_at: string }[])
    .map((r) => ({ id: r.id, accountId: r.account_id, roundId: r.round_id, schemeId: r.scheme_id, createdAt: r.created_at }));
}

/** The partner is bound to this round (by itself or by its scheme). */
export function partnerInScope(db: Db, accountId: number, round: Pick<Round, 'id' | 'schemeId'>): boolean {
  return sql(db, 'SELECT 1 FROM partner_scopes WHERE account_id = ? AND (round_id = ? OR scheme_id = ?)').get(accountId, round.id, round.schemeId) !== undefined;
}

/** The round's lead lets a partner bound to it read its results before publication. */
export function grantPartner(db: Db, actor: Actor, roundId: number, accountId: number, reason: string): PartnerGrant {
  if (!reason.trim()) throw invalid([{ where: 'reason', zh: '请说明为何在发布前向合作方提供结果', en: 'say why the partner may read the results before publication' }]);
  return db.transaction(() => {
    const round = getRound(db, roundId);
    partnerAccount(db, accountId, 'accountId');
    if (!partnerInScope(db, accountId, round)) {
      throw invalid([{ where: 'accountId', zh: `合作方账户 ${accountId} 未被授权查看轮次 ${roundId}：请管理员先为其绑定本轮或本方案`, en: `partner ${accountId} is not bound to round ${roundId}: an administrator binds it to the round or its scheme first` }]);
    }
    if (partnerGranted(db, roundId, accountId)) throw conflict(`round:${roundId}.partners`, `合作方 ${accountId} 已可查看本轮未发布结果`, `partner ${accountId} may already read this round's unpublished results`);
    const at = nowIso();
    sql(db, 'INSERT INTO partner_grants (round_id, account_id, reason, granted_by, granted_at) VALUES (?, ?, ?, ?, ?)').run(roundId, accountId, reason.trim(), actor.id, at);
    appendAudit(db, actor, { action: 'partner.grant', target: `round:${roundId}`, detail: { accountId, reason: reason.trim() } });
    return { roundId, accountId, reason: reason.trim(), grantedAt: at };
  }).immediate();
}

export function partnerGranted(db: Db, roundId: number, accountId: number): boolean {
  return sql(db, 'SELECT 1 FROM partner_grants WHERE round_id = ? AND account_id = ?').get(roundId, accountId) !== undefined;
}

export function partnerGrants(db: Db, roundId: number): PartnerGrant[] {
  return (sql(db, 'SELECT round_id, account_id, reason, granted_at FROM partner_grants WHERE round_id = ? ORDER BY granted_at').all(roundId) as
    { round_id: number; account_id: number; reason: string; granted_at: string }[])
    .map((r) => ({ roundId: r.round_id, accountId: r.account_id, reason: r.reason, grantedAt: r.granted_at }));
}
