/**
 * What a data cell's text may be (io/cells.ts, shared by the CSV and workbook readers): what
 * people really type is accepted where it can mean one thing only, and refused otherwise.
 */
import { describe, expect, it } from 'vitest';
import { compile, type SourceColumn } from '../../engine/index.js';
import { parseSchemeObject } from '../../indicators/index.js';
import { DEFAULT_MISSING, halfWidth, missingMarkers, parseCell, readCsvText } from '../../io/index.js';
import { L, schemeProblems, schemeWith } from '../helpers.js';

const num = (more: Partial<SourceColumn> = {}): SourceColumn => ({ id: 'x', role: 'input', type: 'number', label: L('x'), required: false, ...more });
const percent = num({ unit: '%', range: [0, 100] });
const money = num({ unit: '亿元' });
const value = (text: string, column = num(), missing = DEFAULT_MISSING): number => {
  const r = parseCell(text, column, undefined, missing);
  if (r.kind !== 'value') throw new Error(`"${text}" gave ${JSON.stringify(r)}`);
  return r.value;
};
const refusal = (text: string, column = num()): { zh: string; en: string } => {
  const r = parseCell(text, column);
  if (r.kind !== 'error') throw new Error(`"${text}" was accepted: ${JSON.stringify(r)}`);
  return r;
};

describe('lenient number cells', () => {
  it('trims surrounding spaces, tabs, no-break and full-width (U+3000) spaces', () => {
    for (const t of [' 45.5', '45.5 ', '\t45.5\t', '\u00A045.5\u00A0', '\u300045.5\u3000', '\u3000 45.5 \u3000']) expect(value(t)).toBe(45.5);
  });
  it('reads full-width digits, signs, point and percent as their ASCII forms', () => {
    expect(halfWidth('４５．５％')).toBe('45.5%');
    expect(value('４５．５')).toBe(45.5);
    expect(value('－１２')).toBe(-12);
    expect(value('＋７')).toBe(7);
    expect(value('\u22123.5')).toBe(-3.5);
    expect(value('１２，３４５')).toBe(12345);
    expect(value('４５％', percent)).toBe(45);
  });
  it('reads thousands separators only in groups of exactly three digits', () => {
    expect(value('12,345.6')).toBe(12345.6);
    expect(value('1,234,567')).toBe(1234567);
    expect(value('-1,000')).toBe(-1000);
    for (const t of ['1,2345', '12,34', '45,5', '1,234,56', ',123', '1,,234', '1,234e3']) {
      const r = refusal(t);
      expect(r.en, t).toMatch(/thousands separator in groups of three digits/);
      expect(r.zh).toMatch(/千位分隔符/);
    }
  });
  it('reads 45% as 45 for an input whose unit is % (half- or full-width), and refuses it otherwise', () => {
    expect(value('45%', percent)).toBe(45);
    expect(value('45 %', percent)).toBe(45);
    expect(value('0.5%', percent)).toBe(0.5);
    expect(value('45%', num({ unit: '％' }))).toBe(45);
    const r = refusal('45%', money);
    expect(r.en).toBe('"45%" has a percent sign but this input\'s unit is not % (unit: 亿元): write the number without %');
    expect(r.zh).toMatch(/带百分号，但此项的单位不是 %（单位：亿元）/);
    expect(refusal('45%').en).toMatch(/unit: none/);
  });
  it('checks the range after reading the percentage', () => {
    expect(refusal('145%', percent).en).toBe('expected a number in 0–100, got "145%"');
  });
  it('still refuses what is not a number, showing it as typed', () => {
    expect(refusal('约45%', percent).en).toBe('expected a number, got "约45%"');
    expect(refusal('４５元').en).toBe('expected a number, got "４５元"');
    for (const t of ['%', '1.2.3', '45 5', '1e', '--1', '12,345,6']) expect(parseCell(t, num()).kind, t).toBe('error');
  });
});

describe('other types', () => {
  it('booleans, dates and categories accept surrounding spaces; booleans and dates full-width digits', () => {
    const bool: SourceColumn = { ...num(), type: 'boolean' };
    const date: SourceColumn = { ...num(), type: 'date' };
    const cat: SourceColumn = { ...num(), type: 'category', categories: ['江苏', '安徽'] };
    expect(value('\u3000是 ', bool)).toBe(1);
    expect(value('０', bool)).toBe(0);
    expect(value(' ２０２４－０２－２９ ', date)).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
    expect(parseCell('２０２３－０２－２９', date).kind).toBe('error');
    expect(parseCell(' 安徽\u3000', cat, new Map([['江苏', 0], ['安徽', 1]]))).toEqual({ kind: 'value', value: 1 });
  });
});

describe('missing values', () => {
  it('an empty cell and NA are missing by default; other markers only when the scheme lists them', () => {
    for (const t of ['', '  ', 'NA', ' NA ']) expect(parseCell(t, num()).kind).toBe('missing');
    for (const t of ['—', '/', '无']) expect(parseCell(t, num()).kind).toBe('error');
    const markers = missingMarkers({ missingValues: ['—', '/', ' 无 '] });
    for (const t of ['—', '/', '无', ' 无\u3000', '', 'NA']) expect(parseCell(t, num({ required: true }), undefined, markers).kind, t).toBe('missing');
    expect(parseCell('-', num(), undefined, markers).kind).toBe('error');
  });

  it('the scheme language carries missingValues into the plan, and leaves the plan hash alone without them', () => {
    const plain = compile(parseSchemeObject(schemeWith(['a'])));
    const withEmpty = compile(parseSchemeObject(schemeWith(['a'], { missingValues: [] })));
    const withMarkers = compile(parseSchemeObject(schemeWith(['a'], { missingValues: ['—', ' / '] })));
    expect(plain.plan.missingValues).toBeUndefined();
    expect(withEmpty.hash).toBe(plain.hash);
    expect(withMarkers.plan.missingValues).toEqual(['—', '/']);
    expect(withMarkers.hash).not.toBe(plain.hash);
  });

  it('the CSV reader uses the scheme\'s markers', () => {
    const { plan } = compile(parseSchemeObject(schemeWith(['a', 'b'], { missingValues: ['—', '无'] })));
    const f = readCsvText('id,a,b\nx,—,"１，２３４"\ny,无,\u3000４\n', plan);
    expect(Array.from(f.columns.get('a')!)).toEqual([NaN, NaN]);
    expect(Array.from(f.columns.get('b')!)).toEqual([1234, 4]);
    expect(() => readCsvText('id,a,b\nx,1,4%\n', plan)).toThrow(/data.csv:2 b: .*"4%" has a percent sign/);
  });

  it('refuses markers that could be read as data', () => {
    const bad = (markers: unknown[], extra: Record<string, unknown> = {}): string[] =>
      schemeProblems(schemeWith(['a'], { missingValues: markers, ...extra })).map((p) => `${p.where}: ${p.en}`);
    expect(bad(['0'])[0]).toMatch(/^missingValues\[0\]: .*reads as a number/);
    expect(bad(['—', '－1'])[0]).toMatch(/^missingValues\[1\]: .*reads as a number/);
    expect(bad(['否'])[0]).toMatch(/yes\/no word/);
    expect(bad(['  '])[0]).toMatch(/^missingValues\[0\]: .*must not be blank/);
    expect(bad(['江苏'], { attributes: [{ id: 'province', label: L('p'), categories: ['江苏', '安徽'] }] })[0]).toMatch(/is a category of province/);
  });
});
