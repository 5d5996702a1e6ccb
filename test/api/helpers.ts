/** A demo service in memory for API tests, and small helpers for requests (inject: real HTTP semantics, no socket). */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer, type BuildServerOptions } from '../../api/server.js';
import { seedDemo, type DemoSeed } from '../../store/demo-seed.js';
import { readFileSync } from 'node:fs';
import { createAccount, createOffice, createRoster, issueToken, openStore, SYSTEM, type Db, type Role } from '../../store/index.js';
import { root } from '../cli-runner.js';

export const TEMPLATES = join(root, 'templates');

export interface DemoServer {
  app: FastifyInstance;
  db: Db;
  seed: DemoSeed;
  token: (role: Role) => string;
  close: () => Promise<void>;
}

export async function demoServer(options: Partial<BuildServerOptions> = {}): Promise<DemoServer> {
  const db = openStore(':memory:');
  const seed = await seedDemo(db, TEMPLATES);
  const app = await buildServer({ db, ...options });
  const token = (role: Role): string => {
    const a = seed.accounts.find((x) => x.role === role);
    if (!a) throw new Error(`no demo ${role} account`);
    return a.token;
  };
  return { app, db, seed, token, close: async () => { await app.close(); db.close(); } };
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** Another office with one account; returns its token. */
export function otherOffice(db: Db, id = 'other-office'): string {
  createOffice(db, SYSTEM, { id, name: { zh: '其他考核办', en: 'Another office' } });
  const a = createAccount(db, SYSTEM, { name: `${id}-user`, role: 'office', officeId: id });
  return issueToken(db, SYSTEM, a.id, { days: 30 }).token;
}

/** A token of a new account with this role. */
export function tokenFor(db: Db, role: Role, name: string): string {
  const a = createAccount(db, SYSTEM, { name, role });
  return issueToken(db, SYSTEM, a.id, { days: 30 }).token;
}

export interface FilePart {
  name: string;
  content: Buffer | string;
  type?: string;
  field?: string;
}

/** multipart/form-data with text fields and files (usually one). */
export function multipart(fields: Record<string, string>, ...files: (FilePart | undefined)[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----kaohe${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const file of files) {
    if (!file) continue;
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** POST a file (and fields) to a round's submissions. */
export function upload(app: FastifyInstance, roundId: number, headers: Record<string, string>, file: { name: string; content: Buffer | string }, fields: Record<string, string> = {}) {
  const m = multipart(fields, file);
  return app.inject({ method: 'POST', url: `/api/rounds/${roundId}/submissions`, headers: { ...headers, ...m.headers }, payload: m.payload });
}

/** A new round of the demo scheme on the demo roster, opened for data; returns its id. */
export async function collectingDemoRound(s: DemoServer, headers: Record<string, string>, name: string, year = 2026): Promise<number> {
  const r = await s.app.inject({
    method: 'POST', url: '/api/rounds', headers,
    payload: { name: { zh: name }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId: 1, periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` },
  });
  const id = (r.json() as { id: number }).id;
  await s.app.inject({ method: 'POST', url: `/api/rounds/${id}/status`, headers, payload: { status: 'collecting' } });
  return id;
}

/** Poll a run until it has finished. */
export async function waitForRun(app: FastifyInstance, runId: number, headers: Record<string, string>): Promise<{ status: string; resultsHash: string | null }> {
  for (let i = 0; i < 600; i++) {
    const r = await app.inject({ url: `/api/runs/${runId}`, headers });
    const run = r.json() as { status: string; resultsHash: string | null };
    if (run.status === 'done' || run.status === 'failed') return run;
    await new Promise((ok) => setTimeout(ok, 20));
  }
  throw new Error(`run ${runId} did not finish`);
}

/** Row counts of the tables an upload writes. */
export function counts(db: Db): Record<string, number> {
  const n = (t: string): number => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  return { submissions: n('submissions'), snapshots: n('snapshots'), round_snapshots: n('round_snapshots'), runs: n('runs') };
}

/** The official-accountability template's files: a scheme with dated records. */
export const OFFICIALS_DIR = join(TEMPLATES, 'official-accountability');
export const officialsFiles = {
  scheme: readFileSync(join(OFFICIALS_DIR, 'scheme.yaml'), 'utf8'),
  data: readFileSync(join(OFFICIALS_DIR, 'officials.csv'), 'utf8'),
  records: readFileSync(join(OFFICIALS_DIR, 'records.csv'), 'utf8'),
};

/**
 * A round of the official-accountability scheme (uploaded by the admin) on a roster of its
 * officials, with its data and then its records file uploaded by the demo office, and scored.
 */
export async function recordsRound(s: DemoServer): Promise<{ round: number; runId: number; dataSnapshot: string; recordsSubmission: { statusCode: number; body: { submission: { report: unknown }; snapshotHash: string } } }> {
  const admin = bearer(s.token('admin'));
  const office = bearer(s.token('office'));
  const m = multipart({}, { name: 'scheme.yaml', content: officialsFiles.scheme });
  const scheme = await s.app.inject({ method: 'POST', url: '/api/schemes', headers: { ...admin, ...m.headers }, payload: m.payload });
  if (scheme.statusCode !== 201 && scheme.statusCode !== 200) throw new Error(scheme.body);
  const { id: schemeId, version: schemeVersion } = scheme.json().scheme;
  const ids = officialsFiles.data.trim().split('\n').slice(1).map((l) => l.split(','));
  const roster = createRoster(s.db, SYSTEM, { name: 'officials', regions: [], officials: ids.map(([id, name]) => ({ id, name, posts: [] })) });
  const round = (await s.app.inject({
    method: 'POST', url: '/api/rounds', headers: office,
    payload: { name: { zh: '离任审计' }, schemeId, schemeVersion, rosterId: roster.id, periodStart: '2021-01-01', periodEnd: '2025-12-31' },
  })).json().id as number;
  await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/status`, headers: office, payload: { status: 'collecting' } });
  const data = await upload(s.app, round, office, { name: 'officials.csv', content: officialsFiles.data });
  if (data.statusCode !== 201) throw new Error(data.body);
  const rec = await upload(s.app, round, office, { name: 'records.csv', content: officialsFiles.records }, { part: 'records' });
  const run = (await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office })).json();
  if ((await waitForRun(s.app, run.id, office)).status !== 'done') throw new Error(`run ${run.id} failed`);
  return { round, runId: run.id, dataSnapshot: data.json().snapshotHash, recordsSubmission: { statusCode: rec.statusCode, body: rec.json() } };
}
