/**
 * A round of a scheme with dated records: the entity data, then the records file (part=records),
 * both kept in the round's snapshot; scoring as of the end of the period gives what the engine
 * gives on the same files and date, and the scorecard carries the records in force.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { compile, evaluate, parseDay } from '../../engine/index.js';
import { loadSchemeText } from '../../indicators/index.js';
import { readCsvText, readRecordsCsv } from '../../io/index.js';
import { bearer, counts, demoServer, officialsFiles, recordsRound, type DemoServer } from './helpers.js';

const { scheme: schemeText, data: officials, records } = officialsFiles;

let s: DemoServer;
beforeAll(async () => { s = await demoServer(); });
afterAll(async () => { await s.close(); });

test('data and records in one snapshot, scored as of the period end', async () => {
  const office = bearer(s.token('office'));
  const { round, dataSnapshot, recordsSubmission: rec } = await recordsRound(s);
  expect(rec.statusCode).toBe(201);
  expect(rec.body.submission.report).toMatchObject({ part: 'records', rows: records.trim().split('\n').length - 1 });
  expect(rec.body.snapshotHash).not.toBe(dataSnapshot);

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

test('an as-of date outside the round\'s period is refused and nothing is written', async () => {
  const office = bearer(s.token('office'));
  const { round } = await recordsRound(s);
  const before = counts(s.db);
  for (const asOf of ['2026-01-01', '2020-12-31']) {
    const res = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office, payload: { asOf } });
    expect(res.statusCode, asOf).toBe(422);
    const problem = res.json().error.problems[0];
    expect(problem.where).toBe('asOf');
    expect(problem.zh).toContain('2021-01-01 至 2025-12-31');
    expect(problem.en).toContain(`the as-of date ${asOf} is outside the round's period 2021-01-01 to 2025-12-31`);
  }
  expect(counts(s.db)).toEqual(before);
  // The period's own ends are inside it.
  const first = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office, payload: { asOf: '2021-01-01' } });
  expect(first.statusCode).toBe(202);
});
