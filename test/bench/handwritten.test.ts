/**
 * The benchmark's baselines compute what kaohe computes: the hand-written loop gives the same
 * bits as kaohe for every node score, the base, deductions, score, grade, vetoes and rank of
 * 20,000 synthetic enterprises, and the json-rules-engine version the same scores on a sample.
 * (No timing here: speed is measured by `npm run bench`.)
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CREDIT_NODES, CREDIT_VETOES, scoreCreditHandwritten } from '../../bench/credit-handwritten.js';
import { creditEngine, scoreCreditRulesEngine } from '../../bench/credit-rules-engine.js';
import { compile, evaluate, type CompiledPlan, type Frame, type Results } from '../../engine/index.js';
import { loadSchemeFile, synthFrame } from '../../io/index.js';

const schemePath = resolve(import.meta.dirname, '../../bench/schemes/credit-bench.yaml');
const N = 20_000;
let compiled: CompiledPlan;
let frame: Frame;
let kaohe: Results;

/** First index where two columns differ bit for bit (NaN equals NaN), or −1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function expectSame(name: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  const i = firstDifference(actual, expected);
  expect(i, i < 0 ? name : `${name}[${i}]: ${actual[i]} ≠ kaohe's ${expected[i]}`).toBe(-1);
}

beforeAll(async () => {
  compiled = compile(await loadSchemeFile(schemePath));
  frame = synthFrame(compiled.plan, N, 2025);
  kaohe = evaluate(compiled, frame);
});

describe('the hand-written credit loop', () => {
  it('lists the nodes and vetoes of the scheme, in its order', () => {
    expect(compiled.plan.nodes.map((n) => n.id)).toEqual([...CREDIT_NODES]);
    expect(compiled.plan.vetoes.map((v) => v.id)).toEqual([...CREDIT_VETOES]);
    expect(compiled.plan.grades.map((g) => g.id)).toEqual(['trustworthy', 'good', 'warning', 'bad']);
  });

  it('gives kaohe\'s bits for every column on 20,000 enterprises', () => {
    const hand = scoreCreditHandwritten(frame);
    CREDIT_NODES.forEach((id, j) => expectSame(`node ${id}`, hand.nodes[j], kaohe.nodeScores[j]));
    expectSame('base', hand.base, kaohe.base);
    expectSame('deductions', hand.deductions, kaohe.deductions);
    expectSame('bonuses', hand.bonuses, kaohe.bonuses);
    expectSame('score', hand.score, kaohe.score);
    expectSame('grade', hand.grade, kaohe.grade);
    expectSame('rank', hand.rank, kaohe.rank);
    CREDIT_VETOES.forEach((id, k) => {
      const flags = Array.from(hand.vetoes, (m) => (m >> k) & 1);
      expectSame(`veto ${id}`, flags, kaohe.columns[kaohe.layout.veto[k]]);
    });
  });

  it('is tested on data that exercises the scheme: every grade, every band, vetoes, deductions, missing values', () => {
    const grades = new Set(kaohe.grade);
    expect([...grades].sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    for (const k of CREDIT_VETOES.keys()) {
      if (CREDIT_VETOES[k] === 'controls_idle' || CREDIT_VETOES[k] === 'repeat_offender') continue; // rare by design
      expect(kaohe.columns[kaohe.layout.veto[k]].some((v) => v === 1), CREDIT_VETOES[k]).toBe(true);
    }
    expect(kaohe.deductions.some((d) => d === 20)).toBe(true); // the overall cap
    expect(kaohe.deductions.some((d) => d > 0 && d < 20)).toBe(true);
    for (const [id, col] of frame.columns) {
      if (id === 'penalties') continue;
      expect(col.some((v) => Number.isNaN(v)), `${id} has missing values`).toBe(true);
    }
    // Each interpolated band of 达标排放 is hit.
    const emission = kaohe.nodeScores[CREDIT_NODES.indexOf('emission')];
    for (const [lo, hi] of [[0, 49], [50, 79], [80, 100]]) expect(emission.some((v) => v > lo && v < hi)).toBe(true);
  });
});

describe('the json-rules-engine credit rules', () => {
  it('give kaohe\'s scores, grades and vetoes on a sample', async () => {
    const start = 1000;
    const count = 300;
    const r = await scoreCreditRulesEngine(creditEngine(), frame, start, count);
    const slice = (c: Float64Array): Float64Array => c.subarray(start, start + count);
    CREDIT_NODES.forEach((id, j) => expectSame(`node ${id}`, r.nodes[j], slice(kaohe.nodeScores[j])));
    expectSame('deductions', r.deductions, slice(kaohe.deductions));
    expectSame('score', r.score, slice(kaohe.score));
    expectSame('grade', r.grade, slice(kaohe.grade));
    CREDIT_VETOES.forEach((id, k) => {
      expectSame(`veto ${id}`, Array.from(r.vetoes, (m) => (m >> k) & 1), slice(kaohe.columns[kaohe.layout.veto[k]]));
    });
  });
});
