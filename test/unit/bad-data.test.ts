import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/index.js';
import { KaoheError, parseSchemeObject } from '../../indicators/index.js';
import { readCsvText } from '../../io/index.js';
import { L } from '../helpers.js';

const plan = compile(parseSchemeObject({
  id: 'data', version: '1', name: L('Data'), subject: 'region',
  attributes: [{ id: 'province', label: L('province'), categories: ['江苏', '安徽'] }],
  inputs: [
    { id: 'forest_cover', label: { zh: '森林覆盖率', en: 'forest cover' }, range: [0, 100], required: true },
    { id: 'fraud', label: L('fraud'), type: 'boolean' },
    { id: 'opened', label: L('opened'), type: 'date' },
  ],
  tree: { id: 'root', label: L('Root'), children: [{ id: 'f', input: 'forest_cover', label: L('f'), normalise: { method: 'none' } }] },
})).plan;

function problems(csv: string): { where: string; zh: string; en: string }[] {
  try {
    readCsvText(csv, plan, 'round.csv');
  } catch (e) {
    if (e instanceof KaoheError) return e.problems;
    throw e;
  }
  throw new Error('data were accepted but should have been refused');
}

describe('input CSV', () => {
  it('reads the contract: BOM, id, name, attributes, booleans, dates, NA and empty as missing', () => {
    const f = readCsvText('\uFEFFid,name,province,forest_cover,fraud,opened\n320100,南京市,江苏,31.8,否,2024-02-29\n320400,常州市,,24.1,NA,\n', plan);
    expect(f.ids).toEqual(['320100', '320400']);
    expect(f.names).toEqual(['南京市', '常州市']);
    expect(Array.from(f.columns.get('forest_cover')!)).toEqual([31.8, 24.1]);
    expect(Array.from(f.columns.get('fraud')!)).toEqual([0, NaN]);
    expect(Array.from(f.columns.get('province')!)).toEqual([0, NaN]);
    expect(f.columns.get('opened')![0]).toBe(Date.UTC(2024, 1, 29) / 86400000);
  });
  const cases: { name: string; csv: string; where: string; en: RegExp; zh?: RegExp }[] = [
    { name: 'an unknown column', csv: 'id,forest_cover,forest\na,1,2\n', where: 'round.csv:1 C「forest」', en: /unknown column "forest"/ },
    { name: 'text in a number column', csv: 'id,forest_cover\na,约45%\n', where: 'round.csv:2 forest_cover', en: /expected a number, got "约45%"/, zh: /「森林覆盖率」应为数字，实际为「约45%」/ },
    { name: 'a value out of range', csv: 'id,forest_cover\na,145\n', where: 'round.csv:2 forest_cover', en: /expected a number in 0–100, got "145"/ },
    { name: 'duplicate ids', csv: 'id,forest_cover\na,1\nb,2\na,3\n', where: 'round.csv:4 id', en: /duplicate entity id "a" \(already on line 2\)/ },
    { name: 'an empty id', csv: 'id,forest_cover\n,1\n', where: 'round.csv:2 id', en: /entity id is empty/ },
    { name: 'a missing required value', csv: 'id,forest_cover\na,\n', where: 'round.csv:2 forest_cover', en: /required input forest_cover is empty/ },
    { name: 'a missing required column', csv: 'id,fraud\na,1\n', where: 'round.csv:1', en: /required input forest_cover/ },
    { name: 'no id column', csv: 'code,forest_cover\na,1\n', where: 'round.csv:1', en: /required id column/ },
    { name: 'a category not in the list', csv: 'id,forest_cover,province\na,1,浙江\n', where: 'round.csv:2 province', en: /expected one of 江苏, 安徽, got "浙江"/ },
    { name: 'a bad boolean', csv: 'id,forest_cover,fraud\na,1,maybe\n', where: 'round.csv:2 fraud', en: /expected yes\/no/ },
    { name: 'an impossible date', csv: 'id,forest_cover,opened\na,1,2023-02-29\n', where: 'round.csv:2 opened', en: /expected a date as YYYY-MM-DD/ },
    { name: 'a duplicate header', csv: 'id,forest_cover,forest_cover\na,1,1\n', where: 'round.csv:1 C「forest_cover」', en: /duplicate column/ },
    { name: 'malformed CSV', csv: 'id,forest_cover\n"a,1\n', where: 'round.csv', en: /malformed CSV/ },
    { name: 'a ragged row', csv: 'id,forest_cover\na,1,2\n', where: 'round.csv:2', en: /malformed CSV/ },
    { name: 'an empty file', csv: '', where: 'round.csv', en: /empty/ },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}`, () => {
      const ps = problems(c.csv);
      const hit = ps.find((p) => p.where.startsWith(c.where) && c.en.test(p.en));
      expect(hit, JSON.stringify(ps, null, 1)).toBeDefined();
      if (c.zh) expect(hit!.zh).toMatch(c.zh);
    });
  }
  it('reports every bad cell at once', () => {
    const ps = problems('id,forest_cover,fraud\na,x,1\nb,200,2\nb,3,0\n');
    expect(ps.map((p) => p.where)).toEqual(['round.csv:2 forest_cover', 'round.csv:3 forest_cover', 'round.csv:3 fraud', 'round.csv:4 id']);
  });
});
