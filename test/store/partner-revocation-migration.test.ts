/**
 * The revocations' migration rebuilds the partner grants with an id of their own: a database made
 * at the schema before it keeps every grant (still read as in force), the grants stay immutable,
 * and a revoked grant can be given again.
 */
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { MIGRATIONS, migrate, missingTriggers } from '../../store/index.js';

const REVOCATIONS = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE partner_revocations'));

test('grants carried over with ids, immutable, revocable, given again after a revocation', () => {
  expect(REVOCATIONS).toBeGreaterThan(0);
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  db.transaction(() => { for (const m of MIGRATIONS.slice(0, REVOCATIONS)) db.exec(m); })();
  db.pragma(`user_version = ${REVOCATIONS}`);
  db.prepare(`INSERT INTO offices (id, name_zh, name_en, created_at) VALUES ('o', '办', 'Office', 'now')`).run();
  db.prepare(`INSERT INTO accounts (id, name, role, office_id, created_at) VALUES (1, 'b', 'office', 'o', 'now'), (2, 'p', 'partner', NULL, 'now')`).run();
  db.prepare(`INSERT INTO rosters (id, name, created_by, created_at) VALUES (1, 'r', 1, 'now')`).run();
  db.prepare(`INSERT INTO schemes (id, version, name_zh, name_en, subject, source_text, source_sha256, plan_json, plan_hash, uploaded_by, uploaded_at) VALUES ('s', '1', 's', 's', 'region', '', '', '{}', ?, 1, 'now')`).run('0'.repeat(64));
  db.prepare(`INSERT INTO rounds (id, office_id, scheme_id, scheme_version, roster_id, name_zh, name_en, period_start, period_end, created_by, created_at) VALUES (1, 'o', 's', '1', 1, 'r', 'r', '2025-01-01', '2025-12-31', 1, 'now')`).run();
  db.prepare(`INSERT INTO partner_grants (round_id, account_id, reason, granted_by, granted_at) VALUES (1, 2, '通报', 1, 't1')`).run();

  migrate(db);
  expect(db.prepare('SELECT id, round_id, account_id, reason, granted_at FROM partner_grants').all()).toEqual([{ id: 1, round_id: 1, account_id: 2, reason: '通报', granted_at: 't1' }]);
  expect(db.pragma('foreign_key_check')).toEqual([]);
  expect(missingTriggers(db)).toEqual([]);
  expect(() => db.prepare('DELETE FROM partner_grants').run()).toThrow(/immutable/);
  db.prepare(`INSERT INTO partner_revocations (grant_id, reason, revoked_by, revoked_at) VALUES (1, '结束', 1, 't2')`).run();
  expect(() => db.prepare('UPDATE partner_revocations SET reason = ?').run('x')).toThrow(/immutable/);
  expect(() => db.prepare(`INSERT INTO partner_revocations (grant_id, reason, revoked_by, revoked_at) VALUES (1, ' ', 1, 't3')`).run()).toThrow(/CHECK|UNIQUE/);
  db.prepare(`INSERT INTO partner_grants (round_id, account_id, reason, granted_by, granted_at) VALUES (1, 2, '续期', 1, 't3')`).run();
  expect(db.prepare('SELECT count(*) AS n FROM partner_grants').get()).toEqual({ n: 2 });
});
