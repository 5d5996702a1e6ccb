/**
 * Plausibility warnings: an upload whose value jumps far from the entity's value in the office's
 * previous round of the scheme (森林覆盖率 31.8 → 55) is taken, with a warning naming the city,
 * the input and both values — never refused for it. Values near last round's, and entities or
 * rounds with nothing to compare with, give none.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bearer, collectingDemoRound, demoServer, TEMPLATES, upload, type DemoServer } from './helpers.js';
import { loginCookie } from './page-forms.js';

let s: DemoServer;
beforeAll(async () => { s = await demoServer({ rateLimits: { upload: 1000, login: 1000 } }); });
afterAll(async () => { await s.close(); });

const DEMO = readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8');
/** The demo CSV with one city's value of one column replaced. */
function withValue(id: string, column: string, value: string): string {
  const lines = DEMO.trim().split('\n');
  const k = lines[0].split(',').indexOf(column);
  return `${lines.map((l) => {
    const cells = l.split(',');
    if (cells[0] === id) cells[k] = value;
    return cells.join(',');
  }).join('\n')}\n`;
}

interface Report { warnings?: { entity: string; name: string | null; input: string; previous: number; value: number; zh: string; en: string }[]; warningCount?: number }

describe('plausibility warnings', () => {
  test('a value far from last round\'s is taken (201) with a warning naming the city, the input and both values', async () => {
    const office = bearer(s.token('office'));
    const round = await collectingDemoRound(s, office, '2026 合理性', 2026);
    const r = await upload(s.app, round, office, { name: 'jump.csv', content: withValue('320100', 'forest_cover', '55') });
    expect(r.statusCode, r.body).toBe(201);
    const report = r.json().submission.report as Report;
    expect(report.warningCount).toBe(1);
    expect(report.warnings![0]).toMatchObject({ entity: '320100', name: '南京市', input: 'forest_cover', previous: 31.8, value: 55 });
    expect(report.warnings![0].zh).toContain('「森林覆盖率」由2025的 31.80 % 变为 55.00 %');
    expect(report.warnings![0].en).toContain('a warning only');

    // On the work page, above nothing refused: the city by name, in the warnings table.
    const cookie = await loginCookie(s.app, s.token('office'));
    const page = await s.app.inject({ url: `/rounds/${round}/work`, headers: { cookie } });
    expect(page.body).toContain('id="plausibility"');
    expect(page.body).toMatch(/<tr data-entity-id="320100"><td class="entity">南京市/);
    expect(page.body).not.toContain('id="work-error"');
  });

  test('the same values as last round, or a small change, give no warning', async () => {
    const office = bearer(s.token('office'));
    const round = await collectingDemoRound(s, office, '2027 合理性', 2027);
    const same = await upload(s.app, round, office, { name: 'same.csv', content: withValue('320100', 'forest_cover', '33.0') });
    expect(same.statusCode).toBe(201);
    expect((same.json().submission.report as Report).warningCount).toBe(0);
  });

  test('a round with no earlier round of its scheme has nothing to compare with', async () => {
    const office = bearer(s.token('office'));
    const round = await collectingDemoRound(s, office, '2020 最早', 2020);
    const r = await upload(s.app, round, office, { name: 'first.csv', content: withValue('320100', 'forest_cover', '90') });
    expect(r.statusCode).toBe(201);
    const report = r.json().submission.report as Report;
    expect(report.warnings).toBeUndefined();
  });
});
