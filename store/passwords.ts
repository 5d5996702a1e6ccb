/**
 * Passwords beside tokens, for people who log in to the pages with an account name. Stored as
 * scrypt (node:crypto; N=2^15, r=8, p=1, 64-byte key) with a random salt per account, never the
 * password. Hashing runs on libuv's thread pool (async scrypt), so a login never stalls the
 * service. Repeated failures lock the account for a while: after LOCK_AFTER failures in a row
 * the account refuses every password, the right one too, until LOCK_MINUTES have passed.
 *
 * A web session hangs off a token (sessions.token_id): each password has its own token whose
 * secret is thrown away at once (so it can never be used as a bearer token), and the sessions of
 * a password login hang off it. A new password revokes the old one's token, ending its sessions.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { actorOf, getAccount, type Principal } from './accounts.js';
import { appendAudit, type Actor } from './audit.js';
import type { Db } from './db.js';
import { invalid } from './errors.js';
import { sql } from './statements.js';
import { sha256Hex } from '../indicators/index.js';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
export const LOCK_AFTER = 5;
export const LOCK_MINUTES = 15;

const KEY_BYTES = 64;
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
/** scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is exactly that, so it is raised a little. */
const MAXMEM = 64 * 1024 * 1024;
const PASSWORD_TOKEN_DAYS = 3650;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: MAXMEM };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (e, key) => (e ? reject(e) : resolve(key)));
  });
}

export function passwordProblems(password: unknown): { where: string; zh: string; en: string }[] {
  if (typeof password !== 'string') return [{ where: 'password', zh: '需要密码', en: 'a password is required' }];
  const n = Array.from(password).length; // characters as a person counts them: code points, not UTF-16 units
  if (n < PASSWORD_MIN || n > PASSWORD_MAX) {
    return [{ where: 'password', zh: `密码应为 ${PASSWORD_MIN}–${PASSWORD_MAX} 个字符，实际为 ${n} 个`, en: `a password is ${PASSWORD_MIN} to ${PASSWORD_MAX} characters, this one is ${n}` }];
  }
  if (password.trim() !== password) return [{ where: 'password', zh: '密码首尾不能是空格', en: 'a password must not begin or end with a space' }];
  return [];
}

/** A password for an account an administrator sets up: 16 characters of base64url (96 bits). */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/** Set (or reset) an account's password; its earlier password's sessions end. */
export async function setPassword(db: Db, actor: Actor, accountId: number, password: string): Promise<void> {
  const problems = passwordProblems(password);
  if (problems.length > 0) throw invalid(problems);
  getAccount(db, accountId);
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  db.transaction(() => {
    const account = getAccount(db, accountId);
    const old = sql(db, 'SELECT token_id FROM passwords WHERE account_id = ?').get(accountId) as { token_id: number } | undefined;
    const now = new Date();
    if (old) {
      sql(db, 'UPDATE tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?').run(now.toISOString(), old.token_id);
      sql(db, 'DELETE FROM sessions WHERE token_id = ?').run(old.token_id);
    }
    const tokenId = Number(sql(db, 'INSERT INTO tokens (account_id, secret_sha256, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(accountId, sha256Hex(randomBytes(32).toString('base64url')), 'password', now.toISOString(), new Date(now.getTime() + PASSWORD_TOKEN_DAYS * 86_400_000).toISOString()).lastInsertRowid);
    sql(db, `INSERT INTO passwords (account_id, salt, hash, params, token_id, set_at, failures, locked_until) VALUES (?, ?, ?, ?, ?, ?, 0, NULL)
      ON CONFLICT (account_id) DO UPDATE SET salt = excluded.salt, hash = excluded.hash, params = excluded.params, token_id = excluded.token_id, set_at = excluded.set_at, failures = 0, locked_until = NULL`)
      .run(accountId, salt.toString('base64'), key.toString('base64'), JSON.stringify(PARAMS), tokenId, now.toISOString());
    appendAudit(db, actor, { action: old ? 'password.reset' : 'password.set', target: `account:${accountId}`, detail: { name: account.name } });
  }).immediate();
}

export function hasPassword(db: Db, accountId: number): boolean {
  return sql(db, 'SELECT 1 FROM passwords WHERE account_id = ?').get(accountId) !== undefined;
}

export type PasswordLogin =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'unknown' | 'wrong' | 'locked' | 'disabled'; lockedUntil?: string };

interface PasswordRow {
  account_id: number;
  name: string;
  role: Principal['role'];
  office_id: string | null;
  uscc: string | null;
  disabled: number;
  salt: string;
  hash: string;
  params: string;
  token_id: number;
  failures: number;
  locked_until: string | null;
}

/** A salt and key to hash against when the account is unknown, so its absence takes as long to learn as a wrong password. */
const DECOY = { salt: randomBytes(16), key: randomBytes(KEY_BYTES) };

/**
 * Check an account name and password. Every failure (unknown account, wrong password, locked,
 * disabled) is an audit entry with the client's address; `now` is the clock (milliseconds).
 */
export async function checkPassword(db: Db, name: string, password: string, client: string, now: number = Date.now()): Promise<PasswordLogin> {
  const row = sql(db, `SELECT a.id AS account_id, a.name, a.role, a.office_id, a.uscc, a.disabled, p.salt, p.hash, p.params, p.token_id, p.failures, p.locked_until
    FROM accounts a JOIN passwords p ON p.account_id = a.id WHERE a.name = ?`).get(name) as PasswordRow | undefined;
  const fail = (reason: 'unknown' | 'wrong' | 'locked' | 'disabled', lockedUntil?: string): PasswordLogin => {
    appendAudit(db, { id: null, label: 'system' }, { action: 'login.fail', target: row ? `account:${row.account_id}` : 'session', detail: { reason, method: 'password', name: name.slice(0, 100), ip: client } });
    return { ok: false, reason, lockedUntil };
  };
  if (!row) {
    await derive(password, DECOY.salt, PARAMS);
    return fail('unknown');
  }
  if (row.locked_until !== null && row.locked_until > new Date(now).toISOString()) return fail('locked', row.locked_until);
  const key = await derive(password, Buffer.from(row.salt, 'base64'), JSON.parse(row.params) as { N: number; r: number; p: number });
  const want = Buffer.from(row.hash, 'base64');
  if (!(key.length === want.length && timingSafeEqual(key, want))) {
    // A lock that has run out starts the count again.
    const expired = row.locked_until !== null;
    const failures = (expired ? 0 : row.failures) + 1;
    const lockedUntil = failures >= LOCK_AFTER ? new Date(now + LOCK_MINUTES * 60_000).toISOString() : null;
    sql(db, 'UPDATE passwords SET failures = ?, locked_until = ? WHERE account_id = ?').run(lockedUntil ? 0 : failures, lockedUntil, row.account_id);
    return lockedUntil ? fail('locked', lockedUntil) : fail('wrong');
  }
  if (row.disabled) return fail('disabled');
  sql(db, 'UPDATE passwords SET failures = 0, locked_until = NULL WHERE account_id = ?').run(row.account_id);
  const principal: Principal = { accountId: row.account_id, name: row.name, role: row.role, officeId: row.office_id, uscc: row.uscc, tokenId: row.token_id };
  appendAudit(db, actorOf(principal), { action: 'login.password', target: `account:${row.account_id}`, detail: { ip: client } });
  return { ok: true, principal };
}
