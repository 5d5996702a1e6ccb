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
}
