/**
 * The migration that adds the enterprise role rebuilds the accounts table (SQLite can't change a
 * CHECK in place): a database made before it keeps its accounts, and their tokens still work;
 * the new CHECKs hold; foreign keys are on again afterwards and still enforced.
 */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { sha256Hex } from '../../indicators/index.js';
import { makeEnterpriseUscc } from '../../io/index.js';
import { authenticateToken, MIGRATIONS, openStore } from '../../store/index.js';

const BEFORE = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE accounts_new'));

test('accounts and tokens made before the enterprise role survive the rebuild', () => {
  expect(BEFORE).toBeGreaterThan(0);
  const path = join(mkdtempSync(join(tmpdir(), 'kaohe-migrate-')), 'old.db');
  const old = new Database(path);
  old.pragma('foreign_keys = ON');
  for (const m of MIGRATIONS.slice(0, BEFORE)) old.exec(m);
  old.pragma(`user_version = ${BEFORE}`);
  old.prepare("INSERT INTO offices (id, name_zh, name_en, created_at) VALUES ('nj', '南京', 'Nanjing', '2025-01-01T00:00:00Z')").run();
  old.prepare("INSERT INTO accounts (id, name, role, office_id, created_at) VALUES (7, 'nj-office', 'office', 'nj', '2025-01-01T00:00:00Z')").run();
  old.prepare("INSERT INTO tokens (account_id, secret_sha256, created_at, expires_at) VALUES (7, ?, '2025-01-01T00:00:00Z', '2999-01-01T00:00:00Z')").run(sha256Hex('kh_oldtoken'));
  old.close();

  const db = openStore(path);
  expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  const auth = authenticateToken(db, 'kh_oldtoken');
  expect(auth.ok && auth.principal).toMatchObject({ accountId: 7, role: 'office', officeId: 'nj', uscc: null });
  const insert = db.prepare("INSERT INTO accounts (name, role, office_id, uscc, created_at) VALUES (?, ?, ?, ?, '2026-01-01T00:00:00Z')");
  insert.run('firm', 'enterprise', null, makeEnterpriseUscc('320100', '50000001'));
  expect(() => insert.run('firm-without-code', 'enterprise', null, null)).toThrow(/CHECK constraint/);
  expect(() => insert.run('office-with-code', 'leadership', null, makeEnterpriseUscc('320100', '50000002'))).toThrow(/CHECK constraint/);
  expect(() => insert.run('nobody', 'partnerx', null, null)).toThrow(/CHECK constraint/);
  expect(() => db.prepare("INSERT INTO tokens (account_id, secret_sha256, created_at, expires_at) VALUES (999, ?, 'x', 'y')").run(sha256Hex('t2'))).toThrow(/FOREIGN KEY/);
  db.close();
});
