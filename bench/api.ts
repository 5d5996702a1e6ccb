/**
 * The service under load: requests per second and p50/p99/max latency, by autocannon
 * on the loopback, for the ranking JSON and a scorecard page of the demo round — with the server
 * idle, and with a large round (1,000,000 entities by default) being scored in the background
 * over and over.
 *
 * The server is the real one (`kaohe serve`, dist/) in its own process, on a database prepared
 * here: the demo seed plus the large round's data (synthetic, seeded) uploaded through the
 * store as a CSV. autocannon runs in this process, 10 connections, 10 s per measurement; the
 * scoring loop asks for a run over HTTP, polls it until done, and asks again, for as long as a
 * measurement lasts. Every run of the large round has an as-of date of its own, so its results
 * are new bytes (the as-of date is in the results header) that are encoded, hashed and written
 * whole, as after a new upload — not found already stored.
 *
 * After the server stops, one more run is scored in this process with the event loop's delay
 * monitored (perf_hooks.monitorEventLoopDelay and a 1 ms timer): the longest synchronous
 * stalls of the main thread during a run, first with the snapshot not yet decoded, then with it
 * cached. Run by bench/run.ts (`--child api`, or alone: `--only api`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { shutdownPool } from '../engine/index.js';
import { synthCsv } from '../io/index.js';
import { seedDemo } from '../store/demo-seed.js';
import { actorOf, authenticateToken, createRoster, createRound, openStore, requestRoundStatus, requestRun, schemePlan, scoreRun, submitFile, SYSTEM, type Db } from '../store/index.js';

const root = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const SEED = 20250501;
const SECONDS = 10;
const CONNECTIONS = 10;
/** Entities of the large round when none is given. */
export const API_ENTITIES = 1_000_000;
/** Entities of the round after the large one (the large round's first ones). */
const LATER_ENTITIES = 1_000;
const LATER_CASE = 'scorecard page, a round after the large one (its trend reads the large round\'s newest run)';
const LATER_RANKING_CASE = 'ranking JSON, a round after the large one (its rank changes read the large round\'s newest run)';

/** A distinct as-of date for the k-th run of the large round (days from 2030-01-01). */
const asOfDate = (k: number): string => new Date(Date.UTC(2030, 0, 1) + k * 86_400_000).toISOString().slice(0, 10);
let runCounter = 0;
const nextAsOf = (): string => asOfDate(runCounter++);

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

/** The main thread's event loop during one run scored in the benchmark process. */
export interface StallProbe {
  /** The snapshot had not been decoded yet (the first run after a start or an upload) or was cached. */
  snapshot: 'cold' | 'cached';
  runMs: number;
  /** Longest stall (ms): the longest a 1 ms timer waited beyond its time. */
  maxStallMs: number;
  /** Event-loop delay percentiles (ms) from monitorEventLoopDelay (resolution 1 ms). */
  p50DelayMs: number;
  p99DelayMs: number;
  /** Stalls of 50 ms or more, and of 100 ms or more. */
  over50: number;
  over100: number;
}

export interface ApiBenchOut {
  entities: number;
  threads: number;
  prepareMs: number;
  seconds: number;
  /** Runs of the large round on the idle server (the pool already warm), request to done. */
  scoreAloneMs: number[];
  cases: LoadCase[];
  stalls: StallProbe[];
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

/** Score the round over HTTP (a new as-of date: new results); resolves with the run's time when it is done. */
async function scoreOnce(base: string, roundId: number, token: string): Promise<number> {
  const t = performance.now();
  const r0 = await fetch(`${base}api/rounds/${roundId}/runs`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ asOf: nextAsOf() }),
  });
  if (!r0.ok) throw new Error(`POST runs: ${r0.status} ${await r0.text()}`);
  const run = (await r0.json()) as { id: number };
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

/** One run scored in this process while a 1 ms timer and monitorEventLoopDelay watch the event loop. */
async function probeStalls(db: Db, roundId: number, threads: number, snapshot: StallProbe['snapshot']): Promise<StallProbe> {
  const run = requestRun(db, SYSTEM, roundId, { asOf: nextAsOf() });
  const h = monitorEventLoopDelay({ resolution: 1 });
  const stalls: number[] = [];
  let stop = false;
  let last = performance.now();
  const tick = (): void => {
    const now = performance.now();
    stalls.push(now - last - 1);
    last = now;
    if (!stop) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  h.enable();
  const t = performance.now();
  const done = await scoreRun(db, run.id, { threads });
  const runMs = performance.now() - t;
  h.disable();
  stop = true;
  await new Promise((ok) => setTimeout(ok, 5));
  if (done.status !== 'done') throw new Error(`probe run ${run.id} ${done.status}`);
  return {
    snapshot, runMs, maxStallMs: stalls.reduce((a, b) => Math.max(a, b), 0), p50DelayMs: h.percentile(50) / 1e6, p99DelayMs: h.percentile(99) / 1e6,
    over50: stalls.filter((x) => x >= 50).length, over100: stalls.filter((x) => x >= 100).length,
  };
}

export async function apiBench(entities = API_ENTITIES): Promise<ApiBenchOut> {
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
    const bigCsv = synthCsv(plan, entities, SEED);
    await submitFile(db, office, big.id, { fileName: 'large.csv', bytes: Buffer.from(bigCsv) });
    // A small round after the large one, of the same scheme and office, on the large round's first
    // entities: its scorecard's trend reads the large round's newest run.
    const lines = bigCsv.slice(0, 1_000_000).split('\n');
    const laterCsv = `${lines.slice(0, LATER_ENTITIES + 1).join('\n')}\n`;
    const laterEntity = lines[1].slice(0, lines[1].indexOf(','));
    if (/["']/.test(laterEntity)) throw new Error(`unexpected synthetic id ${laterEntity}`);
    const later = createRound(db, office, {
      name: { zh: '大轮次之后（合成）', en: 'After the large round (synthetic)' }, schemeId, schemeVersion, rosterId: roster.id, officeId: auth.principal.officeId!,
      periodStart: '2031-01-01', periodEnd: '2031-12-31', synthetic: true,
    });
    requestRoundStatus(db, office, later.id, 'collecting');
    await submitFile(db, office, later.id, { fileName: 'later.csv', bytes: Buffer.from(laterCsv) });
    const laterRun = await scoreRun(db, requestRun(db, office, later.id).id, {}, office);
    if (laterRun.status !== 'done') throw new Error(`the round after the large one failed to score: ${JSON.stringify(laterRun.error)}`);
    db.close();
    const prepareMs = performance.now() - t0;
    let cases: LoadCase[] = [];
    let alone: number[] = [];
    const stalls: StallProbe[] = [];

    const server = await startServer(dbPath, threads);
    try {
      const ranking = `${server.base}api/rounds/${demo}/ranking`;
      const page = `${server.base}rounds/${demo}/entities/320100`;
      const laterPage = `${server.base}rounds/${later.id}/entities/${encodeURIComponent(laterEntity)}`;
      const laterRanking = `${server.base}api/rounds/${later.id}/ranking`;
      const lead = token('leadership');
      for (const url of [ranking, page, laterPage, laterRanking]) for (let k = 0; k < 20; k++) await fetch(url, { headers: { authorization: `Bearer ${lead}` } }).then((r) => r.arrayBuffer());
      await scoreOnce(server.base, big.id, token('office'));
      const scoreAloneMs: number[] = [];
      for (let k = 0; k < 3; k++) scoreAloneMs.push(await scoreOnce(server.base, big.id, token('office')));
      const bg = async (): Promise<number[]> => [await scoreOnce(server.base, big.id, token('office'))];
      cases = [
        await measure('ranking JSON (`GET /api/rounds/:id/ranking`)', ranking, lead, null),
        await measure('scorecard page (`GET /rounds/:id/entities/:entityId`)', page, lead, null),
        await measure(LATER_CASE, laterPage, lead, null),
        await measure(LATER_RANKING_CASE, laterRanking, lead, null),
        await measure('ranking JSON (`GET /api/rounds/:id/ranking`)', ranking, lead, bg),
        await measure('scorecard page (`GET /rounds/:id/entities/:entityId`)', page, lead, bg),
        await measure(LATER_CASE, laterPage, lead, bg),
        await measure(LATER_RANKING_CASE, laterRanking, lead, bg),
      ];
      alone = scoreAloneMs;
    } finally {
      await server.stop();
    }
    const probeDb = openStore(dbPath);
    try {
      stalls.push(await probeStalls(probeDb, big.id, threads, 'cold'));
      stalls.push(await probeStalls(probeDb, big.id, threads, 'cached'));
    } finally {
      await shutdownPool();
      probeDb.close();
    }
    return { entities, threads, prepareMs, seconds: SECONDS, scoreAloneMs: alone, cases, stalls };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f0 = (x: number): string => Math.round(x).toLocaleString('en-US');
const f1 = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const API_HEADING = '## 6. The service: requests per second and p99 latency';

/** What a run still does on the server's main thread (kept with the code it describes: store/off-thread.ts, store/scoring.ts). */
export const MAIN_THREAD_NOTE = [
  'Where a run\'s work happens: the evaluation and the final ranks on the engine\'s pool; decoding the snapshot, and encoding, hashing and writing the results row, on the store\'s worker thread (store/off-thread.ts).',
  'What stays on the main thread: building the evaluation state (allocating the shared columns, about 15 ms for a million entities); between the pool\'s steps, merging the per-chunk statistics and — for schemes that use them, not this one — medians, group means, outlier decisions and rank-based normalisations, which sort whole columns there; on the first run of a snapshot, parsing its ids from the worker\'s JSON slices, 16,384 a turn (a few ms each; the garbage collector\'s pauses, up to about 50 ms, fall among them); handing the results header (the ids\' JSON, an 11 MB string) to the worker, 20–40 ms; and the final transaction that marks the run done.',
  'One stall remains around a large run, outside it: a write from another request (an upload, a login, the audit entry of a read of unpublished results) waits while the store\'s worker writes a results row — SQLite has one writer, and the main connection waits synchronously; about 1.2 s for these 187 MB; reads do not wait.',
  'A scorecard\'s trend reads, for each earlier round of the scheme and office, the entity\'s row of that round\'s run through the run\'s entity index (store/entity-index.ts: the ids in a hash table, with the score, rank and grade columns), built once per run — for a large run by the store\'s worker from the results row — and shared by concurrent requests; a lookup is O(1), and rounds ending after the scorecard\'s round are not read at all. A scorecard of a round after the large one still waits, once per new run of the large round, for that run\'s index (the first request after the run: the idle line\'s max above; behind the run\'s own writing on the worker when it scores; the main thread answers other requests meanwhile), and a leadership reader\'s unpublished trend point is an audit entry, a write, which waits for a results row being written.',
  'A ranking\'s rank changes (JSON, page and results workbook) read the previous round\'s ranks through that round\'s run\'s entity index as well (a Map view over its rank column: a lookup per entity, nothing decoded), so a ranking of a round after the large one waits for the index in the same way, once per new run of the large round, and the main thread answers other requests meanwhile; a diff of two runs of PARALLEL_FROM entities or more (GET /api/diff) is computed whole by the store\'s worker from the stored results and snapshots (store/diff-compute.ts), and only the diff itself — the entities that changed — comes back to be copied and serialised on the main thread.',
].join(' ');

/** The section of bench/RESULTS.md. */
export function apiSection(o: ApiBenchOut): string[] {
  const L: string[] = [API_HEADING, ''];
  const alone = [...o.scoreAloneMs].sort((a, b) => a - b);
  L.push(`\`kaohe serve\` (dist/, its own process, ${o.threads} scoring threads) on a database with the demo seed and a large synthetic round of ${f0(o.entities)} entities (${f1(o.prepareMs / 1000)} s to prepare, most of it reading the ${f0(o.entities)}-row CSV). autocannon in the benchmark process, loopback, ${CONNECTIONS} connections, ${o.seconds} s per line, bearer token of the leadership account; the demo round's results were requested before measuring (runs are evaluated again once and kept). "Scoring in the background": the large round is scored, polled until done, and scored again, for the whole measurement; every run has an as-of date of its own, so its results are new bytes, encoded, hashed and written whole as after a new upload. One run of the large round on the idle server takes ${f0(alone[alone.length >> 1])} ms (median of ${alone.map(f0).join(', ')} ms; request to done, polled every 100 ms).`, '');
  L.push('| request | large round scoring | requests/s | p50 | p99 | max | requests | non-2xx | background runs finished (ms each) |', '|---|---|---|---|---|---|---|---|---|');
  for (const c of o.cases) {
    L.push(`| ${c.name} | ${c.background ? 'yes' : 'no'} | ${f0(c.requestsPerSecond)} | ${c.p50Ms} ms | ${c.p99Ms} ms | ${c.maxMs} ms | ${f0(c.requests)} | ${c.non2xx + c.errors} | ${c.background ? `${c.runs.length} (${c.runs.map(f0).join(', ')})` : '—'} |`);
  }
  const idle = o.cases.filter((c) => !c.background);
  const busy = o.cases.filter((c) => c.background);
  const notes = idle.map((c, k) => `${c.name.split(' (')[0]}: ${f0(busy[k].requestsPerSecond)} req/s with scoring against ${f0(c.requestsPerSecond)} idle (${f0((busy[k].requestsPerSecond / c.requestsPerSecond) * 100)}%), p99 ${busy[k].p99Ms} ms against ${c.p99Ms} ms, max ${busy[k].maxMs} ms against ${c.maxMs} ms`);
  L.push('', `While the large round scores, the server keeps answering: ${notes.join('; ')}.`, '');
  L.push(`The main thread's event loop during one run of the large round scored in the benchmark process (the same store and pool, ${o.threads} threads, nothing else running), watched by a 1 ms timer and \`monitorEventLoopDelay\`:`, '');
  L.push('| snapshot | run | longest stall | event-loop delay p50 / p99 | stalls ≥ 50 ms | stalls ≥ 100 ms |', '|---|---|---|---|---|---|');
  for (const p of o.stalls) {
    L.push(`| ${p.snapshot === 'cold' ? 'not yet decoded (first run after a start or an upload)' : 'decoded and cached'} | ${f0(p.runMs)} ms | ${f0(p.maxStallMs)} ms | ${f1(p.p50DelayMs)} / ${f1(p.p99DelayMs)} ms | ${p.over50} | ${p.over100} |`);
  }
  L.push('', MAIN_THREAD_NOTE, '');
  return L;
}
