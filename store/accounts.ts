/**
 * Offices, accounts, bearer tokens and web sessions. A token or session secret is shown once,
 * when it is made; only its SHA-256 is stored, so a copy of the database gives no one a way in.
 * Every token expires; a revoked token also ends the sessions opened with it.
 */
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../indicators/index.js';
import { isValidUscc } from '../io/index.js';
import { appendAudit, type Actor } from './audit.js';
import type { Db } from './db.js';
import { nowIso } from './time.js';
import { conflict, invalid, notFound } from './errors.js';
import { sql } from './statements.js';

export const ROLES = ['admin', 'office', 'leadership', 'auditor', 'public', 'partner', 'enterprise'] as const;
export type Role = (typeof ROLES)[number];

export interface Office {
  id: string;
  name: { zh: string; en: string };
}

export interface Account {
  id: number;
  name: string;
  role: Role;
  officeId: string | null;
  /** An enterprise account's unified social credit code (null for every other role). */
  uscc: string | null;
  disabled: boolean;
  createdAt: string;
}

/** Who a request acts as: the account behind a valid token or session. */
export interface Principal {
  accountId: number;
  name: string;
  role: Role;
  officeId: string | null;
  /** The enterprise an enterprise account speaks for. */
  uscc: string | null;
  tokenId: number;
}

export function actorOf(p: Principal): Actor {
  return { id: p.accountId, label: `${p.name} (${p.role})` };
}

const DAY_MS = 86_400_000;

export function createOffice(db: Db, actor: Actor, office: Office): Office {
  if (!/^[a-z0-9-]{1,64}$/.test(office.id)) {
    throw invalid([{ where: 'id', zh: `单位编号「${office.id}」只能由小写字母、数字和 - 组成（1–64 个字符）`, en: `office id "${office.id}" may use lower-case letters, digits and - only (1–64 characters)` }]);
  }
  return db.transaction(() => {
    if (sql(db, 'SELECT 1 FROM offices WHERE id = ?').get(office.id)) throw conflict(`office:${office.id}`, `单位「${office.id}」已存在`, `office ${office.id} already exists`);
    sql(db, 'INSERT INTO offices (id, name_zh, name_en, created_at) VALUES (?, ?, ?, ?)').run(office.id, office.name.zh, office.name.en, nowIso());
    appendAudit(db, actor, { action: 'office.create', target: `office:${office.id}`, detail: { name: office.name } });
    return office;
  }).immediate();
}

export function listOffices(db: Db): Office[] {
  return (sql(db, 'SELECT id, name_zh, name_en FROM offices ORDER BY id').all() as { id: string; name_zh: string; name_en: string }[])
    .map((o) => ({ id: o.id, name: { zh: o.name_zh, en: o.name_en } }));
}

export function getOffice(db: Db, id: string): Office {
  const o = sql(db, 'SELECT id, name_zh, name_en FROM offices WHERE id = ?').get(id) as { id: string; name_zh: string; name_en: string } | undefined;
  if (!o) throw notFound(`office:${id}`, `单位「${id}」`, `office ${id}`);
  return { id: o.id, name: { zh: o.name_zh, en: o.name_en } };
}

interface AccountRow {
  id: number;
  name: string;
  role: Role;
  office_id: string | null;
  uscc: string | null;
  disabled: number;
  created_at: string;
}

const toAccount = (r: AccountRow): Account => ({ id: r.id, name: r.name, role: r.role, officeId: r.office_id, uscc: r.uscc, disabled: r.disabled === 1, createdAt: r.created_at });

export function createAccount(db: Db, actor: Actor, input: { name: string; role: Role; officeId?: string | null; uscc?: string | null }): Account {
  const problems = [];
  if (!input.name.trim()) problems.push({ where: 'name', zh: '账户名不能为空', en: 'the account needs a name' });
  if (!ROLES.includes(input.role)) problems.push({ where: 'role', zh: `角色应为 ${ROLES.join('、')} 之一`, en: `role must be one of ${ROLES.join(', ')}` });
  if (input.role === 'office' && !input.officeId) problems.push({ where: 'officeId', zh: '考核办账户必须指定所属单位', en: 'an office account needs its office' });
  if (input.role !== 'office' && input.officeId) problems.push({ where: 'officeId', zh: '只有考核办账户属于某个单位', en: 'only office accounts belong to an office' });
  if (input.role === 'enterprise' && !(input.uscc && isValidUscc(input.uscc))) {
    problems.push({ where: 'uscc', zh: `企业账户需要有效的统一社会信用代码（18 位，末位为 GB 32100 校验码），实际为「${input.uscc ?? ''}」`, en: `an enterprise account needs a valid unified social credit code (18 characters, the last a GB 32100 check character), got "${input.uscc ?? ''}"` });
  }
  if (input.role !== 'enterprise' && input.uscc) problems.push({ where: 'uscc', zh: '只有企业账户有统一社会信用代码', en: 'only enterprise accounts have a credit code' });
  if (problems.length > 0) throw invalid(problems);
  return db.transaction(() => {
    if (input.officeId) getOffice(db, input.officeId);
    if (sql(db, 'SELECT 1 FROM accounts WHERE name = ?').get(input.name)) throw conflict(`account:${input.name}`, `账户「${input.name}」已存在`, `account ${input.name} already exists`);
    const id = Number(sql(db, 'INSERT INTO accounts (name, role, office_id, uscc, created_at) VALUES (?, ?, ?, ?, ?)').run(input.name, input.role, input.officeId ?? null, input.uscc ?? null, nowIso()).lastInsertRowid);
    appendAudit(db, actor, { action: 'account.create', target: `account:${id}`, detail: { name: input.name, role: input.role, officeId: input.officeId ?? null, ...(input.uscc ? { uscc: input.uscc } : {}) } });
    return getAccount(db, id);
  }).immediate();
}

export function getAccount(db: Db, id: number): Account {
  const r = sql(db, 'SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  if (!r) throw notFound(`account:${id}`, `账户 ${id}`, `account ${id}`);
  return toAccount(r);
}

export function listAccounts(db: Db): Account[] {
  return (sql(db, 'SELECT * FROM accounts ORDER BY id').all() as AccountRow[]).map(toAccount);
}

export function setAccountDisabled(db: Db, actor: Actor, id: number, disabled: boolean): Account {
  return db.transaction(() => {
    getAccount(db, id);
    sql(db, 'UPDATE accounts SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
    appendAudit(db, actor, { action: disabled ? 'account.disable' : 'account.enable', target: `account:${id}` });
    return getAccount(db, id);
  }).immediate();
}

export interface IssuedToken {
  id: number;
  /** The secret: shown this once, never stored. */
  token: string;
  expiresAt: string;
}

function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function issueToken(db: Db, actor: Actor, accountId: number, options: { days: number; label?: string }): IssuedToken {
  if (!(options.days > 0 && options.days <= 3650)) {
    throw invalid([{ where: 'days', zh: '令牌有效期应为 1–3650 天', en: 'a token lives 1 to 3650 days' }]);
  }
  return db.transaction(() => {
    getAccount(db, accountId);
    const token = newSecret('kh');
    const expiresAt = new Date(Date.now() + options.days * DAY_MS).toISOString();
    const id = Number(sql(db, 'INSERT INTO tokens (account_id, secret_sha256, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(accountId, sha256Hex(token), options.label ?? '', nowIso(), expiresAt).lastInsertRowid);
    appendAudit(db, actor, { action: 'token.issue', target: `account:${accountId}`, detail: { tokenId: id, expiresAt, label: options.label ?? '' } });
    return { id, token, expiresAt };
  }).immediate();
}

export function revokeToken(db: Db, actor: Actor, tokenId: number): void {
  db.transaction(() => {
    const t = sql(db, 'SELECT account_id FROM tokens WHERE id = ?').get(tokenId) as { account_id: number } | undefined;
    if (!t) throw notFound(`token:${tokenId}`, `令牌 ${tokenId}`, `token ${tokenId}`);
    sql(db, 'UPDATE tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?').run(nowIso(), tokenId);
    sql(db, 'DELETE FROM sessions WHERE token_id = ?').run(tokenId);
    appendAudit(db, actor, { action: 'token.revoke', target: `account:${t.account_id}`, detail: { tokenId } });
  }).immediate();
}

export type Authentication = { ok: true; principal: Principal } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'disabled' };

interface TokenRow {
  token_id: number;
  expires_at: string;
  revoked_at: string | null;
  account_id: number;
  name: string;
  role: Role;
  office_id: string | null;
  uscc: string | null;
  disabled: number;
}

function check(row: TokenRow | undefined, now: string, extraExpiry?: string): Authentication {
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked_at) return { ok: false, reason: 'revoked' };
  if (row.expires_at <= now || (extraExpiry !== undefined && extraExpiry <= now)) return { ok: false, reason: 'expired' };
  if (row.disabled) return { ok: false, reason: 'disabled' };
  return { ok: true, principal: { accountId: row.account_id, name: row.name, role: row.role, officeId: row.office_id, uscc: row.uscc, tokenId: row.token_id } };
}

const TOKEN_JOIN = `SELECT t.id AS token_id, t.expires_at, t.revoked_at, a.id AS account_id, a.name, a.role, a.office_id, a.uscc, a.disabled
  FROM tokens t JOIN accounts a ON a.id = t.account_id`;

export function authenticateToken(db: Db, token: string): Authentication {
  return check(sql(db, `${TOKEN_JOIN} WHERE t.secret_sha256 = ?`).get(sha256Hex(token)) as TokenRow | undefined, nowIso());
}

/** A web session opened with a valid token; returns the session secret (for the cookie). */
export function openSession(db: Db, principal: Principal, hours: number): { secret: string; expiresAt: string } {
  return db.transaction(() => {
    const secret = newSecret('ks');
    const expiresAt = new Date(Date.now() + hours * 3_600_000).toISOString();
    sql(db, 'INSERT INTO sessions (secret_sha256, token_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(sha256Hex(secret), principal.tokenId, nowIso(), expiresAt);
    appendAudit(db, actorOf(principal), { action: 'session.open', target: `account:${principal.accountId}`, detail: { tokenId: principal.tokenId, expiresAt } });
    return { secret, expiresAt };
  }).immediate();
}

export function authenticateSession(db: Db, secret: string): Authentication {
  const row = sql(db, `SELECT s.expires_at AS session_expires, x.* FROM sessions s JOIN (${TOKEN_JOIN}) x ON x.token_id = s.token_id WHERE s.secret_sha256 = ?`)
    .get(sha256Hex(secret)) as (TokenRow & { session_expires: string }) | undefined;
  return check(row, nowIso(), row?.session_expires);
}

export function closeSession(db: Db, principal: Principal, secret: string): void {
  db.transaction(() => {
    const gone = sql(db, 'DELETE FROM sessions WHERE secret_sha256 = ?').run(sha256Hex(secret)).changes;
    if (gone > 0) appendAudit(db, actorOf(principal), { action: 'session.close', target: `account:${principal.accountId}` });
  }).immediate();
}
