/**
 * The store on its own: migrations, the legal status moves (in code and in the database),
 * roster checks, content-addressed snapshots, reproducible runs, tokens kept as hashes only.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compile, ENGINE_VERSION, type Frame } from '../../engine/index.js';
import { KaoheError, LATEST_SEMANTICS, parseSchemeObject, sha256Hex } from '../../indicators/index.js';
import { makeEnterpriseUscc, readCsvText } from '../../io/index.js';
import { demoYearCsv, seedDemo } from '../../store/demo-seed.js';
import {
  addSchemeVersion, authenticateToken, canonicalFrame, createAccount, createRoster, createRound, decodeResults, decodeSnapshot, encodeSnapshot, getRound, issueToken, latestPublication,
  latestDoneRun, mergeFrames, MIGRATIONS, openStore, reproduceRun, requestRoundStatus, requestRun, scoreRun, revokeToken, runResultsBlob, getRun, StoreError, SYSTEM, type Db,
} from '../../store/index.js';
import { L, schemeWith } from '../helpers.js';
import { TEMPLATES } from '../api/helpers.js';
import { root } from '../cli-runner.js';
import { runAtLevel, runScoredBy } from './foreign-runs.js';

const problemsOf = (f: () => unknown): { where: string; zh: string; en: string }[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof KaoheError) return e.problems;
    throw e;
  }
  throw new Error('accepted, should have been refused');
};

describe('migrations', () => {
  test('a new database is at the latest version, and opening it again changes nothing', () => {
    const db = openStore(':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  test('a database from a newer kaohe is refused', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'kaohe-mig-')), 'k.db');
    const db = openStore(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openStore(path)).toThrow(/newer/);
  });
});

async function demo(): Promise<Db> {
  const db = openStore(':memory:');
  await seedDemo(db, TEMPLATES);
  return db;
}

describe('round status', () => {
  test('only legal moves, with a bilingual reason; the database refuses the rest itself', async () => {
    const db = await demo();
    const archived = 1; // the 2023 demo round: published, then archived
    expect(getRound(db, archived).status).toBe('archived');
    const err = (() => { try { requestRoundStatus(db, SYSTEM, archived, 'collecting'); } catch (e) { return e as StoreError; } return null; })();
    expect(err?.code).toBe('conflict');
    expect(err?.problems[0].zh).toMatch(/已归档/);
    expect(() => requestRoundStatus(db, SYSTEM, 3, 'scored')).toThrow(StoreError);
    expect(() => db.prepare("UPDATE rounds SET status = 'draft' WHERE id = 3").run()).toThrow(/illegal round status transition/);
    expect(() => db.prepare("UPDATE rounds SET office_id = 'x' WHERE id = 3").run()).toThrow(/fixed/);
    expect(() => db.prepare('DELETE FROM rounds WHERE id = 3').run()).toThrow(/never deleted/);
  });
});

describe('rosters', () => {
  test('bad division codes, credit codes and tenures are each named; nothing is stored', async () => {
    const db = openStore(':memory:');
    const problems = problemsOf(() => createRoster(db, SYSTEM, {
      name: 'r',
      regions: [{ code: '320100', name: '南京市' }, { code: '990100', name: 'nowhere' }, { code: '3201', name: 'short' }, { code: '320100', name: 'again' }],
      officials: [{ id: 'p1', name: '张三', posts: [{ post: '市长', regionCode: '320100', start: '2021-05-01', end: '2020-01-01' }, { post: '书记', regionCode: '110000', start: '2021-13-01' }] }],
      enterprises: [{ uscc: makeEnterpriseUscc('320100', 'MA1X2Y3W'), name: '好企业' }, { uscc: `${makeEnterpriseUscc('320100', 'MA1X2Y3W').slice(0, 17)}${makeEnterpriseUscc('320100', 'MA1X2Y3W').endsWith('0') ? '1' : '0'}`, name: '坏校验位' }],
    }));
    expect(problems.map((p) => p.where)).toEqual([
      'regions[1].code', 'regions[2].code', 'regions[3].code',
      'officials[0].posts[0].end', 'officials[0].posts[1].regionCode', 'officials[0].posts[1].start',
      'enterprises[1].uscc',
    ]);
    expect((db.prepare('SELECT count(*) AS n FROM rosters').get() as { n: number }).n).toBe(0);
  });

  test('a valid roster is stored whole and never changes', () => {
    const db = openStore(':memory:');
    const uscc = makeEnterpriseUscc('320100', 'MA1X2Y3W');
    const r = createRoster(db, SYSTEM, {
      name: 'r', regions: [{ code: '320100', name: '南京市' }],
      officials: [{ id: 'p1', name: '张三', posts: [{ post: '市长', regionCode: '320100', start: '2021-05-01', end: null }] }],
      enterprises: [{ uscc, name: '好企业', regionCode: '320100' }],
    });
    expect(r.officials[0].posts[0]).toEqual({ post: '市长', regionCode: '320100', start: '2021-05-01', end: null });
    expect(r.enterprises[0].uscc).toBe(uscc);
    expect(() => db.prepare("UPDATE roster_regions SET name = 'x'").run()).toThrow(/immutable/);
  });

  test('a round of a region scheme is refused on a roster that lists only enterprises; an open roster is fine', async () => {
    const db = openStore(':memory:');
    await seedDemo(db, TEMPLATES);
    const enterprisesOnly = createRoster(db, SYSTEM, { name: 'e', regions: [], enterprises: [{ uscc: makeEnterpriseUscc('320100', 'MA1X2Y3W'), name: '好企业' }] });
    const open = createRoster(db, SYSTEM, { name: 'open', regions: [] });
    const round = (rosterId: number) => () => createRound(db, SYSTEM, {
      name: { zh: '测试', en: 'test' }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId, officeId: 'nanjing-metro', periodStart: '2026-01-01', periodEnd: '2026-12-31',
    });
    const rounds = (): number => (db.prepare('SELECT count(*) AS n FROM rounds').get() as { n: number }).n;
    const before = rounds();
    const [problem] = problemsOf(round(enterprisesOnly.id));
    expect(problem).toMatchObject({ where: 'rosterId' });
    expect(problem.zh).toContain('没有地区（只列出了企业）');
    expect(problem.en).toContain('lists no regions (only enterprises)');
    expect(rounds()).toBe(before);
    expect(round(open.id)().rosterId).toBe(open.id);
  });
});

describe('snapshots', () => {
  const scheme = schemeWith(['x', 'y'], { attributes: [{ id: 'kind', label: L('kind') }] });
  const { plan } = compile(parseSchemeObject(scheme));
  const frameOf = (csv: string): Frame => canonicalFrame(readCsvText(csv, plan), plan);

  test('the hash is of the content: row order and category code order don\'t matter', () => {
    const a = frameOf('id,kind,x,y\na,p,1,2\nb,q,3,\nc,p,,NA\n');
    const b = frameOf('id,y,x,kind\nc,,,p\nb,,3,q\na,2,1,p\n');
    expect(encodeSnapshot(a).hash).toBe(encodeSnapshot(b).hash);
    const c = frameOf('id,kind,x,y\na,p,1,2\nb,q,3.5,\nc,p,,NA\n');
    expect(encodeSnapshot(c).hash).not.toBe(encodeSnapshot(a).hash);
  });

  test('any NaN is stored as the one NaN', () => {
    const a = frameOf('id,kind,x,y\na,p,1,\n');
    const odd = new Float64Array(new Uint32Array([1, 0x7ff80000]).buffer)[0];
    expect(Number.isNaN(odd)).toBe(true);
    const b: Frame = { ...a, columns: new Map([...a.columns].map(([k, v]) => [k, k === 'y' ? Float64Array.of(odd) : v])) };
    expect(encodeSnapshot(b).hash).toBe(encodeSnapshot(a).hash);
  });

  test('decode gives back what was encoded', () => {
    const a = frameOf('id,name,kind,x,y\nb,乙,q,3,\na,甲,p,1,2\n');
    const enc = encodeSnapshot(a);
    const back = decodeSnapshot(enc.data);
    expect(back.ids).toEqual(['a', 'b']);
    expect(back.names).toEqual(['甲', '乙']);
    expect(back.dictionaries.get('kind')).toEqual(['p', 'q']);
    expect(Array.from(back.columns.get('y')!)).toEqual([2, NaN]);
    expect(encodeSnapshot(back).hash).toBe(enc.hash);
    expect(enc.hash).toBe(sha256Hex(enc.data));
  });

  test('merging: a file\'s rows replace the same entities\' rows and add new ones', () => {
    const base = frameOf('id,kind,x,y\na,p,1,2\nb,q,3,4\n');
    const merged = mergeFrames(base, frameOf('id,kind,x,y\nb,r,30,\nc,p,5,6\n'), plan);
    expect(encodeSnapshot(merged).hash).toBe(encodeSnapshot(frameOf('id,kind,x,y\na,p,1,2\nb,r,30,\nc,p,5,6\n')).hash);
  });
});

describe('runs', () => {
  test('a finished run evaluated again gives the same bits; its stored results are its columns', async () => {
    const db = await demo();
    const pub = latestPublication(db, 3)!;
    const again = await reproduceRun(db, pub.runId);
    expect(again.identical).toBe(true);
    const stored = decodeResults(runResultsBlob(db, getRun(db, pub.runId)));
    expect(stored.ids).toEqual(again.results.frame.ids);
    expect(Array.from(stored.columns.get('score')!)).toEqual(Array.from(again.results.score));
    expect(Array.from(stored.columns.get('node:environment')!)).toEqual(Array.from(again.results.nodeScores[again.results.plan.nodes.findIndex((n) => n.id === 'environment')]));
  });
});

describe('reruns across engines: the semantics level decides, never the engine version', () => {
  test('a run scored by another engine version at a level this engine knows reruns bit for bit', async () => {
    const db = await demo();
    const id = runScoredBy(db, 3, '0.1.0');
    expect(getRun(db, id).engineVersion).not.toBe(ENGINE_VERSION);
    const again = await reproduceRun(db, id);
    expect(again.identical).toBe(true);
    expect(again.resultsHash).toBe(getRun(db, 3).resultsHash);
  });

  test('a plan at a level newer than this engine is refused, naming the engine to install; a new run of it fails saying why', async () => {
    const db = await demo();
    const level = LATEST_SEMANTICS + 1;
    const { roundId, runId } = await runAtLevel(db, level, '9.1.0', 3);
    const err = await reproduceRun(db, runId).then(() => null, (e: unknown) => e as StoreError);
    expect(err?.code).toBe('conflict');
    expect(err?.problems[0].zh).toBe(`运行 ${runId} 的方案按语义级别 ${level} 编译，本引擎 kaohe ${ENGINE_VERSION} 只认识级别 1–${LATEST_SEMANTICS}：请安装 kaohe 9.1.0（计算该运行的引擎）或更新版本`);
    expect(err?.problems[0].en).toBe(`run ${runId}'s plan was compiled at semantics level ${level}; this engine, kaohe ${ENGINE_VERSION}, knows levels 1–${LATEST_SEMANTICS}: install kaohe 9.1.0 (the engine that scored it) or later`);
    const fresh = await scoreRun(db, requestRun(db, SYSTEM, roundId).id);
    expect(fresh.status).toBe('failed');
    expect(fresh.error?.[0].en).toMatch(/semantics level \d+; .* install a newer kaohe that knows that level$/);
    const text = readFileSync(join(TEMPLATES, 'demo-green.yaml'), 'utf8').replace('version: "2025.1"', 'version: "2099.1"');
    expect(() => addSchemeVersion(db, SYSTEM, text)).toThrow(`scheme demo-green version 2099.1 was stored at semantics level ${level} by a newer kaohe: install a kaohe that knows that level`);
  });

  test('a level-1 store gives the golden hashes, and keeps its level when the same text is uploaded after an upgrade', async () => {
    const golden = JSON.parse(readFileSync(join(root, 'test', 'golden', 'cases', 'demo-green-2025', 'case.json'), 'utf8'));
    const dir = mkdtempSync(join(tmpdir(), 'kaohe-level1-'));
    const text = readFileSync(join(TEMPLATES, 'demo-green.yaml'), 'utf8');
    writeFileSync(join(dir, 'demo-green.yaml'), `semantics: 1\n${text}`);
    copyFileSync(join(TEMPLATES, 'demo-green.csv'), join(dir, 'demo-green.csv'));
    const db = openStore(':memory:');
    await seedDemo(db, dir);
    const run = latestDoneRun(db, 3)!;
    expect({ plan: run.planHash, snapshot: run.snapshotHash, results: run.resultsHash }).toEqual({ plan: golden.planHash, snapshot: golden.snapshotHash, results: golden.resultsHash });
    // The template's text names no level (a new version of it would get the newest): under the stored version it is the same level-1 plan.
    expect(addSchemeVersion(db, SYSTEM, text)).toMatchObject({ created: false, scheme: { planHash: golden.planHash } });
    expect(() => addSchemeVersion(db, SYSTEM, `semantics: 2\n${text}`)).toThrow(/already exists with different content/);
    expect((await reproduceRun(db, run.id)).identical).toBe(true);
  });
});

describe('interrupted runs', () => {
  test('a run still queued when the process stopped is failed, with its reason, at the next open', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'kaohe-run-')), 'k.db');
    let db = openStore(path);
    await seedDemo(db, TEMPLATES);
    const run = db.prepare("INSERT INTO runs (round_id, plan_hash, snapshot_hash, as_of, engine_version, status, requested_at) SELECT round_id, plan_hash, snapshot_hash, as_of, engine_version, 'running', requested_at FROM runs WHERE id = 3").run();
    db.close();
    db = openStore(path);
    const r = getRun(db, Number(run.lastInsertRowid));
    expect(r.status).toBe('failed');
    expect(r.error?.[0].en).toMatch(/stopped before scoring finished/);
    expect(getRun(db, 3).status).toBe('done');
    db.close();
  });
});

describe('tokens', () => {
  test('only the hash is stored; expired and revoked tokens are refused with their reason', () => {
    const db = openStore(':memory:');
    const a = createAccount(db, SYSTEM, { name: 'lead', role: 'leadership' });
    const t = issueToken(db, SYSTEM, a.id, { days: 30 });
    const dump = JSON.stringify(db.prepare('SELECT * FROM tokens').all()) + JSON.stringify(db.prepare('SELECT * FROM audit').all());
    expect(dump).not.toContain(t.token);
    expect(dump).toContain(sha256Hex(t.token));
    expect(authenticateToken(db, t.token)).toMatchObject({ ok: true, principal: { role: 'leadership' } });
    expect(authenticateToken(db, `${t.token}x`)).toEqual({ ok: false, reason: 'unknown' });
    db.prepare('UPDATE tokens SET expires_at = ? WHERE id = ?').run('2001-01-01T00:00:00.000Z', t.id);
    expect(authenticateToken(db, t.token)).toEqual({ ok: false, reason: 'expired' });
    const t2 = issueToken(db, SYSTEM, a.id, { days: 1 });
    revokeToken(db, SYSTEM, t2.id);
    expect(authenticateToken(db, t2.token)).toEqual({ ok: false, reason: 'revoked' });
  });
});

test('the demo seed is what the issue asks: three yearly rounds, the latest published', async () => {
  const db = await demo();
  const rounds = db.prepare('SELECT id, period_start, status, synthetic FROM rounds ORDER BY id').all();
  expect(rounds).toEqual([
    { id: 1, period_start: '2023-01-01', status: 'archived', synthetic: 1 },
    { id: 2, period_start: '2024-01-01', status: 'archived', synthetic: 1 },
    { id: 3, period_start: '2025-01-01', status: 'published', synthetic: 1 },
    // The joint round of Jiangsu's and Anhui's offices, scored and not yet published.
    { id: 4, period_start: '2026-01-01', status: 'scored', synthetic: 1 },
  ]);
  const csv = readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8');
  // Earlier years are derived deterministically: the same bytes every time, and not the 2025 data.
  expect(demoYearCsv(csv, 2)).toBe(demoYearCsv(csv, 2));
  expect(demoYearCsv(csv, 2)).not.toBe(demoYearCsv(csv, 1));
  expect(demoYearCsv(csv, 2).split('\n')[0]).toBe(csv.split('\n')[0].trim());
  const codes = csv.trim().split('\n').slice(1).map((l) => l.split(',')[0]).sort();
  expect((db.prepare('SELECT code FROM roster_regions WHERE roster_id = 1 ORDER BY code').all() as { code: string }[]).map((r) => r.code)).toEqual(codes);
});
