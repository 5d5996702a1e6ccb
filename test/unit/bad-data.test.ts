import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/index.js';
import { KaoheError, parseSchemeObject } from '../../indicators/index.js';
import { looksUtf16, readCsvText } from '../../io/index.js';
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

describe('input CSV within caps', () => {
  it('skips rows whose every cell is empty, and numbers the other rows by their lines', () => {
    const f = readCsvText('id,forest_cover\na,1\n,\n , \nb,2\n', plan);
    expect(f.ids).toEqual(['a', 'b']);
    expect(problems('id,forest_cover\na,1\n,\n,\nb,x\n').map((p) => p.where)).toEqual(['round.csv:5 forest_cover']);
  });

  it('an id past 64 characters is refused at its cell, shown by its start and length', () => {
    const id = 'ab'.repeat(40);
    expect(problems(`id,forest_cover\n${id},1\n`)).toEqual([{
      where: 'round.csv:2 id',
      zh: `实体编码过长（80 个字符，上限 64）：「${id.slice(0, 20)}…(80 字符 / chars)」`,
      en: `the entity id is too long (80 characters, at most 64): "${id.slice(0, 20)}…(80 字符 / chars)"`,
    }]);
    expect(readCsvText(`id,forest_cover\n${'a'.repeat(64)},1\n`, plan).ids).toEqual(['a'.repeat(64)]);
  });

  it('a text cell past its cap is refused at its cell; caps may be lowered', () => {
    const ps = ((): { where: string; en: string }[] => {
      try {
        readCsvText('id,province,forest_cover\na,江苏江苏江苏,1\n', plan, 'round.csv', { caps: { maxCellChars: 4 } });
      } catch (e) {
        if (e instanceof KaoheError) return e.problems;
      }
      return [];
    })();
    expect(ps).toEqual([expect.objectContaining({ where: 'round.csv:2 province', en: 'province is too long (6 characters, at most 4): "江苏江苏江苏"' })]);
  });

  it('a header wider than the cap, more rows or more empty rows than the caps: refused at once, the cap named', () => {
    const refused = (csv: string, caps: object): string[] => {
      try {
        readCsvText(csv, plan, 'round.csv', { caps });
      } catch (e) {
        if (e instanceof KaoheError) return e.problems.map((p) => `${p.where}: ${p.en}`);
      }
      return [];
    };
    expect(refused('id,forest_cover,a,b\nx,1,,\n', { maxCells: 3 })).toEqual([expect.stringMatching(/^round\.csv:1: a row has 4 cells, more than the cap of 3/)]);
    expect(refused('id,forest_cover\na,1\nb,2\nc,3\n', { maxRows: 2 })).toEqual([expect.stringMatching(/^round\.csv:4: more than 2 data rows/)]);
    expect(refused('id,forest_cover\na,1\n,\n,\n,\n', { maxEmptyRows: 2 })).toEqual([expect.stringMatching(/^round\.csv:5: more than 2 empty rows/)]);
  });

  it('ids off the roster: the first 100 listed, the rest counted apart from the other problems', () => {
    const lines = Array.from({ length: 130 }, (_, k) => `x${k},${k < 3 ? 'bad' : '1'}`);
    let ps: { where: string; en: string }[] = [];
    try {
      readCsvText(`id,forest_cover\n${lines.join('\n')}\n`, plan, 'round.csv', { roster: new Set(['a']) });
    } catch (e) {
      if (e instanceof KaoheError) ps = e.problems;
    }
    expect(ps.filter((p) => /not on this round's roster/.test(p.en))).toHaveLength(100);
    expect(ps.filter((p) => /expected a number/.test(p.en)).map((p) => p.where)).toEqual(['round.csv:2 forest_cover', 'round.csv:3 forest_cover', 'round.csv:4 forest_cover']);
    expect(ps.at(-1)).toEqual({ where: 'round.csv', zh: '另有 30 处同类错误（不在名单中的编码）未列出', en: '30 more problem(s) of this kind (ids not on the roster) not listed' });
    expect(ps).toHaveLength(104);
  });
});

describe('text encodings', () => {
  it('UTF-16 is told by its byte-order mark or by a zero beside every ASCII byte; UTF-8 and GBK are not UTF-16', () => {
    const text = 'id,forest_cover\na,1\n';
    expect(looksUtf16(Buffer.from(`\uFEFF${text}`, 'utf16le'))).toBe(true);
    expect(looksUtf16(Buffer.from(text, 'utf16le'))).toBe(true);
    expect(looksUtf16(Buffer.from(text, 'utf16le').swap16())).toBe(true);
    expect(looksUtf16(Buffer.from(`${text}南京市`))).toBe(false);
    expect(looksUtf16(Buffer.from([0x69, 0x64, 0x0a, 0xc4, 0xcf, 0xbe, 0xa9, 0x0a]))).toBe(false);
  });
});
