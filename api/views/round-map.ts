/** The map a round's pages draw: its roster's latest uploaded boundaries, parsed once per stored map (they never change). */
import { LRUCache } from 'lru-cache';
import { latestRosterMapId, rosterMap, type Db, type Round } from '../../store/index.js';
import type { MapView } from '../pages/index.js';

const maps = new LRUCache<number, MapView>({ max: 16 });

export function roundMap(db: Db, round: Round): MapView | null {
  const latest = latestRosterMapId(db, round.rosterId);
  if (latest === null) return null;
  let view = maps.get(latest);
  if (!view) {
    const m = rosterMap(db, round.rosterId)!;
    view = { id: m.id, approvalNo: m.approvalNo, boundaries: m.boundaries };
    maps.set(m.id, view);
  }
  return view;
}
