/**
 * The demo rounds of the built-in templates (templates/<id>/): each template's roster and three
 * yearly rounds (2023–2025) of SYNTHETIC values, plus the plain rosters in templates/rosters/.
 * The rosters are real (demo-rosters.ts); every value scored is invented.
 *
 * Deterministic: every template draws from its own xoshiro128** stream (synth.ts's Rng) with a
 * fixed seed, in a fixed order, so the files are the same bytes on every machine; a test
 * regenerates them and compares with the committed files. To rewrite them after changing this
 * code: `npm run build && node -e "import('./dist/io/demo-rounds.js').then((m) => m.writeDemoRounds('templates'))"`.
 *
 * How values are made plausible: each entity has a latent quality that drifts from year to year
 * (its own slope plus noise), so good entities tend to be good on everything and ranks really
 * change between rounds; each (entity, indicator) also has a persistent effect (geography: a
 * forest province stays a forest province); values are kept in realistic ranges and units and
 * rounded as a statistical table would print them.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { textCell } from './csv-output.js';
import {
  ENTERPRISE_PREFECTURES, GREATER_BAY_AREA, GUIZHOU, NANJING_METRO, POLLUTING_INDUSTRIES, PROVINCES, SECTIONS,
  type City, type Province,
} from './demo-rosters.js';
import { Rng } from './synth.js';
import { makeEnterpriseUscc } from './uscc.js';

export const DEMO_YEARS = [2023, 2024, 2025] as const;
/** Enterprises in the enterprise-credit-2013 demo roster. */
export const DEMO_ENTERPRISES = 10_000;

/** A file to write: `path` relative to templates/, with / separators. */
export interface DemoFile {
  path: string;
  text: string;
}

export function demoRoundFiles(): DemoFile[] {
  return [...rosterFiles(), ...gdiFiles(), ...ecoCivFiles(), ...enterpriseFiles(), ...compensationFiles()];
}

/** Write every demo file under `templatesDir` (each whole or not at all); returns the paths written. */
export async function writeDemoRounds(templatesDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const f of demoRoundFiles()) {
    const path = join(templatesDir, ...f.path.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, f.text);
    written.push(path);
  }
  return written;
}

// ── CSV and numbers ─────────────────────────────────────────────────────────────────────

type Cell = string | number;

/** CSV text: strings quoted when needed, numbers as their shortest decimal, NaN as an empty cell. */
function csv(header: string[], rows: Cell[][]): string {
  const line = (r: Cell[]): string => r.map((c) => (typeof c === 'number' ? (c === c ? String(c) : '') : textCell(c))).join(',');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

/** Rounded to `digits` decimals (k / 10^d prints as the decimal itself); −0 becomes 0. */
function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f + 0;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function logistic(t: number): number {
  return 1 / (1 + Math.exp(-t));
}

const yesNo = (b: boolean): string => (b ? '是' : '否');

/**
 * Latent quality per entity and round: a start, a yearly slope and yearly noise, so an entity's
 * quality is correlated across rounds but ranks can change. q[e][t] for t = 0, 1, 2 … (years).
 */
function latentQuality(rng: Rng, n: number, years: number, slopeSd: number, noiseSd: number): number[][] {
  const q: number[][] = [];
  for (let e = 0; e < n; e++) {
    const start = rng.normal();
    const slope = slopeSd * rng.normal();
    const row: number[] = [];
    for (let t = 0; t < years; t++) row.push(start + slope * t + noiseSd * rng.normal());
    q.push(row);
  }
  return q;
}

// ── Plain rosters (templates/rosters/) ──────────────────────────────────────────────────

function rosterFiles(): DemoFile[] {
  const plain = (cities: readonly City[]): string => csv(['id', 'name'], cities.map((c) => [c.code, c.name]));
  return [
    { path: 'rosters/provinces.csv', text: csv(['id', 'name'], PROVINCES.map((p) => [p.code, p.name])) },
    { path: 'rosters/nanjing-metro.csv', text: csv(['id', 'name', 'province'], NANJING_METRO.map((c) => [c.code, c.name, c.province ?? ''])) },
    { path: 'rosters/gba.csv', text: plain(GREATER_BAY_AREA) },
    { path: 'rosters/guizhou.csv', text: plain(GUIZHOU) },
  ];
}

// ── gdi-2016: 31 provinces ──────────────────────────────────────────────────────────────

interface GdiColumn {
  id: string;
  /** The range of the per-entity value (before `size`, trends and growth). */
  lo: number;
  hi: number;
  digits: number;
  /** +1 when a better-run province has a higher value, −1 lower. */
  better: 1 | -1;
  /** Loading on the latent quality (default 1) and on the persistent provincial effect (default 0.7). */
  load?: number;
  geo?: number;
  /** Spread on a log scale (areas, stocks: a few provinces are far larger). */
  log?: boolean;
  /** Totals: the per-capita value times this (population in millions × unit factor). */
  size?: (p: Province) => number;
  /** Change per year in the value's unit, or as a growth rate (0.06 = +6 % a year). */
  trend?: number;
  growth?: number;
  /** Applies only to some provinces (empty cell elsewhere). */
  only?: 'coastal' | 'grassland' | 'sandy';
  /** Upper bound after trends (100 for percentages). */
  max?: number;
}

const pct = 100;
const GDI_COLUMNS: GdiColumn[] = [
  // 资源利用
  { id: 'energy_total', lo: 2.5, hi: 8, digits: 0, better: -1, load: 0.6, geo: 1, size: (p) => p.pop * 100, growth: 0.03 },
  { id: 'energy_intensity_cut', lo: 0.5, hi: 6.5, digits: 2, better: 1 },
  { id: 'carbon_intensity_cut', lo: 0.5, hi: 7.5, digits: 2, better: 1 },
  { id: 'nonfossil_share', lo: 4, hi: 50, digits: 1, better: 1, load: 0.4, geo: 1.3, trend: 0.8, max: pct },
  { id: 'water_total', lo: 250, hi: 1000, digits: 1, better: -1, load: 0.4, geo: 1.2, size: (p) => p.pop / 100, growth: -0.005 },
  { id: 'water_intensity_cut', lo: 1.5, hi: 9, digits: 2, better: 1 },
  { id: 'industrial_water_cut', lo: 1, hi: 12, digits: 2, better: 1 },
  { id: 'irrigation_efficiency', lo: 0.48, hi: 0.75, digits: 3, better: 1, trend: 0.004, max: 1 },
  { id: 'farmland', lo: 0.05, hi: 4, digits: 3, better: 1, load: 0.1, geo: 1.5, log: true, size: (p) => p.pop / 100 },
  { id: 'new_construction_land', lo: 0.25, hi: 0.9, digits: 2, better: -1, size: (p) => p.pop },
  { id: 'land_intensity_cut', lo: 2.5, hi: 8.5, digits: 2, better: 1 },
  { id: 'resource_productivity', lo: 0.3, hi: 2.5, digits: 3, better: 1, log: true, growth: 0.04 },
  { id: 'industrial_solid_waste_use', lo: 30, hi: 95, digits: 1, better: 1, trend: 0.5, max: pct },
  { id: 'straw_use', lo: 75, hi: 96, digits: 1, better: 1, trend: 0.5, max: pct },
  // 环境治理
  { id: 'cod_cut', lo: 0.5, hi: 8, digits: 2, better: 1 },
  { id: 'nh3n_cut', lo: 0.5, hi: 9, digits: 2, better: 1 },
  { id: 'so2_cut', lo: 1, hi: 10, digits: 2, better: 1 },
  { id: 'nox_cut', lo: 1, hi: 9, digits: 2, better: 1 },
  { id: 'hazardous_waste_disposal', lo: 70, hi: 100, digits: 1, better: 1, max: pct },
  { id: 'garbage_treatment', lo: 92, hi: 100, digits: 1, better: 1, trend: 0.3, max: pct },
  { id: 'sewage_treatment', lo: 85, hi: 98.5, digits: 1, better: 1, trend: 0.4, max: pct },
  { id: 'pollution_investment', lo: 0.6, hi: 2.5, digits: 2, better: 1 },
  // 环境质量
  { id: 'good_air_days', lo: 60, hi: 99.5, digits: 1, better: 1, geo: 1, trend: 0.8, max: pct },
  { id: 'pm25_cut', lo: 0, hi: 12, digits: 1, better: 1 },
  { id: 'surface_water_good', lo: 40, hi: 100, digits: 1, better: 1, geo: 1, trend: 1, max: pct },
  { id: 'surface_water_bad', lo: 0, hi: 15, digits: 1, better: -1, geo: 1, trend: -0.4 },
  { id: 'water_function_zones', lo: 60, hi: 100, digits: 1, better: 1, max: pct },
  { id: 'drinking_water_sources', lo: 85, hi: 100, digits: 1, better: 1, trend: 0.3, max: pct },
  { id: 'coastal_water', lo: 30, hi: 100, digits: 1, better: 1, load: 0.6, geo: 1, only: 'coastal', max: pct },
  { id: 'polluted_farmland_safe_use', lo: 85, hi: 98, digits: 1, better: 1, max: pct },
  { id: 'fertiliser_use', lo: 150, hi: 650, digits: 1, better: -1, geo: 1, trend: -5 },
  { id: 'pesticide_use', lo: 3, hi: 20, digits: 2, better: -1, geo: 1, trend: -0.3 },
  // 生态保护
  { id: 'forest_cover', lo: 5, hi: 66, digits: 2, better: 1, load: 0.3, geo: 1.5, trend: 0.3, max: pct },
  { id: 'forest_stock', lo: 0.05, hi: 25, digits: 2, better: 1, load: 0.2, geo: 1.5, log: true, growth: 0.02 },
  { id: 'grassland_cover', lo: 40, hi: 90, digits: 1, better: 1, load: 0.3, geo: 1.3, only: 'grassland', max: pct },
  { id: 'natural_coastline', lo: 30, hi: 60, digits: 1, better: 1, only: 'coastal', max: pct },
  { id: 'wetland_protection', lo: 30, hi: 70, digits: 1, better: 1, max: pct },
  { id: 'land_reserves', lo: 5, hi: 4000, digits: 1, better: 1, load: 0.2, geo: 1.5, log: true },
  { id: 'marine_reserves', lo: 1, hi: 100, digits: 2, better: 1, load: 0.3, geo: 1.2, log: true, only: 'coastal' },
  { id: 'soil_erosion_control', lo: 2, hi: 150, digits: 1, better: 1, log: true },
  { id: 'sandy_land_treated', lo: 10, hi: 60, digits: 1, better: 1, only: 'sandy', max: pct },
  { id: 'mine_restoration', lo: 100, hi: 8000, digits: 0, better: 1, log: true },
  // 增长质量
  { id: 'gdp_per_capita_growth', lo: 2.5, hi: 9, digits: 1, better: 1 },
  { id: 'disposable_income', lo: 20000, hi: 75000, digits: 0, better: 1, geo: 1, log: true, growth: 0.06 },
  { id: 'tertiary_share', lo: 40, hi: 83, digits: 1, better: 1, trend: 0.5, max: pct },
  { id: 'emerging_industries_share', lo: 5, hi: 20, digits: 1, better: 1, trend: 0.4, max: pct },
  { id: 'rd_share', lo: 0.3, hi: 6.2, digits: 2, better: 1, log: true, trend: 0.05, max: pct },
  // 绿色生活
  { id: 'public_energy_cut', lo: 0, hi: 5, digits: 2, better: 1 },
  { id: 'green_products_share', lo: 20, hi: 70, digits: 1, better: 1, trend: 1.5, max: pct },
  { id: 'nev_growth', lo: 10, hi: 80, digits: 1, better: 1 },
  { id: 'green_travel', lo: 150, hi: 1500, digits: 0, better: 1, log: true },
  { id: 'green_buildings_share', lo: 20, hi: 90, digits: 1, better: 1, trend: 5, max: pct },
  { id: 'urban_green_space', lo: 30, hi: 42, digits: 2, better: 1, trend: 0.2, max: pct },
  { id: 'rural_tap_water', lo: 70, hi: 99, digits: 1, better: 1, trend: 1, max: pct },
  { id: 'rural_sanitary_toilets', lo: 40, hi: 98, digits: 1, better: 1, trend: 2, max: pct },
  // 公众满意程度
  { id: 'public_satisfaction', lo: 70, hi: 92, digits: 1, better: 1, max: pct },
];

/** Share of applicable cells left empty (no data → the scheme's 60). */
const GDI_MISSING = 0.02;

function gdiFiles(): DemoFile[] {
  const rng = new Rng(2016);
  const n = PROVINCES.length;
  const q = latentQuality(rng, n, DEMO_YEARS.length, 0.35, 0.25);
  const geo = GDI_COLUMNS.map(() => PROVINCES.map(() => rng.normal()));
  const attrs = (p: Province): Cell[] => [p.code, p.name, p.region, yesNo(p.coastal), yesNo(p.grassland), yesNo(p.sandy)];
  const attrHeader = ['id', 'name', 'region', 'coastal', 'grassland', 'sandy_land'];
  const applies = (c: GdiColumn, p: Province): boolean =>
    c.only === undefined || (c.only === 'coastal' ? p.coastal : c.only === 'grassland' ? p.grassland : p.sandy);

  const files: DemoFile[] = [{ path: 'gdi-2016/roster.csv', text: csv(attrHeader, PROVINCES.map(attrs)) }];
  DEMO_YEARS.forEach((year, t) => {
    const rows = PROVINCES.map((p, e) => [
      ...attrs(p),
      ...GDI_COLUMNS.map((c, j): number => {
        const noise = rng.normal();
        const gap = rng.uniform();
        if (!applies(c, p) || gap < GDI_MISSING) return NaN;
        const s0 = logistic(0.9 * ((c.load ?? 1) * q[e][t] + (c.geo ?? 0.7) * geo[j][e] + 0.4 * noise));
        const s = c.better === 1 ? s0 : 1 - s0;
        let v = c.log ? c.lo * (c.hi / c.lo) ** s : c.lo + s * (c.hi - c.lo);
        v = v * (c.size ? c.size(p) : 1) * (1 + (c.growth ?? 0)) ** t + (c.trend ?? 0) * t;
        return round(clamp(v, 0, c.max ?? Infinity), c.digits);
      }),
    ]);
    files.push({ path: `gdi-2016/${year}.csv`, text: csv([...attrHeader, ...GDI_COLUMNS.map((c) => c.id)], rows) });
  });
  return files;
}

// ── eco-civ-assessment: Guizhou's 9 prefecture-level divisions ─────────────────────────

const BINDING_TARGETS = [
  'energy_intensity_done', 'carbon_intensity_done', 'nonfossil_done', 'water_intensity_done', 'farmland_done',
  'construction_land_done', 'pm25_done', 'good_air_done', 'surface_water_good_done', 'surface_water_bad_done',
  'cod_done', 'nh3n_done', 'so2_done', 'nox_done', 'forest_cover_done', 'forest_stock_done',
];
const EXPECTED_TARGETS = ['energy_total_done', 'water_total_done', 'coastal_water_done', 'grassland_done'];
const ECO_CIV_COLUMNS = [
  'energy_intensity_done', 'carbon_intensity_done', 'nonfossil_done', 'energy_total_done', 'water_intensity_done',
  'water_total_done', 'farmland_done', 'construction_land_done', 'pm25_done', 'good_air_done', 'surface_water_good_done',
  'coastal_water_done', 'surface_water_bad_done', 'cod_done', 'nh3n_done', 'so2_done', 'nox_done', 'forest_cover_done',
  'forest_stock_done', 'grassland_done', 'gdi_rank_1', 'gdi_rank_2', 'gdi_rank_3', 'gdi_rank_4', 'gdi_rank_5',
  'public_satisfaction', 'major_incidents', 'data_fraud',
];

function ecoCivFiles(): DemoFile[] {
  const rng = new Rng(2021);
  const n = GUIZHOU.length;
  // Annual GDI evaluations of 2019–2025: the five up to each round give its rank inputs.
  const firstYear = DEMO_YEARS[0] - 4;
  const years = DEMO_YEARS[DEMO_YEARS.length - 1] - firstYear + 1;
  const q = latentQuality(rng, n, years, 0.3, 0.3);
  const ranks = Array.from({ length: years }, (_, y) => {
    const v = q.map((row) => row[y]);
    return v.map((x) => 1 + v.filter((o) => o > x).length);
  });
  const attrs = (c: City): Cell[] => [c.code, c.name, '否'];
  const files: DemoFile[] = [{ path: 'eco-civ-assessment/roster.csv', text: csv(['id', 'name', 'coastal'], GUIZHOU.map(attrs)) }];
  DEMO_YEARS.forEach((year) => {
    const y = year - firstYear;
    const rows = GUIZHOU.map((c, e) => {
      const qe = q[e][y];
      const values = new Map<string, Cell>();
      // Completion rates: a binding target is missed when 0.5q + 2.2 + ε < 0 (about 2 % each);
      // expected targets are looser (about 14 % below 100 %).
      for (const id of BINDING_TARGETS) values.set(id, round(clamp(100 + 10 * (0.5 * qe + 2.2 + rng.normal()), 60, 160), 1));
      for (const id of EXPECTED_TARGETS) {
        const v = round(clamp(100 + 10 * (0.5 * qe + 1.2 + rng.normal()), 60, 160), 1);
        values.set(id, id === 'coastal_water_done' ? NaN : v); // no coast in Guizhou
      }
      for (let k = 1; k <= 5; k++) values.set(`gdi_rank_${k}`, ranks[y - 5 + k][e]);
      values.set('public_satisfaction', round(clamp(80 + 4 * qe + 2.5 * rng.normal(), 55, 98), 1));
      values.set('major_incidents', rng.poisson(0.06 * Math.exp(-0.6 * qe)));
      values.set('data_fraud', yesNo(rng.uniform() < 0.015));
      return [...attrs(c), ...ECO_CIV_COLUMNS.map((id) => values.get(id)!)];
    });
    files.push({ path: `eco-civ-assessment/${year}.csv`, text: csv(['id', 'name', 'coastal', ...ECO_CIV_COLUMNS], rows) });
  });
  return files;
}

// ── enterprise-credit-2013: 10,000 synthetic enterprises ────────────────────────────────

const VETO_FLAGS = ['environmental_crime', 'built_without_eia', 'controls_unbuilt', 'major_change_unapproved', 'hidden_pipe_bypass', 'hazardous_waste_dumping'];

function enterpriseFiles(): DemoFile[] {
  const rng = new Rng(2013);
  const n = DEMO_ENTERPRISES;
  const roster = Array.from({ length: n }, (_, k) => {
    const pref = ENTERPRISE_PREFECTURES[Math.floor(rng.uniform() * ENTERPRISE_PREFECTURES.length)];
    const industry = POLLUTING_INDUSTRIES[Math.floor(rng.uniform() * POLLUTING_INDUSTRIES.length)];
    // Distinct organisation code bodies: k ↦ 10000019 + 7919k mod 10^8 is one-to-one (7919 is prime).
    const org8 = String((10_000_019 + 7919 * k) % 100_000_000).padStart(8, '0');
    const seq = String(k + 1).padStart(5, '0');
    return {
      id: makeEnterpriseUscc(pref.code, org8),
      name: `示例${industry}企业${seq}（虚构）`,
      region: pref.code,
      industry,
      audit: rng.uniform() < 0.35,
    };
  });
  const attrHeader = ['id', 'name', 'region_code', 'industry', 'cleaner_production_required'];
  const attrs = (r: (typeof roster)[number]): Cell[] => [r.id, r.name, r.region, r.industry, yesNo(r.audit)];
  const files: DemoFile[] = [{ path: 'enterprise-credit-2013/roster.csv', text: csv(attrHeader, roster.map(attrs)) }];

  const q = latentQuality(rng, n, DEMO_YEARS.length, 0.3, 0.3);
  const header = [
    ...attrHeader,
    'emission_compliance_rate', 'solid_waste_disposal_rate', 'hazardous_waste_assessment', 'noise_exceedance',
    'siting_compliant', 'resource_use_compliant', 'construction_measures_rate',
    'permit_compliance_rate', 'declared_on_time', 'fees_paid_rate', 'facilities_running_rate', 'outfalls_standardised',
    'self_monitoring_rate', 'internal_management_score', 'risk_management_score', 'cleaner_production_done', 'penalties',
    'complaints_verified', 'media_reports_verified', 'disclosure_rate', 'social_responsibility',
    ...VETO_FLAGS.slice(0, 4), 'total_load_ratio', ...VETO_FLAGS.slice(4),
  ];
  DEMO_YEARS.forEach((year, t) => {
    const rows = roster.map((r, e) => {
      const qe = q[e][t] + 0.1 * t; // enforcement tightens: everyone improves a little each year
      /** A rate in %: 100 minus a log-normal shortfall whose median shrinks with quality; sometimes unreported. */
      const rate = (medianGap: number, digits = 1): number => {
        const v = round(clamp(100 - medianGap * Math.exp(-0.8 * qe + 0.9 * rng.normal()), 0, 100), digits);
        return rng.uniform() < 0.005 ? NaN : v;
      };
      const flag = (pTrue: number): number => (rng.uniform() < pTrue ? 1 : 0);
      const full = (pFull: number, medianGap: number): number => (rng.uniform() < pFull * logistic(1.5 + qe) / logistic(1.5) ? 100 : rate(medianGap));
      const hz = qe + 0.8 * rng.normal();
      const noisy = rng.uniform() < 0.15 * Math.exp(-0.5 * qe);
      const rare = (): number => flag(0.003 * Math.exp(-0.7 * qe));
      return [
        ...attrs(r),
        rate(4), rate(3), hz > -0.5 ? '达标' : hz > -1.5 ? '基本达标' : '不达标', noisy ? round(Math.exp(0.8 + 0.8 * rng.normal()), 1) : 0,
        flag(logistic(3.5 + qe)), flag(logistic(3 + qe)), rate(6),
        rate(3), flag(logistic(3 + qe)), full(0.85, 5), rate(3), flag(logistic(2.2 + qe)),
        rate(6), round(clamp(100 - 12 * Math.exp(-0.6 * qe + 0.6 * rng.normal()), 0, 100), 0),
        round(clamp(100 - 12 * Math.exp(-0.6 * qe + 0.6 * rng.normal()), 0, 100), 0),
        r.audit ? flag(logistic(1.7 + qe)) : NaN, rng.poisson(0.25 * Math.exp(-0.7 * qe)),
        rng.poisson(0.3 * Math.exp(-0.6 * qe)), rng.poisson(0.08 * Math.exp(-0.6 * qe)), full(0.7, 10), flag(logistic(-0.4 + 0.6 * qe)),
        rare(), rare(), rare(), rare(), round(75 * Math.exp(0.1 * rng.normal() - 0.05 * qe), 1), rare(), rare(),
      ];
    });
    files.push({ path: `enterprise-credit-2013/${year}.csv`, text: csv(header, rows) });
  });
  return files;
}

// ── xinan-compensation: boundary sections ───────────────────────────────────────────────

/** Plausible 2008–2010 baselines (mg/L): [low, high] for CODMn, NH3-N, TN, TP. */
const BASELINE_RANGES: [number, number, number][] = [[1.5, 4, 2], [0.1, 0.6, 3], [0.8, 2.5, 2], [0.02, 0.12, 3]];
/**
 * Each section's level against its baseline (log scale): the last section is made to run above
 * its baseline so that both "who pays" lists appear in the demo; the others are cleaner.
 */
const SECTION_LEVEL = [-0.3, -0.2, -0.05, 0.22];

function compensationFiles(): DemoFile[] {
  const rng = new Rng(2012);
  const attrHeader = ['id', 'name', 'river', 'upstream', 'downstream'];
  const attrs = SECTIONS.map((s): Cell[] => [s.id, s.name, s.river, s.upstream, s.downstream]);
  const baselines = SECTIONS.map(() => BASELINE_RANGES.map(([lo, hi, d]) => round(lo + (hi - lo) * rng.uniform(), d)));
  const files: DemoFile[] = [{ path: 'xinan-compensation/roster.csv', text: csv(attrHeader, attrs) }];
  DEMO_YEARS.forEach((year, t) => {
    const rows = SECTIONS.map((_, s) => {
      // Concentrations fall about 3 % a year, each indicator with its own noise.
      const measured = baselines[s].map((b, i) => round(b * Math.exp(SECTION_LEVEL[s] - 0.03 * t + 0.1 * rng.normal()), BASELINE_RANGES[i][2]));
      return [...attrs[s], ...measured, ...baselines[s]];
    });
    files.push({
      path: `xinan-compensation/${year}.csv`,
      text: csv([...attrHeader, 'codmn', 'nh3n', 'tn', 'tp', 'codmn_base', 'nh3n_base', 'tn_base', 'tp_base'], rows),
    });
  });
  return files;
}
