/**
 * Region boundaries an office uploads as GeoJSON for its roster, for the maps on the pages
 * (none are bundled: a map published in China needs its own 审图号, its approval number).
 * Checked before anything is kept: size, features and points capped; every feature a Polygon or
 * MultiPolygon in longitude/latitude with closed rings, named by a region code of the roster,
 * each code once. Kept is a normalised copy: only the code and the geometry, rings thinned to
 * what a page-sized map can show (points closer than 1/2000 of the map's extent dropped).
 */
import { KaoheError, type Problem } from '../indicators/index.js';

export const BOUNDARY_LIMITS = {
  /** Bytes of the GeoJSON file. */
  maxBytes: 5 * 1024 * 1024,
  features: 5_000,
  /** Positions in the file, before thinning. */
  maxPoints: 500_000,
  /** Positions kept after thinning (what a map on a page draws). */
  maxKeptPoints: 60_000,
  /** Characters of an approval number (审图号), e.g. `GS(2024)0650号`, `苏S(2023)012号`. */
  maxApprovalChars: 64,
  /** Problems listed before the rest are only counted. */
  maxProblems: 50,
} as const;

/** The properties a region code is looked for in, in this order, unless the upload names one. */
export const CODE_PROPERTIES = ['code', 'adcode', 'id'] as const;

export type Ring = [number, number][];
export interface BoundaryFeature {
  type: 'Feature';
  properties: { code: string };
  geometry: { type: 'MultiPolygon'; coordinates: Ring[][] };
}
export interface Boundaries {
  type: 'FeatureCollection';
  features: BoundaryFeature[];
}

export interface BoundaryReport {
  boundaries: Boundaries;
  /** Roster regions without a boundary (drawn as missing on the map). */
  unmapped: string[];
  pointsRead: number;
  pointsKept: number;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Reads and checks an uploaded GeoJSON FeatureCollection against the roster's region codes;
 * throws a KaoheError with every problem (where: `features[3].geometry`) and a way to fix it.
 */
export function readBoundaries(bytes: Buffer, regionCodes: ReadonlySet<string>, options: { codeProperty?: string } = {}): BoundaryReport {
  if (bytes.length > BOUNDARY_LIMITS.maxBytes) {
    fail('file', `文件 ${bytes.length} 字节，超过上限 ${BOUNDARY_LIMITS.maxBytes} 字节；请先简化边界（如用 mapshaper 简化到所需精度）`, `the file is ${bytes.length} bytes, over the limit of ${BOUNDARY_LIMITS.maxBytes}; simplify the boundaries first (mapshaper, for one)`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    fail('file', `不是有效的 JSON：${(e as Error).message}；请上传 GeoJSON 文件（.geojson / .json）`, `not valid JSON: ${(e as Error).message}; upload a GeoJSON file (.geojson / .json)`);
  }
  if (!isObject(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    fail('type', '应为 GeoJSON 要素集合（"type": "FeatureCollection"，含 "features" 数组）', 'expected a GeoJSON FeatureCollection ("type": "FeatureCollection" with a "features" array)');
  }
  const features = doc.features as unknown[];
  if (features.length === 0) fail('features', '要素集合为空：没有任何边界', 'the FeatureCollection has no features');
  if (features.length > BOUNDARY_LIMITS.features) {
    fail('features', `${features.length} 个要素，超过上限 ${BOUNDARY_LIMITS.features}`, `${features.length} features, over the limit of ${BOUNDARY_LIMITS.features}`);
  }

  const problems: Problem[] = [];
  const problem = (where: string, zh: string, en: string): void => {
    if (problems.length < BOUNDARY_LIMITS.maxProblems) problems.push({ where, zh, en });
  };
  let points = 0;
  const seen = new Map<string, number>();
  const read: { code: string; polygons: Ring[][] }[] = [];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;

  features.forEach((f, k) => {
    const at = `features[${k}]`;
    if (!isObject(f) || f.type !== 'Feature') return problem(at, '应为 "type": "Feature" 的要素', 'expected a "type": "Feature" object');
    const code = codeOf(f, options.codeProperty);
    if (code === null) {
      const names = options.codeProperty ? `"${options.codeProperty}"` : CODE_PROPERTIES.map((p) => `"${p}"`).join('、');
      return problem(`${at}.properties`, `没有地区编码：应在属性 ${names} 中写该地区在名单中的编码`, `no region code: put the region's roster code in property ${names}`);
    }
    if (!regionCodes.has(code)) return problem(`${at}.properties`, `编码「${code.slice(0, 20)}」不在本名单的地区中`, `code "${code.slice(0, 20)}" is not a region of this roster`);
    if (seen.has(code)) return problem(`${at}.properties`, `编码「${code}」重复（另见 features[${seen.get(code)}]）`, `code "${code}" appears twice (also features[${seen.get(code)}])`);
    seen.set(code, k);
    const g = f.geometry;
    if (!isObject(g) || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) {
      return problem(`${at}.geometry`, '几何应为 Polygon 或 MultiPolygon（地区的面边界）', 'the geometry must be a Polygon or MultiPolygon (a region\'s area)');
    }
    const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
    const out: Ring[][] = [];
    for (let p = 0; p < polygons.length; p++) {
      const rings = polygons[p];
      const where = g.type === 'Polygon' ? `${at}.geometry.coordinates` : `${at}.geometry.coordinates[${p}]`;
      if (!Array.isArray(rings) || rings.length === 0) return problem(where, '多边形应为由环组成的数组', 'a polygon is an array of rings');
      const polygon: Ring[] = [];
      for (let r = 0; r < rings.length; r++) {
        const ring = rings[r];
        const rw = `${where}[${r}]`;
        if (!Array.isArray(ring) || ring.length < 4) return problem(rw, '环至少需要 4 个坐标点（首尾相同）', 'a ring needs at least 4 positions (the first repeated at the end)');
        points += ring.length;
        if (points > BOUNDARY_LIMITS.maxPoints) {
          fail(rw, `坐标点超过 ${BOUNDARY_LIMITS.maxPoints} 个；请先简化边界（如用 mapshaper）`, `more than ${BOUNDARY_LIMITS.maxPoints} positions; simplify the boundaries first (mapshaper, for one)`);
        }
        const pts: Ring = [];
        for (let q = 0; q < ring.length; q++) {
          const pos = ring[q];
          if (!Array.isArray(pos) || pos.length < 2 || typeof pos[0] !== 'number' || typeof pos[1] !== 'number' || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) {
            return problem(`${rw}[${q}]`, '坐标应为 [经度, 纬度] 两个数', 'a position is two numbers, [longitude, latitude]');
          }
          const [x, y] = pos as number[];
          if (x < -180 || x > 180 || y < -90 || y > 90) {
            return problem(`${rw}[${q}]`, `坐标 [${x}, ${y}] 超出经纬度范围：应为 WGS84 / GCJ-02 经纬度（度），而不是投影坐标（米）`, `position [${x}, ${y}] is outside longitude/latitude: use degrees (WGS84 / GCJ-02), not projected metres`);
          }
          pts.push([x, y]);
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
        const [a, b] = [pts[0], pts[pts.length - 1]];
        if (a[0] !== b[0] || a[1] !== b[1]) return problem(rw, '环未闭合：最后一个坐标点应与第一个相同', 'the ring is not closed: its last position must equal its first');
        polygon.push(pts);
      }
      out.push(polygon);
    }
    read.push({ code, polygons: out });
  });
  if (problems.length > 0) throw new KaoheError(problems);

  const tolerance = Math.max(maxX - minX, maxY - minY) / 2000;
  let kept = 0;
  const boundaries: Boundaries = {
    type: 'FeatureCollection',
    features: read.map(({ code, polygons }) => {
      const coordinates = polygons.map((rings) => rings.map((ring) => {
        const thin = thinRing(ring, tolerance);
        kept += thin.length;
        return thin;
      }));
      return { type: 'Feature', properties: { code }, geometry: { type: 'MultiPolygon', coordinates } };
    }),
  };
  if (kept > BOUNDARY_LIMITS.maxKeptPoints) {
    fail('features', `简化后仍有 ${kept} 个坐标点，超过上限 ${BOUNDARY_LIMITS.maxKeptPoints}；请先简化边界`, `${kept} positions even after thinning, over the limit of ${BOUNDARY_LIMITS.maxKeptPoints}; simplify the boundaries first`);
  }
  return { boundaries, unmapped: [...regionCodes].filter((c) => !seen.has(c)), pointsRead: points, pointsKept: kept };
}

/** The region code of a feature: the named property, else the first of CODE_PROPERTIES, else the feature's id. */
function codeOf(f: Record<string, unknown>, property: string | undefined): string | null {
  const props = isObject(f.properties) ? f.properties : {};
  const candidates = property ? [props[property]] : [...CODE_PROPERTIES.map((p) => props[p]), f.id];
  for (const c of candidates) {
    if (typeof c === 'string' && c.trim() !== '') return c.trim();
    if (typeof c === 'number' && Number.isInteger(c)) return String(c);
  }
  return null;
}

/** Drops points closer than `tolerance` to the last kept one, keeping the ring closed and at least 4 points. */
function thinRing(ring: Ring, tolerance: number): Ring {
  if (ring.length <= 8 || tolerance === 0) return ring;
  const out: Ring = [ring[0]];
  for (let i = 1; i < ring.length - 1; i++) {
    const [px, py] = out[out.length - 1];
    if (Math.abs(ring[i][0] - px) >= tolerance || Math.abs(ring[i][1] - py) >= tolerance) out.push(ring[i]);
  }
  out.push(ring[ring.length - 1]);
  return out.length >= 4 ? out : ring;
}

/** The approval number (审图号) a published map must carry: required, one line, capped. */
export function approvalNumberProblem(text: string | undefined): Problem | null {
  const s = (text ?? '').trim();
  if (s === '') return { where: 'approvalNo', zh: '请填写地图的审图号（如 GS(2024)0650号）：公开使用的地图须标注审图号', en: "enter the map's approval number (审图号, e.g. GS(2024)0650号): a map shown in public must carry it" };
  if (s.length > BOUNDARY_LIMITS.maxApprovalChars || /[\r\n<>]/.test(s)) {
    return { where: 'approvalNo', zh: `审图号应为一行，不超过 ${BOUNDARY_LIMITS.maxApprovalChars} 个字符`, en: `the approval number is one line of at most ${BOUNDARY_LIMITS.maxApprovalChars} characters` };
  }
  return null;
}

function fail(where: string, zh: string, en: string): never {
  throw new KaoheError([{ where, zh, en }]);
}
