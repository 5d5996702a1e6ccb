/**
 * The service under load (issue 5): requests per second and p99 latency, by autocannon on the
 * loopback, for the ranking JSON and a scorecard page of the demo round — with the server idle,
 * and with a large round (300,000 entities) being scored in the background over and over.
 *
 * The server is the real one (`kaohe serve`, dist/) in its own process, on a database prepared
 * here: the demo seed plus the large round's data (synthetic, seeded) uploaded through the
 * store as a CSV. autocannon runs in this process, 10 connections, 5 s per measurement; the
 * scoring loop asks for a run over HTTP, polls it until done, and asks again, for as long as a
 * measurement lasts. Run by bench/run.ts (`--child api`, or alone: `--only api`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { synthCsv } from '../io/index.js';
import { seedDemo } from '../store/demo-seed.js';
import { actorOf, authenticateToken, createRoster, createRound, openStore, requestRoundStatus, schemePlan, submitFile } from '../store/index.js';

const root = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const SEED = 20250501;
const SECONDS = 5;
const CONNECTIONS = 10;

export interface LoadCase {
  name: string;
  background: boolean;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Background runs finished during the measurement, and their times (ms). */
  runs: number[];
}

export interface ApiBenchOut {
  entities: number;
  threads: number;
  prepareMs: number;
  /** One run of the large round on the idle server (the pool already warm). */
  scoreAloneMs: number;
  cases: LoadCase[];
}

interface Server {
  base: string;
  stop: () => Promise<void>;
}

async function startServer(dbPath: string, threads: number): Promise<Server> {
  const child = spawn(process.execPath, [root('dist/cli/main.js'), 'serve', '--db', dbPath, '--port', '0', '--threads', String(threads)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) resolve(m[0]);
    });
    child.on('exit', () => reject(new Error(`the server exited: ${out}`)));
  });
  return { base, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

async function json<T>(url: string, token: string, method = 'GET'): Promise<T> {
  const r = await fetch(url, { method, headers: { authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** Score the round over HTTP; resolves with the run's time when it is done. */
async function scoreOnce(base: string, roundId: number, token: string): Promise<number> {
  const t = performance.now();
  const run = await json<{ id: number }>(`${base}api/rounds/${roundId}/runs`, token, 'POST');
  for (;;) {
    const r = await json<{ status: string }>(`${base}api/runs/${run.id}`, token);
    if (r.status === 'done') return performance.now() - t;
    if (r.status === 'failed') throw new Error(`background run ${run.id} failed`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

async function measure(name: string, url: string, token: string, background: (() => Promise<number[]>) | null): Promise<LoadCase> {
  let stop = false;
  const runs: number[] = [];
  const loop = background ? (async () => { while (!stop) runs.push(...(await background())); })() : null;
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { authorization: `Bearer ${token}` } });
  stop = true;
  await loop;
  return {
    name, background: background !== null, requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, maxMs: r.latency.max,
    requests: r.requests.total ?? Math.round(r.requests.average * r.duration), non2xx: r.non2xx, errors: r.errors, runs,
  };
}

export async function apiBench(entities = 300_000): Promise<ApiBenchOut> {
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-api-bench-'));
  const threads = availableParallelism();
  try {
    const t0 = performance.now();
    const dbPath = join(dir, 'kaohe.db');
    const db = openStore(dbPath);
    const seed = await seedDemo(db, root('templates'));
    const token = (role: string): string => seed.accounts.find((a) => a.role === role)!.token;
    const auth = authenticateToken(db, token('office'));
    if (!auth.ok) throw new Error('demo office token refused');
    const office = actorOf(auth.principal);
    const demo = seed.roundIds[seed.roundIds.length - 1];
    const schemeId = 'demo-green';
    const schemeVersion = '2025.1';
    const { plan } = schemePlan(db, schemeId, schemeVersion);
    // A roster without regions takes any ids: the large round's synthetic entities.
    const roster = createRoster(db, office, { name: 'bench', regions: [] });
    const big = createRound(db, office, {
      name: { zh: '大轮次（合成）', en: 'Large round (synthetic)' }, schemeId, schemeVersion, rosterId: roster.id, officeId: auth.principal.officeId!,
      periodStart: '2030-01-01', periodEnd: '2030-12-31', synthetic: true,
    });
    requestRoundStatus(db, office, big.id, 'collecting');
    await submitFile(db, office, big.id, { fileName: 'large.csv', bytes: Buffer.from(synthCsv(plan, entities, SEED)) });
    db.close();
    const prepareMs = performance.now() - t0;

    const server = await startServer(dbPath, threads);
    try {
      const ranking = `${server.base}api/rounds/${demo}/ranking`;
      const page = `${server.base}rounds/${demo}/entities/320100`;
      const lead = token('leadership');
      for (const url of [ranking, page]) for (let k = 0; k < 20; k++) await fetch(url, { headers: { authorization: `Bearer ${lead}` } }).then((r) => r.arrayBuffer());
      await scoreOnce(server.base, big.id, token('office'));
      const scoreAloneMs = await scoreOnce(server.base, big.id, token('office'));
      const bg = async (): Promise<number[]> => [await scoreOnce(server.base, big.id, token('office'))];
      const cases = [
        await measure('ranking JSON (`GET /api/rounds/:id/ranking`)', ranking, lead, null),
        await measure('scorecard page (`GET /rounds/:id/entities/:entityId`)', page, lead, null),
        await measure('ranking JSON (`GET /api/rounds/:id/ranking`)', ranking, lead, bg),
        await measure('scorecard page (`GET /rounds/:id/entities/:entityId`)', page, lead, bg),
      ];
      return { entities, threads, prepareMs, scoreAloneMs, cases };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f0 = (x: number): string => Math.round(x).toLocaleString('en-US');
const f1 = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const API_HEADING = '## 6. The service: requests per second and p99 latency (issue 5)';

/** The section of bench/RESULTS.md. */
export function apiSection(o: ApiBenchOut): string[] {
  const L: string[] = [API_HEADING, ''];
  L.push(`\`kaohe serve\` (dist/, its own process, ${o.threads} scoring threads) on a database with the demo seed and a large synthetic round of ${f0(o.entities)} entities (${f1(o.prepareMs / 1000)} s to prepare, most of it reading the ${f0(o.entities)}-row CSV). autocannon in the benchmark process, loopback, ${CONNECTIONS} connections, ${SECONDS} s per line, bearer token of the leadership account; the demo round's results were requested before measuring (runs are evaluated again once and kept). "Scoring in the background": the large round is scored, polled until done, and scored again, for the whole measurement. One run of the large round on the idle server takes ${f0(o.scoreAloneMs)} ms (request to done, polled every 100 ms).`, '');
  L.push('| request | large round scoring | requests/s | p50 | p99 | max | requests | non-2xx | background runs finished (ms each) |', '|---|---|---|---|---|---|---|---|---|');
  for (const c of o.cases) {
    L.push(`| ${c.name} | ${c.background ? 'yes' : 'no'} | ${f0(c.requestsPerSecond)} | ${c.p50Ms} ms | ${c.p99Ms} ms | ${c.maxMs} ms | ${f0(c.requests)} | ${c.non2xx + c.errors} | ${c.background ? `${c.runs.length} (${c.runs.map(f0).join(', ')})` : '—'} |`);
  }
  const idle = o.cases.filter((c) => !c.background);
  const busy = o.cases.filter((c) => c.background);
  const notes = idle.map((c, k) => `${c.name.split(' (')[0]}: ${f0(busy[k].requestsPerSecond)} req/s with scoring against ${f0(c.requestsPerSecond)} idle (${f0((busy[k].requestsPerSecond / c.requestsPerSecond) * 100)}%), p99 ${busy[k].p99Ms} ms against ${c.p99Ms} ms`);
  L.push('', `While the large round scores, the server keeps answering: ${notes.join('; ')}. The scoring runs on the worker pool, but the main thread still decodes the snapshot, copies the inputs into shared memory, ranks, encodes and hashes the results and writes them to SQLite — the pauses behind the higher p99 and max.`, '');
  return L;
}
