/**
 * Synthetic data (io/synth.ts): deterministic, the CSV reads back as exactly the frame, it
 * passes the reader for every bundled scheme, and the values look like the inputs they stand
 * for. (The hand-written baseline's agreement with kaohe is in handwritten.test.ts.)
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, type Frame, type ScoringPlan } from '../../engine/index.js';
import { isValidUscc, loadSchemeFile, readCsvText, synthCsv, synthCsvChunks, synthFrame } from '../../io/index.js';

const root = resolve(import.meta.dirname, '../..');
const schemeFiles = [
  ...readdirSync(join(root, 'templates')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'templates', f)),
  ...readdirSync(join(root, 'templates'))
    .filter((d) => existsSync(join(root, 'templates', d, 'scheme.yaml')))
    .map((d) => join(root, 'templates', d, 'scheme.yaml')),
  ...readdirSync(join(root, 'bench/schemes')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'bench/schemes', f)),
];
const plans = new Map<string, ScoringPlan>();

beforeAll(async () => {
  for (const f of schemeFiles) plans.set(f, compile(await loadSchemeFile(f)).plan);
});

function expectSameFrame(a: Frame, b: Frame): void {
  expect(a.n).toBe(b.n);
  expect(a.ids).toEqual(b.ids);
  expect([...a.columns.keys()].sort()).toEqual([...b.columns.keys()].sort());
  for (const [id, col] of a.columns) {
    const other = b.columns.get(id)!;
    for (let i = 0; i < a.n; i++) {
      if (!Object.is(col[i], other[i])) throw new Error(`${id}[${i}]: ${col[i]} ≠ ${other[i]}`);
    }
  }
  expect(Object.fromEntries(a.dictionaries)).toEqual(Object.fromEntries(b.dictionaries));
}

describe('synthetic data', () => {
  it('covers every bundled scheme', () => {
    expect(schemeFiles.length).toBeGreaterThanOrEqual(10);
    expect(schemeFiles.some((f) => f.endsWith(join('gdi-2016', 'scheme.yaml')))).toBe(true);
    expect(schemeFiles.some((f) => f.endsWith('credit-bench.yaml'))).toBe(true);
    expect(schemeFiles.some((f) => f.endsWith('composite-bench.yaml'))).toBe(true);
  });

  it('is deterministic: the same seed gives the same bytes, another seed other bytes', () => {
    for (const plan of plans.values()) {
      const a = synthCsv(plan, 500, 42);
      expect(synthCsv(plan, 500, 42)).toBe(a);
      expect(synthCsv(plan, 500, 43)).not.toBe(a);
      expect(synthCsv(plan, 500, -42)).not.toBe(a);
    }
  });

  it('gives the first rows of a longer file unchanged, whatever the chunking', () => {
    const plan = plans.get(schemeFiles.find((f) => f.endsWith('credit-bench.yaml'))!)!;
    const whole = synthCsv(plan, 1000, 7);
    expect([...synthCsvChunks(plan, 1000, 7, 37)].join('')).toBe(whole);
    const lines = synthCsv(plan, 1500, 7).split('\n');
    expect(lines.slice(0, 1001).join('\n')).toBe(whole.slice(0, -1));
  });

  it('writes a CSV that the reader accepts for every scheme, and that reads back as exactly the frame', () => {
    for (const [file, plan] of plans) {
      const n = 2000;
      const frame = readCsvText(synthCsv(plan, n, 11), plan, file);
      expectSameFrame(frame, synthFrame(plan, n, 11));
    }
  });

  it('gives unique ids; valid unified social credit codes for enterprises', () => {
    for (const plan of plans.values()) {
      const { ids } = synthFrame(plan, 5000, 3);
      expect(new Set(ids).size).toBe(5000);
      if (plan.scheme.subject === 'enterprise') for (const id of ids) expect(isValidUscc(id), id).toBe(true);
      else expect(ids[0]).toMatch(/^[RPS]0*1$/);
    }
  });

  it('keeps numbers in range, categories in their lists, required inputs present, a few percent missing elsewhere', () => {
    for (const plan of plans.values()) {
      const n = 5000;
      const frame = synthFrame(plan, n, 5);
      for (const s of plan.sources) {
        const col = frame.columns.get(s.id)!;
        let missing = 0;
        let bad = '';
        const [lo, hi] = s.range ?? [null, null];
        const dictSize = frame.dictionaries.get(s.id)?.length ?? 0;
        for (const v of col) {
          if (v !== v) {
            missing++;
            continue;
          }
          if ((lo !== null && v < lo) || (hi !== null && v > hi)) bad ||= `${v} out of range`;
          if (Object.is(v, -0)) bad ||= '−0';
          if (s.type === 'boolean' && v !== 0 && v !== 1) bad ||= `${v} is not 0 or 1`;
          if (s.type === 'category' && !(Number.isInteger(v) && v >= 0 && v < dictSize)) bad ||= `${v} is not a category code`;
        }
        expect(bad, s.id).toBe('');
        if (s.required || s.role === 'attribute') expect(missing, s.id).toBe(0);
        else {
          expect(missing / n, s.id).toBeGreaterThan(0.003);
          expect(missing / n, s.id).toBeLessThan(0.07);
        }
      }
    }
  });

  it('makes veto-like booleans rare (about 3%) and correlates inputs through a latent quality', () => {
    const plan = plans.get(schemeFiles.find((f) => f.endsWith('credit-bench.yaml'))!)!;
    const n = 50_000;
    const frame = synthFrame(plan, n, 9);
    for (const id of ['env_crime', 'no_eia', 'bypass_discharge']) {
      const col = frame.columns.get(id)!;
      const present = col.filter((v) => v === v);
      const share = present.reduce((a, b) => a + b, 0) / present.length;
      expect(share, id).toBeGreaterThan(0.02);
      expect(share, id).toBeLessThan(0.04);
    }
    // Two "higher is better" inputs move together; a "lower is better" one moves against them.
    const corr = (a: string, b: string): number => {
      const x = frame.columns.get(a)!;
      const y = frame.columns.get(b)!;
      let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, m = 0;
      for (let i = 0; i < n; i++) {
        if (x[i] !== x[i] || y[i] !== y[i]) continue;
        m++; sx += x[i]; sy += y[i]; sxx += x[i] * x[i]; syy += y[i] * y[i]; sxy += x[i] * y[i];
      }
      return (sxy - (sx * sy) / m) / Math.sqrt((sxx - (sx * sx) / m) * (syy - (sy * sy) / m));
    };
    expect(corr('emission_compliance', 'permit_compliance')).toBeGreaterThan(0.2);
    expect(corr('emission_compliance', 'total_load_ratio')).toBeLessThan(-0.2);
    // Counts are whole numbers, mostly 0 where fewer is better.
    const complaints = frame.columns.get('complaints')!.filter((v) => v === v);
    expect(complaints.every((v) => Number.isInteger(v))).toBe(true);
    expect(complaints.filter((v) => v === 0).length / complaints.length).toBeGreaterThan(0.5);
  });

  it('refuses a bad size or seed', () => {
    const plan = plans.values().next().value!;
    expect(() => synthFrame(plan, -1, 1)).toThrow();
    expect(() => synthFrame(plan, 1.5, 1)).toThrow();
    expect(() => synthFrame(plan, 10, 0.5)).toThrow();
    expect(synthFrame(plan, 0, 1).n).toBe(0);
  });
});
