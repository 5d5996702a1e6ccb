/** The ranking page's paging and search parameters: page 0 or a search too long is a 400, a page size past the maximum shows the largest page; never a huge page or a 500. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RANKING_PAGE_SIZE_MAX } from '../../api/pages/index.js';
import { bearer, demoServer, type DemoServer } from './helpers.js';

let s: DemoServer;
let round: number;
beforeAll(async () => {
  s = await demoServer();
  round = s.seed.roundIds[s.seed.roundIds.length - 1];
});
afterAll(async () => { await s.close(); });

describe('ranking page parameters', () => {
  it.each([
    ['page 0', 'page=0'],
    ['a page that is not a number', 'page=two'],
    ['a search of 101 characters', `q=${'x'.repeat(101)}`],
  ])('refuses %s with 400', async (_, query) => {
    const r = await s.app.inject({ url: `/rounds/${round}?${query}`, headers: bearer(s.token('leadership')) });
    expect(r.statusCode).toBe(400);
    expect(r.body).not.toContain('<tr data-entity-id');
  });

  it('shows the largest page for a page size past the maximum', async () => {
    const r = await s.app.inject({ url: `/rounds/${round}?size=${RANKING_PAGE_SIZE_MAX * 10}`, headers: bearer(s.token('leadership')) });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(`<option value="${RANKING_PAGE_SIZE_MAX}" selected>`);
  });

  it('takes the largest page size, a grade and a search together', async () => {
    const r = await s.app.inject({ url: `/rounds/${round}?size=${RANKING_PAGE_SIZE_MAX}&grade=good&q=${encodeURIComponent('州')}`, headers: bearer(s.token('leadership')) });
    expect(r.statusCode).toBe(200);
    const rows = [...r.body.matchAll(/<tr data-entity-id="([^"]*)"[\s\S]*?<\/tr>/g)];
    expect(rows.length).toBeGreaterThan(0);
    for (const m of rows) {
      expect(m[0]).toContain('data-grade="good"');
      expect(m[0]).toMatch(/州市<\/a>/);
    }
  });
});
