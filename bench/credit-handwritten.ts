/**
 * The floor of the credit benchmark: bench/schemes/credit-bench.yaml computed by hand, one
 * TypeScript loop over the same Float64Array columns, with every constant written in. It
 * computes what kaohe's results contain for that scheme — every node's score, the base,
 * deductions (with their caps), the score within [0, 100], the grade after the vetoes, which
 * vetoes fired, and the competition rank — to the same bits (test/bench/handwritten.test.ts
 * checks that on 20,000 entities), so the time it takes is the least the work can cost.
 *
 * Arithmetic is written in the order kaohe's generated kernels use (a band's score is
 * a + (b − a)·((x − lo)/(hi − lo)); a mean is Σwx/Σw over the present children, in child order;
 * deductions are summed in rule order), since a different order could change the last bit.
 * Every band table is written out inline: a helper function called 17 times per entity is not
 * inlined by V8 in a loop this size, and each call then boxes its doubles (measured: the loop
 * took about twice as long). The rank is kaohe's own competitionRankDescending (a linear-time
 * radix argsort): there is nothing to gain by writing it again. Change this file together
 * with the scheme.
 */
import { competitionRankDescending, type Frame } from '../engine/index.js';
import { leastRoundingTo } from '../engine/round.js';

// Grades read the published score (two decimals), as the scheme's semantics level says: the
// least double that rounds to each band's lower bound, found once.
const [G95, G80, G60] = [95, 80, 60].map((min) => leastRoundingTo(min, 2));

/** The scheme's nodes in pre-order, as kaohe lists them (plan.nodes). */
export const CREDIT_NODES = [
  'credit',
  'pollution', 'emission', 'solid_waste', 'hazwaste', 'noise', 'total_load',
  'ecology', 'siting', 'resource_use', 'construction',
  'management', 'permit', 'reporting', 'tax', 'facilities', 'outfall', 'monitoring', 'internal', 'risk', 'clean_audit',
  'supervision', 'complaint', 'media', 'disclosure', 'voluntary',
] as const;

/** Veto ids in scheme order; bit k of `vetoes` is veto k. */
export const CREDIT_VETOES = [
  'crime', 'unapproved_build', 'controls_missing', 'major_change', 'over_quota',
  'bypass', 'dumping', 'repeat_offender', 'controls_idle', 'chronic_excess',
] as const;

export interface CreditResults {
  /** Per node of CREDIT_NODES: its score. */
  nodes: Float64Array[];
  base: Float64Array;
  deductions: Float64Array;
  bonuses: Float64Array;
  score: Float64Array;
  /** 0 trustworthy, 1 good, 2 warning, 3 bad (index into the scheme's grades). */
  grade: Float64Array;
  /** Bit mask of the vetoes that fired. */
  vetoes: Int32Array;
  rank: Float64Array;
}

function col(frame: Frame, id: string): Float64Array {
  const c = frame.columns.get(id);
  if (!c || c.length !== frame.n) throw new Error(`frame has no column ${id}`);
  return c;
}

export function scoreCreditHandwritten(frame: Frame): CreditResults {
  const n = frame.n;
  const emission_compliance = col(frame, 'emission_compliance');
  const solid_waste_rate = col(frame, 'solid_waste_rate');
  const hazwaste_score = col(frame, 'hazwaste_score');
  const noise_compliance = col(frame, 'noise_compliance');
  const total_load_ratio = col(frame, 'total_load_ratio');
  const siting_score = col(frame, 'siting_score');
  const water_reuse_rate = col(frame, 'water_reuse_rate');
  const restoration_rate = col(frame, 'restoration_rate');
  const permit_compliance = col(frame, 'permit_compliance');
  const report_delay = col(frame, 'report_delay');
  const tax_paid_rate = col(frame, 'tax_paid_rate');
  const facility_uptime = col(frame, 'facility_uptime');
  const outfall_score = col(frame, 'outfall_score');
  const self_monitoring_rate = col(frame, 'self_monitoring_rate');
  const internal_mgmt_score = col(frame, 'internal_mgmt_score');
  const risk_mgmt_score = col(frame, 'risk_mgmt_score');
  const clean_audit_score = col(frame, 'clean_audit_score');
  const complaints = col(frame, 'complaints');
  const media_exposures = col(frame, 'media_exposures');
  const disclosure_rate = col(frame, 'disclosure_rate');
  const voluntary_measures = col(frame, 'voluntary_measures');
  const penalties = col(frame, 'penalties');
  const env_crime = col(frame, 'env_crime');
  const no_eia = col(frame, 'no_eia');
  const controls_unbuilt = col(frame, 'controls_unbuilt');
  const unapproved_change = col(frame, 'unapproved_change');
  const bypass_discharge = col(frame, 'bypass_discharge');
  const hazwaste_dumping = col(frame, 'hazwaste_dumping');

  const nodes = CREDIT_NODES.map(() => new Float64Array(n));
  const [
    oCredit,
    oPollution, oEmission, oSolid, oHaz, oNoise, oLoad,
    oEcology, oSiting, oResource, oConstruction,
    oManagement, oPermit, oReporting, oTax, oFacilities, oOutfall, oMonitoring, oInternal, oRisk, oClean,
    oSupervision, oComplaint, oMedia, oDisclosure, oVoluntary,
  ] = nodes;
  const base = new Float64Array(n);
  const deductions = new Float64Array(n);
  const bonuses = new Float64Array(n);
  const score = new Float64Array(n);
  const grade = new Float64Array(n);
  const vetoes = new Int32Array(n);

  for (let i = 0; i < n; i++) {
    // ── 污染防治 ──
    let x: number;
    let y: number;
    let s = 0;
    let w = 0;
    x = emission_compliance[i];
    y = x !== x ? 0 : x < 50 ? 0 : x < 75 ? 0 + 49 * ((x - 50) / 25) : x < 90 ? 50 + 29 * ((x - 75) / 15) : 80 + 20 * (((x > 100 ? 100 : x) - 90) / 10); // no data scores 0
    oEmission[i] = y;
    s += 15 * y; w += 15;
    x = solid_waste_rate[i];
    y = x !== x ? NaN : x < 60 ? 0 : x < 85 ? 0 + 49 * ((x - 60) / 25) : x < 95 ? 50 + 29 * ((x - 85) / 10) : 80 + 20 * (((x > 100 ? 100 : x) - 95) / 5);
    oSolid[i] = y;
    if (y === y) { s += 5 * y; w += 5; }
    x = hazwaste_score[i];
    y = x !== x ? 0 : x < 60 ? 0 : x < 75 ? 0 + 49 * ((x - 60) / 15) : x < 90 ? 50 + 29 * ((x - 75) / 15) : 80 + 20 * (((x > 100 ? 100 : x) - 90) / 10); // no data scores 0
    oHaz[i] = y;
    s += 8 * y; w += 8;
    x = noise_compliance[i];
    y = x !== x ? NaN : x < 50 ? 0 : x < 80 ? 0 + 49 * ((x - 50) / 30) : x < 95 ? 50 + 29 * ((x - 80) / 15) : 80 + 20 * (((x > 100 ? 100 : x) - 95) / 5);
    oNoise[i] = y;
    if (y === y) { s += 4 * y; w += 4; }
    x = total_load_ratio[i];
    y = x !== x ? NaN : x < 80 ? 100 : x < 90 ? 99 + -19 * ((x - 80) / 10) : x < 100 ? 79 + -29 * ((x - 90) / 10) : x < 120 ? 49 + -49 * ((x - 100) / 20) : 0;
    oLoad[i] = y;
    if (y === y) { s += 3 * y; w += 3; }
    const pollution = s / w; // the two fixed-score indicators are always present
    oPollution[i] = pollution;

    // ── 生态保护 ──
    s = 0; w = 0;
    x = siting_score[i];
    y = x !== x ? NaN : x < 60 ? 0 : x < 75 ? 0 + 49 * ((x - 60) / 15) : x < 90 ? 50 + 29 * ((x - 75) / 15) : 80 + 20 * (((x > 100 ? 100 : x) - 90) / 10);
    oSiting[i] = y;
    if (y === y) { s += 4 * y; w += 4; }
    x = water_reuse_rate[i];
    y = x !== x ? NaN : x < 40 ? 0 : x < 60 ? 0 + 49 * ((x - 40) / 20) : x < 80 ? 50 + 29 * ((x - 60) / 20) : 80 + 20 * (((x > 100 ? 100 : x) - 80) / 20);
    oResource[i] = y;
    if (y === y) { s += 4 * y; w += 4; }
    x = restoration_rate[i];
    y = x !== x ? NaN : x < 50 ? 0 : x < 70 ? 0 + 49 * ((x - 50) / 20) : x < 90 ? 50 + 29 * ((x - 70) / 20) : 80 + 20 * (((x > 100 ? 100 : x) - 90) / 10);
    oConstruction[i] = y;
    if (y === y) { s += 4 * y; w += 4; }
    const ecology = w > 0 ? s / w : NaN;
    oEcology[i] = ecology;

    // ── 环境管理 ──
    s = 0; w = 0;
    x = permit_compliance[i];
    y = x !== x ? NaN : x < 60 ? 0 : x < 80 ? 0 + 49 * ((x - 60) / 20) : x < 95 ? 50 + 29 * ((x - 80) / 15) : 80 + 20 * (((x > 100 ? 100 : x) - 95) / 5);
    oPermit[i] = y;
    if (y === y) { s += 6 * y; w += 6; }
    x = report_delay[i];
    y = x !== x ? NaN : x < 1 ? 100 : x < 15 ? 79 + -29 * ((x - 1) / 14) : x < 60 ? 49 + -49 * ((x - 15) / 45) : 0;
    oReporting[i] = y;
    if (y === y) { s += 3 * y; w += 3; }
    x = tax_paid_rate[i];
    y = x !== x ? NaN : x < 70 ? 0 : x < 90 ? 0 + 49 * ((x - 70) / 20) : x < 99 ? 50 + 29 * ((x - 90) / 9) : 80 + 20 * (((x > 100 ? 100 : x) - 99) / 1);
    oTax[i] = y;
    if (y === y) { s += 3 * y; w += 3; }
    x = facility_uptime[i];
    y = x !== x ? 0 : x < 60 ? 0 : x < 85 ? 0 + 49 * ((x - 60) / 25) : x < 95 ? 50 + 29 * ((x - 85) / 10) : 80 + 20 * (((x > 100 ? 100 : x) - 95) / 5); // no data scores 0
    oFacilities[i] = y;
    s += 6 * y; w += 6;
    x = outfall_score[i];
    y = x !== x ? NaN : x < 60 ? 0 : x < 75 ? 0 + 49 * ((x - 60) / 15) : x < 90 ? 50 + 29 * ((x - 75) / 15) : 80 + 20 * (((x > 100 ? 100 : x) - 90) / 10);
    oOutfall[i] = y;
    if (y === y) { s += 3 * y; w += 3; }
    x = self_monitoring_rate[i];
    y = x !== x ? 0 : x < 60 ? 0 : x < 80 ? 0 + 49 * ((x - 60) / 20) : x < 95 ? 50 + 29 * ((x - 80) / 15) : 80 + 20 * (((x > 100 ? 100 : x) - 95) / 5); // no data scores 0
    oMonitoring[i] = y;
    s += 5 * y; w += 5;
    x = internal_mgmt_score[i];
    y = x !== x ? NaN : x < 60 ? 0 : x < 75 ? 0 + 49 * ((x - 60) / 15) : x < 90 ? 50 + 29 * ((x - 75) / 15) : 80 + 20 * (((x > 100 ? 100 : x) - 90) / 10);
    oInternal[i] = y;
    if (y === y) { s += 4 * y; w += 4; }
    x = risk_mgmt_score[i];
    y = x !== x ? NaN : x < 60 ? 0 : x < 75 ? 0 + 49 * ((x - 60) / 15) : x < 90 ? 50 + 29 * ((x - 75) / 15) : 80 + 20 * (((x > 100 ? 100 : x) - 90) / 10);
    oRisk[i] = y;
    if (y === y) { s += 5 * y; w += 5; }
    x = clean_audit_score[i];
    y = x !== x ? NaN : x < 60 ? 0 : x < 75 ? 0 + 49 * ((x - 60) / 15) : x < 90 ? 50 + 29 * ((x - 75) / 15) : 80 + 20 * (((x > 100 ? 100 : x) - 90) / 10);
    oClean[i] = y;
    if (y === y) { s += 3 * y; w += 3; }
    const management = s / w;
    oManagement[i] = management;

    // ── 社会监督 ──
    s = 0; w = 0;
    x = complaints[i];
    y = x !== x ? NaN : x < 1 ? 100 : x < 3 ? 79 + -29 * ((x - 1) / 2) : x < 10 ? 49 + -49 * ((x - 3) / 7) : 0;
    oComplaint[i] = y;
    if (y === y) { s += 5 * y; w += 5; }
    x = media_exposures[i];
    y = x !== x ? NaN : x < 1 ? 100 : x < 2 ? 60 : x < 4 ? 40 + -20 * ((x - 2) / 2) : 0;
    oMedia[i] = y;
    if (y === y) { s += 3 * y; w += 3; }
    x = disclosure_rate[i];
    y = x !== x ? NaN : x < 50 ? 0 : x < 80 ? 0 + 49 * ((x - 50) / 30) : x < 95 ? 50 + 29 * ((x - 80) / 15) : 80 + 20 * (((x > 100 ? 100 : x) - 95) / 5);
    oDisclosure[i] = y;
    if (y === y) { s += 4 * y; w += 4; }
    x = voluntary_measures[i];
    y = x !== x ? NaN : x < 1 ? 40 : x < 2 ? 70 : x < 4 ? 80 + 15 * ((x - 2) / 2) : 100;
    oVoluntary[i] = y;
    if (y === y) { s += 3 * y; w += 3; }
    const supervision = w > 0 ? s / w : NaN;
    oSupervision[i] = supervision;

    // ── 总分 ──
    s = 35 * pollution; w = 35;
    if (ecology === ecology) { s += 12 * ecology; w += 12; }
    s += 38 * management; w += 38;
    if (supervision === supervision) { s += 15 * supervision; w += 15; }
    const b = s / w;
    oCredit[i] = b;
    base[i] = b;

    // ── 扣分 (in rule order; a missing value never deducts) ──
    let D = 0;
    let q: number;
    x = complaints[i];
    q = x > 2 ? (x - 2) * 1 : 0; if (!(q > 0)) q = 0; if (q > 5) q = 5; D += q;
    x = media_exposures[i];
    q = x > 0 ? x * 2 : 0; if (!(q > 0)) q = 0; if (q > 6) q = 6; D += q;
    const pen = penalties[i];
    q = pen > 0 ? pen * 3 : 0; if (!(q > 0)) q = 0; if (q > 12) q = 12; D += q;
    const ec = emission_compliance[i];
    q = ec < 90 ? (90 - ec) * 0.2 : 0; if (!(q > 0)) q = 0; if (q > 6) q = 6; D += q;
    x = self_monitoring_rate[i];
    q = x < 90 ? (90 - x) * 0.1 : 0; if (!(q > 0)) q = 0; if (q > 3) q = 3; D += q;
    x = tax_paid_rate[i];
    q = x < 100 ? (100 - x) * 0.1 : 0; if (!(q > 0)) q = 0; if (q > 3) q = 3; D += q;
    if (report_delay[i] > 30) D += 2;
    const load = total_load_ratio[i];
    q = load > 90 ? (load - 90) * 0.3 : 0; if (!(q > 0)) q = 0; if (q > 5) q = 5; D += q;
    const uptime = facility_uptime[i];
    q = uptime < 90 ? (90 - uptime) * 0.15 : 0; if (!(q > 0)) q = 0; if (q > 4) q = 4; D += q;
    if (hazwaste_score[i] < 60) D += 3;
    if (D > 20) D = 20;
    deductions[i] = D;

    let sc = b - D + 0;
    if (sc < 0) sc = 0;
    if (sc > 100) sc = 100;
    score[i] = sc;

    // ── 等级与一票否决 ──
    const v =
      (env_crime[i] ? 1 : 0) |
      (no_eia[i] ? 2 : 0) |
      (controls_unbuilt[i] ? 4 : 0) |
      (unapproved_change[i] ? 8 : 0) |
      (load > 100 ? 16 : 0) |
      (bypass_discharge[i] ? 32 : 0) |
      (hazwaste_dumping[i] ? 64 : 0) |
      (pen >= 5 ? 128 : 0) |
      (uptime < 50 ? 256 : 0) |
      (ec < 50 ? 512 : 0);
    vetoes[i] = v;
    grade[i] = v !== 0 ? 3 : sc !== sc ? NaN : sc >= G95 ? 0 : sc >= G80 ? 1 : sc >= G60 ? 2 : 3;
  }

  const rank = new Float64Array(n);
  competitionRankDescending(score, rank);
  return { nodes, base, deductions, bonuses, score, grade, vetoes, rank };
}
