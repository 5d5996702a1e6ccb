/**
 * The `kaohe` command as a user runs it: the built CLI (npm test builds first), real files,
 * exit codes, and no output file when anything is wrong.
 */
import { isUtf8 } from 'node:buffer';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSandbox, root } from '../cli-runner.js';
import { gbkBytes } from '../gbk.js';

const scheme = join(root, 'templates/demo-green.yaml');
const data = join(root, 'templates/demo-green.csv');
const { dir, kaohe } = cliSandbox('kaohe-cli-');

describe('kaohe check', () => {
  it('prints a summary and the plan hash', () => {
    const r = kaohe('check', scheme);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/方案哈希 Plan hash: [0-9a-f]{64}/);
    expect(r.stdout).toMatch(/8 个指标 indicators/);
  });
  it('exits 1 listing every problem with its path, Chinese and English', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(scheme, 'utf8').replace('weight: 29.3', 'weight: -29.3').replace('expr: energy_use / gdp', 'expr: energy_use / gpd'));
    const r = kaohe('check', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('tree.children[0].weight');
    expect(r.stderr).toMatch(/权重不能为负数 \/ a weight must be ≥ 0/);
    expect(r.stdout).toBe('');
  });
  it('a scheme ranking the lowest score first (xinan-compensation) passes and says so; a bad order names its path', () => {
    const xinan = join(root, 'templates/xinan-compensation/scheme.yaml');
    const r = kaohe('check', xinan);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the lowest score is rank 1 (order: ascending)');
    expect(kaohe('check', scheme).stdout).not.toContain('order: ascending');
    const bad = join(dir, 'sideways.yaml');
    writeFileSync(bad, readFileSync(xinan, 'utf8').replace('ranking: { on: exact, order: ascending }', 'ranking: { on: exact, order: sideways }'));
    const b = kaohe('check', bad);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('ranking.order');
    expect(b.stderr).toContain('应为以下之一：descending、ascending，实际为「sideways」 / expected one of: descending, ascending, got "sideways"');
  });
  it('exits 1 for a missing file', () => {
    const r = kaohe('check', join(dir, 'nope.yaml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/找不到方案文件 \/ scheme file not found/);
  });
});

describe('kaohe score', () => {
  it('writes the results CSV of the contract', () => {
    const out = join(dir, 'results.csv');
    const r = kaohe('score', scheme, data, '-o', out);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,rank,score,grade,GDI,resources,energy,water,environment,pm25_level,air_days,water_quality,ecology,forest,wetland,sewage,rank_province,deductions,bonuses,vetoes,lists');
    expect(lines).toHaveLength(10);
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      // score = root − deductions + bonuses (within the score range), in full precision
      const [score, root, ded, bon] = [Number(cells[2]), Number(cells[4]), Number(cells[17]), Number(cells[18])];
      expect(score).toBeCloseTo(Math.min(100, Math.max(0, root - ded + bon)), 12);
    }
  });
  it('writes JSON when the output ends in .json, and CSV to stdout by default', () => {
    const out = join(dir, 'results.json');
    expect(kaohe('score', scheme, data, '-o', out).code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { planHash: string; entities: { id: string; rank: number }[] };
    expect(json.planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(json.entities.map((e) => e.rank).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const r = kaohe('score', scheme, data);
    expect(r.stdout.split('\n')[0]).toMatch(/^id,rank,score,grade,/);
  });
  it('bad data: exit 1, every problem named, and no output file', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, readFileSync(data, 'utf8').replace('28.4', '约28').replace('320400,', '320100,').replace('pm25', 'pm2.5'));
    const out = join(dir, 'never.csv');
    const r = kaohe('score', scheme, bad, '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown column "pm2.5"/);
    expect(existsSync(out)).toBe(false);
    writeFileSync(bad, readFileSync(data, 'utf8').replace('28.4', '约28').replace('320400,', '320100,'));
    const r2 = kaohe('score', scheme, bad, '-o', out);
    expect(r2.stderr).toMatch(/bad\.csv:2 pm25: 「PM2\.5 年均浓度」应为数字，实际为「约28」 \/ pm25: expected a number, got "约28"/);
    expect(r2.stderr).toMatch(/duplicate entity id "320100"/);
    expect(existsSync(out)).toBe(false);
  });
  it('an output folder that does not exist: exit 1 with what to fix, not an internal error', () => {
    const out = join(dir, 'no-such-folder', 'results.csv');
    const r = kaohe('score', scheme, data, '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(out);
    expect(r.stderr).toMatch(/无法写入此文件（ENOENT）.* \/ cannot write this file \(ENOENT\): check that its folder exists/);
    expect(r.stderr).not.toMatch(/内部错误|Internal error/);
  });
  // One spawn per test: a test that runs several blocks the test worker for long on a loaded machine.
  let utf8: ReturnType<typeof kaohe> | undefined;
  const encodings: [string, () => Buffer][] = [
    ['GBK (GB18030)', () => gbkBytes(readFileSync(data, 'utf8'))],
    ['UTF-16 with its byte-order mark', () => Buffer.from(`\uFEFF${readFileSync(data, 'utf8')}`, 'utf16le')],
    ['UTF-16 big-endian without one', () => Buffer.from(readFileSync(data, 'utf8'), 'utf16le').swap16()],
  ];
  it('scores the data in UTF-8 (the reference for the encodings below)', () => {
    // The GBK encoder of the tests, against GBK's bytes for 南京市.
    expect(gbkBytes('南京市')).toEqual(Buffer.from([0xc4, 0xcf, 0xbe, 0xa9, 0xca, 0xd0]));
    utf8 = kaohe('score', scheme, data);
    expect(utf8.code).toBe(0);
  });
  for (const [label, bytes] of encodings) {
    it(`reads a ${label} file as the same data in UTF-8`, () => {
      const file = join(dir, `${label.replace(/\W+/g, '-')}.csv`);
      writeFileSync(file, bytes());
      expect(isUtf8(readFileSync(file))).toBe(false);
      const r = kaohe('score', scheme, file);
      expect(r.code).toBe(0);
      // The same results, and the same results hash said on stderr.
      expect(r.stdout).toBe(utf8!.stdout);
      expect(r.stderr).toBe(utf8!.stderr);
    });
  }
  it('refuses bytes that are text in none of the encodings it reads, with advice', () => {
    const bad = join(dir, 'binary.csv');
    writeFileSync(bad, Buffer.from([0x69, 0x64, 0x0a, 0xff, 0xfe, 0x80, 0x0a]));
    const r = kaohe('score', scheme, bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not UTF-8, UTF-16 or GB18030\/GBK/);
  });
  it('refuses an id of a megabyte, shown by its start and length, and writes no results', () => {
    const long = join(dir, 'long-id.csv');
    const id = '3'.repeat(1024 * 1024);
    writeFileSync(long, readFileSync(data, 'utf8').replace('320100,', `${id},`));
    const out = join(dir, 'long-id-results.csv');
    const r = kaohe('score', scheme, long, '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`long-id.csv:2 id`);
    expect(r.stderr).toContain(`${'3'.repeat(20)}…(${id.length} 字符 / chars)`);
    expect(r.stderr.length).toBeLessThan(2000);
    expect(existsSync(out)).toBe(false);
  });
  it('--threads gives the same results, and refuses nonsense', () => {
    expect(kaohe('score', scheme, data, '--threads', '2').stdout).toBe(kaohe('score', scheme, data, '--threads', '1').stdout);
    for (const bad of ['0', 'two', '1.5', '-1']) {
      const r = kaohe('score', scheme, data, `--threads=${bad}`);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/--threads must be a whole number/);
    }
  });
  it('usage errors exit 2 with help', () => {
    expect(kaohe('score', scheme).code).toBe(2);
    expect(kaohe('score', scheme, data, '-o', join(dir, 'x.txt')).code).toBe(2);
    expect(kaohe('frobnicate').code).toBe(2);
    expect(kaohe('help').stdout).toMatch(/kaohe check SCHEME/);
  });
});

describe('kaohe explain', () => {
  it('shows one entity node by node with the rules that fired', () => {
    const r = kaohe('explain', scheme, data, '--id', '341100');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/341100 滁州市/);
    expect(r.stdout).toMatch(/wetland 湿地保护率\s+60\.00/);
    expect(r.stdout).toMatch(/缺失按规定计 60\.00/);
    expect(r.stdout).toMatch(/扣分 deduction −6\.00\s+\[incidents=2 次\]/);
    // Values rounded as the scheme says, with their unit; a veto's grade by its label, not its id.
    expect(r.stdout).toContain('forest_cover=28.9 %');
    expect(r.stdout).not.toMatch(/\d\.\d{5,}/);
    expect(r.stdout).toContain('最高等级 at most 良好 / Good');
    expect(r.stdout).not.toContain('at most good');
  });
  it('as JSON, the contributions add up to the root score', () => {
    const r = kaohe('explain', scheme, data, '--id', '320100', '--json');
    const e = JSON.parse(r.stdout) as { base: number; nodes: { kind: string; contribution: number | null }[] };
    const sum = e.nodes.filter((n) => n.kind === 'indicator').reduce((s, n) => s + (n.contribution ?? 0), 0);
    expect(sum).toBeCloseTo(e.base, 10);
  });
  it('an unknown id is a clear error', () => {
    const r = kaohe('explain', scheme, data, '--id', '999999');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no entity with id "999999"/);
  });
});

describe('kaohe demo (npm start)', () => {
  it('prints the ranking of the demo round', () => {
    const r = kaohe('demo');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/名次 Rank/);
    expect(r.stdout).toMatch(/南京市/);
    expect(r.stdout).toMatch(/合成数据/);
  });
});
