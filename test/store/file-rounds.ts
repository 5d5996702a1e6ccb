/**
 * Set-up shared by the tests of large rounds in a database file (as `kaohe serve` keeps them,
 * so the store's worker thread takes part): a roster that takes any id, synthetic rounds of the
 * demo scheme open for data, fresh copies of a prepared database, and the clean-up after.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { shutdownPool } from '../../engine/index.js';
import { createRoster, createRound, openStore, requestRoundStatus, shutdownStorePool, SYSTEM, type Db } from '../../store/index.js';

/** A roster without regions: it takes any ids, as synthetic entities need. */
export function openRoster(db: Db): number {
  return createRoster(db, SYSTEM, { name: 'open', regions: [] }).id;
}

/** A synthetic round of the demo scheme for `year` on the roster, open for data; its id. */
export function syntheticRound(db: Db, rosterId: number, year: number, name = { zh: `${year} 轮次`, en: `round ${year}` }): number {
  const r = createRound(db, SYSTEM, {
    name, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId, officeId: 'nanjing-metro',
    periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, synthetic: true,
  });
  requestRoundStatus(db, SYSTEM, r.id, 'collecting');
  return r.id;
}

/** A function giving a fresh copy of the prepared database each call (nothing decoded or cached yet), and its path. */
export function databaseCopies(prepared: string, dir: string): () => { db: Db; path: string } {
  let copies = 0;
  return () => {
    const path = join(dir, `copy-${++copies}.db`);
    copyFileSync(prepared, path);
    return { db: openStore(path), path };
  };
}

/** Closes a prepared database with everything in its main file (copies of it then need no WAL). */
export function closePrepared(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** After the tests: the engine's pool and the store's worker stopped, the folder removed. */
export async function releaseFileStore(dir: string): Promise<void> {
  await shutdownPool();
  await shutdownStorePool();
  rmSync(dir, { recursive: true, force: true });
}
