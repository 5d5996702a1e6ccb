/**
 * Every default uncertainty spec (templates/uncertainty/<scheme id>.yaml) is named after a
 * built-in scheme, parses against it, and gives intervals on the scheme's own data that hold the
 * nominal rank of most entities and score intervals a few points wide (alternatives that change
 * the scale, efficacy's 60–100 against a 0–100 percentile, gave the demo intervals 30 points wide).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, uncertaintyAnalysis } from '../../engine/index.js';
import { loadSchemeText, loadUncertaintySpec } from '../../indicators/index.js';
import { readCsvText } from '../../io/index.js';
import { root } from '../cli-runner.js';

const SPECS = join(root, 'templates/uncertainty');
/** Each scheme with a default spec, and a data file of it. */
const SCHEMES: Record<string, { scheme: string; data: string }> = {
  'demo-green': { scheme: 'templates/demo-green.yaml', data: 'templates/demo-green.csv' },
  'gdi-2016': { scheme: 'templates/gdi-2016/scheme.yaml', data: 'templates/gdi-2016/2025.csv' },
};

describe('default uncertainty specs', () => {
  const files = readdirSync(SPECS).filter((f) => f.endsWith('.yaml'));

  it('are each named after a built-in scheme listed here', () => {
    expect(files.map((f) => f.replace(/\.yaml$/, '')).sort()).toEqual(Object.keys(SCHEMES).sort());
  });

  it.each(Object.entries(SCHEMES))('%s: parses against its scheme and keeps most nominal ranks inside intervals a few points wide', async (id, { scheme, data }) => {
    const text = readFileSync(join(root, scheme), 'utf8');
    const s = loadSchemeText(text);
    expect(s.id).toBe(id);
    const spec = loadUncertaintySpec(readFileSync(join(SPECS, `${id}.yaml`), 'utf8'), s);
    const compiled = compile(s);
    const frame = readCsvText(readFileSync(join(root, data), 'utf8'), compiled.plan);
    const u = await uncertaintyAnalysis(compiled, frame, spec, { n: 200, seed: 1 });
    let inside = 0;
    for (let i = 0; i < frame.n; i++) if (u.nominal.rank[i] >= u.rankP05[i] && u.nominal.rank[i] <= u.rankP95[i]) inside++;
    expect(inside / frame.n).toBeGreaterThan(0.7);
    const widths = Array.from(u.scoreP95, (hi, i) => hi - u.scoreP05[i]).sort((a, b) => a - b);
    expect(widths[widths.length >> 1]).toBeLessThan(10);
  });
});
