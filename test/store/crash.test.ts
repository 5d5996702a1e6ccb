/**
 * A crash in the middle of an import: a child process starts a real import and is killed with
 * SIGKILL inside its transaction (its rows written, its pages already in the WAL file, nothing
 * committed). Reopened, the database passes PRAGMA integrity_check and the round is exactly as
 * it was: same status, same snapshot, no new submission or snapshot.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { seedDemo } from '../../store/demo-seed.js';
import { createRoster, createRound, getRound, openStore, requestRoundStatus, submitFile, SYSTEM } from '../../store/index.js';
import { TEMPLATES, counts } from '../api/helpers.js';
import { runUntilPaused } from './paused-child.js';

const dir = mkdtempSync(join(tmpdir(), 'kaohe-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** n county codes of Jiangsu (32pp cc), valid GB/T 2260 forms. */
function codes(n: number): string[] {
  const out: string[] = [];
  for (let p = 1; out.length < n; p++) for (let c = 1; c <= 99 && out.length < n; c++) out.push(`32${String(p).padStart(2, '0')}${String(c).padStart(2, '0')}`);
  return out;
}

function csv(ids: string[], shift: number): string {
  const head = 'id,name,province,energy_use,gdp,water_use,pm25,good_air_days,good_water,forest_cover,wetland_rate,sewage_rate,incidents,data_fraud';
  const rows = ids.map((id, i) => `${id},县${i},江苏,${1000 + ((i * 37 + shift) % 900)},${3000 + ((i * 53) % 7000)},${10 + (i % 30)},${20 + ((i + shift) % 25)},${70 + (i % 25)},${80 + (i % 20)},${20 + (i % 40)},${50 + (i % 30)},${90 + (i % 10)},${i % 7 === 0 ? 1 : 0},否`);
  return `${[head, ...rows].join('\n')}\n`;
}

test('killed mid-import, the database is consistent and the round as it was', async () => {
  const dbPath = join(dir, 'kaohe.db');
  const ids = codes(4000);
  let db = openStore(dbPath);
  await seedDemo(db, TEMPLATES);
  const roster = createRoster(db, SYSTEM, { name: 'counties', regions: ids.map((code, i) => ({ code, name: `县${i}` })) });
  const round = createRound(db, SYSTEM, {
    name: { zh: '崩溃测试', en: 'crash test' }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId: roster.id, officeId: 'nanjing-metro',
    periodStart: '2026-01-01', periodEnd: '2026-12-31',
  });
  requestRoundStatus(db, SYSTEM, round.id, 'collecting');
  await submitFile(db, SYSTEM, round.id, { fileName: 'first.csv', bytes: Buffer.from(csv(ids, 0)) });
  const before = { round: getRound(db, round.id), counts: counts(db) };
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();

  const big = join(dir, 'big.csv');
  writeFileSync(big, csv(ids, 1));
  const child = await runUntilPaused('crash-child.mjs', [dbPath, String(round.id), big]);
  const walWhileOpen = statSync(`${dbPath}-wal`).size;
  expect(await child.kill()).toBe('SIGKILL');
  // The import had really written into the WAL file before it was killed.
  expect(walWhileOpen).toBeGreaterThan(64 * 1024);

  db = openStore(dbPath);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(getRound(db, round.id)).toEqual(before.round);
    expect(counts(db)).toEqual(before.counts);
    // And the store still works: the same import now lands.
    const again = await submitFile(db, SYSTEM, round.id, { fileName: 'big.csv', bytes: Buffer.from(csv(ids, 1)) });
    expect(getRound(db, round.id).snapshotHash).toBe(again.snapshotHash);
  } finally {
    db.close();
  }
});
