/** Region boundaries uploaded as GeoJSON: what is kept, and every way a file is refused with where and how to fix it. */
import { describe, expect, it } from 'vitest';
import { BOUNDARY_LIMITS, readBoundaries, approvalNumberProblem } from '../../io/index.js';
import { KaoheError } from '../../indicators/index.js';
import { gridGeoJson } from '../pages/grid-map.js';

const CODES = ['320100', '320400', '341100'];
const roster = new Set(CODES);
const bytes = (x: unknown): Buffer => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x));

function problems(x: unknown, codes = roster, options = {}): { where: string; zh: string; en: string }[] {
  try {
    readBoundaries(bytes(x), codes, options);
  } catch (e) {
    if (e instanceof KaoheError) return e.problems;
    throw e;
  }
  throw new Error('accepted');
}

describe('readBoundaries', () => {
  it('keeps every feature as a MultiPolygon with only its code, and lists the regions without one', () => {
    const r = readBoundaries(bytes(gridGeoJson(CODES.slice(0, 2))), roster);
    expect(r.boundaries.features.map((f) => f.properties)).toEqual([{ code: '320100' }, { code: '320400' }]);
    expect(r.boundaries.features[0].geometry.type).toBe('MultiPolygon');
    expect(r.boundaries.features[0].geometry.coordinates).toEqual([[[[118, 32.5], [118.5, 32.5], [118.5, 33], [118, 33], [118, 32.5]]]]);
    expect(r.unmapped).toEqual(['341100']);
    expect(r.pointsRead).toBe(10);
  });

  it('finds the code in adcode, a numeric id, or the property named', () => {
    expect(readBoundaries(bytes(gridGeoJson(CODES, { property: 'adcode' })), roster).unmapped).toEqual([]);
    const numeric = gridGeoJson(['320100']);
    (numeric.features[0] as { properties: Record<string, unknown> }).properties = { adcode: 320100 };
    expect(readBoundaries(bytes(numeric), roster).boundaries.features[0].properties.code).toBe('320100');
    expect(readBoundaries(bytes(gridGeoJson(CODES, { property: 'GB' })), roster, { codeProperty: 'GB' }).unmapped).toEqual([]);
  });

  it('thins rings with many points closer together than the map can show, keeping them closed', () => {
    const ring: [number, number][] = [];
    for (let k = 0; k <= 40_000; k++) {
      const a = (2 * Math.PI * k) / 40_000;
      ring.push([118 + Math.cos(a), 32 + Math.sin(a)]);
    }
    ring[ring.length - 1] = ring[0];
    const doc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '320100' }, geometry: { type: 'Polygon', coordinates: [ring] } }] };
    const r = readBoundaries(bytes(doc), roster);
    const kept = r.boundaries.features[0].geometry.coordinates[0][0];
    // A 2° circle at 1/2000 of its extent: about 2π / 0.001 / 1.2 ≈ 5,000 points stay.
    expect(kept.length).toBeLessThan(8000);
    expect(kept.length).toBeGreaterThan(3000);
    expect(r.pointsKept).toBe(kept.length);
    expect(kept[0]).toEqual(kept[kept.length - 1]);
  });

  it.each([
    ['not JSON', '{"type": "FeatureCollection", ', 'file', /不是有效的 JSON/],
    ['a Feature, not a collection', { type: 'Feature' }, 'type', /FeatureCollection/],
    ['no features', { type: 'FeatureCollection', features: [] }, 'features', /没有任何边界/],
  ])('refuses %s', (_, doc, where, zh) => {
    const [p] = problems(doc);
    expect(p.where).toBe(where);
    expect(p.zh).toMatch(zh);
    expect(p.en.length).toBeGreaterThan(10);
  });

  it('names every bad feature at once: a code off the roster, a code twice, a point, an open ring, no code', () => {
    const doc = gridGeoJson(['320100', '999999', '320100', '320400', '341100']) as { features: { type: string; properties: Record<string, unknown>; geometry: Record<string, unknown> }[] };
    doc.features[3].geometry = { type: 'Point', coordinates: [118, 32] };
    (doc.features[4].geometry.coordinates as number[][][])[0][4] = [118.1, 32.1];
    doc.features.push({ type: 'Feature', properties: { name: 'no code' }, geometry: {} });
    const found = problems(doc);
    expect(found.map((p) => p.where)).toEqual([
      'features[1].properties', 'features[2].properties', 'features[3].geometry', 'features[4].geometry.coordinates[0]', 'features[5].properties',
    ]);
    expect(found[0].zh).toContain('「999999」不在本名单');
    expect(found[1].en).toContain('also features[0]');
    expect(found[2].en).toMatch(/Polygon or MultiPolygon/);
    expect(found[3].en).toMatch(/not closed/);
    expect(found[4].zh).toMatch(/code、adcode、id|"code"/);
  });

  it('refuses coordinates in metres, naming the position', () => {
    const doc = gridGeoJson(['320100']) as { features: { geometry: { coordinates: number[][][] } }[] };
    doc.features[0].geometry.coordinates[0][2] = [13_200_000, 3_800_000];
    const [p] = problems(doc);
    expect(p.where).toBe('features[0].geometry.coordinates[0][2]');
    expect(p.en).toMatch(/degrees/);
  });

  it('refuses a file over the size cap before parsing it, and too many points', () => {
    const big = Buffer.alloc(BOUNDARY_LIMITS.maxBytes + 1, 32);
    expect(() => readBoundaries(big, roster)).toThrow(/mapshaper/);
    const ring: number[][] = Array.from({ length: BOUNDARY_LIMITS.maxPoints + 1 }, () => [118, 32]);
    expect(problems({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '320100' }, geometry: { type: 'Polygon', coordinates: [ring] } }] })[0].en).toMatch(/more than 500000 positions/);
  });
});

describe('approvalNumberProblem', () => {
  it('requires the 审图号, on one line, capped', () => {
    expect(approvalNumberProblem('GS(2024)0650号')).toBeNull();
    expect(approvalNumberProblem(undefined)?.zh).toMatch(/审图号/);
    expect(approvalNumberProblem('   ')?.where).toBe('approvalNo');
    expect(approvalNumberProblem('a\nb')).not.toBeNull();
    expect(approvalNumberProblem('x'.repeat(65))).not.toBeNull();
  });
});
