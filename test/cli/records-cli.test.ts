/**
 * `kaohe score` / `explain` with dated records: an as-of date outside `--period` (or outside
 * `attribute`'s `--from`/`--to`) is refused before anything is read or written, and explain
 * lists each repair with what it did, never one dated after the as-of date.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSandbox, root } from '../cli-runner.js';

const scheme = join(root, 'templates/jiangsu-credit-12/scheme.yaml');
const { dir, kaohe } = cliSandbox('kaohe-records-cli-');
const data = join(dir, 'data.csv');
const records = join(dir, 'records.csv');
writeFileSync(data, 'id,name,electricity\na,甲,100\nb,乙,100\n');
writeFileSync(records, [
  'id,date,type,kind,points,months',
  'a,2025-01-10,violation,fined,2,12',
  'a,2025-04-01,credit_repair,,,',
  'b,2025-01-05,violation,criminal,12,36',
  'b,2025-02-01,credit_repair,,,',
].join('\n'));

describe('the as-of date and the period', () => {
  it('refuses an as-of date after the period ends, writing nothing', () => {
    const out = join(dir, 'out.csv');
    const r = kaohe('score', scheme, 'data.csv', '--records', 'records.csv', '--as-of', '2025-12-31', '--period', '2025-01-01..2025-06-30', '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--as-of');
    expect(r.stderr).toContain('the as-of date 2025-12-31 is outside the period 2025-01-01 to 2025-06-30 (--period)');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a malformed or reversed period', () => {
    for (const p of ['2025-01-01', '2025-06-30..2025-01-01', '2025-02-30..2025-06-30']) {
      const r = kaohe('score', scheme, 'data.csv', '--records', 'records.csv', '--as-of', '2025-03-31', '--period', p);
      expect(r.code, p).toBe(1);
      expect(r.stderr, p).toContain(`the period must be YYYY-MM-DD..YYYY-MM-DD (start not after end), got "${p}"`);
    }
  });

  it('accepts the period\'s last day', () => {
    const r = kaohe('score', scheme, 'data.csv', '--records', 'records.csv', '--as-of', '2025-06-30', '--period', '2025-01-01..2025-06-30');
    expect(r.code, r.stderr).toBe(0);
  });

  it('attribute refuses an as-of date outside --from/--to', () => {
    const posts = join(dir, 'posts.csv');
    writeFileSync(posts, 'official,name,region,role,start,end\np1,张三,a,principal,2025-01-01,2025-06-30\n');
    const r = kaohe('attribute', scheme, 'data.csv', '--posts', posts, '--from', '2025-01-01', '--to', '2025-06-30', '--records', 'records.csv', '--as-of', '2025-07-01');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('(--from/--to)');
  });
});

describe('explain and repairs', () => {
  it('on 03-31 a repair dated 04-01 is not read: the fine runs to its validity end', () => {
    const r = kaohe('explain', scheme, 'data.csv', '--records', 'records.csv', '--as-of', '2025-03-31', '--id', 'a', '--json');
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.records).toEqual([{ type: 'violation', start: '2025-01-10', until: '2026-01-09', fields: { kind: 'fined', points: 2, months: 12 }, origin: 'records.csv:2' }]);
    expect(e.repairs).toEqual([]);
  });

  it('names an applied and a refused repair as such', () => {
    const a = kaohe('explain', scheme, 'data.csv', '--records', 'records.csv', '--as-of', '2025-04-01', '--id', 'a');
    expect(a.stdout).toContain('credit_repair 2025-04-01  已修复 applied: violation 2025-01-10 (records.csv:2)');
    const b = kaohe('explain', scheme, 'data.csv', '--records', 'records.csv', '--as-of', '2025-04-01', '--id', 'b');
    expect(b.stdout).toContain('credit_repair 2025-02-01  不予修复（方案规定不可修复）refused (not repairable under the scheme): violation 2025-01-05 (records.csv:4)');
    expect(b.stdout).not.toMatch(/credit_repair 2025-02-01 → /);
  });

  it('prints a list entry with its dates: 乙 is black from its criminal liability (2025-01-05, 36 months) to the day before it ends', () => {
    const b = kaohe('explain', scheme, 'data.csv', '--records', 'records.csv', '--as-of', '2025-04-01', '--id', 'b');
    expect(b.stdout).toMatch(/\(blacklist\): 名单 list 2025-01-05 起 since – 2028-01-04 止 until/);
    const json = JSON.parse(kaohe('explain', scheme, 'data.csv', '--records', 'records.csv', '--as-of', '2025-04-01', '--id', 'b', '--json').stdout);
    expect(json.fired.filter((f: { kind: string }) => f.kind === 'list').map((f: { id: string; since: string; until: string }) => [f.id, f.since, f.until])).toEqual([['blacklist', '2025-01-05', '2028-01-04']]);
  });
});
