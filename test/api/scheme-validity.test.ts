/**
 * A scheme version's effective dates (validFrom / validTo): absent, the plan is exactly as
 * before (same plan hash); given, they are in the plan, bad ones are refused where they are
 * written, and a run whose as-of date falls outside them is refused with nothing written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compile } from '../../engine/index.js';
import { KaoheError, loadSchemeText } from '../../indicators/index.js';
import { bearer, demoServer, multipart, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';

const demo = readFileSync(join(TEMPLATES, 'demo-green.yaml'), 'utf8');
const dated = (from: string, to: string, version = 'dated.1'): string =>
  demo.replace('version: "2025.1"', `version: "${version}"\nvalidFrom: "${from}"\nvalidTo: "${to}"`);

describe('in the plan', () => {
  test('absent, the plan has no such fields; given, they are in the plan and its hash', () => {
    const plain = compile(loadSchemeText(demo));
    expect('validFrom' in plain.plan.scheme || 'validTo' in plain.plan.scheme).toBe(false);
    const withDates = compile(loadSchemeText(dated('2025-01-01', '2025-12-31', '2025.1')));
    expect(withDates.plan.scheme).toMatchObject({ validFrom: '2025-01-01', validTo: '2025-12-31' });
    expect(withDates.hash).not.toBe(plain.hash);
  });

  test.each([
    ['a day that does not exist', dated('2025-02-30', '2025-12-31'), 'validFrom', /"2025-02-30" is not a real date/],
    ['not a date', demo.replace('version: "2025.1"', 'version: "x"\nvalidTo: "2025/12/31"'), 'validTo', /validTo must be a date YYYY-MM-DD/],
    ['the end before the start', dated('2026-01-01', '2025-12-31'), 'validTo', /validTo 2025-12-31 is before validFrom 2026-01-01/],
  ])('%s is refused where it is written', (_name, text, where, en) => {
    let error: unknown;
    try {
      compile(loadSchemeText(text));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KaoheError);
    const p = (error as KaoheError).problems.find((x) => x.where.includes(where))!;
    expect(p.en).toMatch(en);
    expect(p.zh).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('a run outside the version\'s effective dates', () => {
  let s: DemoServer;
  beforeAll(async () => { s = await demoServer(); });
  afterAll(async () => { await s.close(); });

  test('is refused (422) naming the as-of date and the dates in force; one inside runs', async () => {
    const admin = bearer(s.token('admin'));
    const office = bearer(s.token('office'));
    const m = multipart({}, { name: 'dated.yaml', content: dated('2026-01-01', '2026-06-30') });
    expect((await s.app.inject({ method: 'POST', url: '/api/schemes', headers: { ...admin, ...m.headers }, payload: m.payload })).statusCode).toBe(201);
    const round = (await s.app.inject({
      method: 'POST', url: '/api/rounds', headers: office,
      payload: { name: { zh: '有效期测试' }, schemeId: 'demo-green', schemeVersion: 'dated.1', rosterId: 1, periodStart: '2026-01-01', periodEnd: '2026-12-31' },
    })).json().id;
    await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/status`, headers: office, payload: { status: 'collecting' } });
    expect((await upload(s.app, round, office, { name: 'd.csv', content: readFileSync(join(TEMPLATES, 'demo-green.csv')) })).statusCode).toBe(201);
    const runs = (): number => (s.db.prepare('SELECT count(*) AS n FROM runs WHERE round_id = ?').get(round) as { n: number }).n;
    // The period ends on 2026-12-31, the default as-of: after the version's last day.
    const r = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.problems[0]).toMatchObject({ where: 'asOf' });
    expect(r.json().error.problems[0].en).toMatch(/as-of date 2026-12-31 is outside the days scheme demo-green version dated\.1 is in force \(2026-01-01 – 2026-06-30\)/);
    const early = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office, payload: { asOf: '2025-12-31' } });
    expect(early.statusCode).toBe(422);
    expect(runs()).toBe(0);
    const inside = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office, payload: { asOf: '2026-06-30' } });
    expect(inside.statusCode).toBe(202);
    expect(runs()).toBe(1);
    expect((await waitForRun(s.app, inside.json().id, office)).status).toBe('done');
  });
});
