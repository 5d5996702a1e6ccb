/**
 * A round's input data as a content-addressed snapshot. The canonical form: entities in
 * code-point order of their ids; every source column of the plan; category codes re-based on
 * the canonical dictionary (the scheme's declared categories, else the values present, sorted);
 * dated records (when the scheme has them) sorted by entity, type, date and origin. The hash is
 * the SHA-256 of the canonical encoding, so the same data give the same hash whatever the
 * order of the rows, files or uploads that brought them.
 */
import { sha256Hex } from '../indicators/index.js';
import type { Frame, RecordTable, ScoringPlan } from '../engine/index.js';
import { decodeColumns, encodeColumns } from './column-blob.js';

export const SNAPSHOT_MAGIC = 'KHSNAP01';
const MAGIC = SNAPSHOT_MAGIC;

export interface SnapshotHeader {
  format: 1;
  n: number;
  ids: string[];
  names: (string | null)[] | null;
  columns: string[];
  dictionaries: Record<string, string[]>;
  /** Record fields (`type.field`, sorted) and each record's origin; absent without records. */
  records?: { n: number; fields: string[]; origin: string[] };
}

export interface EncodedSnapshot {
  hash: string;
  data: Buffer;
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The canonical frame: sorted entities, every plan source present, canonical category codes and record order. */
export function canonicalFrame(frame: Frame, plan: ScoringPlan): Frame {
  const order = Array.from({ length: frame.n }, (_, i) => i).sort((a, b) => byCodePoint(frame.ids[a], frame.ids[b]));
  const columns = new Map<string, Float64Array>();
  const dictionaries = new Map<string, string[]>();
  for (const s of plan.sources) {
    const src = frame.columns.get(s.id);
    const out = new Float64Array(frame.n).fill(NaN);
    if (s.type === 'category') {
      const from = frame.dictionaries.get(s.id) ?? [];
      const used = new Set<string>();
      if (src) for (const v of src) if (v === v) used.add(from[v]);
      const dict = s.categories ? [...s.categories] : [...used].sort(byCodePoint);
      const code = new Map(dict.map((v, k) => [v, k]));
      if (src) order.forEach((i, r) => { const v = src[i]; if (v === v) out[r] = code.get(from[v])!; });
      dictionaries.set(s.id, dict);
    } else if (src) order.forEach((i, r) => { out[r] = src[i]; });
    columns.set(s.id, out);
  }
  const newRow = new Int32Array(frame.n);
  order.forEach((i, r) => { newRow[i] = r; });
  return {
    n: frame.n,
    ids: order.map((i) => frame.ids[i]),
    names: frame.names ? order.map((i) => frame.names![i]) : null,
    columns,
    dictionaries,
    ...(frame.records ? { records: canonicalRecords(frame.records, newRow) } : {}),
  };
}

/** Records with entity rows renumbered by `newRow`, in canonical order. */
function canonicalRecords(t: RecordTable, newRow: Int32Array): RecordTable {
  const entity = Int32Array.from(t.entity, (e) => newRow[e]);
  const keys = [...t.fields.keys()].sort(byCodePoint);
  const fieldCols = keys.map((k) => t.fields.get(k)!);
  const cmpNum = (x: number, y: number): number => (x === y || (x !== x && y !== y) ? 0 : x !== x ? 1 : y !== y ? -1 : x - y);
  const order = Array.from({ length: t.n }, (_, r) => r).sort((a, b) => entity[a] - entity[b] || t.type[a] - t.type[b] || cmpNum(t.start[a], t.start[b])
    || byCodePoint(t.origin[a], t.origin[b]) || fieldCols.reduce((c, f) => c || cmpNum(f[a], f[b]), 0));
  return {
    n: t.n,
    entity: Int32Array.from(order, (r) => entity[r]),
    type: Int32Array.from(order, (r) => t.type[r]),
    start: Float64Array.from(order, (r) => t.start[r]),
    fields: new Map(keys.map((k, c) => [k, Float64Array.from(order, (r) => fieldCols[c][r])])),
    origin: order.map((r) => t.origin[r]),
  };
}

/** Encode a canonical frame (canonicalFrame's output). */
export function encodeSnapshot(frame: Frame): EncodedSnapshot {
  const names = [...frame.columns.keys()].sort(byCodePoint);
  const r = frame.records;
  const fields = r ? [...r.fields.keys()].sort(byCodePoint) : [];
  const header: SnapshotHeader = {
    format: 1,
    n: frame.n,
    ids: frame.ids,
    names: frame.names,
    columns: names,
    dictionaries: Object.fromEntries([...frame.dictionaries].sort(([a], [b]) => byCodePoint(a, b))),
    ...(r ? { records: { n: r.n, fields, origin: r.origin } } : {}),
  };
  const columns: ArrayLike<number>[] = names.map((c) => frame.columns.get(c)!);
  if (r) columns.push(r.entity, r.type, r.start, ...fields.map((f) => r.fields.get(f)!));
  const data = encodeColumns(MAGIC, header, columns);
  return { hash: sha256Hex(data), data };
}

/** The lengths of a snapshot's columns, in order: the plan's sources, then the records' columns. */
export function snapshotLengths(h: SnapshotHeader): number[] {
  return [
    ...h.columns.map(() => h.n),
    ...(h.records ? [h.records.n, h.records.n, h.records.n, ...h.records.fields.map(() => h.records!.n)] : []),
  ];
}

/**
 * A snapshot's frame. Its columns are views on one SharedArrayBuffer, so the worker pool reads
 * the inputs where they are instead of a copy per run.
 */
export function decodeSnapshot(blob: Uint8Array): Frame {
  const { header, columns } = decodeColumns<SnapshotHeader>(MAGIC, blob, snapshotLengths, { shared: true });
  return snapshotFrame(header, columns);
}

/** The frame of a decoded header and its columns (snapshotLengths order). */
export function snapshotFrame(header: SnapshotHeader, columns: Float64Array[]): Frame {
  const frame: Frame = {
    n: header.n,
    ids: header.ids,
    names: header.names,
    columns: new Map(header.columns.map((c, k) => [c, columns[k]])),
    dictionaries: new Map(Object.entries(header.dictionaries)),
  };
  if (header.records) {
    const at = header.columns.length;
    frame.records = {
      n: header.records.n,
      entity: Int32Array.from(columns[at]),
      type: Int32Array.from(columns[at + 1]),
      start: columns[at + 2],
      fields: new Map(header.records.fields.map((f, k) => [f, columns[at + 3 + k]])),
      origin: header.records.origin,
    };
  }
  return frame;
}

export function emptyFrame(plan: ScoringPlan): Frame {
  return canonicalFrame({ n: 0, ids: [], names: null, columns: new Map(), dictionaries: new Map() }, plan);
}

/**
 * Rows of `update` replace the same entities' rows of `base`; new entities are added; the
 * base's records are kept (a records file replaces them whole, see withRecords).
 */
export function mergeFrames(base: Frame, update: Frame, plan: ScoringPlan): Frame {
  const replaced = new Set(update.ids);
  const keep = base.ids.flatMap((id, i) => (replaced.has(id) ? [] : [i]));
  const n = keep.length + update.n;
  const ids = [...keep.map((i) => base.ids[i]), ...update.ids];
  const names = base.names || update.names
    ? [...keep.map((i) => base.names?.[i] ?? null), ...update.ids.map((_, i) => update.names?.[i] ?? null)]
    : null;
  const columns = new Map<string, Float64Array>();
  const dictionaries = new Map<string, string[]>();
  for (const s of plan.sources) {
    const a = base.columns.get(s.id);
    const b = update.columns.get(s.id);
    const out = new Float64Array(n).fill(NaN);
    if (s.type === 'category') {
      // Both sides onto one dictionary by value; canonicalFrame re-bases it afterwards.
      const dict: string[] = [];
      const code = new Map<string, number>();
      const put = (v: string): number => {
        let c = code.get(v);
        if (c === undefined) { c = dict.length; dict.push(v); code.set(v, c); }
        return c;
      };
      const da = base.dictionaries.get(s.id) ?? [];
      const du = update.dictionaries.get(s.id) ?? [];
      keep.forEach((i, r) => { const v = a?.[i] ?? NaN; if (v === v) out[r] = put(da[v]); });
      for (let i = 0; i < update.n; i++) { const v = b?.[i] ?? NaN; if (v === v) out[keep.length + i] = put(du[v]); }
      dictionaries.set(s.id, dict);
    } else {
      keep.forEach((i, r) => { out[r] = a?.[i] ?? NaN; });
      for (let i = 0; i < update.n; i++) out[keep.length + i] = b?.[i] ?? NaN;
    }
    columns.set(s.id, out);
  }
  const merged: Frame = { n, ids, names, columns, dictionaries };
  if (base.records) {
    // Entity rows of kept entities moved; a replaced entity is now among the update's rows.
    const rowOf = new Map(ids.map((id, r) => [id, r]));
    const entity = Int32Array.from(base.records.entity, (e) => rowOf.get(base.ids[e])!);
    merged.records = { ...base.records, entity };
  }
  return canonicalFrame(merged, plan);
}

/** The frame with its records replaced by `records` (whose entity rows refer to this frame). */
export function withRecords(frame: Frame, records: RecordTable, plan: ScoringPlan): Frame {
  return canonicalFrame({ ...frame, records }, plan);
}
