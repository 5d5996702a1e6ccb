/**
 * `kaohe uncertainty` as a user runs it (the built CLI): the demo round with its sample spec,
 * the same bytes for 1 and 2 threads, the columns of the contract, the nominal rank and score
 * equal to `kaohe score`'s, and bad input refused with nothing written.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cliSandbox, root } from '../cli-runner.js';

const scheme = join(root, 'templates/demo-green.yaml');
const data = join(root, 'templates/demo-green.csv');
const spec = join(root, 'templates/uncertainty/demo-green.yaml');
const { dir, kaohe } = cliSandbox('kaohe-uncertainty-');

describe('kaohe uncertainty', () => {
  it('writes intervals for every entity, the same bytes on 1 and 2 threads, with the nominal rank and score of kaohe score', () => {
    const out1 = join(dir, 'u1.csv');
    const out2 = join(dir, 'u2.csv');
    const json = join(dir, 'u.json');
    const r1 = kaohe('uncertainty', scheme, data, '--spec', spec, '--n', '300', '--seed', '5', '-o', out1, '--json', json);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stderr).toMatch(/300 replications \(seed 5\)/);
    const r2 = kaohe('uncertainty', scheme, data, '--spec', spec, '--n', '300', '--seed', '5', '--threads', '2', '-o', out2);
    expect(r2.code, r2.stderr).toBe(0);
    const text = readFileSync(out1, 'utf8');
    expect(readFileSync(out2, 'utf8')).toBe(text);

    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('id,name,rank,score,rank_median,rank_p05,rank_p95,score_median,score_p05,score_p95,grade_share');
    expect(lines).toHaveLength(10);
    const scored = join(dir, 'scored.csv');
    expect(kaohe('score', scheme, data, '-o', scored).code).toBe(0);
    const nominal = new Map(readFileSync(scored, 'utf8').trim().split('\n').slice(1).map((l) => {
      const [id, rank, score] = l.split(',');
      return [id, [rank, score]];
    }));
    for (const line of lines.slice(1)) {
      const [id, name, rank, score, ...rest] = line.split(',');
      const [rMed, r05, r95, sMed, s05, s95, share] = rest.map(Number);
      expect([rank, score]).toEqual(nominal.get(id));
      expect(name).toMatch(/市$/);
      expect(r05).toBeLessThanOrEqual(rMed);
      expect(rMed).toBeLessThanOrEqual(r95);
      expect(s05).toBeLessThanOrEqual(sMed);
      expect(sMed).toBeLessThanOrEqual(s95);
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
    }
    const j = JSON.parse(readFileSync(json, 'utf8'));
    expect(j.replications).toBe(300);
    expect(j.seed).toBe(5);
    expect(j.assumptions.map((a: { id: string }) => a.id)).toEqual(['weights', 'normalisation', 'aggregation']);
    expect(j.entities).toHaveLength(9);
    expect(j.entities[0].rank_p95).toBe(Number(lines[1].split(',')[6]));
  });

  it('--sensitivity writes first and total indices per assumption with bootstrap bounds, the same bytes on 1 and 2 threads', () => {
    const s1 = join(dir, 's1.csv');
    const s2 = join(dir, 's2.csv');
    expect(kaohe('uncertainty', scheme, data, '--spec', spec, '--n', '50', '-o', join(dir, 'a.csv'), '--sensitivity', s1).code).toBe(0);
    expect(kaohe('uncertainty', scheme, data, '--spec', spec, '--n', '50', '--threads', '2', '-o', join(dir, 'b.csv'), '--sensitivity', s2).code).toBe(0);
    const text = readFileSync(s1, 'utf8');
    expect(readFileSync(s2, 'utf8')).toBe(text);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('assumption,first,first_lo,first_hi,total,total_lo,total_hi');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['weights', 'normalisation', 'aggregation']);
    for (const l of lines.slice(1)) expect(l.split(',').slice(1).every((c) => Number.isFinite(Number(c)) && c !== '')).toBe(true);
  });

  it('--sensitivity-of ID analyses that entity\'s score instead of the rank shift; an unknown id or no --sensitivity is refused', () => {
    const first = readFileSync(data, 'utf8').split('\n')[1].split(',')[0];
    const of = join(dir, 'sens-of.csv');
    const shift = join(dir, 'sens-shift.csv');
    const r = kaohe('uncertainty', scheme, data, '--spec', spec, '--n', '100', '-o', join(dir, 'u-of.csv'), '--sensitivity', of, '--sensitivity-of', first);
    expect(r.code, r.stderr).toBe(0);
    expect(kaohe('uncertainty', scheme, data, '--spec', spec, '--n', '100', '-o', join(dir, 'u-shift.csv'), '--sensitivity', shift).code).toBe(0);
    const text = readFileSync(of, 'utf8');
    expect(text.split('\n')[0]).toBe('assumption,first,first_lo,first_hi,total,total_lo,total_hi');
    expect(text).not.toBe(readFileSync(shift, 'utf8'));
    const unknown = kaohe('uncertainty', scheme, data, '--spec', spec, '-o', join(dir, 'u-x.csv'), '--sensitivity', join(dir, 's-x.csv'), '--sensitivity-of', 'nobody');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--sensitivity-of: the data have no entity "nobody"');
    const alone = kaohe('uncertainty', scheme, data, '--spec', spec, '-o', join(dir, 'u-x.csv'), '--sensitivity-of', first);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--sensitivity-of goes with --sensitivity SENS.csv');
    expect(existsSync(join(dir, 'u-x.csv'))).toBe(false);
  });

  it('refuses a bad spec with its path and line and writes nothing', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'assumptions:\n  - id: w\n    weights: { nodes: [energy, nope], noise: 0.2 }\n');
    const out = join(dir, 'bad.csv');
    const r = kaohe('uncertainty', scheme, data, '--spec', bad, '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.yaml › assumptions[0].weights.nodes[1] (line 3): 方案中没有节点「nope」 / the scheme has no node "nope"');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a wrong command line (exit 2)', () => {
    expect(kaohe('uncertainty', scheme, data, '-o', join(dir, 'x.csv')).stderr).toContain('--spec SPEC.yaml');
    const r = kaohe('uncertainty', scheme, data, '--spec', spec, '--n', '0', '-o', join(dir, 'x.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--n must be a whole number from 1 to 100000, got "0"');
    expect(kaohe('uncertainty', scheme, data, '--spec', spec, '-o', join(dir, 'x.txt')).code).toBe(2);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });

  it('refuses more replications × entities than it can hold before scoring anything', () => {
    const big = join(dir, 'big.csv');
    expect(kaohe('synth', scheme, '--n', '301', '-o', big).code).toBe(0);
    const r = kaohe('uncertainty', scheme, big, '--spec', spec, '--n', '100000', '-o', join(dir, 'big-u.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('100000 replications × 301 entities exceeds the limit of 30000000: use a smaller --n');
    expect(r.stderr).toContain('请减少 --n');
    expect(existsSync(join(dir, 'big-u.csv'))).toBe(false);
  });

  it('adds the 不确定性 sheet to a results workbook from the analysis file, and refuses one of another plan or not an analysis', async () => {
    const json = join(dir, 'for-sheet.json');
    expect(kaohe('uncertainty', scheme, data, '--spec', spec, '--n', '200', '-o', join(dir, 'for-sheet.csv'), '--json', json).code).toBe(0);
    const out = join(dir, 'with-sheet.xlsx');
    const r = kaohe('score', scheme, data, '-o', out, '--uncertainty', json);
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('不确定性 Uncertainty');
    expect(ws).toBeDefined();
    const analysis = JSON.parse(readFileSync(json, 'utf8')) as { entities: { id: string; rank_p05: number; rank_p95: number; grade_share: number }[] };
    const rows = new Map<string, unknown[]>();
    ws!.eachRow((row, k) => { if (k > 2) rows.set(String(row.getCell(2).value), (row.values as unknown[]).slice(1)); });
    expect(rows.size).toBe(analysis.entities.length);
    for (const e of analysis.entities) {
      const row = rows.get(e.id)!;
      expect([row[3], row[5], row[9]], e.id).toEqual([e.rank_p05, e.rank_p95, e.grade_share]);
    }

    const other = join(dir, 'other-plan.json');
    writeFileSync(other, JSON.stringify({ ...JSON.parse(readFileSync(json, 'utf8')), planHash: 'f'.repeat(64) }));
    for (const [file, message] of [[other, /another plan/], [join(dir, 'for-sheet.csv'), /not JSON/]] as const) {
      const bad = join(dir, 'refused.xlsx');
      const refused = kaohe('score', scheme, data, '-o', bad, '--uncertainty', file);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(message);
      expect(existsSync(bad)).toBe(false);
    }
  });
});
