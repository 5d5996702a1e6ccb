/**
 * A round of a scheme with dated records: the entity data, then the records file (part=records),
 * both kept in the round's snapshot; scoring as of the end of the period gives what the engine
 * gives on the same files and date, and the scorecard carries the records in force.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { compile, evaluate, parseDay } from '../../engine/index.js';
import { loadSchemeText } from '../../indicators/index.js';
import { readCsvText, readRecordsCsv } from '../../io/index.js';
import { createRoster, SYSTEM } from '../../store/index.js';
import { bearer, demoServer, multipart, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';

const dir = join(TEMPLATES, 'official-accountability');
const schemeText = readFileSync(join(dir, 'scheme.yaml'), 'utf8');
const officials = readFileSync(join(dir, 'officials.csv'), 'utf8');
const records = readFileSync(join(dir, 'records.csv'), 'utf8');

let s: DemoServer;
beforeAll(async () => { s = await demoServer(); });
afterAll(async () => { await s.close(); });

test('data and records in one snapshot, scored as of the period end', async () => {
  const admin = bearer(s.token('admin'));
  const office = bearer(s.token('office'));
  const m = multipart({}, { name: 'scheme.yaml', content: schemeText });
  const scheme = await s.app.inject({ method: 'POST', url: '/api/schemes', headers: { ...admin, ...m.headers }, payload: m.payload });
  expect(scheme.statusCode).toBe(201);
  const { id: schemeId, version: schemeVersion } = scheme.json().scheme;
  const ids = officials.trim().split('\n').slice(1).map((l) => l.split(','));
  const roster = createRoster(s.db, SYSTEM, { name: 'officials', regions: [], officials: ids.map(([id, name]) => ({ id, name, posts: [] })) });
  const round = (await s.app.inject({
    method: 'POST', url: '/api/rounds', headers: office,
    payload: { name: { zh: '离任审计' }, schemeId, schemeVersion, rosterId: roster.id, periodStart: '2021-01-01', periodEnd: '2025-12-31' },
  })).json().id;
  await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/status`, headers: office, payload: { status: 'collecting' } });
  const data = await upload(s.app, round, office, { name: 'officials.csv', content: officials });
  expect(data.statusCode).toBe(201);
  const rec = await upload(s.app, round, office, { name: 'records.csv', content: records }, { part: 'records' });
  expect(rec.statusCode).toBe(201);
  expect(rec.json().submission.report).toMatchObject({ part: 'records', rows: records.trim().split('\n').length - 1 });
  expect(rec.json().snapshotHash).not.toBe(data.json().snapshotHash);

  const run = (await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office })).json();
  expect((await waitForRun(s.app, run.id, office)).status).toBe('done');

  const compiled = compile(loadSchemeText(schemeText));
  const frame = readCsvText(officials, compiled.plan);
  frame.records = readRecordsCsv(records, compiled.plan, frame);
  const direct = evaluate(compiled, frame, { asOf: parseDay('2025-12-31') });
  const ranking = (await s.app.inject({ url: `/api/rounds/${round}/ranking`, headers: office })).json();
  for (const row of ranking.rows) {
    const i = direct.frame.ids.indexOf(row.entityId);
    expect(row.score, row.entityId).toBe(direct.score[i]);
    expect(row.grade?.id ?? null, row.entityId).toBe(Number.isNaN(direct.grade[i]) ? null : compiled.plan.grades[direct.grade[i]].id);
  }
  const card = (await s.app.inject({ url: `/api/rounds/${round}/entities/GB002`, headers: office })).json();
  expect(card.explanation.records.length).toBeGreaterThan(0);
});
