/**
 * Dated records → columns. Each record function call of the plan (`#rK`) becomes one column
 * over the entities, computed as of the evaluation date before the kernels run; the kernels
 * then read it like an input. A record is valid on day d when start ≤ d < end, where end is
 * the first of: start + its validity period, its end-date field, and the first repair record
 * (of the type's `repairedBy`, same entity, dated on or after it) when `repairable` holds.
 * Filters are generated code, like the kernels, from the validated AST only.
 */
import { addPeriod, formatDay, KaoheError, references, wholeMonths, type Ast } from '../indicators/index.js';
import { code, sourceUrl, type Code } from './code.js';
import { expr, HELPERS } from './codegen.js';
import type { Frame, RecordTable } from './frame.js';
import type { Layout } from './layout.js';
import type { PlanRecordType, ScoringPlan } from './plan.js';

type FilterKernel = (F: Float64Array[], S: Float64Array, AM: Float64Array, T: Int32Array, ti: number, d: number, n: number, M: Uint8Array) => void;

/** A plan's record filters as generated code, built once per plan with its kernels (kernels.ts). */
export interface RecordFilters {
  /** Per record aggregate (plan.recordAggregates order): its filter, null when it has none. */
  aggregate: (FilterKernel | null)[];
  /** Per record type (plan.records order): its `repairable` condition, null when it has none. */
  repairable: (FilterKernel | null)[];
  /** The generated sources, named, for printing (`kaohe check --kernels`). */
  sources: { name: string; about: string; source: Code }[];
}

const EMPTY: RecordTable = { n: 0, entity: new Int32Array(0), type: new Int32Array(0), start: new Float64Array(0), fields: new Map(), origin: [] };

/** Fill the plan's record columns in C (by the layout's slots) as of `asOf` (a day number). */
export function fillRecordColumns(plan: ScoringPlan, layout: Layout, filters: RecordFilters, frame: Frame, asOf: number | undefined, C: Float64Array[]): void {
  const aggregates = plan.recordAggregates ?? [];
  if (aggregates.length === 0) return;
  if (asOf === undefined || !Number.isFinite(asOf)) {
    throw new KaoheError([{
      where: `${plan.scheme.id}`,
      zh: '该方案使用带日期的记录，评分需要指定评价基准日（--as-of YYYY-MM-DD）',
      en: 'this scheme uses dated records: scoring needs the evaluation date (--as-of YYYY-MM-DD)',
    }]);
  }
  const table = frame.records ?? EMPTY;
  const types = plan.records ?? [];
  const order = recordOrder(table);
  const end = recordEnds(types, filters, table, order, asOf);
  const ageMonths = usesAgeMonths(plan) ? monthsColumn(table, asOf) : new Float64Array(0);
  aggregates.forEach((agg, a) => {
    const ti = types.findIndex((t) => t.id === agg.type);
    const filter = filters.aggregate[a];
    const mask = filter ? filterMask(types[ti], ti, filter, table, ageMonths, asOf) : null;
    const field = agg.field ? table.fields.get(`${agg.type}.${agg.field}`) ?? null : null;
    const out = C[layout.records.get(agg.id)!];
    const startsEmpty = agg.fn === 'maxOf' || agg.fn === 'minOf' || agg.fn === 'latest';
    out.fill(startsEmpty ? NaN : 0);
    let runEntity = -1;
    let run = 0;
    for (let k = 0; k < order.length; k++) {
      const r = order[k];
      if (table.type[r] !== ti || table.start[r] > asOf) continue;
      if (agg.fn !== 'countAll' && !(asOf < end[r])) continue;
      const e = table.entity[r];
      const pass = mask === null || mask[r] === 1;
      const v = field ? field[r] : NaN;
      switch (agg.fn) {
        case 'count':
        case 'countAll':
          if (pass) out[e]++;
          break;
        case 'active':
          if (pass) out[e] = 1;
          break;
        case 'sum':
          if (pass && v === v) out[e] += v;
          break;
        case 'maxOf':
          if (pass && v === v && !(out[e] >= v)) out[e] = v;
          break;
        case 'minOf':
          if (pass && v === v && !(out[e] <= v)) out[e] = v;
          break;
        case 'latest':
          if (pass && v === v) out[e] = v;
          break;
        case 'run':
          if (e !== runEntity) {
            runEntity = e;
            run = 0;
          }
          run = pass ? run + 1 : 0;
          if (run > out[e]) out[e] = run;
          break;
      }
    }
  });
}

/** Record rows sorted by entity, then date, then file order: the order sums and runs follow. */
export function recordOrder(table: RecordTable): Int32Array {
  const order = new Int32Array(table.n);
  for (let i = 0; i < table.n; i++) order[i] = i;
  order.sort((a, b) => table.entity[a] - table.entity[b] || table.start[a] - table.start[b] || a - b);
  return order;
}

/**
 * Each record's end day (exclusive; Infinity when nothing ends it). Only repairs dated on or
 * before `asOf` end a record: a repair entered for a later date is not known on the evaluation
 * date (it changes no validity on or before `asOf`, so scores are the same either way, but a
 * record's shown end must not come from it).
 */
export function recordEnds(types: PlanRecordType[], filters: RecordFilters, table: RecordTable, order: Int32Array, asOf: number): Float64Array {
  const end = validityEnds(types, table);
  types.forEach((t, ti) => {
    if (t.repairedBy === null) return;
    const repairs = repairDates(types, t, table, order, asOf);
    const repairable = repairableMask(t, ti, filters, table, asOf);
    for (let r = 0; r < table.n; r++) {
      if (table.type[r] !== ti || (repairable && repairable[r] !== 1)) continue;
      const dates = repairs.get(table.entity[r]);
      const first = dates ? firstOnOrAfter(dates, table.start[r]) : Infinity;
      if (first < end[r]) end[r] = first;
    }
  });
  return end;
}

/** Each record's end from its validity period and end field alone (no repair). */
function validityEnds(types: PlanRecordType[], table: RecordTable): Float64Array {
  const end = new Float64Array(table.n).fill(Infinity);
  types.forEach((t, ti) => {
    const amountField = t.validity?.field ? table.fields.get(`${t.id}.${t.validity.field}`) : undefined;
    const endField = t.end ? table.fields.get(`${t.id}.${t.end}`) : undefined;
    for (let r = 0; r < table.n; r++) {
      if (table.type[r] !== ti) continue;
      if (t.validity) {
        const amount = amountField ? amountField[r] : t.validity.amount!;
        if (amount === amount) end[r] = addPeriod(table.start[r], t.validity.unit, amount);
      }
      if (endField && endField[r] < end[r]) end[r] = endField[r];
    }
  });
  return end;
}

/** Per entity, the sorted dates (on or before asOf) of the repair records that can end records of type `t`. */
function repairDates(types: PlanRecordType[], t: PlanRecordType, table: RecordTable, order: Int32Array, asOf: number): Map<number, number[]> {
  const repairType = types.findIndex((x) => x.id === t.repairedBy);
  const repairs = new Map<number, number[]>();
  for (const r of order) {
    if (table.type[r] !== repairType || table.start[r] > asOf) continue;
    const list = repairs.get(table.entity[r]);
    if (list) list.push(table.start[r]);
    else repairs.set(table.entity[r], [table.start[r]]);
  }
  return repairs;
}

function repairableMask(t: PlanRecordType, ti: number, filters: RecordFilters, table: RecordTable, asOf: number): Uint8Array | null {
  const condition = filters.repairable[ti];
  return condition ? filterMask(t, ti, condition, table, monthsColumn(table, asOf), asOf) : null;
}

function firstOnOrAfter(sorted: number[], day: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? sorted[lo] : Infinity;
}

function monthsColumn(table: RecordTable, asOf: number): Float64Array {
  const out = new Float64Array(table.n);
  for (let r = 0; r < table.n; r++) out[r] = wholeMonths(table.start[r], asOf);
  return out;
}

function usesAgeMonths(plan: ScoringPlan): boolean {
  const filters: Ast[] = [
    ...(plan.recordAggregates ?? []).flatMap((a) => (a.filter ? [a.filter] : [])),
    ...(plan.records ?? []).flatMap((t) => (t.repairable ? [t.repairable] : [])),
  ];
  return filters.some((f) => references(f).names.includes('ageMonths'));
}

/** The plan's record filters, generated from their validated ASTs (like the kernels: no text of a scheme or a file is spliced in). */
export function buildRecordFilters(plan: ScoringPlan, hash: string): RecordFilters {
  const types = plan.records ?? [];
  const sources: RecordFilters['sources'] = [];
  const build = (name: string, about: string, t: PlanRecordType, filter: Ast | null): FilterKernel | null => {
    if (filter === null) return null;
    const source = filterSource(t, filter);
    sources.push({ name, about, source });
    // oxlint-disable-next-line typescript/no-implied-eval -- kernels are compiled from the validated plan only
    return new Function('F', 'S', 'AM', 'T', 'ti', 'd', 'n', 'M', `${source}\n${sourceUrl(hash, name)}`) as FilterKernel;
  };
  return {
    aggregate: (plan.recordAggregates ?? []).map((a, k) => build(`record-filter-${k}`, `the filter of ${a.fn}() over ${a.type} records (column ${a.id})`, types.find((t) => t.id === a.type)!, a.filter)),
    repairable: types.map((t, k) => build(`record-repairable-${k}`, `when a repair ends a ${t.id} record (repairable)`, t, t.repairable)),
    sources,
  };
}

/** The record's role (a code into `t.roles`) is read as one more field, after the declared ones. */
export const ROLE_FIELD = 'role';

function filterSource(t: PlanRecordType, filter: Ast): Code {
  const fieldIndex = new Map(t.fields.map((f, k) => [f.id, k]));
  if (t.roles) fieldIndex.set(ROLE_FIELD, t.fields.length);
  const body = expr(filter, {
    name(name) {
      if (name === 'age') return code`(d - S[i])`;
      if (name === 'ageMonths') return code`AM[i]`;
      const k = fieldIndex.get(name);
      if (k === undefined) throw new Error(`records: unresolved field ${name}`);
      return code`F[${k}][i]`;
    },
    node() {
      throw new Error('records: a filter cannot read node scores');
    },
    literal(column, value) {
      const categories = t.roles && column === ROLE_FIELD ? t.roles : t.fields[fieldIndex.get(column)!].categories;
      const categoryCode = categories?.indexOf(value) ?? -1;
      if (categoryCode < 0) throw new Error(`records: unknown category ${value}`);
      return code`${categoryCode}`;
    },
  });
  return code`"use strict";\n${HELPERS}\nfor (let i = 0; i < n; i++) {\n  if (T[i] !== ti) continue;\n  M[i] = (${body}) ? 1 : 0;\n}`;
}

/** 1 where the record is of type `ti` and the filter holds, 0 elsewhere. */
function filterMask(t: PlanRecordType, ti: number, kernel: FilterKernel, table: RecordTable, ageMonths: Float64Array, asOf: number): Uint8Array {
  const F = [...t.fields.map((f) => f.id), ...(t.roles ? [ROLE_FIELD] : [])].map((id) => table.fields.get(`${t.id}.${id}`) ?? new Float64Array(table.n).fill(NaN));
  const M = new Uint8Array(table.n);
  kernel(F, table.start, ageMonths, table.type, ti, asOf, table.n, M);
  return M;
}

export interface RecordInForce {
  type: string;
  start: string;
  /** Last day valid (inclusive), or null when open-ended. */
  until: string | null;
  fields: Record<string, number | string | boolean | null>;
  origin: string;
  /** The entity's role in a record that names several (types with `roles` only). */
  role?: string;
}

/** One entity's records valid as of the date, oldest first: the evidence behind its record rules. Repair records are not listed here: see repairOutcomes. */
export function recordsInForce(plan: ScoringPlan, filters: RecordFilters, frame: Frame, row: number, asOf: number): RecordInForce[] {
  const table = frame.records ?? EMPTY;
  const types = plan.records ?? [];
  const repairTypes = repairTypeIndexes(types);
  const order = recordOrder(table);
  const end = recordEnds(types, filters, table, order, asOf);
  const out: RecordInForce[] = [];
  for (const r of order) {
    if (table.entity[r] !== row || table.start[r] > asOf || !(asOf < end[r]) || repairTypes.has(table.type[r])) continue;
    const t = types[table.type[r]];
    out.push({
      type: t.id, start: formatDay(table.start[r]), until: Number.isFinite(end[r]) ? formatDay(end[r] - 1) : null, fields: recordFields(t, table, r), origin: table.origin[r],
      ...(t.roles ? { role: t.roles[table.fields.get(`${t.id}.${ROLE_FIELD}`)![r]] } : {}),
    });
  }
  return out;
}

/** A record named by a repair outcome. */
export interface RecordRef {
  type: string;
  start: string;
  origin: string;
}

/**
 * What one repair record did as of the date: `applied` (it ended the records in `repaired`),
 * `refused` (the only records it could end are not repairable under the scheme's `repairable`
 * rule, listed in `refused`), or `not-applicable` (no record of a type it repairs was valid on
 * its date).
 */
export interface RepairOutcome {
  type: string;
  start: string;
  origin: string;
  status: 'applied' | 'refused' | 'not-applicable';
  repaired: RecordRef[];
  refused: RecordRef[];
}

/** One entity's repair records dated on or before the date, oldest first, each with what it did. */
export function repairOutcomes(plan: ScoringPlan, filters: RecordFilters, frame: Frame, row: number, asOf: number): RepairOutcome[] {
  const table = frame.records ?? EMPTY;
  const types = plan.records ?? [];
  const repairTypes = repairTypeIndexes(types);
  if (repairTypes.size === 0) return [];
  const order = recordOrder(table);
  const base = validityEnds(types, table);
  const end = recordEnds(types, filters, table, order, asOf);
  const masks = types.map((t, ti) => (t.repairedBy === null ? null : repairableMask(t, ti, filters, table, asOf)));
  const ref = (r: number): RecordRef => ({ type: types[table.type[r]].id, start: formatDay(table.start[r]), origin: table.origin[r] });
  const out: RepairOutcome[] = [];
  for (const p of order) {
    if (table.entity[p] !== row || table.start[p] > asOf || !repairTypes.has(table.type[p])) continue;
    const day = table.start[p];
    const repairId = types[table.type[p]].id;
    const repaired: RecordRef[] = [];
    const refused: RecordRef[] = [];
    for (const r of order) {
      if (table.entity[r] !== row) continue;
      const t = types[table.type[r]];
      if (t.repairedBy !== repairId || table.start[r] > day || !(day < base[r])) continue;
      const mask = masks[table.type[r]];
      if (mask && mask[r] !== 1) refused.push(ref(r));
      else if (end[r] === day) repaired.push(ref(r));
    }
    const status = repaired.length > 0 ? 'applied' : refused.length > 0 ? 'refused' : 'not-applicable';
    out.push({ ...ref(p), status, repaired, refused });
  }
  return out;
}

/** Indexes of the record types some type names as its `repairedBy`. */
function repairTypeIndexes(types: PlanRecordType[]): Set<number> {
  const out = new Set<number>();
  for (const t of types) if (t.repairedBy !== null) out.add(types.findIndex((x) => x.id === t.repairedBy));
  return out;
}

function recordFields(t: PlanRecordType, table: RecordTable, r: number): RecordInForce['fields'] {
  const fields: RecordInForce['fields'] = {};
  for (const f of t.fields) {
    const v = table.fields.get(`${t.id}.${f.id}`)?.[r] ?? NaN;
    fields[f.id] = v !== v ? null : f.type === 'category' ? f.categories![v] : f.type === 'date' ? formatDay(v) : f.type === 'boolean' ? v !== 0 : v;
  }
  return fields;
}
