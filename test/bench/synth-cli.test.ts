/** `kaohe synth` as a user runs it (the built CLI: npm test builds first). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/index.js';
import { loadSchemeFile, synthCsv } from '../../io/index.js';
import { cliSandbox, root } from '../cli-runner.js';

const scheme = join(root, 'bench/schemes/credit-bench.yaml');
const { dir, kaohe } = cliSandbox('kaohe-synth-');

describe('kaohe synth', () => {
  it('writes the same file as synthCsv, whole, and the file scores', async () => {
    const out = join(dir, 'round.csv');
    const r = kaohe('synth', scheme, '--n', '3000', '--seed', '17', '-o', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/3000 synthetic entities \(seed 17\)/);
    const plan = compile(await loadSchemeFile(scheme)).plan;
    expect(readFileSync(out, 'utf8')).toBe(synthCsv(plan, 3000, 17));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const scored = kaohe('score', scheme, out, '-o', join(dir, 'results.csv'), '--threads', '1');
    expect(scored.code, scored.stderr).toBe(0);
  });

  it('writes CSV to stdout without -o, seed 1 by default', async () => {
    const r = kaohe('synth', scheme, '--n', '5');
    expect(r.code).toBe(0);
    const plan = compile(await loadSchemeFile(scheme)).plan;
    expect(r.stdout).toBe(synthCsv(plan, 5, 1));
  });

  it('refuses a bad --n, --seed or output name with exit 2 and writes nothing', () => {
    const out = join(dir, 'never.csv');
    for (const args of [
      ['--n', '0'], ['--n', '-5'], ['--n', '1.5'], ['--n', '5000001'], ['--n', 'many'], [],
      ['--n', '10', '--seed', '1.5'], ['--n', '10', '--seed', 'abc'], ['--n', '10', '--seed', '99999999999999999999'],
    ]) {
      const r = kaohe('synth', scheme, ...args, '-o', out);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--(n|seed) /);
    }
    const r = kaohe('synth', scheme, '--n', '10', '-o', join(dir, 'data.xlsx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.csv/);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 1 for a bad scheme', () => {
    const r = kaohe('synth', join(dir, 'nope.yaml'), '--n', '10');
    expect(r.code).toBe(1);
  });
});
