/** Building the pages' view models from engine Results: medians, strongest/weakest, fired rules, rank changes, what moved. */
import { describe, expect, it } from 'vitest';
import {
  changesBetween,
  dimensionMedians,
  firedRules,
  indicatorExtremes,
  peerGroups,
  rankingRows,
  ranksById,
  scorecardParts,
  trendPoint,
} from '../../api/pages/from-results.js';
import { run, schemeWith, table } from '../helpers.js';
import { DEMO_CSV, editCsv, evaluateDemo } from './demo-views.js';

const results = evaluateDemo();
const ids = results.frame.ids;
const csvRows = DEMO_CSV.trim().split('\n').slice(1).map((l) => l.split(','));
const incidentsOf = (id: string): number => Number(csvRows.find((r) => r[0] === id)![12]);

describe('dimensions against the median', () => {
  it('takes the median of each first-level node over all entities', () => {
    const dims = results.plan.nodes.map((n, j) => ({ n, j })).filter(({ n }) => n.parent === 0);
    const medians = dimensionMedians(results);
    expect(medians).toHaveLength(dims.length);
    dims.forEach(({ j }, k) => {
      const v = Array.from(results.nodeScores[j]).filter((x) => !Number.isNaN(x));
      // The median: as many values at or below it as at or above it.
      const m = medians[k]!;
      expect(v.filter((x) => x <= m).length).toBeGreaterThanOrEqual(v.length / 2);
      expect(v.filter((x) => x >= m).length).toBeGreaterThanOrEqual(v.length / 2);
      if (v.length % 2 === 1) expect(v).toContain(m);
    });
  });

  it('gives the even-count median as the mean of the middle two, and null with no values', () => {
    const r = run(schemeWith(['x']), table({ id: ['a', 'b', 'c', 'd', 'e'], x: [4, 1, 3, 10, NaN] }));
    expect(dimensionMedians(r)).toEqual([3.5]);
    const none = run(schemeWith(['x']), table({ id: ['a', 'b'], x: [NaN, NaN] }));
    expect(dimensionMedians(none)).toEqual([null]);
  });
});

describe('strongest and weakest indicators', () => {
  it('are the entity\'s highest and lowest indicator scores, never the same one twice', () => {
    for (let i = 0; i < ids.length; i++) {
      const { strongest, weakest } = indicatorExtremes(results, i);
      expect(strongest).toHaveLength(3);
      expect(weakest).toHaveLength(3);
      const all = results.plan.nodes.flatMap((n, j) => (n.kind === 'indicator' ? [results.nodeScores[j][i]] : []));
      expect(Math.max(...strongest.map((s) => s.score))).toBe(Math.max(...all));
      expect(Math.min(...weakest.map((s) => s.score))).toBe(Math.min(...all));
      expect(Math.min(...strongest.map((s) => s.score))).toBeGreaterThanOrEqual(Math.max(...weakest.map((s) => s.score)));
      expect(strongest.filter((s) => weakest.some((w) => w.id === s.id))).toHaveLength(0);
    }
  });

  it('splits a short list between the two', () => {
    const r = run(schemeWith(['x', 'y', 'z']), table({ id: ['a'], x: [1], y: [2], z: [3] }));
    const { strongest, weakest } = indicatorExtremes(r, 0);
    expect(strongest.map((s) => s.score)).toEqual([3]);
    expect(weakest.map((s) => s.score)).toEqual([1]);
  });

  it('are the lowest scores first in a scheme ranked lowest first', () => {
    const r = run(schemeWith(['x', 'y', 'z', 'w'], { ranking: { order: 'ascending' } }), table({ id: ['a'], x: [1], y: [2], z: [3], w: [4] }));
    const { strongest, weakest } = indicatorExtremes(r, 0);
    expect(strongest.map((s) => s.score)).toEqual([1, 2]);
    expect(weakest.map((s) => s.score)).toEqual([4, 3]);
  });
});

describe('fired rules', () => {
  it('lists the incident deduction (3 points each, capped at 6) and the veto for every city with incidents', () => {
    for (const id of ids) {
      const k = incidentsOf(id);
      const rules = firedRules(results, id);
      const deduction = rules.find((r) => r.id === 'incident');
      if (k === 0) {
        expect(deduction).toBeUndefined();
        continue;
      }
      expect(deduction?.points).toBe(Math.min(6, 3 * k));
      expect(deduction?.reason).toEqual({ zh: `较大及以上突发环境事件次数 = ${k}`, en: `Major environmental incidents = ${k}` });
      const veto = rules.find((r) => r.id === 'serious_incident');
      expect(veto?.kind).toBe('veto');
      expect(veto?.effect).toEqual({ zh: '最高评为「良好」', en: 'graded Good at most' });
    }
  });

  it('says a forced grade and shows booleans and grades in words', () => {
    const fraud = evaluateDemo(editCsv(DEMO_CSV, '320100', 'data_fraud', '是'));
    const rules = firedRules(fraud, '320100');
    const veto = rules.find((r) => r.id === 'fraud')!;
    expect(veto.effect).toEqual({ zh: '评为「不合格」', en: 'graded Fail' });
    expect(veto.reason).toEqual({ zh: '数据造假 = 是', en: 'Data falsified = yes' });
    const list = rules.find((r) => r.id === 'rectify')!;
    expect(list.kind).toBe('list');
    expect(list.reason).toEqual({ zh: '等级 = 不合格', en: 'grade = Fail' });
    expect(rankingRows(fraud).find((r) => r.entityId === '320100')!.lists.map((l) => l.id)).toEqual(['rectify']);
  });

  it('is empty for an entity the run does not have', () => {
    expect(firedRules(results, 'nope')).toEqual([]);
    expect(scorecardParts(results, 'nope')).toBeNull();
    expect(trendPoint(results, 'nope', 'r', '2025')).toEqual({ roundId: 'r', roundLabel: '2025', score: null, rank: null, of: null });
  });
});

describe('ranking rows', () => {
  it('puts unranked entities last with null rank and score', () => {
    const r = run(schemeWith(['x']), table({ id: ['a', 'b', 'c'], x: [1, NaN, 3] }));
    const rows = rankingRows(r);
    expect(rows.map((x) => x.entityId)).toEqual(['c', 'a', 'b']);
    expect(rows[2]).toMatchObject({ rank: null, score: null, grade: null });
  });

  it('computes rank changes as previous minus current, null for entities new this round', () => {
    const previous = evaluateDemo(editCsv(DEMO_CSV, '341800', 'forest_cover', '20'));
    const before = ranksById(previous);
    before.delete('320100');
    for (const row of rankingRows(results, before)) {
      if (row.entityId === '320100') expect(row.rankChange).toBeNull();
      else expect(row.rankChange).toBe(previous.rank[previous.frame.ids.indexOf(row.entityId)] - row.rank!);
    }
  });

  it('lists peer groups in the scheme\'s order with the values present', () => {
    expect(peerGroups(results)).toEqual([{ id: 'province', label: { zh: '省份', en: 'Province' }, values: ['江苏', '安徽'] }]);
    const onlyAnhui = evaluateDemo(`${DEMO_CSV.trim().split('\n').filter((l, k) => k === 0 || l.includes('安徽')).join('\n')}\n`);
    expect(peerGroups(onlyAnhui)[0].values).toEqual(['安徽']);
  });
});

describe('what moved and why', () => {
  const since = { zh: '更正前', en: 'before the correction' };

  it('names the corrected input and the score, rank and grade it moved', () => {
    // 滁州's two incidents are found to be none (申诉 upheld): no deduction, no veto.
    const corrected = evaluateDemo(editCsv(DEMO_CSV, '341100', 'incidents', '0'));
    const ch = changesBetween(results, corrected, '341100', since);
    const i = ids.indexOf('341100');
    expect(ch.since).toEqual(since);
    expect(ch.items[0]).toMatchObject({ kind: 'value', what: { zh: '较大及以上突发环境事件次数' }, from: 2, to: 0 });
    const score = ch.items.find((x) => x.kind === 'score')!;
    expect(score).toMatchObject({ from: results.score[i], to: corrected.score[i] });
    expect(score.because.en).toContain('Major environmental incidents');
    expect(ch.items.find((x) => x.kind === 'rank')).toMatchObject({ from: results.rank[i], to: corrected.rank[i] });
  });

  it('blames other entities\' corrections when the entity\'s own data did not change', () => {
    // 宣城's PM2.5 is the lowest; raising it moves the min every city is normalised against.
    const corrected = evaluateDemo(editCsv(DEMO_CSV, '341800', 'pm25', '40'));
    const ch = changesBetween(results, corrected, '320100', since);
    expect(ch.items.some((x) => x.kind === 'value')).toBe(false);
    const score = ch.items.find((x) => x.kind === 'score')!;
    expect(score.because.en).toMatch(/other entities/);
  });

  it('lists nothing when nothing moved', () => {
    expect(changesBetween(results, evaluateDemo(), '320100', since).items).toEqual([]);
  });
});
