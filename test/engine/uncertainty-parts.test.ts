/**
 * The parts of an uncertainty analysis: the quantile definition (checked against a hand
 * computation of R's type 7), the seeded random stream, and specs refused with their YAML
 * path and line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReplicationRng } from '../../engine/prng.js';
import { quantileSorted } from '../../engine/quantile.js';
import { QUANTILES, quantilesBySelection, quantilesOfWholeNumbers, summariseEntities } from '../../engine/uncertainty-summary.js';
import { KaoheError, loadSchemeText, loadUncertaintySpec, type Problem } from '../../indicators/index.js';
import { root } from '../cli-runner.js';

const scheme = loadSchemeText(readFileSync(join(root, 'templates/demo-green.yaml'), 'utf8'));

describe('type 7 quantiles', () => {
  it('match a hand computation: h = (m − 1)p, interpolate between the neighbours', () => {
    const x = Float64Array.from([1, 2, 3, 4, 10]);
    // p = 0.05: h = 0.2 → 0.8·1 + 0.2·2; p = 0.95: h = 3.8 → 0.2·4 + 0.8·10; the median is x[2].
    expect(quantileSorted(x, 0.05)).toBeCloseTo(1.2, 14);
    expect(quantileSorted(x, 0.5)).toBe(3);
    expect(quantileSorted(x, 0.95)).toBeCloseTo(8.8, 14);
    // Four values: the median is halfway between the middle two.
    expect(quantileSorted(Float64Array.from([1, 2, 4, 8]), 0.5)).toBe(3);
    expect(quantileSorted(Float64Array.from([0.1, 0.1, 0.1]), 0.05)).toBe(0.1);
    expect(quantileSorted(Float64Array.from([7]), 0.95)).toBe(7);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
  });

  // Values that stress selection: many ties, −0 beside +0, runs already in order or reversed.
  const samples = (rng: ReplicationRng): Float64Array[] => Array.from({ length: 300 }, (_, t) => {
    const m = 1 + Math.floor(rng.next() * (t < 150 ? 12 : 400));
    const kind = t % 4;
    const a = Float64Array.from({ length: m }, (_, k) => {
      if (kind === 0) return Math.floor(rng.next() * 4) - 1.5;
      if (kind === 1) return rng.next() < 0.5 ? -0 : 0;
      if (kind === 2) return k;
      return rng.next() * 100 - 50;
    });
    return kind === 2 && t % 8 === 2 ? a.reverse() : a;
  });
  const sortedQuantiles = (a: Float64Array): number[] => QUANTILES.map((p) => quantileSorted(a.slice().sort(), p));
  const bySelection = (a: Float64Array, f: (a: Float64Array, out: Float64Array[]) => void): number[] => {
    const out = QUANTILES.map(() => new Float64Array(1));
    f(a.slice(), out);
    return out.map((o) => o[0]);
  };

  it('by selection are the sorted values\' quantiles, bit for bit (−0 included), for any length and ties', () => {
    for (const a of samples(new ReplicationRng(5, 0))) {
      const got = bySelection(a, (b, out) => quantilesBySelection(b, b.length, out, 0));
      got.forEach((v, q) => expect(Object.is(v, sortedQuantiles(a)[q]), `${Array.from(a).join(',')} at ${QUANTILES[q]}: ${v}`).toBe(true));
    }
  });

  it('of whole numbers by counting are the same, and fall back to selection for fractions or a wide range', () => {
    const rng = new ReplicationRng(6, 0);
    const cases = [
      ...Array.from({ length: 100 }, () => Float64Array.from({ length: 1 + Math.floor(rng.next() * 300) }, () => 1 + Math.floor(rng.next() * 40))),
      Float64Array.from([3, 3, 3, 3]), Float64Array.from([7]), Float64Array.from([1.5, 2, 9]), Float64Array.from([1, 1000, 5]),
    ];
    for (const a of cases) {
      expect(bySelection(a, (b, out) => quantilesOfWholeNumbers(b, b.length, out, 0, new Int32Array(64))), Array.from(a).join(',')).toEqual(sortedQuantiles(a));
    }
  });

  it('of each entity from replication rows skip unscored replications; any entity range gives the same columns', () => {
    const n = 70;
    const N = 45;
    const rng = new ReplicationRng(7, 0);
    const score = Float64Array.from({ length: N * n }, () => (rng.next() < 0.1 ? NaN : rng.next() * 100));
    const rank = Float32Array.from({ length: N * n }, () => 1 + Math.floor(rng.next() * n));
    const run = (ranges: [number, number][]): Float64Array[] => {
      const cols = Array.from({ length: 6 }, () => new Float64Array(n));
      const [s0, s1, s2, r0, r1, r2] = cols;
      for (const [from, to] of ranges) summariseEntities({ score, rank, n, N, from, to, scoreQ: [s0, s1, s2], rankQ: [r0, r1, r2] });
      return cols;
    };
    const whole = run([[0, n]]);
    expect(run([[0, 1], [1, 33], [33, 34], [34, n]])).toEqual(whole);
    for (let i = 0; i < n; i++) {
      const kept = Array.from({ length: N }, (_, r) => r).filter((r) => !Number.isNaN(score[r * n + i]));
      const s = Float64Array.from(kept, (r) => score[r * n + i]);
      const q = Float64Array.from(kept, (r) => rank[r * n + i]);
      expect(whole.slice(0, 3).map((c) => c[i])).toEqual(sortedQuantiles(s));
      expect(whole.slice(3).map((c) => c[i])).toEqual(sortedQuantiles(q));
    }
  });
});

describe('replication random streams', () => {
  it('depend only on the seed and the replication, fall in [0, 1), and differ between replications', () => {
    const take = (seed: number, r: number, k: number): number[] => {
      const g = new ReplicationRng(seed, r);
      return Array.from({ length: k }, () => g.next());
    };
    expect(take(1, 5, 20)).toEqual(take(1, 5, 20));
    expect(take(1, 5, 20)).not.toEqual(take(1, 6, 20));
    expect(take(1, 5, 20)).not.toEqual(take(2, 5, 20));
    const many = take(42, 0, 20_000);
    expect(Math.min(...many)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...many)).toBeLessThan(1);
    const mean = many.reduce((s, v) => s + v, 0) / many.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const firsts = new Set(Array.from({ length: 5000 }, (_, r) => take(9, r, 1)[0]));
    expect(firsts.size).toBe(5000);
  });
});

function problems(text: string): Problem[] {
  try {
    loadUncertaintySpec(text, scheme);
  } catch (e) {
    if (e instanceof KaoheError) return e.problems;
    throw e;
  }
  throw new Error('the spec was accepted');
}

describe('a spec that is not YAML', () => {
  it('says so in Chinese in the Chinese half (the parser\'s English only in the English half)', () => {
    const [p] = problems('assumptions: [a\n');
    expect(p.zh).toMatch(/^YAML 语法错误：[^A-Za-z]*$/);
    expect(p.en).toMatch(/^YAML syntax error: [A-Z]/);
  });
});

describe('bad specs', () => {
  const cases: { what: string; text: string; where: string; line: number | undefined; en: RegExp }[] = [
    { what: 'an empty file', text: '', where: 'assumptions', line: undefined, en: /required/ },
    { what: 'no assumptions', text: 'assumptions: []\n', where: 'assumptions', line: 1, en: /at least 1/ },
    { what: 'an unknown node', text: 'assumptions:\n  - id: w\n    weights: { nodes: [energy, enrgy], noise: 0.2 }\n', where: 'assumptions[0].weights.nodes[1]', line: 3, en: /no node "enrgy"/ },
    { what: 'the root\'s weight', text: 'assumptions:\n  - id: w\n    weights:\n      nodes: [GDI]\n      noise: 0.2\n', where: 'assumptions[0].weights.nodes[0]', line: 4, en: /root has no weight/ },
    { what: 'normalising an aggregate', text: 'assumptions:\n  - id: n\n    normalise: { indicators: [resources], alternatives: [minmax] }\n', where: 'assumptions[0].normalise.indicators[0]', line: 3, en: /not an indicator/ },
    { what: 'aggregating an indicator', text: 'assumptions:\n  - id: a\n    aggregate: { nodes: [forest], alternatives: [mean] }\n', where: 'assumptions[0].aggregate.nodes[0]', line: 3, en: /not an aggregate/ },
    { what: 'two kinds at once', text: 'assumptions:\n  - id: a\n    aggregate: { nodes: all, alternatives: [mean] }\n    weights: { nodes: all, noise: 0.1 }\n', where: 'assumptions[0]', line: 2, en: /exactly one of/ },
    { what: 'no kind', text: 'assumptions:\n  - id: a\n', where: 'assumptions[0]', line: 2, en: /exactly one of/ },
    { what: 'noise out of range', text: 'assumptions:\n  - id: w\n    weights: { nodes: all, noise: 1.5 }\n', where: 'assumptions[0].weights.noise', line: 3, en: /noise must be/ },
    { what: 'an unknown field', text: 'assumptions:\n  - id: w\n    weights: { nodes: all, noise: 0.1, nosie: 2 }\n', where: 'assumptions[0].weights.nosie', line: 3, en: /unknown field/ },
    { what: 'an unknown method', text: 'assumptions:\n  - id: n\n    normalise: { indicators: all, alternatives: [minmax, maxmin] }\n', where: 'assumptions[0].normalise.alternatives[1].method', line: 3, en: /expected one of/ },
    { what: 'an alternative a node can\'t take', text: 'assumptions:\n  - id: n\n    normalise:\n      indicators: [energy]\n      alternatives:\n        - efficacy\n        - fractionOfMax\n', where: 'assumptions[0].normalise.alternatives[1]', line: 7, en: /can't take this alternative: tree\.children\[0\]\.children\[0\]\.direction.*lower-is-better/ },
    { what: 'an imputation a node can\'t take', text: 'assumptions:\n  - id: m\n    impute: { alternatives: [mean, { method: groupMean, group: nope }] }\n', where: 'assumptions[0].impute.alternatives[1]', line: 3, en: /can't take this alternative: .*group "nope" is not a defined attribute/ },
    { what: 'an outlier rule on an aggregate', text: 'assumptions:\n  - id: o\n    outliers: { indicators: [ecology], alternatives: [none, coinr] }\n', where: 'assumptions[0].outliers.indicators[0]', line: 3, en: /not an indicator \(only indicators have outliers\)/ },
    { what: 'probabilities of the wrong length', text: 'assumptions:\n  - id: a\n    aggregate: { nodes: all, alternatives: [mean, geometric], p: [1] }\n', where: 'assumptions[0].aggregate.p', line: 3, en: /one probability per alternative/ },
    { what: 'probabilities not summing to 1', text: 'assumptions:\n  - id: a\n    aggregate: { nodes: all, alternatives: [mean, geometric], p: [0.5, 0.6] }\n', where: 'assumptions[0].aggregate.p', line: 3, en: /sum to 1/ },
    { what: 'a repeated assumption id', text: 'assumptions:\n  - id: a\n    aggregate: { nodes: [resources], alternatives: [mean] }\n  - id: a\n    aggregate: { nodes: [ecology], alternatives: [mean] }\n', where: 'assumptions[1].id', line: 4, en: /used twice/ },
    { what: 'a node varied twice the same way', text: 'assumptions:\n  - id: a\n    aggregate: { nodes: all, alternatives: [mean] }\n  - id: b\n    aggregate: { nodes: [ecology], alternatives: [geometric] }\n', where: 'assumptions[1].aggregate.nodes', line: 5, en: /already varied by assumption "a"/ },
    { what: 'YAML syntax (a key written twice)', text: 'assumptions:\n  - id: a\n    id: b\n', where: 'YAML', line: 3, en: /YAML syntax error/ },
  ];
  for (const c of cases) {
    it(`refuses ${c.what}, naming the path and line`, () => {
      const found = problems(c.text);
      const p = found.find((x) => x.where === c.where);
      expect(p, JSON.stringify(found)).toBeDefined();
      expect(p!.line).toBe(c.line);
      expect(p!.en).toMatch(c.en);
      expect(p!.zh.length).toBeGreaterThan(0);
      expect(p!.zh).not.toBe(p!.en);
    });
  }
});
