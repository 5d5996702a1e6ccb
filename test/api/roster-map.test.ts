/**
 * A roster's map: an office uploads region boundaries as GeoJSON with the map's 审图号; the
 * ranking page then draws the map, each city in its grade's colour, with the approval number.
 * Bad uploads are refused with every problem and nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRoster } from '../../store/index.js';
import { gridGeoJson } from '../pages/grid-map.js';
import { bearer, counts, demoServer, multipart, type DemoServer } from './helpers.js';
import { csrfOf, loginCookie } from './page-forms.js';

let s: DemoServer;
let codes: string[];
beforeAll(async () => {
  s = await demoServer({ rateLimits: { login: 1000, upload: 1000 } });
  codes = getRoster(s.db, 1).regions.map((r) => r.code);
});
afterAll(async () => { await s.close(); });

function postMap(role: 'office' | 'admin' | 'leadership' | 'auditor', content: string | Buffer, fields: Record<string, string> = { approvalNo: 'GS(2024)0650号' }) {
  const m = multipart(fields, { name: '边界.geojson', content, type: 'application/geo+json' });
  return s.app.inject({ method: 'POST', url: '/api/rosters/1/map', headers: { ...bearer(s.token(role)), ...m.headers }, payload: m.payload });
}

describe('uploading a roster map', () => {
  it('refuses leadership and auditors before reading the file', async () => {
    for (const role of ['leadership', 'auditor'] as const) expect((await postMap(role, '{}')).statusCode).toBe(403);
  });

  it('refuses a map without its 审图号, bad GeoJSON, and codes off the roster, storing nothing', async () => {
    const before = counts(s.db);
    const noApproval = await postMap('office', JSON.stringify(gridGeoJson(codes)), {});
    expect(noApproval.statusCode).toBe(422);
    expect(noApproval.json().error.problems[0].where).toBe('approvalNo');
    const notJson = await postMap('office', '{"type": "FeatureCollection"');
    expect(notJson.statusCode).toBe(422);
    expect(notJson.json().error.problems[0].zh).toMatch(/不是有效的 JSON/);
    const offRoster = await postMap('office', JSON.stringify(gridGeoJson([codes[0], '110000'])));
    expect(offRoster.statusCode).toBe(422);
    expect(offRoster.json().error.problems).toEqual([expect.objectContaining({ where: 'features[1].properties' })]);
    expect(counts(s.db)).toEqual(before);
    expect((await s.app.inject({ url: '/api/rosters/1/map', headers: bearer(s.token('leadership')) })).statusCode).toBe(404);
  });

  it('keeps a good one, serves it back with its 审图号, and the ranking page draws it', async () => {
    const r = await postMap('office', JSON.stringify(gridGeoJson(codes.slice(0, 8))));
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ rosterId: 1, approvalNo: 'GS(2024)0650号', features: 8, unmapped: [codes[8]] });
    const back = await s.app.inject({ url: '/api/rosters/1/map', headers: bearer(s.token('leadership')) });
    expect(back.json()).toMatchObject({ type: 'FeatureCollection', approvalNo: 'GS(2024)0650号' });
    expect(back.json().features).toHaveLength(8);

    const round = s.seed.roundIds[s.seed.roundIds.length - 1];
    const page = await s.app.inject({ url: `/rounds/${round}`, headers: bearer(s.token('leadership')) });
    expect(page.statusCode).toBe(200);
    const fig = /<figure id="region-map"[\s\S]*?<\/figure>/.exec(page.body)![0];
    expect(fig).toContain('审图号：GS(2024)0650号');
    // One filled path per region drawn, in its grade's colour; the city names as labels.
    const wide = /<div class="chart-wide">([\s\S]*?)<\/div>/.exec(fig)![1];
    expect((wide.match(/<path [^>]*ecmeta_ssr_type="chart"/g) ?? []).length).toBe(8);
    expect(wide).toContain('南京市');
    const audit = await s.app.inject({ url: '/api/audit?limit=1000', headers: bearer(s.token('auditor')) });
    expect(JSON.stringify(audit.json())).toContain('roster.map');
  });
});

describe('the work page form for the map', () => {
  const round = () => s.seed.roundIds[s.seed.roundIds.length - 1];
  const post = (cookie: string, fields: Record<string, string>) => {
    const m = multipart(fields, { name: 'map.geojson', content: JSON.stringify(gridGeoJson(codes)) });
    return s.app.inject({ method: 'POST', url: `/rounds/${round()}/work/map`, headers: { ...m.headers, cookie, origin: 'http://localhost:80' }, payload: m.payload });
  };

  it('refuses a form without the page\'s CSRF token, and leadership, before the file is read', async () => {
    const office = await loginCookie(s.app, s.token('office'));
    const before = counts(s.db);
    expect((await post(office, { approvalNo: 'GS(2024)0650号' })).statusCode).toBe(403);
    const leader = await loginCookie(s.app, s.token('leadership'));
    expect((await post(leader, { approvalNo: 'GS(2024)0650号', csrf: 'x' })).statusCode).toBe(403);
    expect(counts(s.db)).toEqual(before);
  });

  it('shows the missing 审图号 on the page (422), then takes the map and says so', async () => {
    const office = await loginCookie(s.app, s.token('office'));
    const page = await s.app.inject({ url: `/rounds/${round()}/work`, headers: { cookie: office } });
    const csrf = csrfOf(page.body);
    const refused = await post(office, { csrf, approvalNo: ' ' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('请填写地图的审图号');
    const ok = await post(office, { csrf, approvalNo: 'GS(2024)0651号' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toContain('notice=mapped');
    const after = await s.app.inject({ url: `/rounds/${round()}/work`, headers: { cookie: office } });
    expect(after.body).toMatch(/<p id="map-current">[^<]*审图号 GS\(2024\)0651号/);
  });
});

