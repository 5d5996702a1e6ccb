/**
 * A roster's map: the region boundaries an office uploaded (checked and normalised by
 * io/boundaries.ts) with the map's approval number (审图号). Every upload is kept (the table is
 * append-only); the latest one is the roster's map.
 */
import type { Boundaries } from '../io/index.js';
import { appendAudit, type Actor } from './audit.js';
import type { Db } from './db.js';
import { getRoster } from './rosters.js';
import { sql } from './statements.js';
import { nowIso } from './time.js';

export interface RosterMap {
  id: number;
  rosterId: number;
  boundaries: Boundaries;
  approvalNo: string;
  features: number;
  uploadedAt: string;
}

export function addRosterMap(db: Db, actor: Actor, rosterId: number, boundaries: Boundaries, approvalNo: string, detail: Record<string, unknown> = {}): RosterMap {
  return db.transaction(() => {
    getRoster(db, rosterId);
    const uploadedAt = nowIso();
    const text = JSON.stringify(boundaries);
    const id = Number(sql(db, 'INSERT INTO roster_maps (roster_id, geojson, approval_no, features, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(rosterId, text, approvalNo, boundaries.features.length, actor.id, uploadedAt).lastInsertRowid);
    appendAudit(db, actor, { action: 'roster.map', target: `roster:${rosterId}`, detail: { mapId: id, approvalNo, features: boundaries.features.length, bytes: text.length, ...detail } });
    return { id, rosterId, boundaries, approvalNo, features: boundaries.features.length, uploadedAt };
  }).immediate();
}

/** The roster's latest map, or null when none was uploaded. */
export function rosterMap(db: Db, rosterId: number): RosterMap | null {
  const r = sql(db, 'SELECT id, geojson, approval_no, features, uploaded_at FROM roster_maps WHERE roster_id = ? ORDER BY id DESC LIMIT 1').get(rosterId) as
    { id: number; geojson: string; approval_no: string; features: number; uploaded_at: string } | undefined;
  if (!r) return null;
  return { id: r.id, rosterId, boundaries: JSON.parse(r.geojson) as Boundaries, approvalNo: r.approval_no, features: r.features, uploadedAt: r.uploaded_at };
}

/** The id of the roster's latest map (cheap: no boundaries read), or null. */
export function latestRosterMapId(db: Db, rosterId: number): number | null {
  const r = sql(db, 'SELECT id FROM roster_maps WHERE roster_id = ? ORDER BY id DESC LIMIT 1').get(rosterId) as { id: number } | undefined;
  return r ? r.id : null;
}
