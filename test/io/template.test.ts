/**
 * The fill-in workbook (io/xlsx/template.ts), read back with exceljs: the sheets and metadata
 * the contract names, header rows, prefilled and locked roster cells, validation of every
 * input cell by type, long drop-downs on the hidden sheet, frozen panes, widths that fit
 * Chinese, instructions, and text that stays text. Bad rosters and unwritable paths fail whole.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { compile, type CompiledPlan } from '../../engine/index.js';
import { KaoheError, parseSchemeObject } from '../../indicators/index.js';
import { BLANK_ROWS, templateBuffer, writeTemplate, type RosterEntry } from '../../io/index.js';
import { indicator, L } from '../helpers.js';
import { cjkWidth, openWorkbook, rowValues, sheet, validation } from './xlsx-read.js';

const longCategories = Array.from({ length: 40 }, (_, k) => `第${k + 1}类行业（制造业细分门类）`);

function testPlan(): CompiledPlan {
  return compile(parseSchemeObject({
    id: 'tpl-test',
    version: '3',
    name: { zh: '模板测试方案', en: 'Template test' },
    subject: 'region',
    missingValues: ['—', '/'],
    attributes: [{ id: 'province', label: { zh: '省份', en: 'Province' }, categories: ['江苏', '安徽'] }],
    inputs: [
      { id: 'cover', label: { zh: '森林覆盖率', en: 'Forest cover' }, unit: '%', range: [0, 100], required: true },
      { id: 'incidents', label: { zh: '较大及以上突发环境事件次数', en: 'Major incidents' }, unit: '次', range: [0, null] },
      { id: 'pm', label: { zh: 'PM2.5 浓度', en: 'PM2.5' }, unit: '微克/立方米', range: [null, 500] },
      { id: 'free', label: L('free') },
      { id: 'fraud', label: { zh: '数据造假', en: 'Data falsified' }, type: 'boolean' },
      { id: 'kind', label: L('kind'), type: 'category', categories: ['甲', '乙'] },
      { id: 'sector', label: L('sector'), type: 'category', categories: longCategories },
      { id: 'comma', label: L('comma'), type: 'category', categories: ['a,b', 'c'] },
      { id: 'checked', label: L('checked'), type: 'date' },
    ],
    tree: {
      id: 'root',
      label: L('Root'),
      children: ['cover', 'incidents', 'pm', 'free'].map((i) => indicator(i, { method: 'none' })),
    },
    lists: [{ id: 'fraud_list', label: L('Fraud'), when: 'fraud' }],
  }));
}

const roster: RosterEntry[] = [
  { id: '320100', name: '南京市', attributes: { province: '江苏' } },
  { id: '010203', name: '=HYPERLINK("http://example.com","点我")', attributes: { province: '安徽' } },
  { id: '+1', name: '@SUM(A1)', attributes: { province: '江苏' } },
  { id: '-2', name: '+86 热线', attributes: { province: '安徽' } },
];

const dir = (): string => mkdtempSync(join(tmpdir(), 'kaohe-template-'));

async function written(options: { roster?: RosterEntry[] } = {}) {
  const compiled = testPlan();
  const path = join(dir(), 'round.xlsx');
  await writeTemplate(compiled, options, path);
  const wb = await openWorkbook(path);
  return { compiled, wb, data: sheet(wb, '数据'), path };
}

/** The data sheet's columns as the plan defines them (id, name, attributes, inputs). */
const expectedKeys = (c: CompiledPlan): string[] => ['id', 'name', ...c.plan.sources.filter((s) => s.role === 'attribute').map((s) => s.id), ...c.plan.sources.filter((s) => s.role === 'input').map((s) => s.id)];
const letterOf = (k: number): string => String.fromCharCode(65 + k);

describe('template workbook: sheets and metadata', () => {
  it('has the instructions, data, hidden lists and very hidden metadata sheets, in that order', async () => {
    const { wb, compiled } = await written({ roster });
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['填报说明', 'visible'], ['数据', 'visible'], ['_lists', 'hidden'], ['_kaohe', 'veryHidden'],
    ]);
    const meta = sheet(wb, '_kaohe');
    expect([1, 2, 3, 4].map((r) => rowValues(meta, r, 2))).toEqual([
      ['format', 'kaohe-template/1'], ['scheme', 'tpl-test'], ['version', '3'], ['planHash', compiled.hash],
    ]);
  });

  it('has no _lists sheet when every drop-down fits inline', async () => {
    const compiled = compile(parseSchemeObject({
      id: 'small', version: '1', name: L('Small'), subject: 'region',
      inputs: [{ id: 'a', label: L('a') }, { id: 'b', label: L('b'), type: 'boolean' }],
      tree: { id: 'root', label: L('Root'), children: [indicator('a', { method: 'none' })] },
      lists: [{ id: 'v', label: L('V'), when: 'b' }],
    }));
    const wb = await openWorkbook(await templateBuffer(compiled));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填报说明', '数据', '_kaohe']);
  });
});

describe('template workbook: the data sheet', () => {
  it('has three header rows: bilingual label, unit, machine header', async () => {
    const { data, compiled } = await written({ roster });
    const keys = expectedKeys(compiled);
    const sources = new Map(compiled.plan.sources.map((s) => [s.id, s]));
    expect(rowValues(data, 3)).toEqual(keys);
    expect(rowValues(data, 1)).toEqual(keys.map((k) => {
      const label = k === 'id' ? { zh: '编码', en: 'ID' } : k === 'name' ? { zh: '名称', en: 'Name' } : sources.get(k)!.label;
      return `${label.zh}\n${label.en}`;
    }));
    expect(rowValues(data, 2)).toEqual(keys.map((k) => sources.get(k)?.unit ?? null));
  });

  it('prefills the roster as text and locks it; input cells are unlocked; the sheet is protected without a password', async () => {
    const { data, compiled } = await written({ roster });
    roster.forEach((e, i) => {
      const r = 4 + i;
      expect(data.getCell(`A${r}`).value).toBe(e.id);
      expect(data.getCell(`B${r}`).value).toBe(e.name);
      expect(data.getCell(`C${r}`).value).toBe(e.attributes!.province);
      for (const col of ['A', 'B', 'C']) expect(data.getCell(`${col}${r}`).protection?.locked).not.toBe(false);
      for (let k = 3; k < expectedKeys(compiled).length; k++) expect(data.getCell(`${letterOf(k)}${r}`).protection?.locked).toBe(false);
    });
    for (let k = 0; k < expectedKeys(compiled).length; k++) {
      for (const r of [1, 2, 3]) expect(data.getCell(`${letterOf(k)}${r}`).protection?.locked).not.toBe(false);
    }
    const protection = (data as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
    expect(protection.sheet).toBe(true);
    expect(protection.hashValue).toBeUndefined();
    expect(protection.algorithmName).toBeUndefined();
  });

  it('keeps user text as text: an id or name that looks like a formula or a number is a string cell', async () => {
    const { data } = await written({ roster });
    roster.forEach((e, i) => {
      for (const [col, text] of [['A', e.id], ['B', e.name]] as const) {
        const cell = data.getCell(`${col}${4 + i}`);
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.value).toBe(text);
        expect(cell.formula).toBeUndefined();
      }
    });
    expect(data.getColumn(1).numFmt).toBe('@'); // a typed 010203 keeps its zero
  });

  it('freezes the panes below the header and after the name column', async () => {
    const { data } = await written({ roster });
    expect(data.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 3 });
  });

  it('prints the data sheet landscape on A4, one page wide, with the three header rows on every page', async () => {
    const { wb, data } = await written({ roster });
    expect(data.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:3' });
    // The instructions print one page wide too (as many pages long as they need).
    expect(sheet(wb, '填报说明').pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(sheet(wb, '填报说明').pageSetup.printTitlesRow).toBeUndefined();
  });

  it('fits column widths to the labels, counting a Chinese character as two', async () => {
    const { data, compiled } = await written({ roster });
    const sources = new Map(compiled.plan.sources.map((s) => [s.id, s]));
    expectedKeys(compiled).forEach((key, k) => {
      const label = sources.get(key)?.label;
      if (!label) return;
      const need = Math.min(40, Math.max(cjkWidth(label.zh), cjkWidth(label.en)));
      expect(data.getColumn(k + 1).width, key).toBeGreaterThanOrEqual(need);
    });
    // 13 Chinese characters: twice their count, not their count.
    const incidents = expectedKeys(compiled).indexOf('incidents') + 1;
    expect(data.getColumn(incidents).width).toBeGreaterThanOrEqual(26);
  });
});

describe('template workbook: validation', () => {
  it('validates every input cell of the roster rows by type, with bilingual messages, and no row beyond', async () => {
    const { data, compiled } = await written({ roster });
    const keys = expectedKeys(compiled);
    const col = (key: string): string => letterOf(keys.indexOf(key));
    const last = 3 + roster.length;
    const at = (key: string, row = 4) => validation(data, `${col(key)}${row}`);
    expect(at('cover')).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 100], allowBlank: true, errorStyle: 'stop', showErrorMessage: true });
    expect(at('incidents')).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual', formulae: [0] });
    expect(at('pm')).toMatchObject({ type: 'decimal', operator: 'lessThanOrEqual', formulae: [500] });
    expect(at('free')).toMatchObject({ type: 'decimal', operator: 'between' });
    expect(at('fraud')).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
    expect(at('kind')).toMatchObject({ type: 'list', formulae: ['"甲,乙"'] });
    expect(at('checked')).toMatchObject({ type: 'date', operator: 'between' });
    for (const input of compiled.plan.sources.filter((s) => s.role === 'input')) {
      const v = at(input.id, last)!;
      expect(v, input.id).toBeDefined();
      expect(v.error).toContain(input.label.zh);
      expect(v.error).toContain(input.label.en);
      expect(v.error!.length).toBeLessThanOrEqual(255);
      expect(v.prompt!.length).toBeLessThanOrEqual(255);
      expect(v.promptTitle!.length).toBeLessThanOrEqual(32);
      expect(at(input.id, last + 1), input.id).toBeUndefined();
    }
    // Roster cells are locked, so they need no validation.
    expect(at('id')).toBeUndefined();
    expect(at('province')).toBeUndefined();
  });

  it('puts drop-downs over 255 characters, or with a comma in a value, on the hidden _lists sheet', async () => {
    const { wb, data, compiled } = await written({ roster });
    const keys = expectedKeys(compiled);
    const lists = sheet(wb, '_lists');
    const header = rowValues(lists, 1) as string[];
    expect(header).toEqual(['sector', 'comma']);
    for (const [key, values] of [['sector', longCategories], ['comma', ['a,b', 'c']]] as const) {
      const c = header.indexOf(key) + 1;
      const L = letterOf(c - 1);
      expect(validation(data, `${letterOf(keys.indexOf(key))}4`)).toMatchObject({ type: 'list', formulae: [`'_lists'!$${L}$2:$${L}$${values.length + 1}`] });
      expect(values.map((_, r) => lists.getCell(r + 2, c).value)).toEqual(values);
    }
    expect(longCategories.join(',').length).toBeGreaterThan(255);
  });

  it('without a roster: id and name are open to fill in, ids must be unique, and 1,000 rows are validated', async () => {
    const { data, compiled } = await written();
    const last = 3 + BLANK_ROWS;
    expect(validation(data, 'A4')).toMatchObject({ type: 'custom', formulae: [`COUNTIF($A$4:$A$${last},A4)=1`] });
    expect(data.getCell('A4').protection?.locked).toBe(false);
    expect(data.getCell('B4').protection?.locked).toBe(false);
    expect(data.getCell('C4').dataValidation).toMatchObject({ type: 'list', formulae: ['"江苏,安徽"'] });
    const cover = letterOf(expectedKeys(compiled).indexOf('cover'));
    expect(validation(data, `${cover}${last}`)).toMatchObject({ type: 'decimal' });
    expect(validation(data, `${cover}${last + 1}`)).toBeUndefined();
    expect(data.getCell('A4').value).toBeNull();
  });

  it('a roster attribute given for only some entities stays open to fill in the others', async () => {
    const partial: RosterEntry[] = [{ id: 'a', name: '甲', attributes: { province: '江苏' } }, { id: 'b', name: '乙' }];
    const { data } = await written({ roster: partial });
    expect(data.getCell('C4').value).toBe('江苏');
    expect(data.getCell('C5').protection?.locked).toBe(false);
    expect(validation(data, 'C5')).toMatchObject({ type: 'list' });
    expect(data.getCell('A5').protection?.locked).not.toBe(false);
  });
});

describe('template workbook: instructions', () => {
  it('explains in Chinese and English, lists every column with label, unit and accepted values, and leaves the deadline blank', async () => {
    const { wb, compiled } = await written({ roster });
    const ws = sheet(wb, '填报说明');
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    const all = texts.join('\n');
    expect(all).toContain('模板测试方案');
    expect(all).toContain('Template test');
    for (const s of compiled.plan.sources) {
      expect(all).toContain(s.label.zh);
      expect(all).toContain(s.label.en);
      if (s.unit) expect(all).toContain(s.unit);
    }
    expect(all).toContain('0–100');
    expect(all).toContain('「—」');
    expect(all).toContain('「/」');
    expect(all).toContain('NA');
    expect(all).toMatch(/留空/);
    expect(all).toMatch(/leave a missing value empty/i);
    for (const line of ['填报截止日期 Deadline', '联系人 Contact person']) {
      let found = false;
      ws.eachRow((row) => {
        if (row.getCell(1).value === line) {
          found = true;
          expect(row.getCell(2).value).toBeNull();
        }
      });
      expect(found, line).toBe(true);
    }
  });
});

describe('template workbook: bytes and bad input', () => {
  it('templateBuffer gives the same workbook as a file', async () => {
    const { wb } = await written({ roster });
    const fromBytes = await openWorkbook(await templateBuffer(testPlan(), { roster }));
    expect(fromBytes.worksheets.map((w) => w.name)).toEqual(wb.worksheets.map((w) => w.name));
    for (let r = 1; r <= 3 + roster.length; r++) expect(rowValues(sheet(fromBytes, '数据'), r)).toEqual(rowValues(sheet(wb, '数据'), r));
  });

  const refused = async (bad: RosterEntry[]): Promise<string[]> => {
    const d = dir();
    const error = await writeTemplate(testPlan(), { roster: bad }, join(d, 'x.xlsx')).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(KaoheError);
    expect(readdirSync(d)).toEqual([]);
    return (error as KaoheError).problems.map((p) => `${p.where}: ${p.zh} / ${p.en}`);
  };

  it('refuses a roster with empty or duplicate ids, empty names, unknown attributes or values, and writes nothing', async () => {
    const problems = await refused([
      { id: 'a', name: '甲' },
      { id: 'a', name: '乙' },
      { id: ' ', name: '丙' },
      { id: 'd', name: '' },
      { id: 'e', name: '戊', attributes: { district: 'x' } },
      { id: 'f', name: '己', attributes: { province: '上海' } },
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/#2.* id: .*重复.* \/ duplicate id "a"/),
      expect.stringMatching(/#3.* id: .*为空 \/ the id is empty/),
      expect.stringMatching(/#4.* name: .*名称为空 \/ the name of "d" is empty/),
      expect.stringMatching(/#5.* district: .*没有属性「district」 \/ scheme tpl-test has no attribute "district"/),
      expect.stringMatching(/#6.* province: 「省份」应为以下之一：江苏、安徽.* \/ province: expected one of 江苏, 安徽, got "上海"/),
    ]);
  });

  it('refuses an empty roster', async () => {
    expect(await refused([])).toEqual([expect.stringMatching(/名单为空.* \/ the roster is empty/)]);
  });

  it('fails on a path it cannot write, leaving nothing behind', async () => {
    const d = dir();
    await expect(writeTemplate(testPlan(), { roster }, join(d, 'no-such-folder', 'x.xlsx'))).rejects.toThrow(/ENOENT/);
    expect(readdirSync(d)).toEqual([]);
  });
});
