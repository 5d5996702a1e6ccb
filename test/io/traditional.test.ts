/**
 * Traditional Chinese cells: a workbook in Traditional characters (江蘇, and a category list read
 * through OpenCC's tables) reads as the same data as its Simplified twin and scores the same bits;
 * a cell two listed values both read as, or one no value reads as, is still an error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, evaluate, type CompiledPlan, type SourceColumn } from '../../engine/index.js';
import { loadSchemeFile, parseCell, readCsvText, readWorkbookFile, resultsCsv } from '../../io/index.js';
import { root } from '../cli-runner.js';
import { csvRows, expectSameFrame, plainWorkbook, removeAll, save, scratch } from './workbooks.js';

const dir = scratch('kaohe-traditional-');
let demo: CompiledPlan;
const simplified = readFileSync(join(root, 'templates/demo-green.csv'), 'utf8');
/** The twin as a Hong Kong office types it: province names and city names in Traditional characters. */
const traditional = simplified.replaceAll('江苏', '江蘇').replaceAll('常州市', '常州市').replaceAll('镇江市', '鎮江市').replaceAll('马鞍山市', '馬鞍山市').replaceAll('滁州市', '滁州市');

beforeAll(async () => { demo = compile(await loadSchemeFile(join(root, 'templates/demo-green.yaml'))); });
afterAll(() => removeAll(dir));

describe('a Traditional-Chinese workbook', () => {
  it('reads as its Simplified twin (names aside) and scores the same', async () => {
    expect(traditional).not.toBe(simplified);
    const { wb } = plainWorkbook(csvRows(traditional));
    const frame = await readWorkbookFile(await save(wb, join(dir, 'traditional.xlsx')), demo.plan);
    const twin = readCsvText(simplified, demo.plan);
    // Names are the office's own text; every value, code and id is the same.
    frame.names = twin.names;
    expectSameFrame(frame, twin);
    expect(resultsCsv(evaluate(demo, frame))).toBe(resultsCsv(evaluate(demo, twin)));
  });

  it('and as CSV too', () => {
    const frame = readCsvText(traditional, demo.plan);
    frame.names = readCsvText(simplified, demo.plan).names;
    expectSameFrame(frame, readCsvText(simplified, demo.plan));
  });
});

describe('category cells in Traditional characters', () => {
  const column = (categories: string[]): SourceColumn => ({ id: 'status', role: 'input', type: 'category', categories, label: { zh: '状态', en: 'Status' } } as unknown as SourceColumn);
  const codes = (categories: string[]): Map<string, number> => new Map(categories.map((c, k) => [c, k]));

  it('達標, 不達標 and 澳門 are the listed 达标, 不达标 and 澳门', () => {
    const cats = ['达标', '不达标', '澳门'];
    const c = codes(cats);
    expect(['達標', '不達標', '澳門', '达标'].map((t) => parseCell(t, column(cats), c))).toEqual([0, 1, 2, 0].map((value) => ({ kind: 'value', value })));
  });

  it('a scheme listing Traditional values takes Simplified cells', () => {
    const cats = ['達標', '不達標'];
    expect(parseCell('不达标', column(cats), codes(cats))).toEqual({ kind: 'value', value: 1 });
  });

  it('a text two listed values read as is an error, not a guess; an unknown one is still an error', () => {
    const cats = ['干', '乾'];
    expect(parseCell('乾', column(cats), codes(cats))).toEqual({ kind: 'value', value: 1 });
    const both = ['发', '髮'];
    expect(parseCell('發', column(both), codes(both))).toMatchObject({ kind: 'error' });
    expect(parseCell('優秀', column(['达标']), codes(['达标']))).toMatchObject({ kind: 'error', en: expect.stringContaining('expected one of 达标') });
  });
});
