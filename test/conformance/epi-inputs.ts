/**
 * The EPI 2020 conformance round as kaohe inputs: the published year of each indicator and the
 * input CSVs (raw values for the 17 raw-scored indicators, else full-precision scores).
 */
import { roundHalfEven } from '../../engine/index.js';
import * as epi from './epi-data.js';

/** The indicators that are a direct transform of one raw series (raw_subset/). */
export const RAW_SCORED = ['PMD', 'HAD', 'OZD', 'USD', 'UWD', 'PBD', 'MSW', 'TBN', 'TBG', 'PAR', 'SHI', 'SPI', 'BHV', 'SNM', 'FSS', 'FGT', 'RMS'];

// ---------------------------------------------------------------------------------------------
// The conformance data

export const WEIGHTS = epi.weights();
export const TARGETS = epi.targets();
export const PUBLISHED = epi.results();
export const ISOS = PUBLISHED.map((r) => r.iso);
const COUNTRIES = epi.countries();
export const INDICATORS = WEIGHTS.filter((w) => w.type === 'Indicator').map((w) => w.code);
export const AGGREGATES = WEIGHTS.filter((w) => w.type !== 'Indicator').map((w) => w.code);
export const IND = new Map(INDICATORS.map((c) => [c, epi.series('ind', c)]));
export const RAW = new Map(RAW_SCORED.map((c) => [c, epi.series('raw', c)]));

export const pub = (iso: string, column: string): string => {
  const row = PUBLISHED.find((r) => r.iso === iso);
  if (!row || !(column in row)) throw new Error(`no published ${column} for ${iso}`);
  return row[column];
};

/**
 * For each year column of an indicator's full-precision file, how many of the 180 published
 * `X.new` cells it reproduces (rounded half-even to 1 decimal; NA against a missing value counts
 * as reproduced). The published year is the best one; among equals (constant series) the
 * indicator's current_year.
 */
function yearScan(code: string): { year: number; matches: number; best: number[]; mismatches: string[] } {
  const series = IND.get(code)!;
  const current = TARGETS.get(code)!.currentYear;
  const score = (year: number): string[] => {
    const bad: string[] = [];
    for (const iso of ISOS) {
      const p = pub(iso, `${code}.new`);
      const v = series.get(iso)?.get(year);
      if (epi.isNA(p) && v === undefined) continue;
      if (epi.isNA(p) || v === undefined || roundHalfEven(Number(v), 1) !== Number(p)) bad.push(iso);
    }
    return bad;
  };
  const byYear = epi.seriesYears('ind', code).map((year) => ({ year, bad: score(year) }));
  const fewest = Math.min(...byYear.map((y) => y.bad.length));
  const best = byYear.filter((y) => y.bad.length === fewest).map((y) => y.year);
  const year = best.includes(current) ? current : best[best.length - 1];
  const mismatches = byYear.find((y) => y.year === year)!.bad;
  return { year, matches: ISOS.length - mismatches.length, best, mismatches };
}

export const SCAN = new Map(INDICATORS.map((c) => [c, yearScan(c)]));
export const publishedYear = (code: string): number => SCAN.get(code)!.year;
export const fullPrecision = (code: string, iso: string): string | undefined => IND.get(code)!.get(iso)?.get(publishedYear(code));

export const sea = (iso: string): string | null => {
  const v = COUNTRIES.get(iso)?.SEA;
  return v === undefined || epi.isNA(v) ? null : v;
};
const name = (iso: string): string => PUBLISHED.find((r) => r.iso === iso)!.country;

export type PickCounts = Record<'current' | 'earlier' | 'later' | 'none', number>;

/** Input CSV: raw values (current year, else latest earlier, else earliest later) for the 17. */
export function rawInputCsv(): { text: string; picks: Map<string, PickCounts> } {
  const picks = new Map<string, PickCounts>(RAW_SCORED.map((c) => [c, { current: 0, earlier: 0, later: 0, none: 0 }]));
  const header = ['id', 'name', 'SEA', ...INDICATORS];
  const rows = ISOS.map((iso) => [
    iso,
    name(iso),
    sea(iso),
    ...INDICATORS.map((code) => {
      if (!RAW.has(code)) return fullPrecision(code, iso) ?? null;
      const p = epi.pickYear(RAW.get(code)!.get(iso), TARGETS.get(code)!.currentYear);
      picks.get(code)![p ? p.how : 'none']++;
      return p ? p.value : null;
    }),
  ]);
  return { text: epi.csvText(header, rows), picks };
}

/** Input CSV: the 32 full-precision indicator scores of the published year. */
export function fullPrecisionCsv(patch?: { indicator: string; iso: string; value: string }): string {
  const header = ['id', 'name', 'SEA', ...INDICATORS];
  const rows = ISOS.map((iso) => [
    iso,
    name(iso),
    sea(iso),
    ...INDICATORS.map((code) => (patch && patch.indicator === code && patch.iso === iso ? patch.value : fullPrecision(code, iso) ?? null)),
  ]);
  return epi.csvText(header, rows);
}
