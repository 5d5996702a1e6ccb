/**
 * The credit scheme (bench/schemes/credit-bench.yaml) as json-rules-engine rules: how the same
 * rating is often built with a general rules engine. Every band of every indicator, every
 * deduction condition and every veto is a rule; the engine runs once per enterprise on a
 * facts object and emits the events of the rules that hold. What a rules engine can't say —
 * interpolating inside a band, weighted means, the sum and caps of deductions, grade
 * cut-offs — is done in plain JavaScript on the events, in kaohe's order of arithmetic, so
 * the scores come out to the same bits as kaohe's (test/bench/handwritten.test.ts checks it).
 * That part is cheap; the measured cost is the engine's.
 *
 * Ranks are not computed: this baseline runs on a sample and is compared per entity.
 */
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import type { Frame } from '../engine/index.js';
import { CREDIT_NODES, CREDIT_VETOES } from './credit-handwritten.js';

interface Band {
  min: number | null;
  max: number | null;
  /** Score at min and at max (equal for a constant band). */
  a: number;
  b: number;
}

interface Indicator {
  node: string;
  input: string;
  weight: number;
  /** Score when the input is missing (`missing: fixed`); null = left out. */
  fixed: number | null;
  bands: Band[];
}

const c = (min: number | null, max: number | null, score: number): Band => ({ min, max, a: score, b: score });
const l = (min: number, max: number, a: number, b: number): Band => ({ min, max, a, b });
/** The common shape: < e0 → 0, then 0–49, 50–79, 80–100 interpolated. */
const std = (e0: number, e1: number, e2: number, e3: number): Band[] => [c(null, e0, 0), l(e0, e1, 0, 49), l(e1, e2, 50, 79), l(e2, e3, 80, 100)];

const CATEGORIES: { node: string; weight: number; indicators: Indicator[] }[] = [
  {
    node: 'pollution', weight: 35, indicators: [
      { node: 'emission', input: 'emission_compliance', weight: 15, fixed: 0, bands: std(50, 75, 90, 100) },
      { node: 'solid_waste', input: 'solid_waste_rate', weight: 5, fixed: null, bands: std(60, 85, 95, 100) },
      { node: 'hazwaste', input: 'hazwaste_score', weight: 8, fixed: 0, bands: std(60, 75, 90, 100) },
      { node: 'noise', input: 'noise_compliance', weight: 4, fixed: null, bands: std(50, 80, 95, 100) },
      { node: 'total_load', input: 'total_load_ratio', weight: 3, fixed: null, bands: [c(null, 80, 100), l(80, 90, 99, 80), l(90, 100, 79, 50), l(100, 120, 49, 0), c(120, null, 0)] },
    ],
  },
  {
    node: 'ecology', weight: 12, indicators: [
      { node: 'siting', input: 'siting_score', weight: 4, fixed: null, bands: std(60, 75, 90, 100) },
      { node: 'resource_use', input: 'water_reuse_rate', weight: 4, fixed: null, bands: std(40, 60, 80, 100) },
      { node: 'construction', input: 'restoration_rate', weight: 4, fixed: null, bands: std(50, 70, 90, 100) },
    ],
  },
  {
    node: 'management', weight: 38, indicators: [
      { node: 'permit', input: 'permit_compliance', weight: 6, fixed: null, bands: std(60, 80, 95, 100) },
      { node: 'reporting', input: 'report_delay', weight: 3, fixed: null, bands: [c(null, 1, 100), l(1, 15, 79, 50), l(15, 60, 49, 0), c(60, null, 0)] },
      { node: 'tax', input: 'tax_paid_rate', weight: 3, fixed: null, bands: std(70, 90, 99, 100) },
      { node: 'facilities', input: 'facility_uptime', weight: 6, fixed: 0, bands: std(60, 85, 95, 100) },
      { node: 'outfall', input: 'outfall_score', weight: 3, fixed: null, bands: std(60, 75, 90, 100) },
      { node: 'monitoring', input: 'self_monitoring_rate', weight: 5, fixed: 0, bands: std(60, 80, 95, 100) },
      { node: 'internal', input: 'internal_mgmt_score', weight: 4, fixed: null, bands: std(60, 75, 90, 100) },
      { node: 'risk', input: 'risk_mgmt_score', weight: 5, fixed: null, bands: std(60, 75, 90, 100) },
      { node: 'clean_audit', input: 'clean_audit_score', weight: 3, fixed: null, bands: std(60, 75, 90, 100) },
    ],
  },
  {
    node: 'supervision', weight: 15, indicators: [
      { node: 'complaint', input: 'complaints', weight: 5, fixed: null, bands: [c(null, 1, 100), l(1, 3, 79, 50), l(3, 10, 49, 0), c(10, null, 0)] },
      { node: 'media', input: 'media_exposures', weight: 3, fixed: null, bands: [c(null, 1, 100), c(1, 2, 60), l(2, 4, 40, 20), c(4, null, 0)] },
      { node: 'disclosure', input: 'disclosure_rate', weight: 4, fixed: null, bands: std(50, 80, 95, 100) },
      { node: 'voluntary', input: 'voluntary_measures', weight: 3, fixed: null, bands: [c(null, 1, 40), c(1, 2, 70), l(2, 4, 80, 95), c(4, null, 100)] },
    ],
  },
];

type Facts = Record<string, number>;
const gt = (fact: string, value: number): TopLevelCondition => ({ all: [{ fact, operator: 'greaterThan', value }] });
const lt = (fact: string, value: number): TopLevelCondition => ({ all: [{ fact, operator: 'lessThan', value }] });
const ge = (fact: string, value: number): TopLevelCondition => ({ all: [{ fact, operator: 'greaterThanInclusive', value }] });
const yes = (fact: string): TopLevelCondition => ({ all: [{ fact, operator: 'equal', value: 1 }] });

/** Deductions in scheme order: condition, points, cap. */
const DEDUCTIONS: { when: TopLevelCondition; points: (f: Facts) => number; cap: number | null }[] = [
  { when: gt('complaints', 2), points: (f) => (f.complaints - 2) * 1, cap: 5 },
  { when: gt('media_exposures', 0), points: (f) => f.media_exposures * 2, cap: 6 },
  { when: gt('penalties', 0), points: (f) => f.penalties * 3, cap: 12 },
  { when: lt('emission_compliance', 90), points: (f) => (90 - f.emission_compliance) * 0.2, cap: 6 },
  { when: lt('self_monitoring_rate', 90), points: (f) => (90 - f.self_monitoring_rate) * 0.1, cap: 3 },
  { when: lt('tax_paid_rate', 100), points: (f) => (100 - f.tax_paid_rate) * 0.1, cap: 3 },
  { when: gt('report_delay', 30), points: () => 2, cap: null },
  { when: gt('total_load_ratio', 90), points: (f) => (f.total_load_ratio - 90) * 0.3, cap: 5 },
  { when: lt('facility_uptime', 90), points: (f) => (90 - f.facility_uptime) * 0.15, cap: 4 },
  { when: lt('hazwaste_score', 60), points: () => 3, cap: null },
];
const DEDUCTION_CAP = 20;

/** Vetoes in scheme order (CREDIT_VETOES); each forces the grade 环保不良. */
const VETOES: TopLevelCondition[] = [
  yes('env_crime'), yes('no_eia'), yes('controls_unbuilt'), yes('unapproved_change'),
  gt('total_load_ratio', 100), yes('bypass_discharge'), yes('hazwaste_dumping'),
  ge('penalties', 5), lt('facility_uptime', 50), lt('emission_compliance', 50),
];

const INDICATORS = CATEGORIES.flatMap((cat) => cat.indicators);
export const INPUTS = [...new Set([...INDICATORS.map((i) => i.input), 'penalties', 'env_crime', 'no_eia', 'controls_unbuilt', 'unapproved_change', 'bypass_discharge', 'hazwaste_dumping'])];

/** The rules: one per band of each indicator, one per deduction, one per veto. */
export function creditRules(): RuleProperties[] {
  const rules: RuleProperties[] = [];
  INDICATORS.forEach((ind, k) => {
    ind.bands.forEach((band, m) => {
      // Kaohe's reading of a band table: the lowest band takes everything below it, the highest everything above.
      const all = [];
      if (m > 0) all.push({ fact: ind.input, operator: 'greaterThanInclusive', value: band.min! });
      if (m < ind.bands.length - 1) all.push({ fact: ind.input, operator: 'lessThan', value: band.max! });
      rules.push({ name: `${ind.node}#${m}`, conditions: { all }, event: { type: 'band', params: { k, m } } });
    });
  });
  DEDUCTIONS.forEach((d, k) => rules.push({ name: `deduction#${k}`, conditions: d.when, event: { type: 'deduction', params: { k } } }));
  VETOES.forEach((v, k) => rules.push({ name: CREDIT_VETOES[k], conditions: v, event: { type: 'veto', params: { k } } }));
  return rules;
}

export function creditEngine(): Engine {
  return new Engine(creditRules());
}

export interface RulesEngineResults {
  /** Per node of CREDIT_NODES, for the entities scored. */
  nodes: Float64Array[];
  base: Float64Array;
  deductions: Float64Array;
  score: Float64Array;
  grade: Float64Array;
  vetoes: Int32Array;
}

/** Score entities [start, start + count) of the frame, one engine run each. */
export async function scoreCreditRulesEngine(engine: Engine, frame: Frame, start: number, count: number): Promise<RulesEngineResults> {
  const cols = INPUTS.map((id) => {
    const col = frame.columns.get(id);
    if (!col) throw new Error(`frame has no column ${id}`);
    return col;
  });
  const nodeIndex = new Map(CREDIT_NODES.map((id, j) => [id as string, j]));
  const out: RulesEngineResults = {
    nodes: CREDIT_NODES.map(() => new Float64Array(count)),
    base: new Float64Array(count),
    deductions: new Float64Array(count),
    score: new Float64Array(count),
    grade: new Float64Array(count),
    vetoes: new Int32Array(count),
  };
  const indicatorScore = new Float64Array(INDICATORS.length);
  const fired = new Uint8Array(DEDUCTIONS.length);
  for (let r = 0; r < count; r++) {
    const i = start + r;
    const facts: Facts = {};
    INPUTS.forEach((id, k) => { facts[id] = cols[k][i]; });
    const { events } = await engine.run(facts);

    indicatorScore.fill(NaN);
    fired.fill(0);
    let vetoMask = 0;
    for (const e of events) {
      const p = e.params as { k: number; m: number };
      if (e.type === 'band') {
        const ind = INDICATORS[p.k];
        const band = ind.bands[p.m];
        if (band.a === band.b) {
          indicatorScore[p.k] = band.a;
        } else {
          const x = facts[ind.input];
          const xc = x < band.min! ? band.min! : x > band.max! ? band.max! : x;
          indicatorScore[p.k] = band.a + (band.b - band.a) * ((xc - band.min!) / (band.max! - band.min!));
        }
      } else if (e.type === 'deduction') fired[p.k] = 1;
      else vetoMask |= 1 << p.k;
    }

    // Weighted means, in child order, over the children present.
    let rootS = 0;
    let rootW = 0;
    let k = 0;
    for (const cat of CATEGORIES) {
      let s = 0;
      let w = 0;
      for (const ind of cat.indicators) {
        let y = indicatorScore[k++];
        if (y !== y && ind.fixed !== null) y = ind.fixed;
        out.nodes[nodeIndex.get(ind.node)!][r] = y;
        if (y === y) {
          s += ind.weight * y;
          w += ind.weight;
        }
      }
      const v = w > 0 ? s / w : NaN;
      out.nodes[nodeIndex.get(cat.node)!][r] = v;
      if (v === v) {
        rootS += cat.weight * v;
        rootW += cat.weight;
      }
    }
    const b = rootW > 0 ? rootS / rootW : NaN;
    out.nodes[0][r] = b;
    out.base[r] = b;

    let D = 0;
    DEDUCTIONS.forEach((d, m) => {
      let q = fired[m] ? d.points(facts) : 0;
      if (!(q > 0)) q = 0;
      if (d.cap !== null && q > d.cap) q = d.cap;
      D += q;
    });
    if (D > DEDUCTION_CAP) D = DEDUCTION_CAP;
    out.deductions[r] = D;
    let sc = b - D + 0;
    if (sc < 0) sc = 0;
    if (sc > 100) sc = 100;
    out.score[r] = sc;
    out.vetoes[r] = vetoMask;
    out.grade[r] = vetoMask !== 0 ? 3 : sc !== sc ? NaN : sc >= 95 ? 0 : sc >= 80 ? 1 : sc >= 60 ? 2 : 3;
  }
  return out;
}
