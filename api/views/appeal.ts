/** The open appeal against an entity's result in a round, as the scorecard shows it. */
import { openAppeal, type Db } from '../../store/index.js';
import type { AppealBannerView } from '../pages/index.js';

export function appealBannerOf(db: Db, roundId: number, entityId: string): AppealBannerView | null {
  const a = openAppeal(db, roundId, entityId);
  if (!a) return null;
  return { id: String(a.id), state: a.state === 'upheld' ? 'upheld' : 'filed', at: a.events.at(-1)?.at ?? a.filedAt };
}
