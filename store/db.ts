/**
 * Opening the store: one SQLite file (better-sqlite3) in WAL mode with foreign keys enforced,
 * migrated to the current schema inside a transaction before anything else touches it.
 * The folder of the file is created when absent.
 *
 * The immutability triggers (migrations.ts) are checked at every open: a database whose triggers
 * were dropped may have been changed behind the code's back, so it is refused with the names of
 * the missing ones, until they are restored on purpose (restoreTriggers, recorded in the audit
 * log) and the store verified.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { KaoheError } from '../indicators/index.js';
import { appendAudit, SYSTEM } from './audit.js';
import { migrate, missingTriggers, recreateTriggers } from './migrations.js';
import { failInterruptedRuns } from './runs.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Milliseconds a writer waits for another process's lock before failing. */
  busyTimeoutMs?: number;
  /** Create missing immutability triggers again (recorded in the audit log) instead of refusing to open. */
  restoreTriggers?: boolean;
}

export function openStore(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    migrate(db);
    checkTriggers(db, path, options.restoreTriggers ?? false);
    failInterruptedRuns(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

function checkTriggers(db: Db, path: string, restore: boolean): void {
  const missing = missingTriggers(db);
  if (missing.length === 0) return;
  if (restore) {
    const restored = recreateTriggers(db);
    appendAudit(db, SYSTEM, { action: 'store.triggers.restore', target: 'store', detail: { triggers: restored } });
    return;
  }
  throw new KaoheError([{
    where: path,
    zh: `数据库缺少 ${missing.length} 个防篡改触发器（${missing.join('、')}）：有人直接改过数据库文件，期间的数据可能已被改动，拒绝启动。`
      + '恢复方法：从备份恢复数据库；或运行 kaohe serve --restore-triggers（按 store/migrations.ts 第 1 号迁移重建缺失的触发器，并写入审计日志），'
      + '然后用 GET /api/audit/verify 核对审计日志与已发布结果，并对可疑的运行复算（POST /api/runs/:id/rerun）',
    en: `the database lacks ${missing.length} immutability trigger(s) (${missing.join(', ')}): someone edited the database file directly and data may have been changed meanwhile, so it is refused. `
      + 'To restore: restore the database from a backup; or run kaohe serve --restore-triggers (it recreates the missing triggers from migration 1 in store/migrations.ts and records that in the audit log), '
      + 'then check the audit log and the published results with GET /api/audit/verify and rerun any run in doubt (POST /api/runs/:id/rerun)',
  }]);
}
