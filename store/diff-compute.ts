/**
 * The diff of two runs (store/diff.ts) from what it reads: both runs' stored score, rank and
 * grade columns, and — when the snapshots differ — both snapshots' frames. No database here, so
 * the store's worker thread (store-worker.ts) runs the same function on a large pair of runs
 * as the main thread runs on a small one: the same output either way.
 */
import { formatDay } from '../indicators/index.js';
import type { Frame, SourceColumn } from '../engine/index.js';
import type { Label } from '../indicators/index.js';
import type { StoredResults } from './results-codec.js';

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

/** The columns of stored results a diff reads. */
export const DIFF_COLUMNS = ['score', 'rank', 'grade'] as const;

const num = (v: number | undefined): number | null => (v === undefined || v !== v ? null : v);

function inputValue(frame: Frame, s: SourceColumn, i: number): InputValue {
  if (i < 0) return null;
  const v = frame.columns.get(s.id)?.[i];
  if (v === undefined || v !== v) return null;
  if (s.type === 'category') return frame.dictionaries.get(s.id)?.[v] ?? null;
  if (s.type === 'date') return formatDay(v);
  return v;
}

/**
 * `ra`, `rb`: the two runs' stored results (at least DIFF_COLUMNS); `fa`, `fb`: their snapshots'
 * frames, null when the runs share a snapshot; `inputs`: the later plan's sources.
 */
export function computeDiff(
  a: RunRef, b: RunRef, ra: StoredResults, rb: StoredResults, fa: Frame | null, fb: Frame | null, inputs: readonly SourceColumn[],
): RunDiff {
  const rowA = new Map(ra.ids.map((id, i) => [id, i]));
  const rowB = new Map(rb.ids.map((id, i) => [id, i]));
  const snapA = fa ? new Map(fa.ids.map((id, i) => [id, i])) : null;
  const snapB = fb ? new Map(fb.ids.map((id, i) => [id, i])) : null;
  const planChanged = a.planHash !== b.planHash;
  const ids = [...new Set([...rb.ids, ...ra.ids])];
  const changed: EntityDiff[] = [];
  let unchanged = 0;
  const col = (r: StoredResults, name: string, i: number | undefined): number | null => (i === undefined ? null : num(r.columns.get(name)?.[i]));
  const grade = (r: StoredResults, i: number | undefined): string | null => {
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
  return { from: a, to: b, planChanged, snapshotChanged: a.snapshotHash !== b.snapshotHash, changed, unchanged };
}
