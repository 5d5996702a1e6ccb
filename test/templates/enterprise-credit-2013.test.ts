/**
 * enterprise-credit-2013 on its three demo rounds (10,000 synthetic enterprises): the published
 * band table of 达标排放 (weight 15 %), the category weights, the seven vetoes each sending an
 * enterprise to 环保不良, the 安庆 grade cut-offs, and the cleaner-production audit dropped for
 * enterprises that need none.
 */
import { describe, expect, it } from 'vitest';
import { explain, roundHalfEven, type Results } from '../../engine/index.js';
import { KaoheError } from '../../indicators/index.js';
import { categoryColumn, childrenOf, column, firedVetoes, gradeIds, lists, loadTemplate, nodeScores, onlyRows, roundText, score, withCell, YEARS } from './template-round.js';

const CATEGORY_WEIGHTS = { pollution_prevention: 29, ecological_protection: 5, environmental_management: 54, social_oversight: 12 };
const VETO_FLAGS = ['environmental_crime', 'built_without_eia', 'controls_unbuilt', 'major_change_unapproved', 'hidden_pipe_bypass', 'hazardous_waste_dumping'];

/** 环发〔2013〕150号 附件1, indicator 1: ≥ 90 % band 1 (80–100), 75–90 % band 2 (50–79), < 75 % band 3 (0–49), < 50 % → 0; linear inside a band. */
function emissionBand(x: number): number {
  if (x !== x) return NaN;
  if (x >= 90) return 80 + (20 * (Math.min(x, 100) - 90)) / 10;
  if (x >= 75) return 50 + (29 * (x - 75)) / 15;
  if (x >= 50) return (49 * (x - 50)) / 25;
  return 0;
}

const compiled = await loadTemplate('enterprise-credit-2013');
const texts = YEARS.map((y) => roundText('enterprise-credit-2013', y));
const rounds: Results[] = texts.map((t, k) => score(compiled, t, `${YEARS[k]}.csv`));

function vetoedByInputs(r: Results, i: number): string[] {
  const out = VETO_FLAGS.slice(0, 4).filter((f) => column(r, f)[i] === 1);
  if (column(r, 'total_load_ratio')[i] > 100) out.push('over_total_load');
  return [...out, ...VETO_FLAGS.slice(4).filter((f) => column(r, f)[i] === 1)];
}

describe('enterprise-credit-2013: weights and bands', () => {
  it('categories 29 / 5 / 54 / 12 % and 达标排放 15 % for an enterprise scored on all 21 indicators', () => {
    const r = rounds[0];
    const required = categoryColumn(r, 'cleaner_production_required');
    const i = required.findIndex((v, k) => v === '是' && r.plan.nodes.every((n) => n.kind !== 'indicator' || nodeScores(r, n.id)[k] === nodeScores(r, n.id)[k]));
    expect(i).toBeGreaterThanOrEqual(0);
    const nodes = new Map(explain(r, r.frame.ids[i])!.nodes.map((n) => [n.id, n.effectiveWeight]));
    for (const [c, w] of Object.entries(CATEGORY_WEIGHTS)) expect(Math.abs(nodes.get(c)! - w / 100)).toBeLessThan(1e-12);
    expect(Math.abs(nodes.get('emission_compliance')! - 0.15)).toBeLessThan(1e-12);
    expect(Object.keys(CATEGORY_WEIGHTS).flatMap((c) => childrenOf(r, c))).toHaveLength(21);
  });

  it('达标排放 follows the published band table for every enterprise in every round', () => {
    for (const r of rounds) {
      const x = column(r, 'emission_compliance_rate');
      const got = nodeScores(r, 'emission_compliance');
      x.forEach((v, i) => {
        const e = emissionBand(v);
        if (e !== e) expect(got[i]).toBeNaN();
        else expect(Math.abs(got[i] - e)).toBeLessThan(1e-9);
      });
    }
  });

  it('band edges: 90 % is band 1, just under 90 % band 2, 75 % band 2, 50 % and below 0', () => {
    const rates = ['100', '90', '89.99', '75', '74.99', '50', '49.9', '0'];
    const ids = rounds[0].frame.ids.slice(0, rates.length);
    const t = rates.reduce((text, v, k) => withCell(text, ids[k], 'emission_compliance_rate', v), onlyRows(texts[0], ids));
    const got = nodeScores(score(compiled, t), 'emission_compliance').slice(0, rates.length);
    const expected = [100, 80, 50 + (29 * 14.99) / 15, 50, (49 * 24.99) / 25, 0, 0, 0];
    got.forEach((g, k) => expect(Math.abs(g - expected[k]), rates[k]).toBeLessThan(1e-9));
    expect(got[1] >= 80 && got[2] < 80).toBe(true);
  });

  it('强制性清洁生产审核 is dropped for enterprises that need no audit, its weight shared within 环境管理', () => {
    const r = rounds[1];
    const required = categoryColumn(r, 'cleaner_production_required');
    const kids = childrenOf(r, 'environmental_management');
    const management = nodeScores(r, 'environmental_management');
    let dropped = 0;
    for (let i = 0; i < r.frame.n; i++) {
      const here = kids.filter((c) => (c.id !== 'cleaner_production' || required[i] === '是') && nodeScores(r, c.id)[i] === nodeScores(r, c.id)[i]);
      const mean = here.reduce((s, c) => s + c.weight * nodeScores(r, c.id)[i], 0) / here.reduce((s, c) => s + c.weight, 0);
      expect(Math.abs(management[i] - mean)).toBeLessThan(1e-9);
      if (required[i] === '否') {
        dropped++;
        expect(nodeScores(r, 'cleaner_production')[i]).toBeNaN();
      }
    }
    expect(dropped).toBeGreaterThan(1000);
  });

  it('no data leaves an indicator out, also where the score is a derived expression (verdict, noise)', () => {
    const id = rounds[0].frame.ids[0];
    let t = withCell(onlyRows(texts[0], [id]), id, 'hazardous_waste_assessment', '');
    t = withCell(t, id, 'noise_exceedance', '');
    const r = score(compiled, t);
    expect(nodeScores(r, 'hazardous_waste')[0]).toBeNaN();
    expect(nodeScores(r, 'noise')[0]).toBeNaN();
    const kept = childrenOf(r, 'pollution_prevention').filter((c) => c.id === 'emission_compliance' || c.id === 'solid_waste');
    const mean = kept.reduce((s, c) => s + c.weight * nodeScores(r, c.id)[0], 0) / kept.reduce((s, c) => s + c.weight, 0);
    expect(Math.abs(nodeScores(r, 'pollution_prevention')[0] - mean)).toBeLessThan(1e-9);
  });

  it('the verdict scores at its band’s middle; noise over by 0, 2.5, 5, 10 dB(A) scores 100, 64.5, 50, 24.5', () => {
    const ids = rounds[0].frame.ids.slice(0, 4);
    let t = onlyRows(texts[0], ids);
    ['达标', '基本达标', '不达标', '达标'].forEach((v, k) => (t = withCell(t, ids[k], 'hazardous_waste_assessment', v)));
    ['0', '2.5', '5', '10'].forEach((v, k) => (t = withCell(t, ids[k], 'noise_exceedance', v)));
    const r = score(compiled, t);
    expect(Array.from(nodeScores(r, 'hazardous_waste'))).toEqual([90, 64.5, 24.5, 90]);
    expect(Array.from(nodeScores(r, 'noise'))).toEqual([100, 64.5, 50, 24.5]);
  });
});

describe('enterprise-credit-2013: grades and vetoes', () => {
  // On the published score (rounded to the scheme's 2 decimals; semantics level 2): 79.996 is published as 80.00, 良好.
  it('grades: 诚信 ≥ 95, 良好 80–95, 警示 60–80, 不良 < 60 on the published score; any veto → 不良 whatever the score', () => {
    let vetoed = 0;
    for (const r of rounds) {
      const grades = gradeIds(r);
      for (let i = 0; i < r.frame.n; i++) {
        const expectedVetoes = vetoedByInputs(r, i);
        expect(firedVetoes(r, i)).toEqual(expectedVetoes);
        const s = roundHalfEven(r.score[i], r.plan.rounding.decimals);
        const byScore = s >= 95 ? 'trustworthy' : s >= 80 ? 'good' : s >= 60 ? 'warning' : 'poor';
        expect(grades[i]).toBe(expectedVetoes.length > 0 ? 'poor' : byScore);
        expect(lists(r, i)).toEqual(grades[i] === 'poor' ? ['red_list'] : []);
        if (expectedVetoes.length > 0 && s >= 80) vetoed++;
      }
    }
    expect(vetoed).toBeGreaterThan(0); // vetoes that overrule a good score occur in the demo
  });

  it('each of the seven vetoes alone sends a 诚信 enterprise to 环保不良', () => {
    // Band scores don't depend on other enterprises: the one row scores as in the whole round.
    const k = gradeIds(rounds[2]).indexOf('trustworthy');
    const id = rounds[2].frame.ids[k];
    const one = onlyRows(texts[2], [id]);
    const r0 = score(compiled, one);
    const i = 0;
    expect(r0.score[i]).toBe(rounds[2].score[k]);
    const cases: [string, string, string][] = [
      ...VETO_FLAGS.map((f): [string, string, string] => [f, '1', f]),
      ['total_load_ratio', '100.1', 'over_total_load'],
    ];
    for (const [column, value, veto] of cases) {
      const r = score(compiled, withCell(one, id, column, value));
      expect(r.score[i]).toBe(r0.score[i]);
      expect(gradeIds(r)[i], veto).toBe('poor');
      expect(firedVetoes(r, i)).toEqual([veto]);
    }
    // Exactly at the quota is not over it.
    const atQuota = score(compiled, withCell(one, id, 'total_load_ratio', '100'));
    expect(gradeIds(atQuota)[i]).toBe('trustworthy');
  });
});

describe('enterprise-credit-2013: bad data', () => {
  it('an unknown verdict for hazardous waste and a negative count are refused, naming the cells', () => {
    const id1 = rounds[0].frame.ids[9];
    const id2 = rounds[0].frame.ids[99];
    let t = withCell(onlyRows(texts[0], rounds[0].frame.ids.slice(0, 100)), id1, 'hazardous_waste_assessment', '合格');
    t = withCell(t, id2, 'penalties', '-1');
    try {
      score(compiled, t, '2023.csv');
      expect.unreachable('accepted');
    } catch (e) {
      if (!(e instanceof KaoheError)) throw e;
      expect(e.problems.map((p) => p.where)).toEqual(['2023.csv:11 hazardous_waste_assessment', '2023.csv:101 penalties']);
    }
  });
});
