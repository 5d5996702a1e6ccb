/**
 * A round's data as CSV files that read back to exactly the same data: the entity rows as an
 * input CSV (`id`, `name` when the data have names, then every source column of the plan, as
 * an upload would give them) and the dated records as a records CSV (`id,date,type`, the
 * fields, then `#origin`: the file and line each record came from, part of the data). Numbers in
 * full precision (the shortest decimal that round-trips, `-0` kept), booleans 1/0, dates
 * YYYY-MM-DD, categories by their text, empty where missing. Cells are quoted as CSV needs
 * and never prefixed: the reader must get every id, name and category back as it was stored.
 */
import { formatDay, ROLE_FIELD, type Frame, type RecordTable, type ScoringPlan } from '../engine/index.js';
import { eachCsvRecord } from './csv-rows.js';

/** The records CSV's column of each record's origin (a name no field id can have). */
export const ORIGIN_COLUMN = '#origin';

const quote = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function valueCell(v: number, type: 'number' | 'boolean' | 'category' | 'date', categories: readonly string[] | undefined): string {
  if (v !== v) return '';
  switch (type) {
    case 'boolean':
      return v === 1 ? '1' : '0';
    case 'date':
      return formatDay(v);
    case 'category':
      return quote(categories![v]);
    default:
      return Object.is(v, -0) ? '-0' : String(v);
  }
}

export function snapshotDataCsv(frame: Frame, plan: ScoringPlan): string {
  const sources = plan.sources;
  const header = ['id', ...(frame.names ? ['name'] : []), ...sources.map((s) => s.id)];
  const columns = sources.map((s) => frame.columns.get(s.id));
  const lines = [header.join(',')];
  for (let i = 0; i < frame.n; i++) {
    const cells = [quote(frame.ids[i]), ...(frame.names ? [quote(frame.names[i] ?? '')] : [])];
    sources.forEach((s, k) => cells.push(valueCell(columns[k]?.[i] ?? NaN, s.type, frame.dictionaries.get(s.id))));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function snapshotRecordsCsv(frame: Frame, records: RecordTable, plan: ScoringPlan): string {
  const types = plan.records ?? [];
  const fieldIds = [...new Set(types.flatMap((t) => t.fields.map((f) => f.id)))];
  const lines = [['id', 'date', 'type', ...fieldIds, ORIGIN_COLUMN].join(',')];
  for (let r = 0; r < records.n; r++) {
    const t = types[records.type[r]];
    const own = new Map(t.fields.map((f) => [f.id, f]));
    // A record that names entities in roles is one row per entity, its id cell `ID:ROLE`.
    const id = frame.ids[records.entity[r]];
    const cells = [quote(t.roles ? `${id}:${t.roles[records.fields.get(`${t.id}.${ROLE_FIELD}`)![r]]}` : id), formatDay(records.start[r]), t.id];
    for (const id of fieldIds) {
      const f = own.get(id);
      cells.push(f ? valueCell(records.fields.get(`${t.id}.${f.id}`)![r], f.type, f.categories) : '');
    }
    cells.push(quote(records.origin[r]));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A records CSV split into what the records reader reads (the same text without the origin
 * column) and each record's origin, in row order; null when the file has no origin column.
 */
export function splitRecordsOrigin(text: string, fileName: string): { text: string; origins: string[] } | null {
  const rows: string[][] = [];
  eachCsvRecord(text, fileName, (record) => { rows.push(record); });
  const at = rows[0]?.map((h) => h.trim()).indexOf(ORIGIN_COLUMN) ?? -1;
  if (at < 0) return null;
  const body = rows.map((r) => r.filter((_, c) => c !== at).map((cell) => `"${cell.replace(/"/g, '""')}"`).join(','));
  return { text: `${body.join('\n')}\n`, origins: rows.slice(1).map((r) => r[at] ?? '') };
}
