/**
 * Rows of an uploaded file that carry no input value: the roster rows of a template that one
 * city filled only its own row of. A row replaces its entity's data when merged, so a blank row
 * must not reach the merge for an entity the round already has data for: that would erase it.
 * A blank row of a new entity only registers the entity, which a scheme with dated records
 * needs (its records attach to the round's entities) and a scheme without them does not: there
 * it would hide that the entity has not reported.
 */
import type { Frame, ScoringPlan } from '../engine/index.js';
import { noDataError } from '../io/index.js';

export interface BlankRowsResult {
  frame: Frame;
  /** How many rows were left out because they had no input value. */
  skipped: number;
}

export function withoutBlankRows(update: Frame, current: Frame, plan: ScoringPlan, fileName: string): BlankRowsResult {
  const inputs = plan.sources.filter((s) => s.role === 'input').map((s) => update.columns.get(s.id)).filter((c) => c !== undefined);
  const known = new Set(current.ids);
  const registers = (plan.records?.length ?? 0) > 0;
  const keep: number[] = [];
  for (let r = 0; r < update.n; r++) {
    const blank = !inputs.some((c) => c[r] === c[r]);
    if (!blank || (registers && !known.has(update.ids[r]))) keep.push(r);
  }
  if (keep.length === 0) throw noDataError(fileName, update.n);
  if (keep.length === update.n) return { frame: update, skipped: 0 };
  const columns = new Map<string, Float64Array>();
  for (const [id, col] of update.columns) columns.set(id, Float64Array.from(keep, (r) => col[r]));
  const frame: Frame = {
    n: keep.length,
    ids: keep.map((r) => update.ids[r]),
    names: update.names ? keep.map((r) => update.names![r]) : null,
    columns,
    dictionaries: update.dictionaries,
  };
  return { frame, skipped: update.n - keep.length };
}
