/**
 * Hostile schemes and data through the built `kaohe` command: each is exit 1 with a named
 * problem (never exit 70 and a stack trace), and control characters from a scheme or a data
 * file reach the terminal escaped.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSandbox, root } from '../cli-runner.js';

const { dir, kaohe } = cliSandbox('kaohe-hostile-');
const demo = readFileSync(join(root, 'templates/demo-green.yaml'), 'utf8');
const demoData = join(root, 'templates/demo-green.csv');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const ESC = '\x1b]0;pwned\x07\x1b[2J';
const ESCAPED = '\\x1b]0;pwned\\x07\\x1b[2J';

/** Refused as bad input: exit 1, the problem in Chinese and English, nothing internal. */
function refused(r: { code: number | null; stdout: string; stderr: string }): string {
  expect(r.code).toBe(1);
  expect(r.stderr).not.toMatch(/Internal error|RangeError|at .*\.js:\d+/);
  expect(r.stdout).toBe('');
  return r.stderr;
}

describe('kaohe check refuses hostile schemes with a named problem', () => {
  it('a 3,000-term expression', () => {
    const terms = Array(3000).fill('energy_use').join(' + ');
    const err = refused(kaohe('check', file('long.yaml', demo.replace('expr: energy_use / gdp', `expr: ${terms}`))));
    expect(err).toMatch(/derived\[0\]\.expr \(line 43\): 表达式「.*」有 38997 个字符，超过上限 2000 个.* \/ the expression ".*" is 38997 characters long, over the limit of 2000/);
  });
  it('a YAML alias bomb', () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    expect(refused(kaohe('check', file('bomb.yaml', bomb + demo)))).toMatch(/bomb\.yaml › YAML \(line 2\): YAML 别名.* \/ YAML aliases \(\*name\) expand too far/);
  });
  it('weights of 1e308, .nan and 1e-400', () => {
    expect(refused(kaohe('check', file('w308.yaml', demo.replace('weight: 29.3', 'weight: 1e308'))))).toMatch(/tree\.children\[0\]\.weight \(line 52\): 权重不能超过 1000000.*实际为 1e\+308/);
    expect(refused(kaohe('check', file('nan.yaml', demo.replace('weight: 29.3', 'weight: .nan'))))).toContain('".nan" is not a number (.nan / .inf are not numbers in a scheme)');
    expect(refused(kaohe('check', file('tiny.yaml', demo.replace('weight: 29.3', 'weight: 1e-400'))))).toContain('"1e-400" rounds to 0');
  });
  it('a 60,000-indicator scheme (4 MB) is refused for its size before it is read', () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => `    - { id: i${i}, label: { zh: 指标${i}, en: Indicator ${i} }, input: gdp, weight: 1, normalise: none }\n`);
    const huge = file('huge.yaml', `${demo.slice(0, demo.indexOf('tree:'))}tree:\n  id: root\n  label: { zh: 总, en: Total }\n  children:\n${lines.join('')}`);
    expect(readFileSync(huge).length).toBeGreaterThan(4_000_000);
    expect(refused(kaohe('check', huge))).toMatch(/huge\.yaml: 方案文件过大（\d+ 字节，上限 524288） \/ scheme file too large \(\d+ bytes, limit 524288\)/);
  });
});

describe('terminal escapes are printed escaped', () => {
  it('in scheme labels shown by kaohe check', () => {
    const r = kaohe('check', file('esc.yaml', demo.replace('zh: 南京都市圈绿色发展示范评价', `zh: "${ESC.replaceAll('\x1b', '\\e').replace('\x07', '\\a')}南京"`)));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`方案 Scheme: ${ESCAPED}南京`);
    expect(r.stdout).not.toContain('\x1b');
    expect(r.stdout).not.toContain('\x07');
  });
  it('in a data cell echoed by kaohe score, and no output file is written', () => {
    const csv = readFileSync(demoData, 'utf8').split('\n');
    csv[1] = csv[1].replace(',3410,', `,${ESC},`);
    const out = join(dir, 'esc-out.csv');
    const err = refused(kaohe('score', join(root, 'templates/demo-green.yaml'), file('esc.csv', csv.join('\n')), '-o', out));
    expect(err).toContain(ESCAPED);
    expect(err).not.toContain('\x1b');
    expect(existsSync(out)).toBe(false);
  });
  it('in entity names shown by kaohe explain', () => {
    const csv = readFileSync(demoData, 'utf8').replace(',南京市,', `,"${ESC}南京市",`);
    const r = kaohe('explain', join(root, 'templates/demo-green.yaml'), file('esc-name.csv', csv), '--id', '320100');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`320100 ${ESCAPED}南京市`);
    expect(r.stdout).not.toContain('\x1b');
  });
});

describe('kaohe score refuses a run in which no entity has a score', () => {
  it('exit 1 naming the data file, and no output file', () => {
    // exp() of these values overflows for every entity: every score is missing.
    const overflow = file('overflow.yaml', `id: overflow
version: "1"
name: { zh: 溢出, en: Overflow }
subject: region
inputs:
  - { id: a, label: { zh: 甲, en: A } }
derived:
  - { id: d, label: { zh: 派生, en: D }, expr: "exp(a * 1000)" }
tree:
  id: root
  label: { zh: 总, en: Total }
  children:
    - { id: n_d, label: { zh: 派生, en: D }, input: d, normalise: none }
`);
    const data = file('overflow.csv', 'id,a\ne1,5\ne2,3\n');
    const out = join(dir, 'blank.csv');
    const err = refused(kaohe('score', overflow, data, '-o', out));
    expect(err).toMatch(/overflow\.csv: 全部 2 个实体的得分都缺失.* \/ every one of the 2 entities' scores is missing, so the results are refused/);
    expect(existsSync(out)).toBe(false);
  });
});
