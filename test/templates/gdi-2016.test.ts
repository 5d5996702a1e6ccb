/**
 * gdi-2016 on its three demo rounds (31 provinces): the published category weights, the ★/◆
 * assignment against them, efficacy-coefficient indices, "no data → 60", regional indicators
 * dropped with their weight shared, and public satisfaction shown without weight.
 */
import { describe, expect, it } from 'vitest';
import { explain, type Results } from '../../engine/index.js';
import { KaoheError } from '../../indicators/index.js';
import { categoryColumn, childrenOf, column, loadTemplate, nodeScores, roundText, score, withCell, YEARS } from './template-round.js';

/** The published category weights (2016 green development indicator system). */
const PUBLISHED: Record<string, number> = {
  resource_use: 29.3,
  environmental_governance: 16.5,
  environmental_quality: 19.3,
  ecological_protection: 16.5,
  growth_quality: 9.2,
  green_living: 9.2,
};
/** Regional indicators and the attribute that says who has them. */
const REGIONAL: Record<string, string> = {
  coastal_water: 'coastal', natural_coastline: 'coastal', marine_reserves: 'coastal', grassland_cover: 'grassland', sandy_land_treated: 'sandy_land',
};

const compiled = await loadTemplate('gdi-2016');
const rounds: Results[] = YEARS.map((y) => score(compiled, roundText('gdi-2016', y), `${y}.csv`));

function applicable(r: Results, indicator: string): boolean[] {
  const attr = REGIONAL[indicator];
  if (!attr) return Array.from({ length: r.frame.n }, () => true);
  return categoryColumn(r, attr).map((v) => v === '是');
}

describe('gdi-2016: weights', () => {
  it('has 55 weighted indicators in the 6 categories, 16 of them ★, and public satisfaction at weight 0', () => {
    const r = rounds[0];
    const top = childrenOf(r, 'GDI');
    expect(top.map((c) => c.id)).toEqual([...Object.keys(PUBLISHED), 'public_satisfaction']);
    const indicators = Object.keys(PUBLISHED).flatMap((c) => childrenOf(r, c));
    expect(indicators).toHaveLength(55);
    expect(indicators.filter((c) => c.weight === 3)).toHaveLength(16);
    expect(top.find((c) => c.id === 'public_satisfaction')!.weight).toBe(0);
  });

  it('the ★/◆/plain marks agree with the published category weights (2.75 / 1.83 / 0.92, rounded half up)', () => {
    for (const [category, published] of Object.entries(PUBLISHED)) {
      // The indicator weight in hundredths of a percent: 3, 2, 1 units of 100/109, to 2 decimals.
      const hundredths = childrenOf(rounds[0], category).reduce((s, c) => s + Math.round((c.weight * 10_000) / 109), 0);
      expect(Math.round(hundredths / 10) / 10, category).toBe(published);
    }
  });

  it('per category, the effective weights sum to the published weight for every province in every round', () => {
    for (const r of rounds) {
      for (const id of r.frame.ids) {
        const e = explain(r, id)!;
        const ew = new Map(e.nodes.map((n) => [n.id, n.effectiveWeight]));
        for (const [category, published] of Object.entries(PUBLISHED)) {
          const sum = childrenOf(r, category).reduce((s, c) => s + ew.get(c.id)!, 0);
          expect(Math.abs(sum - published / 100), `${id} ${category}`).toBeLessThan(1e-12);
          expect(Math.abs(ew.get(category)! - published / 100)).toBeLessThan(1e-12);
        }
        expect(ew.get('public_satisfaction')).toBe(0);
      }
    }
  });
});

describe('gdi-2016: individual indices and aggregation', () => {
  it('every applicable indicator is 60 + 40·(x − min)/(max − min) (reversed when lower is better), no data → 60', () => {
    let noData = 0;
    for (const r of rounds) {
      for (const node of r.plan.nodes) {
        if (node.kind !== 'indicator' || node.id === 'public_satisfaction') continue;
        const x = column(r, node.input);
        const app = applicable(r, node.id);
        const present = Array.from(x).filter((v, i) => app[i] && v === v);
        const [mn, mx] = [Math.min(...present), Math.max(...present)];
        const got = nodeScores(r, node.id);
        x.forEach((v, i) => {
          let expected: number;
          if (!app[i]) expected = NaN;
          else if (v !== v) {
            expected = 60;
            noData++;
          } else expected = node.direction === 1 ? 60 + (40 * (v - mn)) / (mx - mn) : 60 + (40 * (mx - v)) / (mx - mn);
          if (expected !== expected) expect(got[i], `${node.id} ${r.frame.ids[i]}`).toBeNaN();
          else expect(Math.abs(got[i] - expected), `${node.id} ${r.frame.ids[i]}`).toBeLessThan(1e-9);
        });
      }
    }
    expect(noData).toBeGreaterThan(0); // the demo rounds do exercise the rule
  });

  it('a regional indicator is dropped where it does not apply and its weight is shared within its category', () => {
    let dropped = 0;
    for (const r of rounds) {
      for (const [category, published] of Object.entries(PUBLISHED)) {
        const kids = childrenOf(r, category);
        const cat = nodeScores(r, category);
        for (let i = 0; i < r.frame.n; i++) {
          const here = kids.filter((c) => applicable(r, c.id)[i]);
          const totalWeight = here.reduce((s, c) => s + c.weight, 0);
          const mean = here.reduce((s, c) => s + c.weight * nodeScores(r, c.id)[i], 0) / totalWeight;
          expect(Math.abs(cat[i] - mean)).toBeLessThan(1e-9);
          if (here.length === kids.length) continue;
          dropped++;
          const e = explain(r, r.frame.ids[i])!;
          for (const c of kids) {
            const n = e.nodes.find((m) => m.id === c.id)!;
            const shared = here.includes(c) ? ((published / 100) * c.weight) / totalWeight : 0;
            expect(Math.abs(n.effectiveWeight - shared)).toBeLessThan(1e-12);
            if (!here.includes(c)) expect(n.applicable).toBe(false);
          }
        }
      }
    }
    expect(dropped).toBeGreaterThan(0);
  });

  it('the GDI is the weighted mean of the six categories; public satisfaction is shown as given and moves nothing', () => {
    for (const r of rounds) {
      const gdi = nodeScores(r, 'GDI');
      const sat = nodeScores(r, 'public_satisfaction');
      const input = column(r, 'public_satisfaction');
      for (let i = 0; i < r.frame.n; i++) {
        const expected = Object.entries(PUBLISHED).reduce((s, [c, w]) => s + w * nodeScores(r, c)[i], 0) / 100;
        expect(Math.abs(gdi[i] - expected)).toBeLessThan(1e-9);
        expect(Object.is(sat[i], input[i]) || Math.abs(sat[i] - input[i]) < 1e-12).toBe(true);
      }
    }
    // Changing satisfaction alone leaves every GDI as it was.
    const text = roundText('gdi-2016', '2025');
    const before = score(compiled, text);
    const after = score(compiled, withCell(text, '330000', 'public_satisfaction', '5'));
    expect(Array.from(after.score)).toEqual(Array.from(before.score));
  });

  it('the three rounds are different years: the ranking changes', () => {
    const [first, , last] = rounds;
    const moved = first.frame.ids.filter((id, i) => last.rank[last.frame.ids.indexOf(id)] !== first.rank[i]);
    expect(moved.length).toBeGreaterThan(5);
  });
});

describe('gdi-2016: bad data', () => {
  it('a share above 100 % is refused, naming the row and the column', () => {
    const bad = withCell(roundText('gdi-2016', '2024'), '440000', 'good_air_days', '120');
    let problems: { where: string }[] = [];
    try {
      score(compiled, bad, '2024.csv');
    } catch (e) {
      if (!(e instanceof KaoheError)) throw e;
      problems = e.problems;
    }
    expect(problems.map((p) => p.where)).toEqual(['2024.csv:20 good_air_days']);
  });
});
