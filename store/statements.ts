/**
 * Prepared statements, compiled once per database and SQL text: better-sqlite3 compiles SQL on
 * every prepare(), which would otherwise be most of the work of a small read.
 */
import type Database from 'better-sqlite3';
import type { Db } from './db.js';

const cache = new WeakMap<Db, Map<string, Database.Statement>>();

export function sql(db: Db, text: string): Database.Statement {
  let byText = cache.get(db);
  if (!byText) {
    byText = new Map();
    cache.set(db, byText);
  }
  let s = byText.get(text);
  if (!s) {
    s = db.prepare(text);
    byText.set(text, s);
  }
  return s;
}
