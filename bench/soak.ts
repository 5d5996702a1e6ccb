/**
 * The soak line of the hostile-input work: while an office uploads `demo-green.csv` followed by
 * 4,400,000 rows of empty cells (13 commas each, what a spreadsheet writes for formatted empty
 * rows; 61.6 MB, under the 64 MiB upload limit), leadership requests the demo round's ranking
 * (`GET /api/rounds/:id/ranking`) over 10 connections. Its p99 latency during the upload against
 * the idle p99 measured just before in the same run, as a ratio.
 *
 * The server is the real one (`kaohe serve`, dist/) in its own process, on a database with the
 * demo seed. Latencies are timed here per request (fetch, 10 at a time) for at least 10 s, and
 * with the upload for as long as it takes. Run by bench/e2e.ts, or alone: node dist/bench/soak.js
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDemo } from '../store/demo-seed.js';
import { actorOf, authenticateToken, createRoster, createRound, openStore, requestRoundStatus } from '../store/index.js';

const root = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const EMPTY_ROWS = 4_400_000;
const CONNECTIONS = 10;
const MIN_MS = 10_000;

export interface SoakOut {
  uploadBytes: number;
  uploadMs: number;
  uploadStatus: number;
  idle: Latencies;
  during: Latencies;
}

interface Latencies {
  requests: number;
  p50: number;
  p99: number;
  max: number;
  failed: number;
}

function summarise(ms: number[], failed: number): Latencies {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { requests: s.length, p50: at(0.5), p99: at(0.99), max: s.at(-1) ?? NaN, failed };
}

/** Request `url` over CONNECTIONS loops until `until()` and at least MIN_MS have passed. */
async function load(url: string, token: string, until: () => boolean): Promise<Latencies> {
  const ms: number[] = [];
  let failed = 0;
  const t0 = performance.now();
  const loop = async (): Promise<void> => {
    while (performance.now() - t0 < MIN_MS || !until()) {
      const t = performance.now();
      const r = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
      if (r) await r.arrayBuffer();
      if (!r?.ok) failed++;
      ms.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  return summarise(ms, failed);
}

export async function soakBench(): Promise<SoakOut> {
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-soak-'));
  try {
    const dbPath = join(dir, 'kaohe.db');
    const db = openStore(dbPath);
    const seed = await seedDemo(db, root('templates'));
    const token = (role: string): string => seed.accounts.find((a) => a.role === role)!.token;
    const auth = authenticateToken(db, token('office'));
    if (!auth.ok) throw new Error('demo office token refused');
    const office = actorOf(auth.principal);
    const demo = seed.roundIds[seed.roundIds.length - 1];
    const roster = createRoster(db, office, { name: 'soak', regions: [] });
    const target = createRound(db, office, {
      name: { zh: '空行上传', en: 'Empty-rows upload' }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId: roster.id, officeId: auth.principal.officeId!,
      periodStart: '2032-01-01', periodEnd: '2032-12-31', synthetic: true,
    });
    requestRoundStatus(db, office, target.id, 'collecting');
    db.close();
    const demoCsv = readFileSync(root('templates/demo-green.csv'));
    const body = Buffer.concat([demoCsv, Buffer.from(',,,,,,,,,,,,,\n'.repeat(EMPTY_ROWS))]);

    const child = spawn(process.execPath, [root('dist/cli/main.js'), 'serve', '--db', dbPath, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    try {
      let out = '';
      const base = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
          if (m) resolve(m[0]);
        });
        child.on('exit', () => reject(new Error(`the server exited: ${out}`)));
      });
      const ranking = `${base}api/rounds/${demo}/ranking`;
      const lead = token('leadership');
      for (let k = 0; k < 50; k++) await fetch(ranking, { headers: { authorization: `Bearer ${lead}` } }).then((r) => r.arrayBuffer());
      const idle = await load(ranking, lead, () => true);

      let done = false;
      const t0 = performance.now();
      const form = new FormData();
      form.append('file', new Blob([body], { type: 'text/csv' }), 'demo-green-empty-rows.csv');
      const upload = fetch(`${base}api/rounds/${target.id}/submissions`, { method: 'POST', headers: { authorization: `Bearer ${token('office')}` }, body: form })
        .then(async (r) => { await r.arrayBuffer(); return r.status; }, () => 0)
        .finally(() => { done = true; });
      const during = await load(ranking, lead, () => done);
      const uploadStatus = await upload;
      return { uploadBytes: body.length, uploadMs: performance.now() - t0, uploadStatus, idle, during };
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function soakReport(o: SoakOut): string {
  const f0 = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—');
  const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '—');
  return [
    `- Soak (hostile upload): while an office uploads demo-green.csv plus ${f0(EMPTY_ROWS)} rows of 13 commas (${f1(o.uploadBytes / 1048576)} MiB; answered ${o.uploadStatus} after ${f1(o.uploadMs / 1000)} s), the ranking JSON's p99 is ${f1(o.during.p99)} ms against ${f1(o.idle.p99)} ms idle in the same run: **${(o.during.p99 / o.idle.p99).toFixed(2)}×** (p50 ${f1(o.during.p50)} / ${f1(o.idle.p50)} ms, max ${f0(o.during.max)} / ${f0(o.idle.max)} ms, ${f0(o.during.requests)} / ${f0(o.idle.requests)} requests, ${o.during.failed} / ${o.idle.failed} failed; target: p99 under 100 ms).`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${soakReport(await soakBench())}\n`);
}
