/**
 * A correction after publication (申诉 upheld): a new snapshot beside the old, a rescore, the diff
 * saying what moved and why, republication with its reason; published runs never change; the
 * audit chain verifies, and a tampered or removed entry is found.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compile, evaluate } from '../../engine/index.js';
import { loadSchemeText } from '../../indicators/index.js';
import { readCsvText } from '../../io/index.js';
import { demoYearCsv } from '../../store/demo-seed.js';
import { canonicalFrame, encodeSnapshot, verifyAuditChain } from '../../store/index.js';
import { bearer, demoServer, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';

const schemeText = readFileSync(join(TEMPLATES, 'demo-green.yaml'), 'utf8');
const original = demoYearCsv(readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8'), 0);
const header = original.split('\n')[0].split(',');
const chuzhou = original.split('\n').find((l) => l.startsWith('341100,'))!.split(',');
const incidentsCol = header.indexOf('incidents');
const correctedRow = chuzhou.map((v, k) => (k === incidentsCol ? '0' : v)).join(',');
const correctedCsv = original.replace(chuzhou.join(','), correctedRow);

let s: DemoServer;
let office: Record<string, string>;
let round: number;
let oldRun: number;
let newRun: number;
let oldSnapshot: string;

beforeAll(async () => {
  s = await demoServer({ publicResults: true });
  office = bearer(s.token('office'));
  round = s.seed.roundIds[2];
  const r = (await s.app.inject({ url: `/api/rounds/${round}`, headers: office })).json();
  oldRun = r.publication.runId;
  oldSnapshot = r.snapshotHash;
});
afterAll(async () => { await s.close(); });

describe('a correction after publication', () => {
  test('a one-row correction file with its reason makes a new snapshot and keeps the old', async () => {
    expect(chuzhou[incidentsCol]).toBe('2');
    const r = await upload(s.app, round, office, { name: '滁州更正.csv', content: `${header.join(',')}\n${correctedRow}\n` }, { reason: '申诉成立：事件经核实不属于较大及以上级别' });
    expect(r.statusCode).toBe(201);
    const body = r.json();
    expect(body.submission.kind).toBe('correction');
    expect(body.snapshotHash).not.toBe(oldSnapshot);
    // The merged snapshot is exactly the corrected data set: the same hash as uploading it whole would give.
    const snaps = (await s.app.inject({ url: `/api/rounds/${round}/snapshots`, headers: office })).json();
    expect(snaps.snapshots.map((x: { snapshotHash: string }) => x.snapshotHash)).toEqual([oldSnapshot, body.snapshotHash]);
    expect(snaps.snapshots[1]).toMatchObject({ kind: 'correction', entities: 9 });
    const { plan } = compile(loadSchemeText(schemeText));
    expect(body.snapshotHash).toBe(encodeSnapshot(canonicalFrame(readCsvText(correctedCsv, plan), plan)).hash);
  });

  test('the old run can no longer be published: it scored older data', async () => {
    const r = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/publications`, headers: office, payload: { runId: oldRun, reason: 'again' } });
    expect(r.statusCode).toBe(409);
  });

  test('rescoring makes a new run; the diff says what moved and why', async () => {
    const r = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office });
    newRun = r.json().id;
    expect((await waitForRun(s.app, newRun, office)).status).toBe('done');
    const compiled = compile(loadSchemeText(schemeText));
    const before = evaluate(compiled, readCsvText(original, compiled.plan));
    const after = evaluate(compiled, readCsvText(correctedCsv, compiled.plan));

    const d = (await s.app.inject({ url: `/api/diff?from=${oldRun}&to=${newRun}`, headers: bearer(s.token('auditor')) })).json();
    expect(d).toMatchObject({ planChanged: false, snapshotChanged: true });
    const moved = before.frame.ids.filter((_id, i) => before.score[i] !== after.score[i] || before.rank[i] !== after.rank[i] || before.grade[i] !== after.grade[i]);
    expect(d.changed.map((c: { id: string }) => c.id).sort()).toEqual(moved.sort());
    expect(d.unchanged).toBe(9 - moved.length);
    const c = d.changed.find((x: { id: string }) => x.id === '341100');
    const i = before.frame.ids.indexOf('341100');
    expect(c).toMatchObject({ why: 'own-data', inputs: [{ input: 'incidents', from: 2, to: 0 }] });
    expect(c.score.from).toBe(before.score[i]);
    expect(c.score.to).toBe(after.score[i]);
    for (const other of d.changed.filter((x: { id: string }) => x.id !== '341100')) expect(other.why).toBe('others-data');
  });

  test('republishing needs a reason, adds a publication, and the public sees the new run', async () => {
    const noReason = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/publications`, headers: office, payload: { runId: newRun } });
    expect(noReason.statusCode).toBe(422);
    const ok = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/publications`, headers: office, payload: { runId: newRun, reason: '申诉更正后重新发布' } });
    expect(ok.statusCode).toBe(201);
    const pubs = (await s.app.inject({ url: `/api/rounds/${round}/publications` })).json().publications;
    expect(pubs.map((p: { runId: number }) => p.runId)).toEqual([newRun, oldRun]);
    expect(pubs[0].reason).toBe('申诉更正后重新发布');
    const ranking = (await s.app.inject({ url: `/api/rounds/${round}/ranking` })).json();
    expect(ranking.run).toMatchObject({ runId: newRun, publicationReason: '申诉更正后重新发布' });
    // The old publication is still readable as it was.
    const old = await s.app.inject({ url: `/api/runs/${oldRun}/ranking` });
    expect(old.statusCode).toBe(200);
    expect(old.json().run.runId).toBe(oldRun);
  });

  test('the scorecard shows what moved since the earlier run, and why', async () => {
    const card = (await s.app.inject({ url: `/api/rounds/${round}/entities/341100` })).json();
    expect(card.run.runId).toBe(newRun);
    const value = card.changes.items.find((x: { kind: string }) => x.kind === 'value');
    expect(value).toMatchObject({ from: 2, to: 0 });
    const page = await s.app.inject({ url: `/rounds/${round}/entities/341100?lang=en` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Major environmental incidents');
  });

  test('published runs, publications and results refuse change in the database itself', () => {
    expect(() => s.db.prepare('UPDATE runs SET as_of = ? WHERE id = ?').run('2000-01-01', oldRun)).toThrow(/immutable/);
    expect(() => s.db.prepare('DELETE FROM runs WHERE id = ?').run(oldRun)).toThrow(/immutable/);
    expect(() => s.db.prepare('DELETE FROM publications').run()).toThrow(/immutable/);
    expect(() => s.db.prepare("UPDATE results SET data = x'00'").run()).toThrow(/immutable/);
    expect(() => s.db.prepare("UPDATE snapshots SET n = 0").run()).toThrow(/immutable/);
  });
});

describe('the audit log', () => {
  test('verifies over HTTP, and a changed entry is found at its place', async () => {
    const auditor = bearer(s.token('auditor'));
    const ok = (await s.app.inject({ url: '/api/audit/verify', headers: auditor })).json();
    expect(ok.ok).toBe(true);
    expect(() => s.db.prepare("UPDATE audit SET actor = 'x' WHERE seq = 5").run()).toThrow(/immutable/);
    // Someone with the file drops the trigger and edits an entry.
    s.db.exec('DROP TRIGGER audit_no_update');
    s.db.prepare(`UPDATE audit SET detail_json = '{"forged":true}' WHERE seq = 7`).run();
    const bad = (await s.app.inject({ url: '/api/audit/verify', headers: auditor })).json();
    expect(bad).toMatchObject({ ok: false, brokenAt: 7 });
    expect(bad.zh).toMatch(/第 7 条/);
  });

  test('a removed entry breaks the link of the one after it', () => {
    s.db.exec('DROP TRIGGER audit_no_delete');
    s.db.prepare('DELETE FROM audit WHERE seq = 3').run();
    expect(verifyAuditChain(s.db)).toMatchObject({ ok: false, brokenAt: 4 });
  });
});
