/**
 * Comparison across rounds: the demo scheme's yearly rounds (a city's path over the years) and
 * the joint round (another office's), side by side; every number equal to what each round's own
 * ranking serves from its stored run; only rounds the reader may see; the page and the workbook.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bearer, demoServer, type DemoServer } from './helpers.js';

let s: DemoServer;
const lead = (): Record<string, string> => bearer(s.token('leadership'));
const anhui = (): Record<string, string> => bearer(s.seed.accounts.find((a) => a.name === 'demo-anhui')!.token);

interface Row { entityId: string; score: number | null; rank: number | null; grade: { label: { zh: string; en: string } } | null }
interface Cmp { rounds: { roundId: number; runId: number; published: boolean; officeId: string }[]; entities: { id: string; points: ({ score: number | null; rank: number | null; grade: { zh: string } | null } | null)[] }[] }

beforeAll(async () => { s = await demoServer({ publicResults: true }); });
afterAll(async () => { await s.close(); });

/** Each point is the stored run's, as the round's ranking (of that run) serves it. */
async function expectStoredNumbers(c: Cmp, headers: Record<string, string>): Promise<void> {
  for (const [k, r] of c.rounds.entries()) {
    const ranking = (await s.app.inject({ url: `/api/runs/${r.runId}/ranking`, headers })).json() as { rows: Row[] };
    for (const e of c.entities) {
      const row = ranking.rows.find((x) => x.entityId === e.id)!;
      expect(e.points[k]).toEqual({ score: row.score, rank: row.rank, grade: row.grade?.label ?? null });
    }
  }
}

describe('GET /api/compare', () => {
  test('a city\'s path over the years and the joint round, for leadership: every round, unpublished too, the numbers the stored runs\'', async () => {
    const r = await s.app.inject({ url: '/api/compare?scheme=demo-green&entities=320100,341100', headers: lead() });
    expect(r.statusCode).toBe(200);
    const c = r.json() as Cmp;
    expect(c.rounds.map((x) => x.roundId)).toEqual([...s.seed.roundIds, s.seed.jointRoundId]);
    expect(c.rounds.map((x) => [x.officeId, x.published])).toEqual([['nanjing-metro', true], ['nanjing-metro', true], ['nanjing-metro', true], ['jiangsu', false]]);
    expect(c.entities.map((e) => e.id)).toEqual(['320100', '341100']);
    await expectStoredNumbers(c, lead());
    // The joint round scored the 2025 data again: the same numbers as the 2025 round.
    expect(c.entities.map((e) => e.points[3])).toEqual(c.entities.map((e) => e.points[2]));
  });

  test('only what the reader may see: a participant and the public get the published rounds', async () => {
    for (const headers of [anhui(), {}]) {
      const c = (await s.app.inject({ url: '/api/compare?scheme=demo-green', headers })).json() as Cmp;
      expect(c.rounds.map((x) => x.roundId)).toEqual(s.seed.roundIds);
      expect(c.entities).toHaveLength(9);
      await expectStoredNumbers(c, headers);
    }
  });

  test('two offices\' rounds of one version, chosen by id', async () => {
    const c = (await s.app.inject({ url: `/api/compare?scheme=demo-green&version=2025.1&rounds=${s.seed.roundIds[2]},${s.seed.jointRoundId}`, headers: lead() })).json() as Cmp;
    expect(c.rounds.map((x) => x.officeId)).toEqual(['nanjing-metro', 'jiangsu']);
    await expectStoredNumbers(c, lead());
  });

  test('the workbook holds the same numbers', async () => {
    const r = await s.app.inject({ url: '/api/compare?scheme=demo-green&entities=341800&format=xlsx', headers: lead() });
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('比较 Comparison')!;
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => { if (n > 2) rows.push((row.values as unknown[]).slice(1)); });
    const c = (await s.app.inject({ url: '/api/compare?scheme=demo-green&entities=341800', headers: lead() })).json() as Cmp;
    expect(rows.map((x) => [x[0], x[2], x[6], x[7]])).toEqual(c.rounds.map((round, k) => ['341800', round.roundId, c.entities[0].points[k]!.score, c.entities[0].points[k]!.rank]));
  });

  test('bad input: clear errors, and no round one may not see', async () => {
    const ask = async (q: string, headers = lead()) => s.app.inject({ url: `/api/compare?${q}`, headers });
    expect((await ask('entities=320100')).statusCode).toBe(400);
    expect((await ask('scheme=no-such-scheme')).json().error.code).toBe('no_results');
    const unknown = await ask('scheme=demo-green&entities=320100,999999');
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.problems).toEqual([expect.objectContaining({ where: 'entities 999999' })]);
    expect((await ask(`scheme=demo-green&entities=${Array.from({ length: 51 }, (_, i) => 320000 + i).join(',')}`)).statusCode).toBe(400);
    expect((await ask('scheme=demo-green&rounds=1,x')).statusCode).toBe(400);
    expect((await ask('scheme=demo-green&rounds=999999')).statusCode).toBe(404);
    // The joint round by id, to the demo office (not taking part): unpublished, so nothing to compare.
    expect((await ask(`scheme=demo-green&rounds=${s.seed.jointRoundId}`, bearer(s.token('office')))).statusCode).toBe(404);
  });
});

describe('the comparison page', () => {
  test('a chart (SVG drawn on the server) and the table, each score as stored, rounded as the scheme says', async () => {
    const r = await s.app.inject({ url: '/compare?scheme=demo-green&entities=320100,341100', headers: lead() });
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatch(/<figure class="chart" id="compare-chart"><svg/);
    expect(r.body).toContain('href="/api/compare?scheme=demo-green&amp;entities=320100%2C341100&amp;format=xlsx"');
    const c = (await s.app.inject({ url: '/api/compare?scheme=demo-green&entities=320100', headers: lead() })).json() as Cmp;
    const row = /<tr data-entity-id="320100">[\s\S]*?<\/tr>/.exec(r.body)![0];
    const shown = [...row.matchAll(/<span class="score">([^<]*)<\/span>/g)].map((m) => Number(m[1]));
    expect(shown).toHaveLength(4);
    shown.forEach((v, k) => expect(Math.abs(v - c.entities[0].points[k]!.score!)).toBeLessThanOrEqual(0.005));
  });
});
