/**
 * The accountability circumstances apply by role and by the records of the term, with the
 * records as evidence; a region's result is attributed to the officials in post by days.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attribute, compile, evaluate, explain, parseDay, type Results } from '../../engine/index.js';
import { KaoheError } from '../../indicators/index.js';
import { loadSchemeFile, readCsvText, readPostsCsv, readRecordsCsv } from '../../io/index.js';
import { root } from '../cli-runner.js';

const dir = join(root, 'templates', 'official-accountability');
const compiled = compile(await loadSchemeFile(join(dir, 'scheme.yaml')));

async function sample(asOf: string): Promise<Results> {
  const frame = readCsvText(await readFile(join(dir, 'officials.csv'), 'utf8'), compiled.plan);
  frame.records = readRecordsCsv(await readFile(join(dir, 'records.csv'), 'utf8'), compiled.plan, frame);
  return evaluate(compiled, frame, { asOf: parseDay(asOf) });
}

function circumstances(r: Results): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  r.frame.ids.forEach((id, i) => {
    out[id] = r.plan.lists.filter((_, k) => r.columns[r.layout.list[k]][i] === 1).map((l) => l.id);
  });
  return out;
}

describe('official-accountability', () => {
  it('applies the circumstances by role and record, and counts them', async () => {
    const r = await sample('2025-12-31');
    expect(circumstances(r)).toEqual({
      // principal, index −7.5% over the term, a larger incident poorly handled
      GB001: ['p1_environment_worse', 'p6_incident'],
      // principal, a severe red-line decision, a rectification not carried out
      GB002: ['p3_redline', 'p7_rectification'],
      // other leader: the principal leaders' circumstances don't apply to the role
      GB003: [],
      // anyone: ordering data falsified
      GB004: ['a4_data'],
      // a plan breach without serious consequences is not circumstance 4
      GB005: [],
    });
    const counts = Object.values(circumstances(r)).map((c) => c.length);
    expect(Array.from(r.score)).toEqual(counts);
  });

  it('records are lifelong but only count once they happened', async () => {
    expect(circumstances(await sample('2022-11-01')).GB004).toEqual([]);
    expect(circumstances(await sample('2022-11-02')).GB004).toEqual(['a4_data']);
    expect(circumstances(await sample('2045-01-01')).GB004).toEqual(['a4_data']);
  });

  it('explain gives the records as evidence', async () => {
    const e = explain(await sample('2025-12-31'), 'GB002')!;
    expect(e.records.map((x) => [x.type, x.start, x.until])).toEqual([
      ['decision', '2022-03-01', null],
      ['rectification', '2023-08-20', null],
    ]);
  });
});

const green = compile(await loadSchemeFile(join(root, 'templates', 'demo-green.yaml')));
const results = evaluate(green, readCsvText(await readFile(join(root, 'templates', 'demo-green.csv'), 'utf8'), green.plan));
const posts = readPostsCsv(await readFile(join(dir, 'posts.csv'), 'utf8'), results.frame.ids);

describe('attribution by days in post', () => {
  it('splits a year between the officials in post, both ends inclusive', () => {
    const { posts: rows, officials } = attribute(results, posts, parseDay('2025-01-01'), parseDay('2025-12-31'));
    const days = Object.fromEntries(rows.map((r) => [r.post.official, r.days]));
    // 2025-01-01..07-15 = 31+28+31+30+31+30+15; 07-16..12-31 = 16+31+30+31+30+31
    expect(days).toEqual({ GB101: 196, GB102: 169, GB103: 90, GB104: 275, GB105: 365 });
    const nanjing = rows.filter((r) => r.post.entity === '320100');
    expect(nanjing.filter((r) => r.post.role === 'principal').reduce((a, r) => a + r.share, 0)).toBeCloseTo(2, 12);
    const i = results.frame.ids.indexOf('320100');
    for (const r of nanjing) expect(r.score).toBe(results.score[i]);
    expect(officials.find((o) => o.official === 'GB103')!.weightedScore).toBe(results.score[i]);
  });

  it('a post outside the period gets nothing; one spanning two regions is weighted by days', () => {
    const moved = readPostsCsv('official,name,region,role,start,end\nX,,320100,principal,2025-01-01,2025-03-31\nX,,321000,principal,2025-04-01,\nY,,320100,principal,2019-01-01,2024-12-31\n', results.frame.ids);
    const { posts: rows, officials } = attribute(results, moved, parseDay('2025-01-01'), parseDay('2025-12-31'));
    expect(rows.map((r) => r.days)).toEqual([90, 275]);
    const [a, b] = ['320100', '321000'].map((id) => results.score[results.frame.ids.indexOf(id)]);
    expect(officials).toHaveLength(1);
    expect(officials[0].weightedScore).toBeCloseTo((90 * a + 275 * b) / 365, 12);
  });

  it('bad posts are refused with their line', () => {
    try {
      readPostsCsv('official,name,region,role,start,end\n,,999999,principal,2025-13-01,\nZ,,320100,principal,2025-05-01,2025-04-01\n', results.frame.ids);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(KaoheError);
      expect((e as KaoheError).problems.map((p) => p.where)).toEqual(['posts.csv:2 official', 'posts.csv:2 region', 'posts.csv:2 start', 'posts.csv:3 end']);
    }
  });
});
