/**
 * The committed demo rosters and rounds are exactly what io/demo-rounds.ts makes (so the data
 * can't drift from the code), the rosters are the real divisions the issue lists, the synthetic
 * enterprises carry valid unified social credit codes, and every round file reads cleanly with
 * its scheme. Also: `kaohe check` passes on every template written here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidUscc, readCsvText, readRosterText } from '../../io/index.js';
import { demoRoundFiles, DEMO_ENTERPRISES, writeDemoRounds } from '../../io/demo-rounds.js';
import { cliSandbox } from '../cli-runner.js';
import { cells, loadTemplate, TEMPLATES, YEARS } from './template-round.js';

const files = demoRoundFiles();
const generated = new Map(files.map((f) => [f.path, f.text]));
const committed = (path: string): string => readFileSync(join(TEMPLATES, ...path.split('/')), 'utf8');
const DATA_TEMPLATES = ['gdi-2016', 'eco-civ-assessment', 'enterprise-credit-2013', 'xinan-compensation'];

describe('demo rounds: generated = committed', () => {
  it('regenerating gives byte-identical files', () => {
    for (const f of files) expect(committed(f.path) === f.text, f.path).toBe(true);
  });

  it('nothing else lies in the generated folders (no stale round files)', () => {
    for (const dir of [...DATA_TEMPLATES, 'rosters']) {
      const onDisk = readdirSync(join(TEMPLATES, dir)).filter((n) => n.endsWith('.csv')).map((n) => `${dir}/${n}`).sort();
      expect(onDisk).toEqual([...generated.keys()].filter((p) => p.startsWith(`${dir}/`)).sort());
    }
    for (const id of DATA_TEMPLATES) {
      for (const name of ['roster.csv', ...YEARS.map((y) => `${y}.csv`)]) expect(generated.has(`${id}/${name}`), `${id}/${name}`).toBe(true);
    }
  });

  it('writeDemoRounds writes the same bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaohe-demo-'));
    const written = await writeDemoRounds(dir);
    try {
      expect(written).toHaveLength(files.length);
      for (const f of files) expect(readFileSync(join(dir, ...f.path.split('/')), 'utf8') === f.text, f.path).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('demo rosters: the real divisions', () => {
  const table = (path: string): string[][] => cells(generated.get(path)!).rows;

  it('the 11 Greater Bay Area cities and Guizhou’s 9 prefecture-level divisions by their GB/T 2260 codes', () => {
    expect(table('rosters/gba.csv').map((r) => `${r[0]} ${r[1]}`)).toEqual([
      '810000 香港特别行政区', '820000 澳门特别行政区', '440100 广州市', '440300 深圳市', '440400 珠海市', '440600 佛山市',
      '441300 惠州市', '441900 东莞市', '442000 中山市', '440700 江门市', '441200 肇庆市',
    ]);
    expect(table('rosters/guizhou.csv').map((r) => r[0])).toEqual(['520100', '520200', '520300', '520400', '520500', '520600', '522300', '522600', '522700']);
    expect(table('rosters/guizhou.csv').every((r) => /^(?:.+市|.+自治州)$/.test(r[1]))).toBe(true);
  });

  it('31 provinces with distinct province-level codes; the Nanjing metropolitan roster is the demo’s', () => {
    const provinces = table('rosters/provinces.csv');
    expect(provinces).toHaveLength(31);
    expect(new Set(provinces.map((r) => r[0])).size).toBe(31);
    expect(provinces.every((r) => /^[1-6]\d0000$/.test(r[0]))).toBe(true);
    const demo = cells(readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8')).rows.map((r) => r.slice(0, 3).join(','));
    expect(table('rosters/nanjing-metro.csv').map((r) => r.join(','))).toEqual(demo);
  });

  it('10,000 synthetic enterprises: valid, distinct credit codes registered in their prefecture, names marked 虚构', () => {
    const rows = table('enterprise-credit-2013/roster.csv');
    expect(rows).toHaveLength(DEMO_ENTERPRISES);
    expect(new Set(rows.map((r) => r[0])).size).toBe(DEMO_ENTERPRISES);
    for (const [id, name, region] of rows) {
      expect(isValidUscc(id), id).toBe(true);
      expect(id.slice(2, 8)).toBe(region);
      expect(region).toMatch(/^\d{4}00$/);
      expect(name).toContain('虚构');
    }
  });

  it('unverified boundary sections say so in their names; 街口 is the verified one', () => {
    const rows = table('xinan-compensation/roster.csv');
    expect(rows.find((r) => r[0] === 'XAJ-JK')!.slice(1, 5)).toEqual(['街口', '新安江', '安徽', '浙江']);
    for (const r of rows) if (r[0] !== 'XAJ-JK') expect(r[1]).toContain('未核实');
  });
});

describe('demo rounds: consistent with rosters and schemes', () => {
  it('each round lists the roster’s entities with the roster’s attributes, and reads cleanly with its scheme', async () => {
    for (const id of DATA_TEMPLATES) {
      const roster = cells(generated.get(`${id}/roster.csv`)!);
      const { plan } = await loadTemplate(id);
      for (const y of YEARS) {
        const text = generated.get(`${id}/${y}.csv`)!;
        const round = cells(text);
        expect(round.header.slice(0, roster.header.length)).toEqual(roster.header);
        expect(round.rows.map((r) => r.slice(0, roster.header.length))).toEqual(roster.rows);
        const frame = readCsvText(text, plan, `${id}/${y}.csv`);
        expect(frame.n).toBe(roster.rows.length);
      }
      // The roster is a roster as `kaohe template --roster` reads it, for this scheme.
      const entries = readRosterText(generated.get(`${id}/roster.csv`)!, `${id}/roster.csv`, plan);
      expect(entries.map((e) => e.id)).toEqual(roster.rows.map((r) => r[0]));
    }
  });
});

describe('kaohe check', () => {
  const { kaohe } = cliSandbox('kaohe-templates-');
  for (const id of [...DATA_TEMPLATES, 'epi-2020']) {
    it(`${id} compiles without problems`, () => {
      const r = kaohe('check', join(TEMPLATES, id, 'scheme.yaml'));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/校验通过 OK/);
      expect(r.stdout).toMatch(/方案哈希 Plan hash: [0-9a-f]{64}/);
    });
  }
});
