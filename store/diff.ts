/**
 * What moved between two runs and why: per entity, the score, rank and grade in each, and the
 * inputs whose values differ between the two runs' snapshots. An entity whose inputs didn't
 * change can still move — normalisation uses every entity's data — and the reason says so;
 * a different plan is named as the reason when the scheme version differs.
 */
import { formatDay, type Frame, type ScoringPlan, type SourceColumn } from '../engine/index.js';
import type { Label } from '../indicators/index.js';
import type { Db } from './db.js';
import { storedResults } from './results-cache.js';
import { getRound } from './rounds.js';
import { getRun, type Run } from './runs.js';
import { schemePlan } from './schemes.js';
import { loadSnapshot } from './snapshots.js';

export type InputValue = number | string | null;

export interface InputChange {
  input: string;
  label: Label;
  from: InputValue;
  to: InputValue;
}

export type MoveReason = 'own-data' | 'others-data' | 'plan' | 'added' | 'removed';

export interface EntityDiff {
  id: string;
  name: string | null;
  score: { from: number | null; to: number | null; delta: number | null };
  rank: { from: number | null; to: number | null; change: number | null };
  grade: { from: string | null; to: string | null };
  inputs: InputChange[];
  why: MoveReason;
}

export interface RunRef {
  runId: number;
  roundId: number;
  planHash: string;
  snapshotHash: string;
  resultsHash: string | null;
}

export interface RunDiff {
  from: RunRef;
  to: RunRef;
  planChanged: boolean;
  snapshotChanged: boolean;
  /** Entities with any change, largest score change first. */
  changed: EntityDiff[];
  unchanged: number;
}

const num = (v: number | undefined): number | null => (v === undefined || v !== v ? null : v);
const ref = (r: Run): RunRef => ({ runId: r.id, roundId: r.roundId, planHash: r.planHash, snapshotHash: r.snapshotHash, resultsHash: r.resultsHash });

function inputValue(frame: Frame, s: SourceColumn, i: number): InputValue {
  if (i < 0) return null;
  const v = frame.columns.get(s.id)?.[i];
  if (v === undefined || v !== v) return null;
  if (s.type === 'category') return frame.dictionaries.get(s.id)?.[v] ?? null;
  if (s.type === 'date') return formatDay(v);
  return v;
}

function planOf(db: Db, run: Run): ScoringPlan {
  const round = getRound(db, run.roundId);
  return schemePlan(db, round.schemeId, round.schemeVersion).plan;
}

export function diffRuns(db: Db, fromId: number, toId: number): RunDiff {
  const a = getRun(db, fromId);
  const b = getRun(db, toId);
  const ra = storedResults(db, a.id);
  const rb = storedResults(db, b.id);
  const planB = planOf(db, b);
  const fa = a.snapshotHash === b.snapshotHash ? null : loadSnapshot(db, a.snapshotHash);
  const fb = fa ? loadSnapshot(db, b.snapshotHash) : null;
  const inputs = planB.sources;
  const rowA = new Map(ra.ids.map((id, i) => [id, i]));
  const rowB = new Map(rb.ids.map((id, i) => [id, i]));
  const snapA = fa ? new Map(fa.ids.map((id, i) => [id, i])) : null;
  const snapB = fb ? new Map(fb.ids.map((id, i) => [id, i])) : null;
  const planChanged = a.planHash !== b.planHash;
  const ids = [...new Set([...rb.ids, ...ra.ids])];
  const changed: EntityDiff[] = [];
  let unchanged = 0;
  const col = (r: typeof ra, name: string, i: number | undefined): number | null => (i === undefined ? null : num(r.columns.get(name)?.[i]));
  const grade = (r: typeof ra, i: number | undefined): string | null => {
    const g = col(r, 'grade', i);
    return g === null ? null : r.grades[g] ?? null;
  };
  for (const id of ids) {
    const i = rowA.get(id);
    const j = rowB.get(id);
    const changes: InputChange[] = [];
    if (fa && fb) {
      const si = snapA!.get(id) ?? -1;
      const sj = snapB!.get(id) ?? -1;
      for (const s of inputs) {
        const from = inputValue(fa, s, si);
        const to = inputValue(fb, s, sj);
        if (from !== to) changes.push({ input: s.id, label: s.label, from, to });
      }
    }
    const score = { from: col(ra, 'score', i), to: col(rb, 'score', j) };
    const rank = { from: col(ra, 'rank', i), to: col(rb, 'rank', j) };
    const gradeFromTo = { from: grade(ra, i), to: grade(rb, j) };
    const same = score.from === score.to && rank.from === rank.to && gradeFromTo.from === gradeFromTo.to && changes.length === 0 && i !== undefined && j !== undefined;
    if (same) { unchanged++; continue; }
    const why: MoveReason = i === undefined ? 'added' : j === undefined ? 'removed' : changes.length > 0 ? 'own-data' : planChanged ? 'plan' : 'others-data';
    changed.push({
      id,
      name: (j !== undefined ? rb.names?.[j] : i !== undefined ? ra.names?.[i] : null) ?? null,
      score: { ...score, delta: score.from !== null && score.to !== null ? score.to - score.from : null },
      rank: { ...rank, change: rank.from !== null && rank.to !== null ? rank.from - rank.to : null },
      grade: gradeFromTo,
      inputs: changes,
      why,
    });
  }
  changed.sort((x, y) => Math.abs(y.score.delta ?? Infinity) - Math.abs(x.score.delta ?? Infinity) || (x.id < y.id ? -1 : 1));
  return { from: ref(a), to: ref(b), planChanged, snapshotChanged: a.snapshotHash !== b.snapshotHash, changed, unchanged };
}
