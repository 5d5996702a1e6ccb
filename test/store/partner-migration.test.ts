/**
 * The partner role's migration rebuilds the accounts table for its role CHECK: a database made at
 * the schema before it, with accounts that tokens, rosters, rounds and the audit log refer to,
 * keeps every row and reference, and takes a partner account afterwards.
 */
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { MIGRATIONS, migrate } from '../../store/index.js';

const PARTNER_MIGRATION = MIGRATIONS.findIndex((m) => m.includes("'public', 'partner'"));

test('accounts rebuilt with every row, referenced rows intact, foreign keys checked, a partner accepted', () => {
  expect(PARTNER_MIGRATION).toBeGreaterThan(0);
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  db.transaction(() => { for (const m of MIGRATIONS.slice(0, PARTNER_MIGRATION)) db.exec(m); })();
  db.pragma(`user_version = ${PARTNER_MIGRATION}`);
  db.prepare(`INSERT INTO offices (id, name_zh, name_en, created_at) VALUES ('o', '办', 'Office', 'now')`).run();
  db.prepare(`INSERT INTO accounts (id, name, role, office_id, created_at) VALUES (1, 'a', 'admin', NULL, 'now'), (2, 'b', 'office', 'o', 'now')`).run();
  db.prepare(`INSERT INTO tokens (account_id, secret_sha256, created_at, expires_at) VALUES (2, ?, 'now', 'later')`).run('0'.repeat(64));
  db.prepare(`INSERT INTO rosters (id, name, created_by, created_at) VALUES (1, 'r', 2, 'now')`).run();
  expect(() => db.prepare(`INSERT INTO accounts (name, role, created_at) VALUES ('p', 'partner', 'now')`).run()).toThrow(/CHECK/);

  migrate(db);
  expect(db.prepare('SELECT id, name, role, office_id FROM accounts ORDER BY id').all()).toEqual([
    { id: 1, name: 'a', role: 'admin', office_id: null }, { id: 2, name: 'b', role: 'office', office_id: 'o' },
  ]);
  expect(db.pragma('foreign_key_check')).toEqual([]);
  db.prepare(`INSERT INTO accounts (name, role, created_at) VALUES ('p', 'partner', 'now')`).run();
  expect(() => db.prepare(`INSERT INTO accounts (name, role, created_at) VALUES ('q', 'enemy', 'now')`).run()).toThrow(/CHECK/);
  expect(() => db.prepare(`INSERT INTO accounts (name, role, office_id, created_at) VALUES ('r', 'partner', 'o', 'now')`).run()).toThrow(/CHECK/);
  // The tokens table still refers to accounts: a token of no account is refused.
  expect(() => db.prepare(`INSERT INTO tokens (account_id, secret_sha256, created_at, expires_at) VALUES (99, ?, 'now', 'later')`).run('1'.repeat(64))).toThrow(/FOREIGN KEY/);
});
