/**
 * xinan-compensation: the section index P = K0 · Σ kᵢ · Cᵢ / Cᵢ₀ (K0 = 0.85, kᵢ = 0.25) worked
 * by hand on small cases and recomputed for every demo row, and who pays whom (P ≤ 1:
 * downstream pays upstream; P > 1: upstream pays downstream).
 */
import { describe, expect, it } from 'vitest';
import { explain } from '../../engine/index.js';
import { KaoheError } from '../../indicators/index.js';
import { column, lists, loadTemplate, nodeScores, roundText, score, YEARS } from './template-round.js';

const compiled = await loadTemplate('xinan-compensation');
const HEADER = 'id,name,river,upstream,downstream,codmn,nh3n,tn,tp,codmn_base,nh3n_base,tn_base,tp_base';

describe('xinan-compensation: hand-computed cases', () => {
  // Baselines 2, 0.4, 1.6, 0.08 mg/L throughout.
  //   A: every indicator at its baseline: P = 0.85 · 0.25 · (1 + 1 + 1 + 1) = 0.85.
  //   B: CODMn at twice its baseline: P = 0.85 · 0.25 · (2 + 1 + 1 + 1) = 1.0625.
  //   C: every indicator at half its baseline: P = 0.85 · 0.25 · 2 = 0.425.
  //   D: 2.3/2, 0.5/0.4, 1.9/1.6, 0.1/0.08 = 1.15 + 1.25 + 1.1875 + 1.25 = 4.8375: P = 1.02796875.
  //   E: 2.2/2, 0.44/0.4, 1.76/1.6, 0.088/0.08 = 4 · 1.1 = 4.4: P = 0.935.
  const csv = [
    HEADER,
    'A,甲,某河,上省,下省,2,0.4,1.6,0.08,2,0.4,1.6,0.08',
    'B,乙,某河,上省,下省,4,0.4,1.6,0.08,2,0.4,1.6,0.08',
    'C,丙,某河,上省,下省,1,0.2,0.8,0.04,2,0.4,1.6,0.08',
    'D,丁,某河,上省,下省,2.3,0.5,1.9,0.1,2,0.4,1.6,0.08',
    'E,戊,某河,上省,下省,2.2,0.44,1.76,0.088,2,0.4,1.6,0.08',
  ].join('\n');
  const r = score(compiled, csv);
  const byHand = [0.85, 1.0625, 0.425, 1.02796875, 0.935];

  it('P equals the hand computation', () => {
    byHand.forEach((p, i) => expect(Math.abs(r.score[i] - p), r.frame.ids[i]).toBeLessThan(1e-12));
  });

  it('P ≤ 1: downstream pays upstream; P > 1: upstream pays downstream', () => {
    expect(byHand.map((_, i) => lists(r, i))).toEqual([['downstream_pays'], ['upstream_pays'], ['downstream_pays'], ['upstream_pays'], ['downstream_pays']]);
  });

  it('each indicator contributes kᵢ · K0 · Cᵢ / Cᵢ₀ (B: CODMn 0.425, each other 0.2125)', () => {
    const e = explain(r, 'B')!;
    const contribution = new Map(e.nodes.map((n) => [n.id, n.contribution]));
    expect(Math.abs(contribution.get('codmn_ratio')! - 0.425)).toBeLessThan(1e-12);
    for (const id of ['nh3n_ratio', 'tn_ratio', 'tp_ratio']) expect(Math.abs(contribution.get(id)! - 0.2125)).toBeLessThan(1e-12);
  });

  it('ranks lowest P first (ranking.order: ascending): rank 1 is the cleanest section against its baseline', () => {
    // C 0.425 < A 0.85 < E 0.935 < D 1.028 < B 1.0625.
    expect(r.plan.ranking.order).toBe('ascending');
    expect(Array.from(r.rank)).toEqual([2, 5, 1, 4, 3]);
  });

  it('equal indices share a rank ("1224"), a missing P has none', () => {
    // A and F both at their baselines (F's values are A's doubled, so P is the same double, 0.85);
    // C 0.425; B 1.0625; Z a zero baseline (P missing).
    const t = score(compiled, [
      HEADER,
      'A,甲,某河,上省,下省,2,0.4,1.6,0.08,2,0.4,1.6,0.08',
      'Z,零,某河,上省,下省,2,0.4,1.6,0.08,0,0.4,1.6,0.08',
      'B,乙,某河,上省,下省,4,0.4,1.6,0.08,2,0.4,1.6,0.08',
      'F,己,某河,上省,下省,4,0.8,3.2,0.16,4,0.8,3.2,0.16',
      'C,丙,某河,上省,下省,1,0.2,0.8,0.04,2,0.4,1.6,0.08',
    ].join('\n'));
    expect(t.score[0]).toBe(t.score[3]);
    expect(Array.from(t.rank)).toEqual([2, NaN, 4, 2, 1]);
  });

  it('a zero baseline leaves P missing and the section on neither list (not re-scaled from three terms)', () => {
    const z = score(compiled, `${HEADER}\nZ,零,某河,上省,下省,2,0.4,1.6,0.08,0,0.4,1.6,0.08\n`);
    expect(z.score[0]).toBeNaN();
    expect(lists(z, 0)).toEqual([]);
  });
});

describe('xinan-compensation: the demo rounds', () => {
  it('for every section and year, P recomputed from the file, and the list that follows from it', () => {
    let upstream = 0;
    let downstream = 0;
    for (const y of YEARS) {
      const r = score(compiled, roundText('xinan-compensation', y), `${y}.csv`);
      const ratio = (c: string, i: number): number => column(r, c)[i] / column(r, `${c}_base`)[i];
      for (let i = 0; i < r.frame.n; i++) {
        const p = 0.85 * 0.25 * (ratio('codmn', i) + ratio('nh3n', i) + ratio('tn', i) + ratio('tp', i));
        expect(Math.abs(nodeScores(r, 'P')[i] - p)).toBeLessThan(1e-12);
        const pays = p <= 1 ? 'downstream_pays' : 'upstream_pays';
        expect(lists(r, i)).toEqual([pays]);
        if (pays === 'upstream_pays') upstream++;
        else downstream++;
      }
      // Rank 1 is the lowest P of the round; ranks rise with P.
      const byRank = Array.from({ length: r.frame.n }, (_, i) => i).sort((a, b) => r.rank[a] - r.rank[b]);
      expect(r.rank[byRank[0]]).toBe(1);
      expect(r.score[byRank[0]]).toBe(Math.min(...r.score));
      for (let k = 1; k < byRank.length; k++) expect(r.score[byRank[k]]).toBeGreaterThanOrEqual(r.score[byRank[k - 1]]);
      expect(r.frame.ids).toContain('XAJ-JK'); // 街口, the verified section
    }
    expect(upstream).toBeGreaterThan(0);
    expect(downstream).toBeGreaterThan(0);
  });
});

describe('xinan-compensation: bad data', () => {
  it('a missing measurement and a negative baseline are refused, naming the cells', () => {
    try {
      score(compiled, `${HEADER}\nA,甲,某河,上省,下省,2,0.4,,0.08,2,0.4,1.6,-0.08\n`, 'x.csv');
      expect.unreachable('accepted');
    } catch (e) {
      if (!(e instanceof KaoheError)) throw e;
      expect(e.problems.map((p) => p.where)).toEqual(['x.csv:2 tn', 'x.csv:2 tp_base']);
    }
  });
});
