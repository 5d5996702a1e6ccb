/**
 * Opening the store: one SQLite file (better-sqlite3) in WAL mode with foreign keys enforced,
 * migrated to the current schema inside a transaction before anything else touches it.
 * The folder of the file is created when absent.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';
import { failInterruptedRuns } from './runs.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Milliseconds a writer waits for another process's lock before failing. */
  busyTimeoutMs?: number;
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
    failInterruptedRuns(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
