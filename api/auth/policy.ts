/**
 * Who may do what (README: Roles): admin manages accounts and schemes; an office works on its
 * own rounds only; leadership reads everything, published or not; an auditor reads everything,
 * reruns and exports; the public reads published results only, and only if the deployment
 * allows it. Every route calls one of these before it touches anything.
 */
import type { FastifyRequest } from 'fastify';
import { actorOf, appendAudit, isParticipant, isRunPublished, partnerGranted, partnerInScope, roundParticipants, type Actor, type Principal, type Role, type Round, type Run, SYSTEM } from '../../store/index.js';
import { forbidden, unauthorized } from '../errors.js';

export const ROLE_NAMES: Record<Role, string> = { admin: '管理员', office: '考核办', leadership: '领导', auditor: '审计', public: '公众', partner: '合作方', enterprise: '企业' };

export function actor(req: FastifyRequest): Actor {
  return req.principal ? actorOf(req.principal) : { ...SYSTEM, label: 'anonymous' };
}

/** The principal, if it has one of `roles`: 401 without one, 403 with another role. */
export function requireRole(req: FastifyRequest, roles: readonly Role[]): Principal {
  const p = req.principal;
  if (!p) throw unauthorized();
  checkRole(p, roles);
  return p;
}

/** 403 unless the principal has one of `roles`. */
export function checkRole(p: Principal, roles: readonly Role[]): void {
  if (!roles.includes(p.role)) {
    throw forbidden(`此操作需要以下角色之一：${roles.map((r) => ROLE_NAMES[r]).join('、')}（当前为${ROLE_NAMES[p.role]}）`, `this needs one of the roles ${roles.join(', ')} (you are ${p.role})`);
  }
}

/** How much of a round the reader may see: everything, or its published results only. */
export type RoundAccess = 'full' | 'published';

export function roundAccess(req: FastifyRequest, round: Round): RoundAccess {
  const p = req.principal;
  if (!p) {
    if (!req.server.settings.publicResults) throw unauthorized();
    return 'published';
  }
  if (p.role === 'partner') {
    if (!partnerInScope(req.server.store, p.accountId, round)) {
      throw forbidden(`轮次 ${round.id} 不在本合作方账户的查看范围内`, `round ${round.id} is not one this partner account may read`);
    }
    return partnerGranted(req.server.store, round.id, p.accountId) ? 'full' : 'published';
  }
  if (p.role === 'leadership' || p.role === 'auditor') return 'full';
  if (p.role === 'office' && p.officeId === round.officeId) return 'full';
  return 'published';
}

/** Whether the reader may read anything of the round at all: a partner only the rounds it is bound to. */
export function mayReadRound(req: FastifyRequest, round: Round): boolean {
  const p = req.principal;
  return p?.role !== 'partner' || partnerInScope(req.server.store, p.accountId, round);
}

/** Only the office that owns the round (a joint round's lead) may open, score, publish it. */
export function requireRoundOwner(req: FastifyRequest, round: Round): Principal {
  const p = requireRole(req, ['office']);
  if (p.officeId !== round.officeId) {
    if (isParticipant(req.server.store, round, p.officeId)) {
      throw forbidden(`轮次 ${round.id} 由牵头单位开启、评分和发布：参与单位只上传、更正和确认本单位对象的数据`, `round ${round.id} is opened, scored and published by its lead office: a participant uploads, corrects and confirms its own entities' data only`);
    }
    throw forbidden(`轮次 ${round.id} 属于其他考核办，无权操作`, `round ${round.id} belongs to another office: you can't change it`);
  }
  return p;
}

/** The reader's office takes part in this joint round (the lead included). */
export function isRoundParticipant(req: FastifyRequest, round: Round): boolean {
  const p = req.principal;
  return p !== null && p.role === 'office' && isParticipant(req.server.store, round, p.officeId);
}

/** Who sends a round's data: its office, or in a joint round each participating office (its own entities). */
export function requireRoundUploader(req: FastifyRequest, round: Round): Principal {
  if (roundParticipants(req.server.store, round).length === 0) return requireRoundOwner(req, round);
  const p = requireRole(req, ['office']);
  if (!isParticipant(req.server.store, round, p.officeId)) {
    throw forbidden(`本单位不是轮次 ${round.id} 的参与单位，无权上传或查看其数据`, `your office does not take part in round ${round.id}: you can't send or see its data`);
  }
  return p;
}

/** Unpublished data need full access to the round; for published-only readers, 401 if anonymous, else 403. */
export function requireUnpublishedAccess(req: FastifyRequest, round: Round, what: { zh: string; en: string }): void {
  if (roundAccess(req, round) === 'full') return;
  if (!req.principal) throw unauthorized(`${what.zh}尚未发布：请登录后查看`, `${what.en} not published: log in to see it`);
  throw forbidden(`${what.zh}尚未发布，您的角色无权查看`, `${what.en} not published, and your role may not see it`);
}

/**
 * A run's results may be read: published, or by a reader with full access to the round —
 * whose read of unpublished results is then written to the audit log.
 */
export function checkRunRead(req: FastifyRequest, round: Round, run: Run, what: string): void {
  roundAccess(req, round);
  if (isRunPublished(req.server.store, run.id)) return;
  requireUnpublishedAccess(req, round, { zh: `运行 ${run.id} 的结果`, en: `the results of run ${run.id} are` });
  auditRead(req, round, what, { runId: run.id });
}

/** Record a read of unpublished data. */
export function auditRead(req: FastifyRequest, round: Round, what: string, detail: Record<string, unknown> = {}): void {
  appendAudit(req.server.store, actor(req), { action: 'read.unpublished', target: `round:${round.id}`, detail: { what, path: req.url, ...detail } });
}
