/**
 * eco-civ-assessment on Guizhou's three demo rounds: the 100-point score recomputed here from
 * the inputs (★ all or nothing, ◆ pro rata from 80 %, 浙江's rank rule, satisfaction, the
 * coastal indicator dropped and shared, incident deductions), the published part weights, the
 * grade cut-offs, and each veto forcing or capping the grade.
 */
import { describe, expect, it } from 'vitest';
import { explain, type Results } from '../../engine/index.js';
import { KaoheError } from '../../indicators/index.js';
import { categoryColumn, column, firedVetoes, gradeIds, lists, loadTemplate, roundText, score, withCell, YEARS } from './template-round.js';

const PARTS = { resource_use: 30, environmental_protection: 40, annual_results: 20, satisfaction: 10 };
/** Points of each target (our reading of the national indicator list; see the scheme). */
const RESOURCE = { binding: { energy_intensity_done: 4, carbon_intensity_done: 4, nonfossil_done: 4, water_intensity_done: 4, farmland_done: 4, construction_land_done: 4 }, expected: { energy_total_done: 3, water_total_done: 3 } };
const ENVIRONMENT = {
  binding: { pm25_done: 3.5, good_air_done: 3.5, surface_water_good_done: 3.5, surface_water_bad_done: 3.5, cod_done: 3.5, nh3n_done: 3.5, so2_done: 3.5, nox_done: 3.5, forest_cover_done: 3.5, forest_stock_done: 3.5 },
  expected: { coastal_water_done: 2.5, grassland_done: 2.5 },
};

const compiled = await loadTemplate('eco-civ-assessment');
const rounds: Results[] = YEARS.map((y) => score(compiled, roundText('eco-civ-assessment', y), `${y}.csv`));

interface Expected {
  score: number;
  grade: string;
}

/** The assessment by hand, from the inputs of entity i. */
function byHand(r: Results, i: number): Expected {
  const v = (id: string): number => column(r, id)[i];
  const coastal = categoryColumn(r, 'coastal')[i] === '是';
  let missed = 0;
  const earned = (part: { binding: Record<string, number>; expected: Record<string, number> }): { got: number; possible: number } => {
    let got = 0;
    let possible = 0;
    for (const [id, pts] of Object.entries(part.binding)) {
      possible += pts;
      if (v(id) >= 100) got += pts;
      else missed++;
    }
    for (const [id, pts] of Object.entries(part.expected)) {
      if (id === 'coastal_water_done' && !coastal) continue; // dropped: its points go to the rest of the part
      possible += pts;
      const x = v(id);
      if (x === x) got += pts * Math.min(1, Math.max(0, (x - 80) / 20));
    }
    return { got, possible };
  };
  const ru = earned(RESOURCE);
  const env = earned(ENVIRONMENT);
  let annual = 0;
  for (let k = 1; k <= 5; k++) annual += Math.max(0, 4 - 0.2 * (v(`gdi_rank_${k}`) - 1));
  const base = (30 * ru.got) / ru.possible + (40 * env.got) / env.possible + annual + v('public_satisfaction') / 10;
  const incidents = v('major_incidents');
  const total = Math.min(100, Math.max(0, base - Math.min(20, 5 * incidents)));
  const order = ['excellent', 'good', 'pass', 'fail'];
  let g = total >= 90 ? 0 : total >= 80 ? 1 : total >= 60 ? 2 : 3;
  if (incidents > 0) g = Math.max(g, 1);
  if (missed > 0) g = Math.max(g, 2);
  if (v('data_fraud') === 1) g = 3;
  return { score: total, grade: order[g] };
}

describe('eco-civ-assessment: the score and the grade', () => {
  it('every demo entity: the score and grade computed by hand from the inputs', () => {
    let capped = 0;
    for (const r of rounds) {
      const grades = gradeIds(r);
      for (let i = 0; i < r.frame.n; i++) {
        const e = byHand(r, i);
        expect(Math.abs(r.score[i] - e.score), r.frame.ids[i]).toBeLessThan(1e-9);
        expect(grades[i], r.frame.ids[i]).toBe(e.grade);
        if (firedVetoes(r, i).includes('binding_target_missed') && r.score[i] >= 80) capped++;
        expect(lists(r, i)).toEqual([...(e.grade === 'excellent' ? ['commend'] : []), ...(e.grade === 'fail' ? ['interview'] : [])]);
      }
    }
    expect(capped).toBeGreaterThan(0); // the demo shows a missed binding target holding a good score at 合格
  });

  it('the four parts carry 30 / 40 / 20 / 10 of the 100 points; the inland coastal target is shared within its part', () => {
    for (const r of rounds) {
      for (const id of r.frame.ids) {
        const nodes = new Map(explain(r, id)!.nodes.map((n) => [n.id, n]));
        for (const [part, points] of Object.entries(PARTS)) expect(Math.abs(nodes.get(part)!.effectiveWeight - points / 100)).toBeLessThan(1e-12);
        expect(nodes.get('coastal_water')!.applicable).toBe(false);
        expect(Math.abs(nodes.get('pm25')!.effectiveWeight - (0.4 * 3.5) / 37.5)).toBeLessThan(1e-12);
      }
    }
  });

  it('浙江’s rule: ranks 1, 2, 9 in the annual evaluations give 4, 3.8 and 2.4 points', () => {
    const text = roundText('eco-civ-assessment', '2025');
    const ranks = ['1', '2', '9', '1', '1'].reduce((t, rank, k) => withCell(t, '520100', `gdi_rank_${k + 1}`, rank), text);
    const r = score(compiled, ranks);
    const i = r.frame.ids.indexOf('520100');
    const annualPoints = (explain(r, '520100')!.nodes.find((n) => n.id === 'annual_results')!.score * 20) / 100;
    expect(Math.abs(annualPoints - (4 + 3.8 + 2.4 + 4 + 4))).toBeLessThan(1e-12);
    expect(Math.abs(r.score[i] - byHand(r, i).score)).toBeLessThan(1e-9);
  });
});

describe('eco-civ-assessment: vetoes', () => {
  const text = roundText('eco-civ-assessment', '2025');
  const base = score(compiled, text);
  // The best entity, whose own score would be 优秀 with room to spare.
  const best = Array.from(base.score).indexOf(Math.max(...base.score));
  const id = base.frame.ids[best];

  it('the demo round has an entity graded 优秀 on its score alone', () => {
    expect(base.score[best]).toBeGreaterThanOrEqual(95);
    expect(gradeIds(base)[best]).toBe('excellent');
    expect(firedVetoes(base, best)).toEqual([]);
  });

  it('data fraud → 不合格 whatever the score, and the interview list', () => {
    const r = score(compiled, withCell(text, id, 'data_fraud', '是'));
    const i = r.frame.ids.indexOf(id);
    expect(r.score[i]).toBe(base.score[best]);
    expect(gradeIds(r)[i]).toBe('fail');
    expect(firedVetoes(r, i)).toEqual(['data_fraud']);
    expect(lists(r, i)).toEqual(['interview']);
  });

  it('a serious incident deducts 5 points and bars 优秀 even when 90 remain', () => {
    const r = score(compiled, withCell(text, id, 'major_incidents', '1'));
    const i = r.frame.ids.indexOf(id);
    expect(Math.abs(r.score[i] - (base.score[best] - 5))).toBeLessThan(1e-9);
    expect(r.score[i]).toBeGreaterThanOrEqual(90);
    expect(gradeIds(r)[i]).toBe('good');
  });

  it('one binding target missed (99.9 %) loses its points and caps the grade at 合格', () => {
    const r = score(compiled, withCell(text, id, 'so2_done', '99.9'));
    const i = r.frame.ids.indexOf(id);
    expect(Math.abs(r.score[i] - (base.score[best] - (40 * 3.5) / 37.5))).toBeLessThan(1e-9);
    expect(r.score[i]).toBeGreaterThanOrEqual(90);
    expect(gradeIds(r)[i]).toBe('pass');
    expect(firedVetoes(r, i)).toEqual(['binding_target_missed']);
  });

  it('no data for a binding target counts as not met', () => {
    const r = score(compiled, withCell(text, id, 'farmland_done', ''));
    const i = r.frame.ids.indexOf(id);
    expect(Math.abs(r.score[i] - (base.score[best] - 4))).toBeLessThan(1e-9);
    expect(gradeIds(r)[i]).toBe('pass');
  });
});

describe('eco-civ-assessment: bad data', () => {
  it('a rank of 0 and a fraud flag that is not yes/no are refused, each naming its cell', () => {
    let t = withCell(roundText('eco-civ-assessment', '2023'), '520300', 'gdi_rank_2', '0');
    t = withCell(t, '522700', 'data_fraud', '也许');
    try {
      score(compiled, t, '2023.csv');
      expect.unreachable('accepted');
    } catch (e) {
      if (!(e instanceof KaoheError)) throw e;
      expect(e.problems.map((p) => p.where)).toEqual(['2023.csv:4 gdi_rank_2', '2023.csv:10 data_fraud']);
    }
  });
});
