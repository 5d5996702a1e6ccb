/**
 * Hostile schemes uploaded by an admin are 422 with named problems (never 500), nothing is
 * stored; a run in which no entity has a score fails with a named problem and is not published.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { shutdownPool } from '../../engine/index.js';
import { demoYearCsv } from '../../store/demo-seed.js';
import { bearer, demoServer, multipart, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';

let s: DemoServer;
let admin: Record<string, string>;
let office: Record<string, string>;
const demo = readFileSync(join(TEMPLATES, 'demo-green.yaml'), 'utf8');

beforeAll(async () => {
  s = await demoServer();
  admin = bearer(s.token('admin'));
  office = bearer(s.token('office'));
});
afterAll(async () => {
  await s.close();
  await shutdownPool();
});

const schemeCount = (): number => (s.db.prepare('SELECT count(*) AS n FROM schemes').get() as { n: number }).n;

async function uploadScheme(name: string, content: string): Promise<{ statusCode: number; json: () => { error: { code: string; problems: { where: string; line?: number; zh: string; en: string }[] } } }> {
  const m = multipart({}, { name, content });
  return s.app.inject({ method: 'POST', url: '/api/schemes', headers: { ...admin, ...m.headers }, payload: m.payload });
}

describe('admin scheme upload', () => {
  const cases: { name: string; text: () => string; where: string; line?: number; en: RegExp }[] = [
    {
      name: 'a 3,000-term expression',
      text: () => demo.replace('version: "2025.1"', 'version: "long.1"').replace('expr: energy_use / gdp', `expr: ${Array(3000).fill('gdp').join(' + ')}`),
      where: 'derived[0].expr', line: 43, en: /is 17997 characters long, over the limit of 2000/,
    },
    {
      name: 'a YAML alias bomb',
      text: () => `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n${demo}`,
      where: 'YAML', line: 2, en: /^YAML aliases \(\*name\) expand too far/,
    },
    {
      name: 'a weight of 1e308',
      text: () => demo.replace('version: "2025.1"', 'version: "w.1"').replace('weight: 29.3', 'weight: 1e308'),
      where: 'tree.children[0].weight', line: 52, en: /a weight must be at most 1000000 .*got 1e\+308/,
    },
    {
      name: 'a weight of .inf',
      text: () => demo.replace('version: "2025.1"', 'version: "w.2"').replace('weight: 29.3', 'weight: .inf'),
      where: 'tree.children[0].weight', line: 52, en: /^"\.inf" is not a number/,
    },
    {
      name: 'a 60,000-indicator scheme (about 4 MB)',
      text: () => {
        const lines = Array.from({ length: 60_000 }, (_, i) => `    - { id: i${i}, label: { zh: 指, en: Indicator }, input: gdp }\n`);
        const text = `${demo.slice(0, demo.indexOf('tree:'))}tree:\n  id: root\n  label: { zh: 总, en: Total }\n  children:\n${lines.join('')}`;
        // Under the upload's own size limit: it is the scheme's limit that refuses it.
        expect(Buffer.byteLength(text)).toBeGreaterThan(4_000_000);
        expect(Buffer.byteLength(text)).toBeLessThan(4 * 1024 * 1024);
        return text;
      },
      where: 'YAML', en: /^the scheme file is \d+ bytes, over the limit of 524288 bytes/,
    },
  ];
  for (const c of cases) {
    test(`${c.name}: 422 naming where, nothing stored`, async () => {
      const before = schemeCount();
      const r = await uploadScheme('hostile.yaml', c.text());
      expect(r.statusCode).toBe(422);
      const [p] = r.json().error.problems;
      expect(p.where).toBe(c.where);
      expect(p.line).toBe(c.line);
      expect(p.en).toMatch(c.en);
      expect(p.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(schemeCount()).toBe(before);
    });
  }
});

test('a run in which no entity has a score fails with a named problem, stores no results and is not published', async () => {
  // The root applies to no city (gdp is never negative): every score is missing.
  const yaml = demo.replace('version: "2025.1"', 'version: "blank.1"').replace('tree:\n  id: GDI\n', 'tree:\n  id: GDI\n  applicable: "gdp < 0"\n');
  expect(yaml).toContain('applicable: "gdp < 0"');
  expect((await uploadScheme('blank.yaml', yaml)).statusCode).toBe(201);
  const r = await s.app.inject({
    method: 'POST', url: '/api/rounds', headers: office,
    payload: { name: { zh: '空白' }, schemeId: 'demo-green', schemeVersion: 'blank.1', rosterId: 1, periodStart: '2042-01-01', periodEnd: '2042-12-31' },
  });
  const round = r.json().id;
  await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/status`, headers: office, payload: { status: 'collecting' } });
  const csv = demoYearCsv(readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8'), 0);
  expect((await upload(s.app, round, office, { name: 'data.csv', content: csv })).statusCode).toBe(201);
  const results = (s.db.prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n;
  const run = (await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office })).json();
  expect((await waitForRun(s.app, run.id, office)).status).toBe('failed');
  const failed = (await s.app.inject({ url: `/api/runs/${run.id}`, headers: office })).json();
  expect(failed.error).toEqual([expect.objectContaining({ where: `run:${run.id}`, en: expect.stringMatching(/^every one of the \d+ entities' scores is missing, so the results are refused/) })]);
  expect(failed.resultsHash).toBeNull();
  expect((s.db.prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n).toBe(results);
  expect((await s.app.inject({ url: `/api/rounds/${round}`, headers: office })).json().status).toBe('collecting');
});
