/**
 * An entity's history (the scorecard's trend) through the entity index (store/entity-index.ts):
 * for a large round in a file database the index is built by the store's worker, for small
 * rounds here; either way the history is the one the whole decoded results give (the entity's
 * first row by id, its score, rank and grade, the entities ranked), ids with odd characters
 * included; concurrent readers of a run not indexed yet share one build; and the scorecard's
 * trend over HTTP is that history. Behaviour, not timing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildServer } from '../../api/server.js';
import { PARALLEL_FROM } from '../../engine/index.js';
import { textCell } from '../../io/csv-output.js';
import { synthCsv } from '../../io/index.js';
import { seedDemo, type DemoSeed } from '../../store/demo-seed.js';
import { buildEntityIndex, entityRow } from '../../store/entity-index.js';
import {
  entityHistory, listRounds, openStore, requestRun, roundRun, schemePlan, scoreRun,
  storedResults, submitFile, SYSTEM, type Db, type HistoryPoint,
} from '../../store/index.js';
import { storeTasksRun } from '../../store/off-thread.js';
import { bearer, TEMPLATES } from '../api/helpers.js';
import { closePrepared, databaseCopies, openRoster, releaseFileStore, syntheticRound } from './file-rounds.js';

const N = PARALLEL_FROM * 2;
const ODD = ['企业·甲（一）', 'a"b,c', 'x y', '🌿-1', 'E\u2028F', 'ß\u0301'];
const dir = mkdtempSync(join(tmpdir(), 'kaohe-history-'));
const prepared = join(dir, 'prepared.db');
let seed: DemoSeed;
let large: number;
let small: number;
let firstId: string;
let lastId: string;

/** The synthetic CSV with the ids of rows 1, 2, … replaced by the odd ones. */
function withOddIds(csv: string, rows: number): string {
  const lines = csv.split('\n');
  ODD.forEach((id, k) => {
    const line = lines[1 + k * 97];
    lines[1 + k * 97] = `${textCell(id)}${line.slice(line.indexOf(','))}`;
  });
  const body = lines.slice(1).filter((l) => l !== '').slice(0, rows);
  return `${lines[0]}\n${body.join('\n')}\n`;
}

beforeAll(async () => {
  const db = openStore(prepared);
  seed = await seedDemo(db, TEMPLATES);
  const { plan } = schemePlan(db, 'demo-green', '2025.1');
  const roster = openRoster(db);
  const csv = withOddIds(synthCsv(plan, N, 7), N);
  large = syntheticRound(db, roster, 2030);
  await submitFile(db, SYSTEM, large, { fileName: 'large.csv', bytes: Buffer.from(csv) });
  small = syntheticRound(db, roster, 2031);
  // The large round's first 700 entities, the odd ids among them (a small round: indexed here).
  await submitFile(db, SYSTEM, small, { fileName: 'small.csv', bytes: Buffer.from(withOddIds(synthCsv(plan, N, 7), 700)) });
  for (const id of [large, small]) expect((await scoreRun(db, requestRun(db, SYSTEM, id).id, { threads: 2 })).status).toBe('done');
  const ids = storedResults(db, roundRun(db, large, true)!.run.id).ids;
  firstId = ids[0];
  lastId = ids[ids.length - 1];
  for (const id of ODD) expect(ids).toContain(id);
  closePrepared(db);
}, 180_000);

afterAll(() => releaseFileStore(dir));

const copy = databaseCopies(prepared, dir);

/** The history as the whole decoded results give it (the code before the index). */
function reference(db: Db, entityId: string): HistoryPoint[] {
  const points: HistoryPoint[] = [];
  for (const round of listRounds(db, { schemeId: 'demo-green', officeId: 'nanjing-metro' }).reverse()) {
    const rr = roundRun(db, round.id, true);
    if (!rr) continue;
    const stored = storedResults(db, rr.run.id);
    const i = stored.ids.indexOf(entityId);
    if (i < 0) continue;
    const v = (name: string): number | null => {
      const x = stored.columns.get(name)?.[i];
      return x === undefined || x !== x ? null : x;
    };
    const rank = stored.columns.get('rank')!;
    let of = 0;
    for (let k = 0; k < stored.n; k++) if (rank[k] === rank[k]) of++;
    const g = v('grade');
    points.push({
      roundId: round.id, roundName: round.name, periodStart: round.periodStart, periodEnd: round.periodEnd,
      runId: rr.run.id, published: rr.publication !== null, score: v('score'), rank: v('rank'), grade: g === null ? null : stored.grades[g] ?? null, of,
    });
  }
  return points;
}

const options = { schemeId: 'demo-green', officeId: 'nanjing-metro', includeUnpublished: true } as const;

describe('an entity\'s history through the entity index', () => {
  test('is the history the decoded results give, the large round\'s index built once by the worker', async () => {
    const { db } = copy();
    try {
      const before = storeTasksRun['entity-index'];
      const ids = [...ODD, firstId, lastId, '320100', 'not-there', ODD[0].slice(0, 2), `${firstId} `, ''];
      const got: HistoryPoint[][] = [];
      for (const id of ids) got.push(await entityHistory(db, id, options));
      // One worker build (the large round's run); the demo rounds and the small round here.
      expect(storeTasksRun['entity-index'] - before).toBe(1);
      ids.forEach((id, k) => expect(got[k], id).toEqual(reference(db, id)));
      const odd = got[0];
      expect(odd.map((p) => p.roundId)).toEqual([large, small]);
      expect(odd[0].of).toBe(N);
      expect(got[ids.indexOf('not-there')]).toEqual([]);
      // `before`: only the rounds ending before the given one.
      const round = listRounds(db, { schemeId: 'demo-green' }).find((r) => r.id === small)!;
      expect(await entityHistory(db, ODD[1], { ...options, before: round })).toEqual(reference(db, ODD[1]).filter((p) => p.roundId === large));
    } finally {
      db.close();
    }
  });

  test('concurrent readers of a run not indexed yet share one build', async () => {
    const { db } = copy();
    try {
      const before = storeTasksRun['entity-index'];
      const all = await Promise.all(Array.from({ length: 8 }, (_, k) => entityHistory(db, k % 2 ? ODD[3] : firstId, options)));
      expect(storeTasksRun['entity-index'] - before).toBe(1);
      for (let k = 0; k < all.length; k++) expect(all[k]).toEqual(all[k % 2]);
      expect(all[1]).toEqual(reference(db, ODD[3]));
      // Indexed now: no more builds.
      await entityHistory(db, lastId, options);
      expect(storeTasksRun['entity-index'] - before).toBe(1);
    } finally {
      db.close();
    }
  });

  test('over HTTP, the scorecard\'s trend and the history route are that history', async () => {
    const { db } = copy();
    const app = await buildServer({ db, threads: 2 });
    try {
      const lead = bearer(seed.accounts.find((a) => a.role === 'leadership')!.token);
      for (const id of [ODD[1], ODD[4], firstId]) {
        const ref = reference(db, id);
        const card = await app.inject({ url: `/api/rounds/${small}/entities/${encodeURIComponent(id)}`, headers: lead });
        expect(card.statusCode).toBe(200);
        const trend = card.json().trend as { roundId: string; score: number | null; rank: number | null; of: number }[];
        expect(trend.slice(0, -1)).toEqual(ref.filter((p) => p.roundId === large).map((p) => expect.objectContaining({ roundId: String(p.roundId), score: p.score, rank: p.rank, of: p.of })));
        expect(trend[trend.length - 1]).toMatchObject({ roundId: String(small) });
        const h = await app.inject({ url: `/api/entities/${encodeURIComponent(id)}/history?schemeId=demo-green`, headers: lead });
        expect(h.json().points).toEqual(ref);
      }
      const page = await app.inject({ url: `/rounds/${small}/entities/${encodeURIComponent(ODD[0])}`, headers: lead });
      expect(page.statusCode).toBe(200);
    } finally {
      await app.close();
      db.close();
    }
  });
});

describe('the entity index', () => {
  test('finds the first row of every id, exactly (lone surrogates, repeats, the empty id), and nothing else', () => {
    const ids = ['a', 'b', 'a', '', '\ud800', '\udc00', '\ud800\udc00', '𐀀', 'ab', 'ba', ...Array.from({ length: 5000 }, (_, i) => `E${i}`), 'b'];
    const n = ids.length;
    const col = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
    for (const shared of [false, true]) {
      const x = buildEntityIndex(ids, { score: col((i) => i / 7), rank: col((i) => (i % 3 ? i : NaN)), grade: col((i) => i % 4) }, ['A', 'B', 'C', 'D'], shared);
      for (const id of new Set(ids)) expect(entityRow(x, id), JSON.stringify(id)).toBe(ids.indexOf(id));
      for (const id of ['c', '\ufffd', 'E5000', 'E', 'a ', '\ud800\ud800']) expect(entityRow(x, id)).toBe(-1);
      expect(x.ranked).toBe(ids.filter((_, i) => i % 3 !== 0).length);
      expect(Object.is(x.score[10], 10 / 7)).toBe(true);
      expect(x.chars.buffer instanceof SharedArrayBuffer).toBe(shared);
    }
  });
});
