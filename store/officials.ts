/**
 * Officials across every roster, each with the posts they held (region, role, first and last
 * day). An official listed in several rosters is one person: the same id, their posts merged
 * (a post listed in two rosters once).
 */
import type { Db } from './db.js';
import { notFound } from './errors.js';
import { sql } from './statements.js';

export interface OfficialPost {
  post: string;
  regionCode: string;
  regionName: string;
  start: string;
  /** null: still in post. */
  end: string | null;
}

export interface Official {
  id: string;
  name: string;
  posts: OfficialPost[];
}

interface Row {
  id: string;
  name: string;
  post: string | null;
  region_code: string | null;
  region_name: string | null;
  start_date: string | null;
  end_date: string | null;
}

const QUERY = `SELECT o.id, o.name, p.post, p.region_code, g.name AS region_name, p.start_date, p.end_date
  FROM roster_officials o
  LEFT JOIN roster_posts p ON p.roster_id = o.roster_id AND p.official_id = o.id
  LEFT JOIN roster_regions g ON g.roster_id = p.roster_id AND g.code = p.region_code`;
const ORDER = 'ORDER BY o.id, p.start_date, p.region_code, o.roster_id';

function group(rows: Row[]): Official[] {
  const out = new Map<string, Official & { keys: Set<string> }>();
  for (const r of rows) {
    const o = out.get(r.id) ?? { id: r.id, name: r.name, posts: [], keys: new Set<string>() };
    out.set(r.id, o);
    if (r.post === null) continue;
    const key = JSON.stringify([r.post, r.region_code, r.start_date, r.end_date]);
    if (o.keys.has(key)) continue;
    o.keys.add(key);
    o.posts.push({ post: r.post, regionCode: r.region_code!, regionName: r.region_name ?? '', start: r.start_date!, end: r.end_date });
  }
  return [...out.values()].map(({ keys: _keys, ...o }) => o);
}

export function listOfficials(db: Db): Official[] {
  return group(sql(db, `${QUERY} ${ORDER}`).all() as Row[]);
}

export function getOfficial(db: Db, id: string): Official {
  const [o] = group(sql(db, `${QUERY} WHERE o.id = ? ${ORDER}`).all(id) as Row[]);
  if (!o) throw notFound(`official:${id}`, `干部「${id}」（不在任何名单中）`, `official "${id}" (in no roster)`);
  return o;
}
