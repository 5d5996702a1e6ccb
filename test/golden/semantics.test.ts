/**
 * Semantics levels: a plan records the level it was compiled at, the software version is in
 * no plan and no results hash, level-1 plans are what the first release wrote, and level 2
 * changes exactly what it says (grades on the published score) and nothing else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { compile, ENGINE_VERSION, evaluate, planSemantics, roundHalfEven } from '../../engine/index.js';
import { leastRoundingTo } from '../../engine/round.js';
import { canonicalJson, KaoheError, LATEST_SEMANTICS, loadSchemeText, SEMANTICS_LEVELS } from '../../indicators/index.js';
import { readCsvText, resultsCsv } from '../../io/index.js';
import { decodeResults, encodeResults } from '../../store/index.js';
import { caseInputs, GOLDEN, scoreCase, type CaseFile } from './golden-case.js';

// Any software version: no plan or results hash may move with it.
vi.mock('../../engine/version.js', () => ({ ENGINE_VERSION: '7.7.7' }));

const FIXTURES = join(GOLDEN, 'fixtures');
const edgesText = readFileSync(join(FIXTURES, 'edges.yaml'), 'utf8');
const edgesCsv = readFileSync(join(FIXTURES, 'edges.csv'), 'utf8');
const goldenCase = (id: string): CaseFile => JSON.parse(readFileSync(join(GOLDEN, 'cases', id, 'case.json'), 'utf8')) as CaseFile;

function problemsOf(text: string): { where: string; zh: string; en: string }[] {
  try {
    loadSchemeText(text);
  } catch (e) {
    if (e instanceof KaoheError) return e.problems;
    throw e;
  }
  throw new Error('accepted, should have been refused');
}

describe('the plan records its semantics level, not the software version', () => {
  it('runs here as another software version', () => {
    expect(ENGINE_VERSION).toBe('7.7.7');
  });

  it('level 1 is the first release\'s mark, engine: "0.1.0", and gives the golden plan hash under any software version', () => {
    const { plan, hash } = compile(loadSchemeText(edgesText), { semantics: 1 });
    expect(plan.engine).toBe('0.1.0');
    expect('semantics' in plan).toBe(false);
    expect(planSemantics(plan)).toBe(1);
    expect(hash).toBe(goldenCase('edges').planHash);
  });

  it('level 2 carries semantics: 2 and no engine field, and its hash is the golden level-2 one', () => {
    const { plan, hash } = compile(loadSchemeText(edgesText), { semantics: 2 });
    expect(plan.semantics).toBe(2);
    expect('engine' in plan).toBe(false);
    expect(canonicalJson(plan)).not.toContain('7.7.7');
    expect(hash).toBe(goldenCase('edges-semantics-2').planHash);
  });

  it('a scheme that names no level gets the newest; `semantics: 1` in the YAML gives the level-1 plan', () => {
    expect(planSemantics(compile(loadSchemeText(edgesText)).plan)).toBe(LATEST_SEMANTICS);
    expect(compile(loadSchemeText(`semantics: 1\n${edgesText}`)).hash).toBe(goldenCase('edges').planHash);
  });

  it('a scheme asking for a level this engine doesn\'t know is refused at its YAML path, in Chinese and English', () => {
    const [p] = problemsOf(`semantics: ${LATEST_SEMANTICS + 1}\n${edgesText}`);
    expect(p.where).toBe('semantics');
    expect(p.zh).toBe(`本版 kaohe 认识的语义级别为 1–${LATEST_SEMANTICS}：请改为其中之一，或安装更新版本的 kaohe`);
    expect(p.en).toBe(`this kaohe knows semantics levels 1–${LATEST_SEMANTICS}: use one of them, or install a newer kaohe`);
    expect(problemsOf(`semantics: 0\n${edgesText}`)[0].where).toBe('semantics');
  });

  it('every level names the engine version that introduced it, the newest last', () => {
    expect(SEMANTICS_LEVELS.map((l) => l.level)).toEqual(Array.from({ length: LATEST_SEMANTICS }, (_, k) => k + 1));
    expect(SEMANTICS_LEVELS[0].since).toBe('0.1.0');
    for (const l of SEMANTICS_LEVELS) expect(l.change.zh.length * l.change.en.length).toBeGreaterThan(0);
  });

  it('a plan without exactly one valid mark is refused', () => {
    expect(() => planSemantics({})).toThrow(/no valid semantics mark/);
    expect(() => planSemantics({ engine: '0.2.0' })).toThrow(/no valid semantics mark/);
    expect(() => planSemantics({ engine: '0.1.0', semantics: 2 })).toThrow(/no valid semantics mark/);
    expect(() => planSemantics({ semantics: 1 })).toThrow(/no valid semantics mark/);
    expect(() => planSemantics({ semantics: 2.5 })).toThrow(/no valid semantics mark/);
  });

  it('the stored results carry the plan\'s mark: engine "0.1.0" at level 1 as the first release wrote it, semantics from level 2', () => {
    for (const level of [1, 2]) {
      const compiled = compile(loadSchemeText(edgesText), { semantics: level });
      const { data } = encodeResults(evaluate(compiled, readCsvText(edgesCsv, compiled.plan)));
      expect(decodeResults(data).semantics).toBe(level);
      const head = data.toString('latin1');
      expect(head.includes('"engine":"0.1.0"')).toBe(level === 1);
      expect(head.includes('"semantics":2')).toBe(level === 2);
    }
  });
});

describe('level 2: grades on the published score', () => {
  const at = (level: number): string[][] => {
    const compiled = compile(loadSchemeText(edgesText), { semantics: level });
    return resultsCsv(evaluate(compiled, readCsvText(edgesCsv, compiled.plan))).trimEnd().split('\n').map((l) => l.split(','));
  };

  it('changes exactly the grades of scores that round up to a grade\'s minimum, and what follows from the grade', () => {
    const [one, two] = [at(1), at(2)];
    const header = one[0];
    const changed = one.flatMap((row, i) => row.flatMap((cell, j) => (cell === two[i][j] ? [] : [`${row[0]}.${header[j]}: ${cell} → ${two[i][j]}`])));
    // E12 scores 89.996, published 90.00: excellent (min 90) at level 2. E14 scores 59.996,
    // published 60.00: pass (min 60), so no longer on the watch list of failed regions.
    // E04 (80.001) and E03 (80.004) are good at both levels: 80.00 is not a grade edge.
    expect(changed).toEqual(['E12.grade: good → excellent', 'E14.grade: fail → pass', 'E14.lists: watch → ']);
  });

  it('the least score that reaches a minimum once rounded is the first double rounding to it', () => {
    const before = (x: number): number => {
      const v = new DataView(new ArrayBuffer(8));
      v.setFloat64(0, x);
      v.setBigUint64(0, v.getBigUint64(0) + (x > 0 ? -1n : 1n));
      return v.getFloat64(0);
    };
    for (const [min, decimals] of [[90, 2], [60, 2], [11, 0], [0.5, 1], [-3, 1], [72.25, 1], [89.995, 2], [100, 10]] as const) {
      const edge = leastRoundingTo(min, decimals);
      expect(roundHalfEven(edge, decimals), `${min} @ ${decimals}`).toBeGreaterThanOrEqual(min);
      expect(roundHalfEven(before(edge), decimals), `${min} @ ${decimals}`).toBeLessThan(min);
    }
    // The double nearest 89.995 is 89.99500000000000454…, just above the tie: it is the edge of 90.
    // The double nearest 59.995 is 59.99499999999999744…, just below: the edge of 60 is the next one up.
    expect(leastRoundingTo(90, 2)).toBe(89.995);
    expect(before(leastRoundingTo(60, 2))).toBe(59.995);
  });
});

describe('level 3: the list dates in the results CSV', () => {
  const dir = join(GOLDEN, 'cases', 'jiangsu-credit-12-semantics-3');
  const at = async (level: number): Promise<string[][]> => {
    const scored = await scoreCase(caseInputs(dir, { ...goldenCase('jiangsu-credit-12-semantics-3'), semantics: level }));
    return scored.resultsCsv.trimEnd().split('\n').map((l) => l.split(','));
  };

  it('adds exactly list_since and list_until after lists, every other cell as at level 2', async () => {
    const [two, three] = [await at(2), await at(3)];
    expect(three[0]).toEqual([...two[0], 'list_since', 'list_until']);
    expect(three.map((row) => row.slice(0, -2))).toEqual(two);
    // Hand-worked from the fixture's records: J02's criminal liability (2025-01-05, 36 months) ends
    // on 2028-01-05, so its last day on the blacklist is 2028-01-04; J05 is red from its suspension
    // (2025-02-10) until its warning of 2025-01-10 (12 months) ends, the day before 2026-01-10.
    expect(three.slice(1).filter((row) => row[8] !== '').map((row) => [row[0], ...row.slice(-3)])).toEqual([
      ['J02', 'blacklist', '2025-01-05', '2028-01-04'],
      ['J05', 'red_list', '2025-02-10', '2026-01-09'],
    ]);
  });

  it('a scheme with lists but no record types (nothing to date them by) writes the same CSV at levels 2 and 3', () => {
    const csv = (level: number): string => {
      const compiled = compile(loadSchemeText(edgesText), { semantics: level });
      expect(compiled.plan.lists.length).toBeGreaterThan(0);
      return resultsCsv(evaluate(compiled, readCsvText(edgesCsv, compiled.plan)));
    };
    expect(csv(3).split('\n')[0]).not.toContain('list_since');
    expect(csv(3)).toBe(csv(2));
  });
});
