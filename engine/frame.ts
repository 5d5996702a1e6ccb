/**
 * A Frame is the data of one round in columns: one Float64Array per source column of the plan
 * (NaN = missing; booleans 1/0; dates as days since 1970-01-01; categories as integer codes
 * into `dictionaries`). Entities are rows; nothing per entity is an object.
 */
export interface Frame {
  n: number;
  ids: string[];
  names: (string | null)[] | null;
  columns: Map<string, Float64Array>;
  dictionaries: Map<string, string[]>;
  /** The round's dated records, when the scheme has record types. */
  records?: RecordTable;
}

/**
 * Dated records in columns: one row per record, any order. Field values are keyed
 * `type.field` (NaN in rows of other types); category fields hold codes into the field's
 * declared categories; dates are day numbers.
 */
export interface RecordTable {
  n: number;
  /** Row of the record's entity in the frame. */
  entity: Int32Array;
  /** Index of the record's type in plan.records. */
  type: Int32Array;
  start: Float64Array;
  fields: Map<string, Float64Array>;
  /** Where each record came from (file:line), for explanations. */
  origin: string[];
}
