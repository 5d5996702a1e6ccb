/**
 * A large run on a database in a file, the way the service scores it: the snapshot decoded and
 * the results encoded, hashed and written by the store's worker thread (store/off-thread.ts).
 * The same bits as the synchronous inline path; a snapshot decoded off the main thread is the
 * snapshot decoded on it; and a run that fails or is killed in its last steps leaves nothing
 * visible — never done, no results named, the round as it was, the audit chain whole, and no
 * results row that isn't whole.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { evaluate, PARALLEL_FROM, parseDay, type Frame } from '../../engine/index.js';
import { canonicalJson } from '../../indicators/index.js';
import { synthCsv } from '../../io/index.js';
import { headerJson } from '../../store/column-blob.js';
import { seedDemo } from '../../store/demo-seed.js';
import {
  decodeSnapshot, diffRuns, encodeResults, encodeSnapshot, getRound, getRun, listAudit, openStore, reproduceRun,
  requestRun, runResultsBlob, schemePlan, scoreRun, submitFile, SYSTEM, verifyAuditChain, type Db,
} from '../../store/index.js';
import { loadSnapshotOffThread } from '../../store/off-thread.js';
import { runEntityIndex } from '../../store/results-cache.js';
import { putSnapshot } from '../../store/snapshots.js';
import { root } from '../cli-runner.js';
import { closePrepared, databaseCopies, openRoster, releaseFileStore, syntheticRound } from './file-rounds.js';
import { runUntilPaused } from './paused-child.js';

const TEMPLATES = join(root, 'templates');

const N = PARALLEL_FROM * 3;
const dir = mkdtempSync(join(tmpdir(), 'kaohe-large-runs-'));
const prepared = join(dir, 'prepared.db');
let roundId: number;

beforeAll(async () => {
  const db = openStore(prepared);
  await seedDemo(db, TEMPLATES);
  const { plan } = schemePlan(db, 'demo-green', '2025.1');
  roundId = syntheticRound(db, openRoster(db), 2030, { zh: '大轮次', en: 'large round' });
  await submitFile(db, SYSTEM, roundId, { fileName: 'large.csv', bytes: Buffer.from(synthCsv(plan, N, 11)) });
  closePrepared(db);
}, 120_000);

afterAll(() => releaseFileStore(dir));

const copy = databaseCopies(prepared, dir);

const count = (db: Db, query: string): number => (db.prepare(query).get() as { n: number }).n;
/** Results rows no run names. */
const UNNAMED = 'SELECT count(*) AS n FROM results r WHERE NOT EXISTS (SELECT 1 FROM runs WHERE results_hash = r.hash)';

const bytes = (c: Float64Array): Buffer => Buffer.from(c.buffer, c.byteOffset, c.byteLength);

/** Every results row is whole: its bytes hash to its name. */
function resultsWhole(db: Db): boolean {
  const rows = db.prepare('SELECT hash, data FROM results').all() as { hash: string; data: Buffer }[];
  return rows.every((r) => createHash('sha256').update(r.data).digest('hex') === r.hash);
}

function expectSameFrame(a: Frame, b: Frame): void {
  expect(a.n).toBe(b.n);
  expect(a.ids).toEqual(b.ids);
  expect(a.names).toEqual(b.names);
  expect([...a.dictionaries]).toEqual([...b.dictionaries]);
  expect([...a.columns.keys()]).toEqual([...b.columns.keys()]);
  for (const [k, c] of a.columns) {
    expect(bytes(c).equals(bytes(b.columns.get(k)!))).toBe(true);
    expect(c.buffer).toBeInstanceOf(SharedArrayBuffer);
  }
  expect(a.records).toEqual(b.records);
}

describe('a large run through the store\'s worker', () => {
  test('gives the bits of the synchronous inline path, and evaluated again, the same hash', async () => {
    const { db } = copy();
    try {
      const run = requestRun(db, SYSTEM, roundId);
      const phases: string[] = [];
      const done = await scoreRun(db, run.id, { threads: 2, onPhase: (p) => phases.push(p) });
      expect(done.status).toBe('done');
      expect(phases).toEqual(['loading', 'scoring', 'saving']);
      const blob = (db.prepare('SELECT data FROM snapshots WHERE hash = ?').get(run.snapshotHash) as { data: Buffer }).data;
      const inline = encodeResults(evaluate(schemePlan(db, 'demo-green', '2025.1'), decodeSnapshot(blob), { asOf: parseDay(run.asOf) }));
      expect(done.resultsHash).toBe(inline.hash);
      expect(runResultsBlob(db, done).equals(inline.data)).toBe(true);
      expect(getRound(db, roundId).status).toBe('scored');
      const again = await reproduceRun(db, run.id, { threads: 2 });
      expect(again.identical).toBe(true);
      expect(again.resultsHash).toBe(inline.hash);
    } finally {
      db.close();
    }
  });

  test('a results row edited behind the code is refused by the worker too (entity index, diff), not shown', async () => {
    const { db } = copy();
    try {
      const run = await scoreRun(db, requestRun(db, SYSTEM, roundId).id, { threads: 2 });
      db.exec('DROP TRIGGER results_no_update');
      const data = Buffer.from(runResultsBlob(db, run));
      data[data.length - 1] ^= 1;
      db.prepare('UPDATE results SET data = ? WHERE hash = ?').run(data, run.resultsHash);
      const refused = new RegExp(`run ${run.id}'s stored results do not match its results hash`);
      await expect(runEntityIndex(db, run.id)).rejects.toThrow(refused);
      await expect(diffRuns(db, run.id, run.id)).rejects.toThrow(refused);
      expect(() => runResultsBlob(db, run)).toThrow(refused);
    } finally {
      db.close();
    }
  });

  test('a snapshot decoded by the worker is the snapshot decoded here', async () => {
    const { db, path } = copy();
    try {
      const hash = getRound(db, roundId).snapshotHash!;
      const blob = (db.prepare('SELECT data FROM snapshots WHERE hash = ?').get(hash) as { data: Buffer }).data;
      const off = await loadSnapshotOffThread(db, hash);
      expectSameFrame(off, decodeSnapshot(blob));
      // Names with quotes, line and paragraph separators, a lone surrogate and none; dated records.
      const n = PARALLEL_FROM + 3;
      const frame: Frame = {
        n,
        ids: Array.from({ length: n }, (_, i) => `E${String(i).padStart(6, '0')}`),
        names: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : `企业"${i}"\\\u2028\u2029${i % 7 === 0 ? '\ud800' : ''}`)),
        columns: new Map([['x', Float64Array.from({ length: n }, (_, i) => (i % 9 === 0 ? NaN : i / 3))], ['kind', Float64Array.from({ length: n }, (_, i) => i % 2)]]),
        dictionaries: new Map([['kind', ['甲', '乙']]]),
        records: {
          n: 3, entity: Int32Array.of(0, 0, 2), type: Int32Array.of(0, 1, 0), start: Float64Array.of(19000, 19010, NaN),
          fields: new Map([['violation.points', Float64Array.of(3, NaN, 1)]]), origin: ['r.csv:2', 'r.csv:3', 'r.csv:4'],
        },
      };
      const snap = encodeSnapshot(frame);
      putSnapshot(db, snap, n);
      const other = openStore(path);
      try {
        expectSameFrame(await loadSnapshotOffThread(other, snap.hash), decodeSnapshot(snap.data));
      } finally {
        other.close();
      }
    } finally {
      db.close();
    }
  });

  test('a header\'s fast canonical JSON is canonicalJson\'s text', () => {
    const header = {
      format: 1, n: 4, ids: ['a', '"b"', '\u2028', '\ud800x'], names: [null, '名', '\\', 'é'], columns: ['score', 'node:GDI'],
      dictionaries: { kind: ['甲', '乙'] }, asOf: null, planHash: 'p', records: { n: 1, origin: ['o'] }, skipped: undefined,
    };
    expect(headerJson(header)).toBe(canonicalJson(header));
  });
});

describe('a large run that does not finish leaves nothing visible', () => {
  test('its final transaction fails: the run fails, names no results, and the round stays collecting', async () => {
    const { db } = copy();
    try {
      const before = listAudit(db, { limit: 1000 }).length;
      db.exec(`CREATE TRIGGER refuse_done BEFORE UPDATE OF status ON runs WHEN NEW.status = 'done' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;`);
      const run = requestRun(db, SYSTEM, roundId);
      const failed = await scoreRun(db, run.id, { threads: 2 });
      expect(failed.status).toBe('failed');
      expect(failed.resultsHash).toBeNull();
      expect(failed.error?.[0].en).toMatch(/refused by the test/);
      expect(getRound(db, roundId).status).toBe('collecting');
      const entries = listAudit(db, { limit: 1000 }).slice(before).map((e) => e.action);
      expect(entries).toEqual(['run.request', 'run.failed']);
      expect(verifyAuditChain(db).ok).toBe(true);
      expect((db.prepare(`SELECT count(*) AS n FROM runs WHERE status = 'done' AND round_id = ?`).get(roundId) as { n: number }).n).toBe(0);
      expect(resultsWhole(db)).toBe(true);
      // Scored again without the obstacle, it lands, on the results row the worker wrote.
      db.exec('DROP TRIGGER refuse_done');
      const rows = (db.prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n;
      const done = await scoreRun(db, requestRun(db, SYSTEM, roundId).id, { threads: 2 });
      expect(done.status).toBe('done');
      expect((db.prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n).toBe(rows);
    } finally {
      db.close();
    }
  });

  for (const when of ['saving', 'flip'] as const) {
    test(`killed ${when === 'saving' ? 'as it saves its results' : 'inside its final transaction'}: after a restart the run has failed and nothing of it shows`, async () => {
      const { db, path } = copy();
      const before = { round: getRound(db, roundId), audit: listAudit(db, { limit: 1000 }).length, results: count(db, 'SELECT count(*) AS n FROM results') };
      db.close();
      const child = await runUntilPaused('score-crash-child.mjs', [path, String(roundId), when]);
      expect(await child.kill()).toBe('SIGKILL');
      const runId = Number(/run (\d+)/.exec(child.out)![1]);

      const again = openStore(path);
      try {
        expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
        const after = getRun(again, runId);
        expect(after.status).toBe('failed');
        expect(after.resultsHash).toBeNull();
        expect(getRound(again, roundId)).toEqual(before.round);
        // It had been scoring (the child marked it running), and was failed at the restart.
        const actions = listAudit(again, { limit: 1000 }).slice(before.audit).map((e) => e.action);
        expect(actions).toEqual(['run.request', 'run.failed']);
        expect(listAudit(again, { limit: 1000 }).at(-1)!.detail).toMatchObject({ runId });
        expect(verifyAuditChain(again).ok).toBe(true);
        expect(resultsWhole(again)).toBe(true);
        if (when === 'flip') {
          // The worker had written the results row, whole; no run names it.
          expect(count(again, 'SELECT count(*) AS n FROM results')).toBe(before.results + 1);
          expect(count(again, UNNAMED)).toBe(1);
        }
        // The store still works: the round scores (on that row, when it is there: the same bits).
        expect((await scoreRun(again, requestRun(again, SYSTEM, roundId).id, { threads: 2 })).status).toBe('done');
        expect(count(again, 'SELECT count(*) AS n FROM results')).toBe(before.results + 1);
        expect(count(again, UNNAMED)).toBe(0);
      } finally {
        again.close();
      }
    });
  }
});
