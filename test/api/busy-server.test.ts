/**
 * While a large round scores, the server answers (issue 5). Requests sent one after another for
 * as long as the run lasts are answered in every phase of it — while the store's worker thread
 * decodes the snapshot, while the pool scores, and while the worker encodes, hashes and writes
 * the results — each before the run completes: the phase is read when the answer arrives. An
 * ordering check, not a timing one. Real HTTP on the loopback (requests arrive as I/O, as they
 * do in service); the database is a file (as `kaohe serve` keeps it), opened fresh for the
 * server so the snapshot is not decoded yet.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildServer } from '../../api/server.js';
import { PARALLEL_FROM } from '../../engine/index.js';
import { synthCsv } from '../../io/index.js';
import { seedDemo, type DemoSeed } from '../../store/demo-seed.js';
import { openStore, schemePlan, submitFile, SYSTEM, type Db } from '../../store/index.js';
import { openRoster, releaseFileStore, syntheticRound } from '../store/file-rounds.js';
import { bearer, TEMPLATES } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kaohe-busy-'));
let db: Db;
let app: FastifyInstance;
let seed: DemoSeed;
let largeRound: number;
let base: string;

/** A request over HTTP. */
async function get(url: string, headers: Record<string, string>, init: RequestInit = {}): Promise<{ status: number; json: () => Promise<Record<string, unknown>> }> {
  const r = await fetch(`${base}${url}`, { ...init, headers: { ...headers, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  return { status: r.status, json: () => r.json() as Promise<Record<string, unknown>> };
}

beforeAll(async () => {
  const path = join(dir, 'kaohe.db');
  const prep = openStore(path);
  seed = await seedDemo(prep, TEMPLATES);
  const { plan } = schemePlan(prep, 'demo-green', '2025.1');
  largeRound = syntheticRound(prep, openRoster(prep), 2030, { zh: '大轮次', en: 'large round' });
  await submitFile(prep, SYSTEM, largeRound, { fileName: 'large.csv', bytes: Buffer.from(synthCsv(plan, PARALLEL_FROM * 3, 5)) });
  prep.close();
  db = openStore(path);
  app = await buildServer({ db, threads: 2 });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
}, 120_000);

afterAll(async () => {
  await app.close();
  db.close();
  await releaseFileStore(dir);
});

const token = (role: string): string => seed.accounts.find((a) => a.role === role)!.token;

test('requests are answered in every phase of a large run, before it completes; polling shows the phase', async () => {
  const lead = bearer(token('leadership'));
  const office = bearer(token('office'));
  const ranking = `/api/rounds/${seed.roundIds[seed.roundIds.length - 1]}/ranking`;
  expect((await get(ranking, lead)).status).toBe(200);

  const started = await get(`/api/rounds/${largeRound}/runs`, office, { method: 'POST', body: '{}' });
  expect(started.status).toBe(202);
  const runId = (await started.json()).id as number;
  const answered = { loading: 0, scoring: 0, saving: 0 };
  const polled: string[] = [];
  for (;;) {
    const r = await get(ranking, lead);
    expect(r.status).toBe(200);
    const p = app.jobs.progress(runId);
    if (!p) break; // finished
    if (p.status === 'running' && p.phase) answered[p.phase]++;
    const run = await (await get(`/api/runs/${runId}`, office)).json();
    const phase = (run.progress as { phase?: string } | null)?.phase;
    if (phase && polled.at(-1) !== phase) polled.push(phase);
  }
  const done = await (await get(`/api/runs/${runId}`, office)).json();
  expect(done).toMatchObject({ status: 'done', progress: null });
  expect(answered.loading).toBeGreaterThan(0);
  expect(answered.scoring).toBeGreaterThan(0);
  expect(answered.saving).toBeGreaterThan(0);
  expect(polled).toEqual(['loading', 'scoring', 'saving']);
});
