/**
 * A run's uncertainty analysis through the service: the office starts it (202), it runs in the
 * background and is stored with the same bytes the engine gives for the run's plan, snapshot and
 * the scheme's default spec; asking again answers the stored one; leadership reads it; it is
 * audit-logged and can't be changed; every bad request is refused with what to change and
 * leaves nothing stored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, parseDay, sensitivityAnalysis, uncertaintyAnalysis } from '../../engine/index.js';
import { loadSchemeText, loadUncertaintySpec, sha256Hex } from '../../indicators/index.js';
import { readCsvText, uncertaintyJson } from '../../io/index.js';
import { getRun, listAudit, prepareAnalysis, StoreError } from '../../store/index.js';
import { bearer, demoServer, TEMPLATES, type DemoServer } from './helpers.js';

const SPECS = join(TEMPLATES, 'uncertainty');
let s: DemoServer;
let office: Record<string, string>;
let leadership: Record<string, string>;
let runId: number;

beforeAll(async () => {
  s = await demoServer({ specsDir: SPECS, threads: 2 });
  office = bearer(s.token('office'));
  leadership = bearer(s.token('leadership'));
  runId = (await s.app.inject({ url: `/api/rounds/${s.seed.roundIds[2]}`, headers: office })).json().publication.runId;
});
afterAll(async () => { await s.close(); });

async function analysed(url: string): Promise<{ statusCode: number; body: Record<string, unknown> }> {
  for (let i = 0; i < 1500; i++) {
    const r = await s.app.inject({ url, headers: leadership });
    if (r.statusCode !== 202) return { statusCode: r.statusCode, body: r.json() };
    await new Promise((ok) => setTimeout(ok, 20));
  }
  throw new Error('the analysis did not finish');
}

const count = (table: string): number => (s.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('uncertainty analysis of a run', () => {
  it('runs in the background and stores what the engine gives for the run with the scheme’s default spec', async () => {
    const start = await s.app.inject({ method: 'POST', url: `/api/runs/${runId}/uncertainty`, headers: office, payload: { n: 200, seed: 3 } });
    expect(start.statusCode).toBe(202);
    expect(start.json()).toMatchObject({ runId, replications: 200, seed: 3 });
    const got = await analysed(`/api/runs/${runId}/uncertainty`);
    expect(got.statusCode).toBe(200);

    const run = getRun(s.db, runId);
    const scheme = loadSchemeText(readFileSync(join(TEMPLATES, 'demo-green.yaml'), 'utf8'));
    const specText = readFileSync(join(SPECS, 'demo-green.yaml'), 'utf8');
    const spec = loadUncertaintySpec(specText, scheme);
    const compiled = compile(scheme);
    const frame = readCsvText(readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8'), compiled.plan);
    const want = uncertaintyJson(await uncertaintyAnalysis(compiled, frame, spec, { n: 200, seed: 3, asOf: parseDay(run.asOf) }), spec);
    expect(got.body.resultHash).toBe(sha256Hex(want));
    expect(got.body.result).toEqual(JSON.parse(want));
    expect(got.body.specHash).toBe(sha256Hex(specText));

    const entry = listAudit(s.db).find((e) => e.action === 'uncertainty.done' && e.detail.analysisId === got.body.id);
    expect(entry?.detail).toMatchObject({ runId, analysisId: got.body.id, replications: 200, seed: 3, resultHash: got.body.resultHash });

    const again = await s.app.inject({ method: 'POST', url: `/api/runs/${runId}/uncertainty`, headers: office, payload: { n: 200, seed: 3 } });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(got.body.id);
    expect(count('analyses')).toBe(2);
  });

  it('is never changed or deleted once stored', () => {
    expect(() => s.db.prepare(`UPDATE analyses SET seed = 4`).run()).toThrow(/immutable/);
    expect(() => s.db.prepare(`DELETE FROM analyses`).run()).toThrow(/immutable/);
  });

  it.each([
    ['an unknown run', 999999, {}, 404, /run/],
    ['too few replications', 0, { n: 5 }, 422, /from 20 to 10000/],
    ['too many replications', 0, { n: 20_000 }, 422, /from 20 to 10000/],
    ['a seed out of range', 0, { seed: -1 }, 422, /seed must be/],
    ['a spec naming an unknown indicator', 0, { spec: 'assumptions:\n  - id: w\n    normalise: { indicators: [nonsense], alternatives: [minmax] }\n' }, 422, /nonsense/],
    ['a spec that is not YAML', 0, { spec: 'assumptions: [\n' }, 422, /YAML/],
    ['an empty spec', 0, { spec: 'assumptions: []\n' }, 422, /spec/],
  ] as const)('refuses %s, naming what to change, and stores nothing', async (_, run, payload, status, message) => {
    const before = count('analyses');
    const r = await s.app.inject({ method: 'POST', url: `/api/runs/${run || runId}/uncertainty`, headers: office, payload });
    expect(r.statusCode).toBe(status);
    const { error } = r.json();
    expect(error.zh).toBeTruthy();
    expect(`${error.en} ${JSON.stringify(error.problems ?? [])}`).toMatch(message);
    expect(count('analyses')).toBe(before);
  });

  it('reports a combination the data can\'t take as a failed job with its problems, audited, and stores nothing', async () => {
    const before = count('analyses');
    const spec = 'assumptions:\n  - id: norm\n    normalise: { indicators: all, alternatives: [{ method: zscore }] }\n  - id: agg\n    aggregate: { nodes: all, alternatives: [geometric] }\n';
    const start = await s.app.inject({ method: 'POST', url: `/api/runs/${runId}/uncertainty`, headers: office, payload: { spec, n: 20 } });
    expect(start.statusCode).toBe(202);
    const got = await analysed(`/api/runs/${runId}/uncertainty`);
    expect(got.statusCode).toBe(200);
    expect(got.body.status).toBe('failed');
    const problems = got.body.problems as { where: string; zh: string; en: string }[];
    expect(problems[0].en).toMatch(/evaluation 0/);
    expect(problems[0].zh).toBeTruthy();
    expect(count('analyses')).toBe(before);
    expect(listAudit(s.db).some((e) => e.action === 'uncertainty.failed' && e.target === `run:${runId}`)).toBe(true);
    // The next request replaces the failure.
    const again = await s.app.inject({ method: 'POST', url: `/api/runs/${runId}/uncertainty`, headers: office, payload: { n: 200, seed: 3 } });
    expect(again.statusCode).toBe(200);
  });

  it('says where the spec comes from when the scheme has no default spec', () => {
    expect(() => prepareAnalysis(s.db, runId, {}, undefined)).toThrow(StoreError);
    expect(() => prepareAnalysis(s.db, runId, {}, undefined)).toThrow(/no default uncertainty spec/);
  });

  it('is started by the office or an admin only, and read by leadership', async () => {
    const r = await s.app.inject({ method: 'POST', url: `/api/runs/${runId}/uncertainty`, headers: leadership, payload: {} });
    expect(r.statusCode).toBe(403);
    expect((await s.app.inject({ url: `/api/runs/${runId}/uncertainty`, headers: leadership })).statusCode).toBe(200);
  });

  it('shows on the ranking page as rank bars with statistically tied neighbours, and on the scorecard as intervals', async () => {
    const round = s.seed.roundIds[2];
    const { result } = (await s.app.inject({ url: `/api/runs/${runId}/uncertainty`, headers: leadership })).json() as { result: { entities: { id: string; rank: number; rank_p05: number; rank_p95: number }[] } };
    const page = (await s.app.inject({ url: `/rounds/${round}`, headers: leadership })).body;
    expect(page).toContain('排名区间（5%–95%）');
    expect(page).toContain('id="interval-note"');
    const order = [...result.entities].sort((a, b) => a.rank - b.rank);
    for (const e of order) expect(page).toMatch(new RegExp(`data-entity-id="${e.id}"[\\s\\S]*?data-rank-p05="${e.rank_p05}" data-rank-p95="${e.rank_p95}"`));
    // Tied exactly where neighbours' intervals overlap, worked out here from the stored intervals.
    for (let k = 0; k < order.length; k++) {
      const overlapsPrev = k > 0 && order[k].rank_p05 <= Math.max(...order.slice(0, k).filter((x) => x.rank_p95 >= order[k].rank_p05).map((x) => x.rank_p95), -Infinity);
      const overlapsNext = k + 1 < order.length && order[k + 1].rank_p05 <= order[k].rank_p95;
      const cell = page.slice(page.indexOf(`data-entity-id="${order[k].id}"`)).split('</tr>')[0];
      expect(cell.includes('统计上并列'), order[k].id).toBe(overlapsPrev || overlapsNext);
    }
    const card = (await s.app.inject({ url: `/rounds/${round}/entities/${order[0].id}?lang=en`, headers: leadership })).body;
    expect(card).toContain('id="rank-interval"');
    expect(card).toMatch(new RegExp(`ranks ${order[0].rank_p05}–${order[0].rank_p95}`));
    expect(card).toContain('weights ±25%');
  });

  it('puts the analysis on the 不确定性 sheet of the run’s results workbook', async () => {
    const r = await s.app.inject({ url: `/api/runs/${runId}/export?format=xlsx`, headers: leadership });
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('不确定性 Uncertainty');
    const { result } = (await s.app.inject({ url: `/api/runs/${runId}/uncertainty`, headers: leadership })).json() as { result: { entities: { id: string; rank_p95: number }[] } };
    const p95 = new Map<string, unknown>();
    ws!.eachRow((row, k) => { if (k > 2) p95.set(String(row.getCell(2).value), row.getCell(6).value); });
    expect(Object.fromEntries(p95)).toEqual(Object.fromEntries(result.entities.map((e) => [e.id, e.rank_p95])));
  });

  it('with sensitivity: true also stores the sensitivity indices the engine gives, and the workbook gets a 敏感性 sheet', async () => {
    const start = await s.app.inject({ method: 'POST', url: `/api/runs/${runId}/uncertainty`, headers: office, payload: { n: 40, seed: 8, sensitivity: true } });
    expect(start.statusCode).toBe(202);
    const got = await analysed(`/api/runs/${runId}/uncertainty`);
    expect(got.statusCode).toBe(200);
    const run = getRun(s.db, runId);
    const scheme = loadSchemeText(readFileSync(join(TEMPLATES, 'demo-green.yaml'), 'utf8'));
    const spec = loadUncertaintySpec(readFileSync(join(SPECS, 'demo-green.yaml'), 'utf8'), scheme);
    const compiled = compile(scheme);
    const frame = readCsvText(readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8'), compiled.plan);
    const options = { n: 40, seed: 8, asOf: parseDay(run.asOf) };
    const want = uncertaintyJson(await uncertaintyAnalysis(compiled, frame, spec, options), spec, await sensitivityAnalysis(compiled, frame, spec, options));
    expect(got.body.result).toEqual(JSON.parse(want));
    const sens = (got.body.result as { sensitivity: { indices: { assumption: string; total: number }[] } }).sensitivity;
    expect(sens.indices.map((x) => x.assumption)).toEqual(spec.assumptions.map((a) => a.id));
    // Asking again answers the stored one, whether or not the indices are asked for.
    for (const payload of [{ n: 40, seed: 8, sensitivity: true }, { n: 40, seed: 8 }]) {
      const again = await s.app.inject({ method: 'POST', url: `/api/runs/${runId}/uncertainty`, headers: office, payload });
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(got.body.id);
    }
    const r = await s.app.inject({ url: `/api/runs/${runId}/export?format=xlsx`, headers: leadership });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('敏感性 Sensitivity');
    const totals = new Map<string, unknown>();
    ws!.eachRow((row, k) => { if (k > 2) totals.set(String(row.getCell(1).value), row.getCell(5).value); });
    expect(Object.fromEntries(totals)).toEqual(Object.fromEntries(sens.indices.map((x) => [x.assumption, x.total])));
  });

  it('refuses sensitivity for an analysis stored without it (stored analyses never change), naming what to change', async () => {
    const before = count('analyses');
    const r = await s.app.inject({ method: 'POST', url: `/api/runs/${runId}/uncertainty`, headers: office, payload: { n: 200, seed: 3, sensitivity: true } });
    expect(r.statusCode).toBe(409);
    const { error } = r.json();
    expect(error.zh).toContain('请换一个种子或 n');
    expect(error.en).toContain("is stored without sensitivity indices and can't be changed: ask with another seed or n");
    expect(count('analyses')).toBe(before);
  });

  it('refuses sensitivity given as anything but true or false, and stores nothing', async () => {
    const before = count('analyses');
    const r = await s.app.inject({ method: 'POST', url: `/api/runs/${runId}/uncertainty`, headers: office, payload: { n: 40, sensitivity: 'yes' } });
    expect(r.statusCode).toBe(400);
    const { error } = r.json();
    expect(error.zh).toBeTruthy();
    expect(JSON.stringify(error)).toMatch(/sensitivity/);
    expect(count('analyses')).toBe(before);
  });
});
