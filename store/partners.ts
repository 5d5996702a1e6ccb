/**
 * Partners: staff of another government (用于政府间信息交流而非对公众开放). A partner account reads
 * the published results of the rounds it is bound to — by round, or every round of a scheme —
 * and, where a round's lead grants it, that round's results before publication. It writes
 * nothing (no route lets the role write) and every request it makes is in the audit log.
 * A scope or a grant is revoked by a row of its own (with its reason, audit-logged); from then
 * on it reads as if it had never been given.
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
  id: number;
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

const LIVE_SCOPE = 'NOT EXISTS (SELECT 1 FROM partner_revocations v WHERE v.scope_id = s.id)';
const LIVE_GRANT = 'NOT EXISTS (SELECT 1 FROM partner_revocations v WHERE v.grant_id = g.id)';

/** The partner's scopes in force (not revoked). */
export function partnerScopes(db: Db, accountId: number): PartnerScope[] {
  return (sql(db, `SELECT id, account_id, round_id, scheme_id, created_at FROM partner_scopes s WHERE account_id = ? AND ${LIVE_SCOPE} ORDER BY id`).all(accountId) as
    { id: number; account_id: number; round_id: number | null; scheme_id: string | null; created_at: string }[])
    .map((r) => ({ id: r.id, accountId: r.account_id, roundId: r.round_id, schemeId: r.scheme_id, createdAt: r.created_at }));
}

/** The partner is bound to this round (by itself or by its scheme). */
export function partnerInScope(db: Db, accountId: number, round: Pick<Round, 'id' | 'schemeId'>): boolean {
  return sql(db, `SELECT 1 FROM partner_scopes s WHERE account_id = ? AND (round_id = ? OR scheme_id = ?) AND ${LIVE_SCOPE}`).get(accountId, round.id, round.schemeId) !== undefined;
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
    const id = Number(sql(db, 'INSERT INTO partner_grants (round_id, account_id, reason, granted_by, granted_at) VALUES (?, ?, ?, ?, ?)').run(roundId, accountId, reason.trim(), actor.id, at).lastInsertRowid);
    appendAudit(db, actor, { action: 'partner.grant', target: `round:${roundId}`, detail: { accountId, reason: reason.trim() } });
    return { id, roundId, accountId, reason: reason.trim(), grantedAt: at };
  }).immediate();
}

export function partnerGranted(db: Db, roundId: number, accountId: number): boolean {
  return liveGrant(db, roundId, accountId) !== undefined;
}

function liveGrant(db: Db, roundId: number, accountId: number): number | undefined {
  return (sql(db, `SELECT id FROM partner_grants g WHERE round_id = ? AND account_id = ? AND ${LIVE_GRANT}`).get(roundId, accountId) as { id: number } | undefined)?.id;
}

/** The round's grants in force (not revoked). */
export function partnerGrants(db: Db, roundId: number): PartnerGrant[] {
  return (sql(db, `SELECT id, round_id, account_id, reason, granted_at FROM partner_grants g WHERE round_id = ? AND ${LIVE_GRANT} ORDER BY granted_at, id`).all(roundId) as
    { id: number; round_id: number; account_id: number; reason: string; granted_at: string }[])
    .map((r) => ({ id: r.id, roundId: r.round_id, accountId: r.account_id, reason: r.reason, grantedAt: r.granted_at }));
}

/** The partner accounts bound to the round (by itself or its scheme), with scopes in force. */
export function partnersOfRound(db: Db, round: Pick<Round, 'id' | 'schemeId'>): { accountId: number; name: string }[] {
  return (sql(db, `SELECT DISTINCT a.id, a.name FROM partner_scopes s JOIN accounts a ON a.id = s.account_id
    WHERE (s.round_id = ? OR s.scheme_id = ?) AND a.role = 'partner' AND a.disabled = 0 AND ${LIVE_SCOPE} ORDER BY a.id`).all(round.id, round.schemeId) as { id: number; name: string }[])
    .map((r) => ({ accountId: r.id, name: r.name }));
}

export interface PartnerRevocation {
  accountId: number;
  /** The scope revoked (an administrator's act), or the round whose grant was (the lead's). */
  scopeId: number | null;
  roundId: number | null;
  reason: string;
  revokedAt: string;
}

function revocationReason(reason: string): string {
  if (!reason.trim()) throw invalid([{ where: 'reason', zh: '请说明撤销的原因', en: 'say why it is revoked' }]);
  return reason.trim();
}

/** An administrator revokes one of a partner's scopes: its rounds are no longer the partner's to read (grants included). */
export function revokePartnerScope(db: Db, actor: Actor, accountId: number, scopeId: number, reason: string): PartnerRevocation {
  const why = revocationReason(reason);
  return db.transaction(() => {
    partnerAccount(db, accountId, 'accountId');
    const scope = partnerScopes(db, accountId).find((x) => x.id === scopeId);
    if (!scope) throw notFound(`account:${accountId}.scopes.${scopeId}`, `合作方账户 ${accountId} 现行的查看范围 ${scopeId}（已撤销的不能再撤销）`, `scope ${scopeId} in force for partner ${accountId} (a revoked one can't be revoked again)`);
    const at = nowIso();
    sql(db, 'INSERT INTO partner_revocations (scope_id, reason, revoked_by, revoked_at) VALUES (?, ?, ?, ?)').run(scopeId, why, actor.id, at);
    appendAudit(db, actor, { action: 'partner.scope.revoke', target: `account:${accountId}`, detail: { scopeId, roundId: scope.roundId, schemeId: scope.schemeId, reason: why } });
    return { accountId, scopeId, roundId: scope.roundId, reason: why, revokedAt: at };
  }).immediate();
}

/** The round's lead withdraws a partner's reading of its results before publication. */
export function revokePartnerGrant(db: Db, actor: Actor, roundId: number, accountId: number, reason: string): PartnerRevocation {
  const why = revocationReason(reason);
  return db.transaction(() => {
    getRound(db, roundId);
    const grant = liveGrant(db, roundId, accountId);
    if (grant === undefined) throw notFound(`round:${roundId}.partners.${accountId}`, `轮次 ${roundId} 对合作方 ${accountId} 现行的发布前授权`, `a grant in force of round ${roundId} to partner ${accountId}`);
    const at = nowIso();
    sql(db, 'INSERT INTO partner_revocations (grant_id, reason, revoked_by, revoked_at) VALUES (?, ?, ?, ?)').run(grant, why, actor.id, at);
    appendAudit(db, actor, { action: 'partner.grant.revoke', target: `round:${roundId}`, detail: { accountId, reason: why } });
    return { accountId, scopeId: null, roundId, reason: why, revokedAt: at };
  }).immediate();
}
