/**
 * `kaohe check SCHEME --plan` prints the plan exactly as the plan hash covers it, and
 * `--kernels` the generated kernels that run, indented, a comment naming every node, each with
 * the source URL that names it in stack traces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/index.js';
import { kernelsFor } from '../../engine/kernels.js';
import { hashCanonical, loadSchemeText } from '../../indicators/index.js';
import { cliSandbox, root } from '../cli-runner.js';

const { dir, kaohe } = cliSandbox('kaohe-check-listing-');
const small = `
id: small
version: "1"
name: { zh: 小方案, en: A small scheme }
subject: region
inputs:
  - { id: a, label: { zh: 甲, en: A }, type: number }
  - { id: b, label: { zh: 乙, en: B }, type: number }
tree:
  id: total
  label: { zh: 总分, en: Total }
  children:
    - { id: part_a, label: { zh: 甲项, en: Part A }, input: a, normalise: { method: minmax } }
    - { id: part_b, label: { zh: 乙项, en: Part B }, input: b, direction: lower, normalise: { method: zscore, mean: 50, sd: 10 } }
`;
writeFileSync(join(dir, 'small.yaml'), small);
const compiled = compile(loadSchemeText(small));

/** The listing's sections: kernel name → the lines of code between its heading and its source URL. */
function sections(listing: string): Map<string, { code: string[]; url: string }> {
  const out = new Map<string, { code: string[]; url: string }>();
  let name: string | null = null;
  let code: string[] = [];
  for (const line of listing.split('\n')) {
    const heading = /^\/\/ ===== ([a-z0-9-]+):/.exec(line);
    if (heading) {
      name = heading[1];
      code = [];
    } else if (name && line.startsWith('//# sourceURL=')) {
      out.set(name, { code, url: line.slice('//# sourceURL='.length) });
      name = null;
    } else if (name && !line.startsWith('// arguments')) code.push(line);
  }
  return out;
}

describe('kaohe check --plan and --kernels', () => {
  it('--plan prints the plan whose canonical JSON hashes to the plan hash check prints', () => {
    const summary = kaohe('check', 'small.yaml');
    expect(summary.code).toBe(0);
    const r = kaohe('check', 'small.yaml', '--plan');
    expect(r.code, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(printed.nodes.map((n: { id: string }) => n.id)).toEqual(['total', 'part_a', 'part_b']);
    expect(summary.stdout).toContain(hashCanonical(printed));
  });

  it('--kernels prints every kernel that runs, line for line, with its node comments and source URL', () => {
    const r = kaohe('check', 'small.yaml', '--kernels');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`// node 0 total (mean)`);
    expect(r.stdout).toContain(`// node 1 part_a (minmax)`);
    expect(r.stdout).toContain(`// node 2 part_b (zscore)`);
    const parts = sections(r.stdout);
    const k = kernelsFor(compiled);
    expect([...parts.keys()]).toEqual(['prepare', 'impute', 'treat', 'score']);
    for (const [name, part] of parts) {
      expect(part.url).toBe(`kaohe/${compiled.hash}/${name}.js`);
      const running = k.sources[name as 'prepare' | 'impute' | 'treat' | 'score'].split('\n').map((l) => l.trim()).filter((l) => l !== '');
      expect(part.code.map((l) => l.trim())).toEqual(running);
    }
    // Inside the loop over entities, one level in.
    expect(parts.get('score')!.code.find((l) => l.includes('// node 0'))).toBe('  // node 0 total (mean)');
  });

  it('record filters are listed once per plan with what each filters', () => {
    const r = kaohe('check', join(root, 'templates/official-accountability/scheme.yaml'), '--kernels');
    expect(r.code, r.stderr).toBe(0);
    const plan = compile(loadSchemeText(readFileSync(join(root, 'templates/official-accountability/scheme.yaml'), 'utf8'))).plan;
    const withFilter = (plan.recordAggregates ?? []).filter((a) => a.filter !== null);
    const listed = [...sections(r.stdout).keys()].filter((n) => n.startsWith('record-filter-'));
    expect(listed).toHaveLength(withFilter.length);
    expect(r.stdout).toContain(`the filter of ${withFilter[0].fn}() over ${withFilter[0].type} records (column ${withFilter[0].id})`);
  });

  it('refuses --plan with --kernels', () => {
    const r = kaohe('check', 'small.yaml', '--plan', '--kernels');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--plan.*--kernels/);
  });
});
