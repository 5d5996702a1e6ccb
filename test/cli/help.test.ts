/**
 * The command line helping its user: per-command help (exit 0), "did you mean" for a mistyped
 * option or command, bilingual messages for a wrong command line (exit 2) naming only what is
 * missing, and `kaohe check` listing a scheme's shape and semantic problems in one go.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSandbox, root } from '../cli-runner.js';
import { COMMANDS } from '../../cli/usage.js';

const scheme = join(root, 'templates/demo-green.yaml');
const { dir, kaohe } = cliSandbox('kaohe-help-');

describe('kaohe COMMAND --help', () => {
  it('every command prints its own usage on stdout and exits 0', () => {
    for (const command of COMMANDS.filter((c) => c !== 'help')) {
      for (const flag of ['--help', '-h']) {
        const r = kaohe(command, flag);
        expect(r.code, `${command} ${flag}`).toBe(0);
        expect(r.stdout).toMatch(/^用法 Usage:\n/);
        expect(r.stdout).toContain(`kaohe ${command}`);
        // Only this command's lines.
        const other = command === 'check' ? 'kaohe score' : 'kaohe check';
        expect(r.stdout, command).not.toContain(other);
        expect(r.stderr).toBe('');
      }
    }
  });
  it('--help wins over other arguments, and `kaohe help COMMAND` is the same', () => {
    const r = kaohe('score', scheme, '--thread', '2', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kaohe score SCHEME');
    expect(kaohe('help', 'score').stdout).toBe(r.stdout);
    expect(kaohe('scheme', 'export', '--help').stdout).toContain('kaohe scheme import');
    expect(kaohe('help').stdout).toContain('kaohe verify BUNDLE.zip');
  });
});

describe('a wrong command line: exit 2, in Chinese and English', () => {
  it('a mistyped option is named with the one meant', () => {
    const r = kaohe('score', scheme, 'data.csv', '--thread', '2');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未知选项 --thread；是否想用 --threads？');
    expect(r.stderr).toContain('unknown option --thread (did you mean --threads?)');
    expect(r.stderr).not.toMatch(/Unknown option|To specify a positional/);
    expect(kaohe('explain', scheme, 'd.csv', '--idd=3').stderr).toContain('did you mean --id?');
    expect(kaohe('synth', scheme, '--sed', '3').stderr).toContain('did you mean --seed?');
    expect(kaohe('uncertainty', scheme, 'd.csv', '--sepc', 's.yaml').stderr).toContain('did you mean --spec?');
    expect(kaohe('serve', '--prot', '3107').stderr).toContain('did you mean --port?');
  });
  it('an option nothing resembles lists the options the command has', () => {
    const r = kaohe('check', scheme, '--zzzzzz');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --zzzzzz; this command takes --plan --kernels');
    expect(r.stderr).not.toContain('did you mean');
    expect(kaohe('hash', '--x', 'r.csv').stderr).toContain('this command takes no options');
  });
  it('a mistyped command or subcommand is named with the one meant', () => {
    const r = kaohe('socre');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未知命令「socre」；是否想用 score？ / unknown command: socre (did you mean score?)');
    const s = kaohe('scheme', 'exprot', scheme);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('did you mean export?');
    expect(kaohe('frobnicate').stderr).not.toContain('did you mean');
  });
  it('names only the arguments that are missing', () => {
    const one = kaohe('score', scheme);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/^缺少参数 DATA \/ missing argument: DATA\n/);
    const both = kaohe('explain');
    expect(both.stderr).toMatch(/^缺少参数 SCHEME DATA \/ missing arguments: SCHEME DATA\n/);
    expect(kaohe('uncertainty', scheme).stderr).toMatch(/^缺少参数 DATA \//);
    expect(kaohe('check', 'a.yaml', 'b.yaml').stderr).toMatch(/^多余的参数「b\.yaml」 \/ unexpected argument: b\.yaml/);
  });
  it('an option without its value, or a switch given one, says so', () => {
    const r = kaohe('score', scheme, 'd.csv', '-o');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('选项 --out 后需要一个值 / option --out needs a value after it');
    const b = kaohe('check', scheme, '--plan=yes');
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('选项 --plan 不带值 / option --plan takes no value');
  });
  it('the usage after an error is the failing command\'s only', () => {
    const r = kaohe('score', scheme);
    expect(r.stderr).toContain('kaohe score SCHEME');
    expect(r.stderr).not.toContain('kaohe check SCHEME');
  });
});

describe('kaohe synth --division-codes', () => {
  it('gives regions GB/T 2260-shaped codes and names, the values as without it; refused for other subjects', () => {
    const coded = kaohe('synth', scheme, '--n', '4', '--division-codes');
    expect(coded.code).toBe(0);
    const plain = kaohe('synth', scheme, '--n', '4');
    const a = coded.stdout.trim().split('\n');
    const b = plain.stdout.trim().split('\n');
    expect(a[0]).toBe(b[0].replace(/^id,/, 'id,name,'));
    expect(a.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['110100,合成地区 110100', '110101,合成地区 110101', '110102,合成地区 110102', '110103,合成地区 110103']);
    a.slice(1).forEach((l, k) => expect(l.split(',').slice(2)).toEqual(b[k + 1].split(',').slice(1)));
    const enterprise = kaohe('synth', join(root, 'templates/enterprise-credit-2013/scheme.yaml'), '--n', '2', '--division-codes');
    expect(enterprise.code).toBe(2);
    expect(enterprise.stderr).toContain('--division-codes is for schemes that evaluate regions');
  });
});

describe('kaohe check lists every problem at once', () => {
  const bad = join(dir, 'five-mistakes.yaml');
  writeFileSync(bad, `id: bad
version: 1
name: { zh: 坏方案, en: Bad }
subject: region
inputs:
  - { id: a, label: { zh: 甲, en: A }, type: numbr }
  - { id: b, label: { zh: 乙, en: B }, rnage: [0, 1] }
  - { id: a, label: { zh: 丙, en: C } }
derived:
  - { id: d, label: { zh: 丁, en: D }, expr: "b + zz" }
tree:
  id: root
  label: { zh: 根, en: Root }
  children:
    - { id: x, label: { zh: 戊, en: X }, input: b, normalise: { method: minmax }, weight: -1 }
    - { id: y, label: { zh: 己, en: Y }, input: nope, normalise: { method: minmax } }
`);
  it('shape mistakes and semantic mistakes together, each with its path and line', () => {
    const r = kaohe('check', bad);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('  '));
    expect(lines.map((l) => /› (\S+) \(line (\d+)\)/.exec(l)?.slice(1, 3).join(' '))).toEqual([
      'inputs[0].type 6', // shape: not a type
      'inputs[1].rnage 7', // shape: unknown field
      'tree.children[0].weight 15', // shape: negative weight
      'inputs[2].id 8', // semantics: duplicate id
      'derived[0].expr 10', // semantics: unknown name
      'tree.children[1].input 16', // semantics: unknown input
    ]);
  });
  it('a field set aside for its shape is not blamed again by the semantic checks', () => {
    const categories = join(dir, 'categories.yaml');
    // A category input whose categories are the wrong shape: one problem, not also "needs its categories".
    writeFileSync(categories, `id: c
version: 1
name: { zh: 方案, en: S }
subject: region
inputs:
  - { id: k, label: { zh: 类, en: K }, type: category, categories: oops }
  - { id: n, label: { zh: 数, en: N } }
tree:
  id: root
  label: { zh: 根, en: Root }
  children:
    - { id: x, label: { zh: 戊, en: X }, input: n, normalise: { method: minmax } }
    - { id: y, label: { zh: 己, en: Y }, input: missing_one, normalise: { method: minmax } }
`);
    const r = kaohe('check', categories);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('inputs[0].categories');
    expect(r.stderr).not.toContain('a category input needs its list of categories');
    expect(r.stderr).toContain('tree.children[1].input');
  });
  it('a YAML syntax error is Chinese in the Chinese half', () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'id: x\nname: [a\n');
    const r = kaohe('check', broken);
    expect(r.code).toBe(1);
    const zh = r.stderr.split(' / ')[0];
    expect(zh).toContain('YAML 语法错误：');
    expect(zh).not.toMatch(/Flow|sequence|indented|collection/);
    const dup = join(dir, 'dup.yaml');
    writeFileSync(dup, 'id: x\nid: y\n');
    expect(kaohe('check', dup).stderr).toContain('同一层中的键重复');
  });
});
