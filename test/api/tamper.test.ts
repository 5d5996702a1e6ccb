/**
 * Tamper evidence, tried as someone with the database file would: a published results row
 * edited in place or replaced and re-pointed, the audit log cut short or rewritten and rehashed,
 * immutability triggers dropped. Each is found: by a rerun (naming the entity and column), by
 * GET /api/audit/verify, against a chain head kept earlier, or at start. The chain is also
 * recomputed here from the formula documented in store/audit.ts, independently of the code.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { KaoheError } from '../../indicators/index.js';
import { decodeColumns, encodeColumns } from '../../store/column-blob.js';
import { seedDemo } from '../../store/demo-seed.js';
import { RESULTS_MAGIC, type ResultsHeader } from '../../store/results-codec.js';
import { latestPublication, listAudit, missingTriggers, openStore, verifyAuditChain, type AuditEntry, type Db } from '../../store/index.js';
import { cliSandbox } from '../cli-runner.js';
import { bearer, demoServer, TEMPLATES, type DemoServer } from './helpers.js';

let s: DemoServer;
beforeEach(async () => { s = await demoServer(); });
afterEach(async () => { await s.close(); });

const auditor = (): Record<string, string> => bearer(s.token('auditor'));
const get = async (url: string) => s.app.inject({ url, headers: auditor() });
const count = (db: Db): number => (db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;

/** The published run of the demo's latest round. */
const published = (): { runId: number; hash: string } => {
  const runId = latestPublication(s.db, 3)!.runId;
  const { results_hash: hash } = s.db.prepare('SELECT results_hash FROM runs WHERE id = ?').get(runId) as { results_hash: string };
  return { runId, hash };
};

/** The stored row with the first-ranked entity's score raised by 10, re-encoded as results-codec.ts does. */
function raisedRow(db: Db, hash: string): { entity: string; data: Buffer; hash: string } {
  const { data } = db.prepare('SELECT data FROM results WHERE hash = ?').get(hash) as { data: Buffer };
  const { header, columns } = decodeColumns<ResultsHeader>(RESULTS_MAGIC, data, (h) => h.columns.map(() => h.n));
  const score = columns[header.columns.indexOf('score')];
  const i = columns[header.columns.indexOf('rank')].indexOf(1);
  score[i] += 10;
  const out = encodeColumns(RESULTS_MAGIC, header, columns);
  return { entity: header.ids[i], data: out, hash: createHash('sha256').update(out).digest('hex') };
}

const rerun = async (runId: number) => s.app.inject({ method: 'POST', url: `/api/runs/${runId}/rerun`, headers: auditor() });

describe('a published results row changed behind the code', () => {
  test('edited in place: the rerun is not identical and names the entity; verify reports the run', async () => {
    const { runId, hash } = published();
    expect((await rerun(runId)).json()).toMatchObject({ identical: true, findings: [] });
    expect((await get('/api/audit/verify')).json()).toMatchObject({ ok: true, results: { findings: [] } });

    const forged = raisedRow(s.db, hash);
    s.db.exec('DROP TRIGGER results_no_update');
    s.db.prepare('UPDATE results SET data = ? WHERE hash = ?').run(forged.data, hash);

    const r = (await rerun(runId)).json();
    expect(r.identical).toBe(false);
    expect(r.findings.find((f: { entity?: string }) => f.entity)).toMatchObject({ runId, entity: forged.entity, column: 'score' });
    expect(r.findings.map((f: { zh: string }) => f.zh).join()).toContain(`「${forged.entity}」`);
    const v = (await get('/api/audit/verify')).json();
    expect(v.ok).toBe(false);
    expect(v.results.findings).toHaveLength(1);
    expect(v.results.findings[0]).toMatchObject({ runId, where: `run:${runId}` });
    expect(v.findings[0]).toMatchObject({ kind: 'results', where: `run:${runId}` });
    expect(v.findings[0].en).toMatch(/not its recorded results hash/);
    // Nor does the edited row reach anyone as the run's results: history refuses it.
    const { scheme_id: schemeId } = s.db.prepare('SELECT scheme_id FROM rounds WHERE id = 3').get() as { scheme_id: string };
    const h = await get(`/api/entities/${forged.entity}/history?schemeId=${schemeId}`);
    expect(h.statusCode).toBe(409);
    expect(h.json().error.zh).toMatch(new RegExp(`运行 ${runId} 存储的结果与其结果哈希不符`));
    expect(h.json().error.en).toMatch(/do not match its results hash/);
  });

  test('replaced by a consistent row and re-pointed: the audit record and the rerun disagree', async () => {
    const { runId, hash } = published();
    const forged = raisedRow(s.db, hash);
    s.db.prepare('INSERT INTO results (hash, n, data, created_at) VALUES (?, 0, ?, ?)').run(forged.hash, forged.data, 'x');
    s.db.exec('DROP TRIGGER runs_published_no_update');
    s.db.prepare('UPDATE runs SET results_hash = ? WHERE id = ?').run(forged.hash, runId);

    const r = (await rerun(runId)).json();
    expect(r).toMatchObject({ identical: false, storedResultsHash: forged.hash, resultsHash: hash });
    expect(r.findings.find((f: { entity?: string }) => f.entity)).toMatchObject({ entity: forged.entity, column: 'score' });
    const v = (await get('/api/audit/verify')).json();
    expect(v.ok).toBe(false);
    expect(v.results.findings.map((f: { en: string }) => f.en).join()).toMatch(new RegExp(`differs from ${hash}, which the audit log recorded`));
  });

  test('a rerun of an unknown run is a clear 404', async () => {
    const r = await rerun(999_999);
    expect(r.statusCode).toBe(404);
    expect(r.json().error.zh).toMatch(/999999/);
    expect(r.json().error.en).toMatch(/run 999999 not found/);
  });
});

/** The entry hash as documented in store/audit.ts, written out here without the store's code. */
const sortedJson = (v: unknown): string => JSON.stringify(v, (_, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x)
  ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  : x));
const entryHash = (prev: string, e: { seq: number; at: string; actorId: number | null; actor: string; action: string; target: string; detailJson: string }): string =>
  createHash('sha256').update(`${prev}\n${JSON.stringify([e.seq, e.at, e.actorId, e.actor, e.action, e.target, e.detailJson])}`, 'utf8').digest('hex');

async function allEntries(): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for (;;) {
    const page = (await get(`/api/audit?after=${out.at(-1)?.seq ?? 0}&limit=1000`)).json().entries as AuditEntry[];
    if (page.length === 0) return out;
    out.push(...page);
  }
}

describe('the audit chain against a head an auditor kept', () => {
  test('the documented formula recomputes every entry and the head from the API alone', async () => {
    const entries = await allEntries();
    expect(entries.length).toBeGreaterThan(10);
    let prev = '0'.repeat(64);
    entries.forEach((e, k) => {
      expect(e.seq).toBe(k + 1);
      expect(e.prevHash).toBe(prev);
      prev = entryHash(prev, { ...e, detailJson: sortedJson(e.detail) });
      expect(e.hash, `entry ${e.seq}`).toBe(prev);
    });
    expect((await get('/api/audit/head')).json()).toEqual({ count: entries.length, hash: prev });
  });

  test('cutting the last entries off is found against the kept head, though the chain alone still holds', async () => {
    const head = (await get('/api/audit/head')).json();
    s.db.exec('DROP TRIGGER audit_no_delete');
    s.db.prepare('DELETE FROM audit WHERE seq > ?').run(head.count - 2);
    expect((await get('/api/audit/verify')).json().ok).toBe(true);
    const v = (await get(`/api/audit/verify?head=${head.count}:${head.hash}`)).json();
    expect(v).toMatchObject({ ok: false, kept: { ok: false, problem: 'truncated', entries: head.count - 2 } });
    expect(v.findings).toEqual([expect.objectContaining({ kind: 'head', where: `head:${head.count}` })]);
    expect(v.findings[0].zh).toMatch(new RegExp(`现有 ${head.count - 2} 条`));
    expect(v.findings[0].en).toMatch(/were removed/);
  });

  test('rewriting an entry and rehashing every later one is found against the kept head', async () => {
    const head = (await get('/api/audit/head')).json();
    const entries = await allEntries();
    s.db.exec('DROP TRIGGER audit_no_update');
    // Forge entry 5's details, then rebuild the rest of the chain with the documented formula.
    const update = s.db.prepare('UPDATE audit SET detail_json = ?, prev_hash = ?, hash = ? WHERE seq = ?');
    let prev = entries[3].hash;
    for (const e of entries.slice(4)) {
      const detailJson = e.seq === 5 ? sortedJson({ forged: true }) : sortedJson(e.detail);
      const hash = entryHash(prev, { ...e, detailJson });
      update.run(detailJson, prev, hash, e.seq);
      prev = hash;
    }
    expect(verifyAuditChain(s.db).ok).toBe(true);
    const v = (await get(`/api/audit/verify?head=${head.count}:${head.hash}`)).json();
    expect(v).toMatchObject({ ok: false, kept: { problem: 'rewritten' } });
    expect(v.findings[0].en).toMatch(new RegExp(`audit entry ${head.count} has hash ${prev}, not ${head.hash}`));
    // An older head, before the forged entry, still holds.
    expect((await get(`/api/audit/verify?head=4:${entries[3].hash}`)).json()).toMatchObject({ ok: true, kept: { ok: true } });
  });

  test('a malformed head is a 400 naming it; a head from another database is a finding; neither writes', async () => {
    const before = count(s.db);
    for (const bad of ['nonsense', '0:' + 'a'.repeat(64), `3:${'g'.repeat(64)}`, `3:${'a'.repeat(63)}`, `3 ${'a'.repeat(64)}`, '']) {
      const r = await get(`/api/audit/verify?head=${encodeURIComponent(bad)}`);
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().error.zh, bad).toMatch(/链头应为「条数:哈希」/);
      expect(r.json().error.en, bad).toMatch(/a chain head is "COUNT:HASH"/);
      expect(r.json().error.problems[0].where).toBe('head');
    }
    const other = openStore(':memory:');
    try {
      await seedDemo(other, TEMPLATES);
      const theirs = (other.prepare('SELECT seq, hash FROM audit WHERE seq = 3').get() as { seq: number; hash: string });
      const v = (await get(`/api/audit/verify?head=3:${theirs.hash}`)).json();
      expect(v).toMatchObject({ ok: false, kept: { problem: 'rewritten' } });
      expect(v.findings[0].en).toMatch(/or the head is from another database/);
      expect(v.findings[0].zh).toMatch(/来自另一个数据库/);
    } finally {
      other.close();
    }
    expect(count(s.db)).toBe(before);
  });
});

describe('the chain head printed with every publication', () => {
  test('the API and the published ranking page show the head right after the publication\'s entry', async () => {
    const pubs = (await get('/api/rounds/3/publications')).json().publications as { id: number; chainHead: { count: number; hash: string } }[];
    expect(pubs.length).toBeGreaterThan(0);
    for (const p of pubs) {
      const entry = listAudit(s.db, { target: 'round:3', limit: 1000 }).find((e) => e.action.endsWith('publish') && e.detail.publicationId === p.id)!;
      expect(p.chainHead).toEqual({ count: entry.seq, hash: entry.hash });
    }
    const page = await s.app.inject({ url: '/rounds/3?lang=en', headers: bearer(s.token('leadership')) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<footer class="chain-head">Audit chain head at publication/);
    expect(page.body).toContain(`${pubs[0].chainHead.count}:${pubs[0].chainHead.hash}`);
    // Kept from the page, the head verifies.
    expect((await get(`/api/audit/verify?head=${pubs[0].chainHead.count}:${pubs[0].chainHead.hash}`)).json()).toMatchObject({ ok: true });
  });
});

describe('immutability triggers at start', () => {
  const droppedDb = async (): Promise<string> => {
    const path = join(mkdtempSync(join(tmpdir(), 'kaohe-trig-')), 'k.db');
    const db = openStore(path);
    await seedDemo(db, TEMPLATES);
    db.exec('DROP TRIGGER results_no_update; DROP TRIGGER audit_no_delete');
    db.close();
    return path;
  };

  test('a database missing triggers is refused, naming them and how to restore; restoring is audited', async () => {
    const path = await droppedDb();
    let problem: { zh: string; en: string; where: string } | undefined;
    try { openStore(path).close(); } catch (e) { problem = (e as KaoheError).problems[0]; }
    expect(problem).toBeDefined();
    expect(problem!.where).toBe(path);
    expect(problem!.zh).toMatch(/缺少 2 个防篡改触发器（results_no_update、audit_no_delete）/);
    expect(problem!.en).toMatch(/--restore-triggers/);
    const db = openStore(path, { restoreTriggers: true });
    try {
      expect(missingTriggers(db)).toEqual([]);
      expect(() => db.prepare("UPDATE results SET data = x'00'").run()).toThrow(/immutable/);
      const last = listAudit(db, { after: count(db) - 1 })[0];
      expect(last).toMatchObject({ action: 'store.triggers.restore', detail: { triggers: ['results_no_update', 'audit_no_delete'] } });
      expect(verifyAuditChain(db).ok).toBe(true);
    } finally {
      db.close();
    }
    openStore(path).close();
  });

  test('kaohe serve refuses to start on it (exit 1, zh/en message)', async () => {
    const path = await droppedDb();
    const { kaohe } = cliSandbox('kaohe-trig-cli-');
    const r = kaohe('serve', '--db', path, '--port', '0');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/防篡改触发器/);
    expect(r.stderr).toMatch(/immutability trigger\(s\) \(results_no_update, audit_no_delete\)/);
    expect(r.stdout).not.toMatch(/is running/);
  });
});
