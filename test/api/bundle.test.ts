/**
 * The audit bundle and the snapshot download over HTTP on the demo: the bundle holds the stored
 * scheme text, the data the round was scored on, the results file the export gives, the round's
 * audit entries as the audit log gives them, and a manifest whose hashes are the files' and the
 * run's; each download is an audit entry, the last of the bundle, whose head is the bundle's. A
 * snapshot downloads as CSV with the values of the file that was uploaded; an unpublished one
 * only for readers of the round, audited. (Offline verification: test/cli/verify-cli.test.ts;
 * who may call what: roles.test.ts.)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { zipEntries } from '../zip-entries.js';
import { latestPublication, listAudit } from '../../store/index.js';
import { bearer, collectingDemoRound, demoServer, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';

let s: DemoServer;
let runId: number;
const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const auditor = (): Record<string, string> => bearer(s.token('auditor'));


const download = async (id: number, headers = auditor()) => s.app.inject({ url: `/api/runs/${id}/bundle`, headers });
const json = (files: Map<string, Buffer>, name: string) => JSON.parse(files.get(name)!.toString('utf8'));

beforeAll(async () => {
  s = await demoServer();
  runId = latestPublication(s.db, s.seed.roundIds[2])!.runId;
});
afterAll(async () => { await s.close(); });

describe('GET /api/runs/:id/bundle', () => {
  test('holds the stored scheme, the export\'s results CSV, the round\'s audit entries and a manifest of their hashes', async () => {
    const run = (await s.app.inject({ url: `/api/runs/${runId}`, headers: auditor() })).json();
    const round = (await s.app.inject({ url: `/api/rounds/${run.roundId}`, headers: auditor() })).json();
    const scheme = (await s.app.inject({ url: `/api/schemes/${round.schemeId}/${round.schemeVersion}`, headers: auditor() })).json();
    const exported = await s.app.inject({ url: `/api/runs/${runId}/export?format=csv`, headers: auditor() });
    const r = await download(runId);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toContain('bundle.zip');
    const files = await zipEntries(r.rawPayload);

    expect(files.get('scheme.yaml')!.toString('utf8')).toBe(scheme.source);
    expect(files.get('results.csv')!.toString('utf8')).toBe(exported.body);
    const m = json(files, 'manifest.json');
    expect(m).toMatchObject({ runId, planHash: run.planHash, snapshotHash: run.snapshotHash, runResultsHash: run.resultsHash, asOf: run.asOf, resultsCsvHash: sha256(exported.body) });
    expect(sha256(files.get('snapshot.kaohe')!)).toBe(run.snapshotHash);
    expect(m.files.map((f: { name: string }) => f.name).sort()).toEqual([...files.keys()].filter((n) => n !== 'manifest.json').sort());
    for (const f of m.files) expect(f.sha256, f.name).toBe(sha256(files.get(f.name)!));

    const entries = json(files, 'audit.json');
    expect(entries).toEqual(listAudit(s.db, { target: `round:${run.roundId}`, limit: 1000 }));
    const last = entries.at(-1);
    expect(last).toMatchObject({ action: 'run.bundle', target: `round:${run.roundId}`, detail: { runId } });
    const head = (await s.app.inject({ url: '/api/audit/head', headers: auditor() })).json();
    expect(json(files, 'audit-head.json')).toEqual(head);
    expect(head).toEqual({ count: last.seq, hash: last.hash });
    expect(m.auditHead).toEqual(head);
    const publications = json(files, 'publications.json');
    expect(publications.map((p: { runId: number }) => p.runId)).toContain(runId);
  });

  test('every download is an entry of the round\'s audit log', async () => {
    const downloads = (): number => listAudit(s.db, { limit: 1000 }).filter((e) => e.action === 'run.bundle').length;
    const before = downloads();
    expect((await download(runId)).statusCode).toBe(200);
    expect((await download(runId, bearer(s.token('admin')))).statusCode).toBe(200);
    expect(downloads()).toBe(before + 2);
  });

  test('a run that does not exist: 404', async () => {
    expect((await download(999999)).statusCode).toBe(404);
  });
});

describe('GET /api/snapshots/:hash', () => {
  /** What a cell says: missing (empty, NA) as empty, yes/no as 1/0, a number by its value, text as it is. */
  const meaning = (v: string): string => (v === 'NA' ? '' : v === '是' ? '1' : v === '否' ? '0' : v !== '' && Number.isFinite(Number(v)) ? String(Number(v)) : v);

  test('a published run\'s snapshot as CSV: the uploaded values, by entity and column', async () => {
    const { snapshotHash } = (await s.app.inject({ url: `/api/runs/${runId}`, headers: auditor() })).json();
    const r = await s.app.inject({ url: `/api/snapshots/${snapshotHash}`, headers: bearer(s.token('leadership')) });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    const got = parse(r.body, { columns: true }) as Record<string, string>[];
    const sent = parse(readFileSync(join(TEMPLATES, 'demo-green.csv')), { columns: true, bom: true }) as Record<string, string>[];
    expect(got.map((row) => row.id).sort()).toEqual(sent.map((row) => row.id).sort());
    for (const row of sent) {
      const back = got.find((g) => g.id === row.id)!;
      for (const [k, v] of Object.entries(row)) {
        if (k === 'id' || k === 'name' || !(k in back)) continue;
        expect(meaning(back[k]), `${row.id} ${k}`).toBe(meaning(v));
      }
    }
  });

  test('a published run\'s snapshot as a workbook: uploaded again, it is the same snapshot', async () => {
    const { snapshotHash } = (await s.app.inject({ url: `/api/runs/${runId}`, headers: auditor() })).json();
    const r = await s.app.inject({ url: `/api/snapshots/${snapshotHash}?format=xlsx`, headers: bearer(s.token('leadership')) });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/spreadsheetml/);
    expect(r.headers['content-disposition']).toContain(`kaohe-snapshot-${snapshotHash.slice(0, 12)}.xlsx`);
    // Snapshots are content-addressed: the workbook read back into a new round gives the same hash.
    const office = bearer(s.token('office'));
    const round = await collectingDemoRound(s, office, '快照工作簿回读');
    const up = await upload(s.app, round, office, { name: 'snapshot.xlsx', content: r.rawPayload });
    expect(up.statusCode).toBe(201);
    expect(up.json().snapshotHash).toBe(snapshotHash);
    expect((await s.app.inject({ url: `/api/snapshots/${snapshotHash}?format=pdf`, headers: auditor() })).statusCode).toBe(400);
  });

  test('an unpublished snapshot: to the round\'s readers, audited; 404 for one that does not exist, 400 for a malformed hash', async () => {
    const office = bearer(s.token('office'));
    const round = await collectingDemoRound(s, office, '快照下载');
    const lines = readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8').trim().split('\n');
    const up = await upload(s.app, round, office, { name: 'one.csv', content: `${lines[0]}\n${lines[1]}\n` });
    expect(up.statusCode).toBe(201);
    const hash = up.json().snapshotHash;
    const reads = (): number => listAudit(s.db, { target: `round:${round}`, limit: 1000 }).filter((e) => e.action === 'read.unpublished' && e.detail.snapshotHash === hash).length;
    expect((await s.app.inject({ url: `/api/snapshots/${hash}`, headers: office })).statusCode).toBe(200);
    expect((await s.app.inject({ url: `/api/snapshots/${hash}`, headers: auditor() })).statusCode).toBe(200);
    expect(reads()).toBe(2);
    expect((await s.app.inject({ url: `/api/snapshots/${hash}`, headers: bearer(s.token('admin')) })).statusCode).toBe(403);
    expect((await s.app.inject({ url: `/api/snapshots/${hash}?part=records`, headers: office })).statusCode).toBe(404);
    expect((await s.app.inject({ url: `/api/snapshots/${'0'.repeat(64)}`, headers: office })).statusCode).toBe(404);
    expect((await s.app.inject({ url: '/api/snapshots/xyz', headers: office })).statusCode).toBe(400);
    const run = (await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office })).json();
    expect((await waitForRun(s.app, run.id, office)).status).toBe('done');
    expect((await download(run.id, office)).statusCode).toBe(200);
  });
});
