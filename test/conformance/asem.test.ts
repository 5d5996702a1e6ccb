/**
 * Conformance: COINr's ASEM Sustainable Connectivity example (conformance/coinr-asem in this repository,
 * EU JRC, MIT licence), built as a kaohe scheme in code and scored end to end:
 *
 *   denominate → impute (group mean within EurAsia_group) → treat outliers (COINr's default
 *   rule) → min-max to [0, 100] → arithmetic mean up 49 indicators → 8 pillars → 2 sub-indices
 *   → Index.
 *
 * Every expectation is recomputed here from the raw CSV files, by code that shares nothing with
 * the engine (plain summation, the e1071 type-2 skew/kurtosis formulas, a line-by-line port of
 * COINr's winsorise/log_CT/check_SkewKurt). Nothing kaohe outputs is hard-coded.
 *
 * COINr's own published ASEM results are not part of the conformance folder (it holds only
 * ASEM_iData.csv, ASEM_iMeta.csv and the artificial panel ASEM_iData_p.csv), so the comparison
 * is to the independent recomputation below, not to COINr's printed numbers.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, evaluate, type PlanIndicator, type Results } from '../../engine/index.js';
import { parseSchemeObject } from '../../indicators/index.js';
import { readCsvText } from '../../io/index.js';
import { ASEM, aggregates, data, denominators, eurAsia, groupCols, indicators, meta, N, raw, root, schemeObject, toKaoheCsv, type Meta } from './asem-data.js';

// ---------------------------------------------------------------------------------------------
// The independent recomputation (plain JS, no engine code)

function plainMean(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Skewness and kurtosis as e1071::skewness / e1071::kurtosis with type = 2 (COINr's skew, kurt). */
function skewKurt(values: number[]): { skew: number; kurt: number } {
  const x = values.filter((v) => !Number.isNaN(v));
  const n = x.length;
  const m = plainMean(x);
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (const v of x) {
    const d = v - m;
    s2 += d ** 2;
    s3 += d ** 3;
    s4 += d ** 4;
  }
  const g1 = (Math.sqrt(n) * s3) / s2 ** (3 / 2);
  const skew = (g1 * Math.sqrt(n * (n - 1))) / (n - 2);
  const r = (n * s4) / s2 ** 2;
  const kurt = (((n + 1) * (r - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3));
  return { skew, kurt };
}

/** COINr check_SkewKurt: pass = |skew| < 2 OR kurtosis < 3.5. */
function passes(x: number[]): boolean {
  const { skew, kurt } = skewKurt(x);
  return Math.abs(skew) < 2 || kurt < 3.5;
}

/** COINr's winsorise(x, winmax = 5), ported as written. */
function coinrWinsorise(input: number[], winmax = 5): { x: number[]; nwin: number } {
  const x = [...input];
  let passing = passes(x);
  let nwin = 0;
  let imax: number[] = [];
  let imin: number[] = [];
  while (!passing && nwin < winmax) {
    if (skewKurt(x).skew >= 0) {
      const top = Math.max(...x);
      imax = x.flatMap((v, i) => (v === top ? [i] : []));
      const next = Math.max(...x.filter((_, i) => !imax.includes(i)));
      for (const i of imax) x[i] = next;
    } else {
      const bottom = Math.min(...x);
      imin = x.flatMap((v, i) => (v === bottom ? [i] : []));
      const next = Math.min(...x.filter((_, i) => !imin.includes(i)));
      for (const i of imin) x[i] = next;
    }
    nwin = imax.length + imin.length;
    passing = passes(x);
  }
  return { x, nwin };
}

/** COINr's log_CT: log(x − min + 0.01·(max − min)). */
function coinrLogCT(x: number[]): number[] {
  const mn = Math.min(...x);
  const mx = Math.max(...x);
  return x.map((v) => Math.log(v - mn + 0.01 * (mx - mn)));
}

type Treatment = 'none' | 'winsorise' | 'log';

/** COINr's Treat.numeric with the default specs (f1 = winsorise, f2 = log_CT on the original). */
function coinrTreat(x: number[], winmax = 5): { x: number[]; mode: Treatment; nwin: number } {
  if (passes(x)) return { x, mode: 'none', nwin: 0 };
  const w = coinrWinsorise(x, winmax);
  if (passes(w.x)) return { x: w.x, mode: 'winsorise', nwin: w.nwin };
  return { x: coinrLogCT(x), mode: 'log', nwin: w.nwin };
}

interface Expected {
  denominated: number[];
  imputed: number[];
  filled: number[];
  treated: number[];
  mode: Treatment;
  nwin: number;
  skew: number;
  kurt: number;
  normalised: number[];
}

const expected = new Map<string, Expected>();
for (const m of indicators) {
  const x = raw.get(m.code)!;
  const denominated = m.denominator ? x.map((v, i) => v / raw.get(m.denominator)![i]) : [...x];
  const groupMean = new Map<string, number>();
  for (const g of new Set(eurAsia)) groupMean.set(g, plainMean(denominated.filter((v, i) => eurAsia[i] === g && !Number.isNaN(v))));
  const filled = denominated.flatMap((v, i) => (Number.isNaN(v) ? [i] : []));
  const imputed = denominated.map((v, i) => (Number.isNaN(v) ? groupMean.get(eurAsia[i])! : v));
  const { skew, kurt } = skewKurt(imputed);
  const t = coinrTreat(imputed);
  const mn = Math.min(...t.x);
  const mx = Math.max(...t.x);
  const normalised = t.x.map((v) => (m.direction === -1 ? (mx - v) / (mx - mn) : (v - mn) / (mx - mn)) * 100);
  expected.set(m.code, { denominated, imputed, filled, treated: t.x, mode: t.mode, nwin: t.nwin, skew, kurt, normalised });
}

/** Scores of every node by the weighted arithmetic mean, bottom-up, from the expected indicator scores. */
const expectedScore = new Map<string, number[]>();
function scoreOf(m: Meta): number[] {
  if (m.type === 'Indicator') return expected.get(m.code)!.normalised;
  const kids = meta.filter((c) => c.parent === m.code);
  const ks = kids.map(scoreOf);
  const out = Array.from({ length: N }, (_, i) => {
    let s = 0;
    let w = 0;
    kids.forEach((k, c) => {
      s += k.weight * ks[c][i];
      w += k.weight;
    });
    return s / w;
  });
  expectedScore.set(m.code, out);
  return out;
}
scoreOf(root);

// ---------------------------------------------------------------------------------------------
// kaohe

const scheme = parseSchemeObject(schemeObject());
const compiled = compile(scheme);
const frame = readCsvText(toKaoheCsv(), compiled.plan, 'ASEM_iData.csv');
const results = evaluate(compiled, frame);
const nodeIndex = new Map(compiled.plan.nodes.map((n, j) => [n.id, j]));

function indicatorNode(code: string): { j: number; node: PlanIndicator } {
  const j = nodeIndex.get(code)!;
  const node = compiled.plan.nodes[j];
  if (node.kind !== 'indicator') throw new Error(`${code} is not an indicator`);
  return { j, node };
}
const column = (r: Results, slot: number): number[] => Array.from(r.columns[slot]);

function closeTo(actual: number, wanted: number, rel: number): boolean {
  if (Number.isNaN(actual) || Number.isNaN(wanted)) return false;
  return Math.abs(actual - wanted) <= rel * Math.max(1, Math.abs(wanted));
}

/** Cells (entity code + both values) where two columns differ beyond a relative tolerance. */
function mismatches(actual: ArrayLike<number>, wanted: ArrayLike<number>, rel: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < N; i++) if (!closeTo(actual[i], wanted[i], rel)) out.push(`${data.rows[i].uCode}: ${actual[i]} ≠ ${wanted[i]}`);
  return out;
}

// ---------------------------------------------------------------------------------------------

describe('COINr ASEM example: the scheme and the data', () => {
  it('the conformance folder has the data and the framework, but no published COINr results to compare to', () => {
    expect(readdirSync(ASEM).sort()).toEqual(['ASEM_iData.csv', 'ASEM_iData_p.csv', 'ASEM_iMeta.csv']);
  });

  it('builds the four-level framework: 49 indicators → 8 pillars → 2 sub-indices → Index', () => {
    expect(indicators).toHaveLength(49);
    expect(aggregates.filter((m) => m.level === 2)).toHaveLength(8);
    expect(aggregates.filter((m) => m.level === 3)).toHaveLength(2);
    expect(aggregates.filter((m) => m.level === 4).map((m) => m.code)).toEqual(['Index']);
    expect(groupCols).toEqual(['GDP_group', 'GDPpc_group', 'Pop_group', 'EurAsia_group']);
    expect(denominators).toEqual(['Area', 'Energy', 'GDP', 'Population']);
    expect(indicators.filter((m) => m.denominator !== '')).toHaveLength(17);

    const nodes = compiled.plan.nodes;
    expect(nodes).toHaveLength(49 + 8 + 2 + 1);
    expect(nodes[0].id).toBe('Index');
    for (const m of meta.filter((x) => x.type === 'Indicator' || x.type === 'Aggregate')) {
      const node = nodes[nodeIndex.get(m.code)!];
      expect(node.depth, m.code).toBe(4 - m.level!);
      expect(node.parent < 0 ? '' : nodes[node.parent].id, m.code).toBe(m.parent);
      if (m.parent !== '') expect(node.weight, m.code).toBe(m.weight);
      if (node.kind === 'indicator') {
        expect(node.direction, m.code).toBe(m.direction);
        expect(node.denominate?.by ?? '', m.code).toBe(m.denominator);
      }
    }
  });

  it('reads the converted CSV: 51 countries keyed by uCode', () => {
    expect(frame.n).toBe(51);
    expect(frame.ids).toEqual(data.rows.map((r) => r.uCode));
    expect(frame.names).toEqual(data.rows.map((r) => r.uName));
    const eur = frame.columns.get('EurAsia_group')!;
    const dict = frame.dictionaries.get('EurAsia_group')!;
    expect(Array.from(eur, (c) => dict[c])).toEqual(eurAsia);
  });
});

describe('denomination', () => {
  it('the prepared value of each of the 17 denominated indicators is indicator / denominator', () => {
    const denominated = indicators.filter((m) => m.denominator !== '');
    expect(denominated).toHaveLength(17);
    for (const m of denominated) {
      const { j } = indicatorNode(m.code);
      const prepared = column(results, results.layout.raw[j]);
      const x = raw.get(m.code)!;
      const d = raw.get(m.denominator)!;
      for (let i = 0; i < N; i++) {
        const want = x[i] / d[i];
        expect(Object.is(prepared[i], want), `${m.code} ${data.rows[i].uCode}: ${prepared[i]} vs ${x[i]} / ${d[i]}`).toBe(true);
      }
    }
  });

  it('undenominated indicators pass through unchanged', () => {
    for (const m of indicators.filter((x) => x.denominator === '')) {
      const { j } = indicatorNode(m.code);
      const prepared = column(results, results.layout.raw[j]);
      raw.get(m.code)!.forEach((v, i) => expect(Object.is(prepared[i], v), `${m.code} ${data.rows[i].uCode}`).toBe(true));
    }
  });
});

describe('imputation: group mean within EurAsia_group', () => {
  const rawMissing = indicators.reduce((s, m) => s + raw.get(m.code)!.filter(Number.isNaN).length, 0);
  const afterDenomination = indicators.reduce((s, m) => s + expected.get(m.code)!.filled.length, 0);

  it('the data have 63 missing indicator cells; a missing denominator (LAO Energy) adds 2 more', () => {
    expect(rawMissing).toBe(63);
    const missingDenominators = denominators.flatMap((d) => raw.get(d)!.flatMap((v, i) => (Number.isNaN(v) ? [`${data.rows[i].uCode} ${d}`] : [])));
    expect(missingDenominators).toEqual(['LAO Energy']);
    // Elec and Gas are divided by Energy and are present for LAO, so they become missing.
    expect(afterDenomination).toBe(65);
  });

  it('no present value is changed by imputation', () => {
    for (const m of indicators) {
      const { j } = indicatorNode(m.code);
      const before = column(results, results.layout.raw[j]);
      const after = column(results, results.layout.imputed[j]);
      for (let i = 0; i < N; i++) if (!Number.isNaN(before[i])) expect(Object.is(after[i], before[i]), `${m.code} ${data.rows[i].uCode}`).toBe(true);
    }
  });

  it('every missing cell is filled with the mean of the denominated values of its EurAsia group', () => {
    let checked = 0;
    for (const m of indicators) {
      const { j } = indicatorNode(m.code);
      const after = column(results, results.layout.imputed[j]);
      const e = expected.get(m.code)!;
      for (const i of e.filled) {
        const g = eurAsia[i];
        const peers = e.denominated.filter((v, k) => eurAsia[k] === g && !Number.isNaN(v));
        expect(peers.length, `${m.code} ${g}`).toBeGreaterThan(0);
        expect(closeTo(after[i], plainMean(peers), 1e-12), `${m.code} ${data.rows[i].uCode} (${g}): ${after[i]} vs ${plainMean(peers)}`).toBe(true);
        checked++;
      }
      expect(after.filter(Number.isNaN), m.code).toEqual([]);
    }
    expect(checked).toBe(afterDenomination);
  });
});

describe("outlier treatment: COINr's default rule", () => {
  const treatmentOf = (code: string): string => results.indicators[indicatorNode(code).j]!.treatment!.mode;
  const failing = indicators.filter((m) => {
    const e = expected.get(m.code)!;
    return Math.abs(e.skew) >= 2 && e.kurt >= 3.5;
  });

  it('treats exactly the indicators whose imputed skew and kurtosis fail the rule', () => {
    const treated = indicators.filter((m) => treatmentOf(m.code) !== 'none').map((m) => m.code);
    expect(treated).toEqual(failing.map((m) => m.code));
    // The skew and kurtosis kaohe reports for untreated indicators are the ones computed here.
    for (const m of indicators.filter((x) => treatmentOf(x.code) === 'none')) {
      const t = results.indicators[indicatorNode(m.code).j]!.treatment!;
      const e = expected.get(m.code)!;
      expect(closeTo(t.skew, e.skew, 1e-9) && closeTo(t.kurtosis, e.kurt, 1e-9), `${m.code}: ${t.skew}, ${t.kurtosis} vs ${e.skew}, ${e.kurt}`).toBe(true);
    }
  });

  it("the README's claim: 15 indicators are skewed enough that the rule treats them", () => {
    expect(failing).toHaveLength(15);
  });

  it('uses winsorisation or the log transform exactly where COINr would', () => {
    for (const m of indicators) expect(treatmentOf(m.code), m.code).toBe(expected.get(m.code)!.mode);
  });

  it('winsorised indicators are clamped versions of the imputed column and pass the rule afterwards', () => {
    for (const m of indicators.filter((x) => expected.get(x.code)!.mode === 'winsorise')) {
      const { j } = indicatorNode(m.code);
      const imputed = column(results, results.layout.imputed[j]);
      const treated = column(results, results.layout.treated[j]);
      const lo = Math.min(...treated);
      const hi = Math.max(...treated);
      // The bounds are data values (a winsorised point takes its neighbour's value) ...
      expect(imputed.includes(lo) && imputed.includes(hi), m.code).toBe(true);
      // ... every value is the imputed one clamped to them ...
      treated.forEach((v, i) => expect(Object.is(v, Math.min(Math.max(imputed[i], lo), hi)), `${m.code} ${data.rows[i].uCode}`).toBe(true));
      // ... as many points moved as COINr's winsorise moves ...
      const moved = treated.filter((v, i) => v !== imputed[i]).length;
      expect(moved, m.code).toBe(expected.get(m.code)!.nwin);
      expect(moved, m.code).toBeGreaterThan(0);
      // ... the result passes the rule, and is COINr's winsorised column.
      expect(passes(treated), m.code).toBe(true);
      expect(mismatches(treated, expected.get(m.code)!.treated, 1e-12), m.code).toEqual([]);
    }
  });

  it('log-transformed indicators are log(x − min + 0.01·(max − min)) of the imputed column, after winsorising 5 points did not pass', () => {
    for (const m of indicators.filter((x) => expected.get(x.code)!.mode === 'log')) {
      const { j } = indicatorNode(m.code);
      const e = expected.get(m.code)!;
      expect(e.nwin, m.code).toBeGreaterThanOrEqual(5);
      expect(passes(coinrWinsorise(e.imputed).x), m.code).toBe(false);
      const treated = column(results, results.layout.treated[j]);
      expect(mismatches(treated, coinrLogCT(e.imputed), 1e-12), m.code).toEqual([]);
    }
  });

  it('with maxPoints: 1 (winmax = 1) the log branch takes over where one winsorising step is not enough', () => {
    const tight = compile(parseSchemeObject(schemeObject(1)));
    const r = evaluate(tight, readCsvText(toKaoheCsv(), tight.plan, 'ASEM_iData.csv'));
    const modes = new Map<Treatment, number>([['none', 0], ['winsorise', 0], ['log', 0]]);
    for (const m of indicators) {
      const j = tight.plan.nodes.findIndex((n) => n.id === m.code);
      const want = coinrTreat(expected.get(m.code)!.imputed, 1);
      modes.set(want.mode, modes.get(want.mode)! + 1);
      expect(r.indicators[j]!.treatment!.mode, m.code).toBe(want.mode);
      expect(mismatches(r.columns[r.layout.treated[j]], want.x, 1e-12), m.code).toEqual([]);
      const score = Array.from(r.nodeScores[j]);
      expect([Math.min(...score), Math.max(...score)], m.code).toEqual([0, 100]);
    }
    // Both treatments occur, so both code paths are exercised on real data.
    expect(modes.get('log')).toBeGreaterThan(0);
    expect(modes.get('winsorise')).toBeGreaterThan(0);
    expect(modes.get('log')! + modes.get('winsorise')!).toBe(15);
  });

  it('untreated indicators pass through unchanged', () => {
    for (const m of indicators.filter((x) => expected.get(x.code)!.mode === 'none')) {
      const { j } = indicatorNode(m.code);
      const imputed = column(results, results.layout.imputed[j]);
      const treated = column(results, results.layout.treated[j]);
      treated.forEach((v, i) => expect(Object.is(v, imputed[i]), `${m.code} ${data.rows[i].uCode}`).toBe(true));
    }
  });
});

describe('min-max normalisation to [0, 100]', () => {
  it('every indicator spans exactly 0 to 100, the best value getting 100 and the worst 0', () => {
    for (const m of indicators) {
      const { j } = indicatorNode(m.code);
      const score = Array.from(results.nodeScores[j]);
      expect(Math.min(...score), m.code).toBe(0);
      expect(Math.max(...score), m.code).toBe(100);
      // Direction: the highest (imputed, untreated) value gets 100, or 0 when lower is better.
      const imputed = expected.get(m.code)!.imputed;
      const top = Math.max(...imputed);
      const bottom = Math.min(...imputed);
      imputed.forEach((v, i) => {
        if (v === top) expect(score[i], `${m.code} ${data.rows[i].uCode} (highest)`).toBe(m.direction === -1 ? 0 : 100);
        if (v === bottom) expect(score[i], `${m.code} ${data.rows[i].uCode} (lowest)`).toBe(m.direction === -1 ? 100 : 0);
      });
    }
  });

  it('every normalised value equals the independent recomputation', () => {
    for (const m of indicators) {
      const { j } = indicatorNode(m.code);
      expect(mismatches(results.nodeScores[j], expected.get(m.code)!.normalised, 1e-9), m.code).toEqual([]);
    }
  });
});

describe('aggregation: weighted arithmetic mean', () => {
  it("every aggregate equals the weighted mean of its children's scores", () => {
    const nodes = compiled.plan.nodes;
    nodes.forEach((node, j) => {
      if (node.kind !== 'aggregate') return;
      const want = Array.from({ length: N }, (_, i) => {
        let s = 0;
        let w = 0;
        for (const c of node.children) {
          s += nodes[c].weight * results.nodeScores[c][i];
          w += nodes[c].weight;
        }
        return s / w;
      });
      expect(mismatches(results.nodeScores[j], want, 1e-9), node.id).toEqual([]);
    });
  });

  it('every aggregate equals the independent recomputation from the raw data', () => {
    for (const m of aggregates) {
      expect(mismatches(results.nodeScores[nodeIndex.get(m.code)!], expectedScore.get(m.code)!, 1e-9), m.code).toEqual([]);
    }
  });

  it('the Index is in [0, 100] and is the final score', () => {
    const index = results.nodeScores[nodeIndex.get('Index')!];
    for (let i = 0; i < N; i++) {
      expect(index[i]).toBeGreaterThanOrEqual(0);
      expect(index[i]).toBeLessThanOrEqual(100);
      expect(Object.is(results.score[i], index[i])).toBe(true);
    }
  });

  it('ranks are competition ranks of the Index', () => {
    const index = Array.from(results.nodeScores[nodeIndex.get('Index')!]);
    const want = index.map((v) => 1 + index.filter((u) => u > v).length);
    expect(Array.from(results.rank)).toEqual(want);
  });
});

describe('determinism', () => {
  it('node scores are the same bits for chunk sizes 1, 5 and the default', () => {
    const runs = [1, 5].map((chunkSize) => evaluate(compiled, frame, { chunkSize }));
    for (const other of runs) {
      results.nodeScores.forEach((col, j) => {
        for (let i = 0; i < N; i++) {
          expect(Object.is(other.nodeScores[j][i], col[i]), `${compiled.plan.nodes[j].id} ${frame.ids[i]}`).toBe(true);
        }
      });
      expect(Array.from(other.rank)).toEqual(Array.from(results.rank));
    }
  });
});
