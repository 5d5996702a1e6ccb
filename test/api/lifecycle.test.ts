/**
 * The whole round lifecycle over HTTP, as an evaluation office does it: create a round, open it,
 * download the template, upload a file with errors and see every one with its line and column,
 * fix it and upload again, score (a background job, polled), review, publish; then the public
 * sees it. Expected scores come from the engine run directly on the same data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compile, evaluate } from '../../engine/index.js';
import { loadSchemeText } from '../../indicators/index.js';
import { readCsvText } from '../../io/index.js';
import { listAudit, verifyAuditChain } from '../../store/index.js';
import { bearer, counts, demoServer, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';

const schemeText = readFileSync(join(TEMPLATES, 'demo-green.yaml'), 'utf8');
const demoRows = parse(readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];

let s: DemoServer;
let office: Record<string, string>;
beforeAll(async () => {
  s = await demoServer({ publicResults: true });
  office = bearer(s.token('office'));
});
afterAll(async () => { await s.close(); });

/** The template filled with the demo data, with `edit` applied to the cells (by id, column). */
function fill(template: string, edit: (id: string, column: string, value: string) => string = (_i, _c, v) => v): { csv: string; lines: Map<string, number> } {
  const rows = parse(template, { bom: true }) as string[][];
  const header = rows[0];
  const lines = new Map<string, number>();
  const out = [header.join(',')];
  for (const r of rows.slice(1)) {
    const id = r[0];
    const demo = demoRows.find((d) => d.id === id)!;
    out.push(header.map((c) => edit(id, c, c === 'id' ? id : c === 'name' ? r[1] : demo[c])).join(','));
    lines.set(id, out.length);
  }
  return { csv: `${out.join('\n')}\n`, lines };
}

describe('a round from creation to publication', () => {
  let roundId: number;
  let template: string;
  let fixed: string;

  test('the office creates a round; a draft takes no data until opened', async () => {
    const r = await s.app.inject({
      method: 'POST', url: '/api/rounds', headers: office,
      payload: { name: { zh: '2026 年度评价', en: '2026 evaluation' }, schemeId: 'demo-green', schemeVersion: '2025.1', rosterId: 1, periodStart: '2026-01-01', periodEnd: '2026-12-31' },
    });
    expect(r.statusCode).toBe(201);
    const round = r.json();
    expect(round).toMatchObject({ status: 'draft', officeId: 'nanjing-metro', period: '2026' });
    roundId = round.id;
    const early = await upload(s.app, roundId, office, { name: 'x.csv', content: 'id\n320100\n' });
    expect(early.statusCode).toBe(409);
    const open = await s.app.inject({ method: 'POST', url: `/api/rounds/${roundId}/status`, headers: office, payload: { status: 'collecting' } });
    expect(open.statusCode).toBe(200);
    expect(open.json().status).toBe('collecting');
  });

  test('the template lists every roster city and every input of the scheme', async () => {
    const r = await s.app.inject({ url: `/api/rounds/${roundId}/template?format=csv`, headers: office });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/csv/);
    template = r.body;
    const rows = parse(template, { bom: true }) as string[][];
    const plan = compile(loadSchemeText(schemeText)).plan;
    expect(rows[0]).toEqual(['id', 'name', ...plan.sources.map((x) => x.id)]);
    expect(rows.slice(1).map((x) => x[0]).sort()).toEqual(demoRows.map((d) => d.id).sort());
    // The roster's attribute values (the province) are filled in; every input is left to fill.
    const attributes = plan.sources.filter((x) => x.role === 'attribute').length;
    expect(attributes).toBeGreaterThan(0);
    for (const x of rows.slice(1)) {
      expect(x[2]).toBe(demoRows.find((d) => d.id === x[0])!.province);
      expect(x.slice(2 + attributes).every((c) => c === '')).toBe(true);
    }
  });

  test('a file with errors: every error comes back with its line and column, and nothing is stored', async () => {
    const before = counts(s.db);
    const { csv, lines } = fill(template, (id, c, v) => (id === '320400' && c === 'pm25' ? '约30' : id === '340500' && c === 'good_air_days' ? '120' : id === '341100' && c === 'gdp' ? '' : v));
    const withStranger = `${csv}110101,东城区,江苏,1,1,1,1,1,1,1,1,1,0,否\n`;
    const strangerLine = csv.trimEnd().split('\n').length + 1;
    const r = await upload(s.app, roundId, office, { name: 'round.csv', content: withStranger });
    expect(r.statusCode).toBe(422);
    const err = r.json().error;
    expect(err.code).toBe('invalid_content');
    const where = err.problems.map((p: { where: string }) => p.where);
    expect(where).toEqual(expect.arrayContaining([
      `round.csv:${lines.get('320400')} pm25`,
      `round.csv:${lines.get('340500')} good_air_days`,
      `round.csv:${lines.get('341100')} gdp`,
      `round.csv:${strangerLine} id`,
    ]));
    expect(err.problems).toHaveLength(4);
    for (const p of err.problems) {
      expect(p.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(p.en.length).toBeGreaterThan(5);
    }
    expect(counts(s.db)).toEqual(before);
  });

  test('the fixed file is accepted whole: report, original bytes kept, a content-addressed snapshot', async () => {
    fixed = fill(template).csv;
    const before = counts(s.db);
    const r = await upload(s.app, roundId, office, { name: 'round.csv', content: fixed });
    expect(r.statusCode).toBe(201);
    const body = r.json();
    expect(body.submission.report).toMatchObject({ rows: 9, roundEntities: 9, expectedEntities: 9, missingCount: 0 });
    // The same data as the seeded 2025 round (another file, other line endings): the same snapshot, stored once.
    const seeded = await s.app.inject({ url: `/api/rounds/${s.seed.roundIds[2]}`, headers: office });
    expect(body.snapshotHash).toBe(seeded.json().snapshotHash);
    expect(body.newSnapshot).toBe(false);
    expect(counts(s.db)).toMatchObject({ submissions: before.submissions + 1, round_snapshots: before.round_snapshots + 1, snapshots: before.snapshots });
    const file = await s.app.inject({ url: `/api/submissions/${body.submission.id}/file`, headers: office });
    expect(file.body).toBe(fixed);
  });

  test('scoring runs in the background and gives what the engine gives on the same data', async () => {
    const r = await s.app.inject({ method: 'POST', url: `/api/rounds/${roundId}/runs`, headers: office });
    expect(r.statusCode).toBe(202);
    const run = await waitForRun(s.app, r.json().id, office);
    expect(run.status).toBe('done');
    const round = await s.app.inject({ url: `/api/rounds/${roundId}`, headers: office });
    expect(round.json().status).toBe('scored');

    const compiled = compile(loadSchemeText(schemeText));
    const direct = evaluate(compiled, readCsvText(fixed, compiled.plan));
    const ranking = await s.app.inject({ url: `/api/rounds/${roundId}/ranking`, headers: bearer(s.token('leadership')) });
    expect(ranking.statusCode).toBe(200);
    const body = ranking.json();
    expect(body.run.published).toBe(false);
    expect(body.rows).toHaveLength(9);
    for (const row of body.rows) {
      const i = direct.frame.ids.indexOf(row.entityId);
      expect(row.score).toBe(direct.score[i]);
      expect(row.rank).toBe(direct.rank[i]);
    }
    // Rows come by rank.
    expect(body.rows.map((x: { rank: number }) => x.rank)).toEqual(body.rows.map((x: { rank: number }) => x.rank).sort((a: number, b: number) => a - b));
    // Leadership read unpublished results: logged.
    const reads = listAudit(s.db, { target: `round:${roundId}`, limit: 1000 }).filter((e) => e.action === 'read.unpublished' && e.actor.startsWith('demo-leadership'));
    expect(reads.length).toBeGreaterThan(0);
  });

  test('the office reviews a scorecard with its explanation', async () => {
    const r = await s.app.inject({ url: `/api/rounds/${roundId}/entities/341100`, headers: office });
    expect(r.statusCode).toBe(200);
    const card = r.json();
    expect(card.entity.id).toBe('341100');
    expect(card.explanation.id).toBe('341100');
    // 滁州 reports 2 incidents in the demo data: a deduction and the veto that bars Excellent.
    expect(card.rules.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(['incident', 'serious_incident']));
    expect(card.trend.at(-1).roundId).toBe(String(roundId));
  });

  test('publishing makes it public; the audit chain holds', async () => {
    const anonBefore = await s.app.inject({ url: `/api/rounds/${roundId}/ranking` });
    expect(anonBefore.statusCode).toBe(401);
    const p = await s.app.inject({ method: 'POST', url: `/api/rounds/${roundId}/publications`, headers: office, payload: {} });
    expect(p.statusCode).toBe(201);
    const round = await s.app.inject({ url: `/api/rounds/${roundId}`, headers: office });
    expect(round.json().status).toBe('published');
    const anon = await s.app.inject({ url: `/api/rounds/${roundId}/ranking` });
    expect(anon.statusCode).toBe(200);
    expect(anon.json().run.published).toBe(true);
    expect(anon.json().rows).toHaveLength(9);
    const verify = await s.app.inject({ url: '/api/audit/verify', headers: bearer(s.token('auditor')) });
    expect(verify.json()).toMatchObject({ ok: true });
    expect(verifyAuditChain(s.db).ok).toBe(true);
  });
});

describe('across rounds', () => {
  test('an entity\'s history has each round\'s published score and rank, oldest first', async () => {
    const lead = bearer(s.token('leadership'));
    const h = (await s.app.inject({ url: '/api/entities/320100/history?schemeId=demo-green', headers: lead })).json();
    // The demo's joint round (scored, unpublished) is another office's: leadership sees it too.
    expect(h.points.filter((p: { roundId: number }) => p.roundId === s.seed.jointRoundId)).toEqual([expect.objectContaining({ published: false })]);
    h.points = h.points.filter((p: { roundId: number }) => p.roundId !== s.seed.jointRoundId);
    const periods = h.points.map((p: { periodStart: string }) => p.periodStart.slice(0, 4));
    expect(periods).toEqual([...periods].sort((a, b) => a.localeCompare(b)));
    expect(periods).toEqual(['2023', '2024', '2025', '2026']);
    for (const p of h.points) {
      const ranking = (await s.app.inject({ url: `/api/rounds/${p.roundId}/ranking`, headers: lead })).json();
      const row = ranking.rows.find((r: { entityId: string }) => r.entityId === '320100');
      expect(p).toMatchObject({ score: row.score, rank: row.rank, published: true, of: 9 });
    }
  });

  test('a ranking filtered by peer group has only that group, with group ranks from 1', async () => {
    const r = (await s.app.inject({ url: `/api/rounds/${s.seed.roundIds[2]}/ranking?group=province&value=${encodeURIComponent('安徽')}`, headers: office })).json();
    expect(r.total).toBe(r.rows.length);
    expect(r.rows.length).toBe(demoRows.filter((d) => d.province === '安徽').length);
    expect(r.rows.every((x: { groups: { province: string } }) => x.groups.province === '安徽')).toBe(true);
    expect(Math.min(...r.rows.map((x: { groupRanks: { province: number } }) => x.groupRanks.province))).toBe(1);
    // The change of rank since the previous round is the previous round's rank minus this one's.
    const prev = (await s.app.inject({ url: `/api/rounds/${s.seed.roundIds[1]}/ranking`, headers: office })).json();
    for (const row of r.rows) {
      const before = prev.rows.find((x: { entityId: string }) => x.entityId === row.entityId);
      expect(row.rankChange).toBe(before.rank - row.rank);
    }
  });
});
