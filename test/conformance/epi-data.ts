/**
 * Reading the EPI 2020 conformance files (conformance/epi2020 in this repository, see its
 * README). Values are kept as the text the files hold, so that whatever goes into an input CSV
 * is exactly what the distributors wrote.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export const EPI_DIR = fileURLToPath(new URL('../../conformance/epi2020/', import.meta.url));

export type Row = Record<string, string>;

/** A CSV file of the data set as rows keyed by header. */
export function readTable(relative: string): Row[] {
  const text = readFileSync(EPI_DIR + relative, 'utf8');
  return parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Row[];
}

/** `NA` and the empty cell are missing. */
export function isNA(v: string | undefined): boolean {
  return v === undefined || v === '' || v === 'NA';
}

export interface WeightRow {
  type: string;
  code: string;
  name: string;
  weight: number | null;
  parent: string | null;
  materiality: string | null;
}

export function weights(): WeightRow[] {
  return readTable('epi2020weights.csv').map((r) => ({
    type: r.Type,
    code: r.Abbreviation,
    name: r.Variable.trim(),
    weight: isNA(r.Weight) ? null : Number(r.Weight),
    parent: isNA(r.NextLevel) ? null : r.NextLevel,
    materiality: isNA(r.MaterialityFilter) ? null : r.MaterialityFilter,
  }));
}

export interface Target {
  code: string;
  transform: 'none' | 'ln' | 'ln_alpha';
  alpha: number | undefined;
  best: number;
  worst: number;
  currentYear: number;
}

export function targets(): Map<string, Target> {
  const out = new Map<string, Target>();
  for (const r of readTable('epi2020targets_from_technical_appendix.csv')) {
    const transform = r.transform === 'none' ? 'none' : r.transform === 'ln(x)' ? 'ln' : r.transform === 'ln(x+alpha)' ? 'ln_alpha' : null;
    if (!transform) throw new Error(`unknown transform ${r.transform} for ${r.TLA}`);
    out.set(r.TLA, {
      code: r.TLA,
      transform,
      alpha: isNA(r.alpha) ? undefined : Number(r.alpha),
      best: Number(r.best_raw),
      worst: Number(r.worst_raw),
      currentYear: Number(r.current_year),
    });
  }
  return out;
}

/** The official results, in file order (180 countries). */
export function results(): Row[] {
  return readTable('epi2020results20200604.csv');
}

/** Country attributes by ISO code. */
export function countries(): Map<string, Row> {
  return new Map(readTable('epi2020countryattributes20200604.csv').map((r) => [r.iso, r]));
}

/** A series by country: iso → year → value text (missing years absent). */
export type Series = Map<string, Map<number, string>>;

/** `raw_subset/XXX_raw_na.csv` or `indicators_full_precision/XXX_ind_na.csv`. */
export function series(kind: 'raw' | 'ind', code: string): Series {
  const file = kind === 'raw' ? `raw_subset/${code}_raw_na.csv` : `indicators_full_precision/${code}_ind_na.csv`;
  const prefix = `${code}.${kind}.`;
  const out: Series = new Map();
  for (const r of readTable(file)) {
    const years = new Map<number, string>();
    for (const [k, v] of Object.entries(r)) {
      if (k.startsWith(prefix) && !isNA(v)) years.set(Number(k.slice(prefix.length)), v.trim());
    }
    out.set(r.iso, years);
  }
  return out;
}

/** Every year column of a series file (whether or not any country has a value there). */
export function seriesYears(kind: 'raw' | 'ind', code: string): number[] {
  const file = kind === 'raw' ? `raw_subset/${code}_raw_na.csv` : `indicators_full_precision/${code}_ind_na.csv`;
  const header = readFileSync(EPI_DIR + file, 'utf8').split(/\r?\n/, 1)[0];
  const prefix = `${code}.${kind}.`;
  return header
    .split(',')
    .map((h) => h.replace(/"/g, '').trim())
    .filter((h) => h.startsWith(prefix))
    .map((h) => Number(h.slice(prefix.length)));
}

export type Pick = { value: string; year: number; how: 'current' | 'earlier' | 'later' } | null;

/**
 * The EPI's value for a year: that year's, else the latest earlier one, else the earliest
 * later one (series are extended as constants at both ends).
 */
export function pickYear(years: Map<number, string> | undefined, year: number): Pick {
  if (!years || years.size === 0) return null;
  const v = years.get(year);
  if (v !== undefined) return { value: v, year, how: 'current' };
  const present = [...years.keys()].sort((a, b) => a - b);
  const earlier = present.filter((y) => y < year);
  if (earlier.length > 0) {
    const y = earlier[earlier.length - 1];
    return { value: years.get(y)!, year: y, how: 'earlier' };
  }
  const y = present.find((x) => x > year)!;
  return { value: years.get(y)!, year: y, how: 'later' };
}

/** CSV text (RFC 4180 quoting) from a header and rows of cells; null is an empty cell. */
export function csvText(header: string[], rows: (string | null)[][]): string {
  const cell = (v: string | null): string => (v === null ? '' : /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
