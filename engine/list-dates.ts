/**
 * Since when, and until when, an entity is on each list it is on as of the evaluation date.
 * A list entry can only change on a day some record-derived value changes: a record's date, its
 * end (validity, end field, repair), or a day its age crosses a constant of an age condition
 * (`age < 365`). So `since` is found by scoring the round again the day before each such day,
 * newest first, until the entity was not on the list (since = that day); `until` by scoring it
 * on each such day after the as-of date, oldest first, from the records dated on or before it
 * (a later record or repair isn't known yet), until the entity is off (until = the day before:
 * its last day on the list). Both are NaN when not knowable: the entry predates every record, no
 * known record ends it, the search would take more than `maxEvaluations` scorings, or the round
 * has more than MAX_LIST_DATE_ENTITIES entities.
 */
import { addPeriod, children, type Ast } from '../indicators/index.js';
import { evaluate } from './evaluate.js';
import type { RecordTable } from './frame.js';
import { kernelsFor } from './kernels.js';
import { recordEnds, recordOrder } from './records.js';
import type { Results } from './results.js';

export interface ListDates {
  /** Per list rule (plan.lists order), per entity: the first day of the entry (NaN: unknown or not on it). */
  since: Float64Array[];
  /** Per list rule, per entity: the entry's last day as far as known now (NaN: unknown or not on it). */
  until: Float64Array[];
}

export const DEFAULT_LIST_DATE_EVALUATIONS = 200;
/** Rounds larger than this get no list dates (each scoring again is a whole round's work, on the caller's thread). */
export const MAX_LIST_DATE_ENTITIES = 20_000;

/** A round's list dates, computed once per results (the CSV, JSON, workbook and list register all read them). */
const computed = new WeakMap<Results, ListDates>();

/**
 * The list dates of these results, computed here at once: for the command line and results
 * already computed (the service calls listDatesInTurns first). The default caps are part of
 * semantics level 3, whose results CSV carries the dates: they never change.
 */
export function listDates(results: Results): ListDates {
  const hit = computed.get(results);
  if (hit) return hit;
  const steps = listDateSteps(results, DEFAULT_LIST_DATE_EVALUATIONS);
  let step = steps.next();
  while (!step.done) step = steps.next();
  computed.set(results, step.value);
  return step.value;
}

/**
 * The same dates, with a turn of the event loop after each scoring again (each one round of at
 * most MAX_LIST_DATE_ENTITIES entities, as the service scores a small round inline), so a round
 * with many list entries never holds the service for its whole search. Shared by concurrent callers.
 */
export function listDatesInTurns(results: Results): Promise<ListDates> {
  const hit = computed.get(results);
  if (hit) return Promise.resolve(hit);
  let p = inFlight.get(results);
  if (!p) {
    p = (async () => {
      const steps = listDateSteps(results, DEFAULT_LIST_DATE_EVALUATIONS);
      let step = steps.next();
      while (!step.done) {
        await new Promise((resolve) => setImmediate(resolve));
        step = steps.next();
      }
      computed.set(results, step.value);
      return step.value;
    })().finally(() => inFlight.delete(results));
    inFlight.set(results, p);
  }
  return p;
}
const inFlight = new WeakMap<Results, Promise<ListDates>>();

/** The search, one scoring again per step (the generator yields after each); returns the dates. */
function* listDateSteps(results: Results, maxEvaluations: number): Generator<void, ListDates> {
  const { plan, frame, asOf } = results;
  const n = frame.n;
  const table = frame.records;
  if (asOf === null || !table || plan.lists.length === 0 || n > MAX_LIST_DATE_ENTITIES) {
    // Nothing knowable: one column of NaN read for every list (a large round's output needs no more).
    const none = new Float64Array(n).fill(NaN);
    return { since: plan.lists.map(() => none), until: plan.lists.map(() => none) };
  }
  const since = plan.lists.map(() => new Float64Array(n).fill(NaN));
  const until = plan.lists.map(() => new Float64Array(n).fill(NaN));
  const pending: [number, number][] = [];
  plan.lists.forEach((_, k) => { for (let i = 0; i < n; i++) if (results.lists[k][i] === 1) pending.push([k, i]); });
  if (pending.length === 0) return { since, until };

  const compiled = { plan, hash: results.planHash };
  const known = knownRecords(table, asOf);
  const days = changeDays(results, known, new Set(pending.map(([, i]) => i)));
  let budget = maxEvaluations;

  let open = pending;
  for (const day of days.filter((d) => d <= asOf).sort((a, b) => b - a)) {
    if (open.length === 0 || budget-- <= 0) break;
    const before = evaluate(compiled, frame, { asOf: day - 1 });
    open = open.filter(([k, i]) => {
      if (before.lists[k][i] === 1) return true;
      since[k][i] = day;
      return false;
    });
    yield;
  }

  const future = { ...frame, records: known };
  open = pending;
  for (const day of days.filter((d) => d > asOf).sort((a, b) => a - b)) {
    if (open.length === 0 || budget-- <= 0) break;
    const later = evaluate(compiled, future, { asOf: day });
    open = open.filter(([k, i]) => {
      if (later.lists[k][i] === 1) return true;
      until[k][i] = day - 1;
      return false;
    });
    yield;
  }
  return { since, until };
}

/** The records dated on or before the as-of date: all that is known then. */
function knownRecords(table: RecordTable, asOf: number): RecordTable {
  const keep: number[] = [];
  for (let r = 0; r < table.n; r++) if (table.start[r] <= asOf) keep.push(r);
  const pick = <T extends Float64Array | Int32Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(keep.length);
    keep.forEach((r, k) => { out[k] = a[r]; });
    return out;
  };
  return {
    n: keep.length, entity: pick(table.entity), type: pick(table.type), start: pick(table.start),
    fields: new Map([...table.fields].map(([key, col]) => [key, pick(col)])), origin: keep.map((r) => table.origin[r]),
  };
}

/** Days on which a record-derived value of one of these entities can change. */
function changeDays(results: Results, table: RecordTable, entities: Set<number>): number[] {
  const { plan } = results;
  const filters = kernelsFor({ plan, hash: results.planHash }).filters;
  const end = recordEnds(plan.records ?? [], filters, table, recordOrder(table), results.asOf!);
  const ageDays = ageConstants(plan.recordAggregates?.flatMap((a) => (a.filter ? [a.filter] : [])) ?? [], 'age');
  const ageMonths = ageConstants(plan.recordAggregates?.flatMap((a) => (a.filter ? [a.filter] : [])) ?? [], 'ageMonths');
  const days = new Set<number>();
  for (let r = 0; r < table.n; r++) {
    if (!entities.has(table.entity[r])) continue;
    const start = table.start[r];
    days.add(start);
    if (Number.isFinite(end[r])) days.add(end[r]);
    // `age < K` changes between start + K − 1 and start + K; `age <= K` one day later.
    for (const k of ageDays) { days.add(start + k); days.add(start + k + 1); }
    for (const k of ageMonths) { const d = addPeriod(start, 'months', k); days.add(d); days.add(addPeriod(start, 'months', k + 1)); }
  }
  return [...days].filter((d) => Number.isFinite(d));
}

/** Whole-number constants of the conditions that read `name` (age in days, or in months). */
function ageConstants(filters: Ast[], name: 'age' | 'ageMonths'): number[] {
  const out = new Set<number>();
  const walk = (a: Ast, reads: boolean): void => {
    if (a.t === 'num' && reads && Number.isInteger(a.v) && Math.abs(a.v) <= 100_000) out.add(a.v);
    for (const c of children(a)) walk(c, reads);
  };
  for (const f of filters) walk(f, JSON.stringify(f).includes(`"name":"${name}"`));
  return [...out];
}
