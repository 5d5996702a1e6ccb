/**
 * The battery of bad workbooks: each problem a real workbook can have gives its clear error,
 * naming the cell (`数据!D4`), the input's label, what was expected and what was found; a
 * workbook with any problem imports nothing; hostile files (a zip bomb, a truncated file, an old
 * .xls renamed .xlsx, a thousand sheets) are refused before exceljs sees them; and the command
 * line, given a bad workbook, exits 1 and writes no output file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { CellValue } from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../engine/index.js';
import { KaoheError, parseSchemeObject, type Problem } from '../../indicators/index.js';
import { checkXlsxFile, readWorkbookBuffer, readWorkbookFile, type WorkbookReadOptions } from '../../io/index.js';
import { root } from '../cli-runner.js';
import { L } from '../helpers.js';
import {
  contractWorkbook, csvRows, deflatedEntry, minimalWorkbookEntries, plainWorkbook, removeAll, save, scratch, storedEntry, writeBytes, zipBomb, zipFile, type ContractOptions,
} from './workbooks.js';

const dir = scratch('kaohe-bad-xlsx-');
afterAll(() => removeAll(dir));
const { plan, hash } = compile(parseSchemeObject({
  id: 'data', version: '1', name: L('Data'), subject: 'region',
  attributes: [{ id: 'province', label: L('province'), categories: ['江苏', '安徽'] }],
  inputs: [
    { id: 'forest_cover', label: { zh: '森林覆盖率', en: 'forest cover' }, unit: '%', range: [0, 100], required: true },
    { id: 'gdp', label: { zh: '地区生产总值', en: 'GDP' }, unit: '亿元' },
    { id: 'fraud', label: L('fraud'), type: 'boolean' },
    { id: 'opened', label: L('opened'), type: 'date' },
  ],
  tree: { id: 'root', label: L('Root'), children: [{ id: 'f', input: 'forest_cover', label: L('f'), normalise: { method: 'none' } }] },
}));
// Columns: A id, B name, C province, D forest_cover, E gdp, F fraud, G opened; data from row 4.
const good: CellValue[] = ['a', '甲', '江苏', 45, 100, '否', new Date(Date.UTC(2024, 0, 1))];
const row = (changes: Record<number, CellValue>, base: CellValue[] = good): CellValue[] => base.map((v, c) => (c in changes ? changes[c] : v));

let counter = 0;
async function workbookFile(rows: CellValue[][], options: ContractOptions = {}): Promise<string> {
  return save(contractWorkbook(plan, hash, rows, options).wb, join(dir, `bad-${++counter}.xlsx`));
}

async function problems(path: string, options: WorkbookReadOptions = {}): Promise<Problem[]> {
  try {
    await readWorkbookFile(path, plan, options);
  } catch (e) {
    if (e instanceof KaoheError) return e.problems;
    throw e;
  }
  throw new Error('the workbook was accepted but should have been refused');
}

/** The one problem at `where` whose English matches. */
function find(ps: Problem[], where: string, en: RegExp): Problem {
  const hit = ps.find((p) => p.where === where && en.test(p.en));
  if (!hit) throw new Error(`no problem at ${where} matching ${en}:\n${ps.map((p) => `${p.where}: ${p.en}`).join('\n')}`);
  return hit;
}

describe('bad cells, each named by sheet and cell', () => {
  const cases: { name: string; rows: CellValue[][]; where: string; en: RegExp; zh?: RegExp; options?: WorkbookReadOptions }[] = [
    { name: 'text in a number cell', rows: [row({ 3: '约45%' })], where: '数据!D4', en: /^forest_cover: expected a number, got "约45%"$/, zh: /^「森林覆盖率」应为数字，实际为「约45%」$/ },
    { name: 'an out-of-range number cell', rows: [row({}), row({ 0: 'b', 3: 145 })], where: '数据!D5', en: /^forest_cover: expected a number in 0–100, got "145"$/, zh: /应为 0–100 之间的数字，实际为「145」/ },
    { name: 'an out-of-range percent cell', rows: [row({ 3: '101%' })], where: '数据!D4', en: /expected a number in 0–100, got "101%"/ },
    { name: 'a percentage for an input whose unit is not %', rows: [row({ 4: '45%' })], where: '数据!E4', en: /^gdp: "45%" has a percent sign but this input's unit is not % \(unit: 亿元\)/ },
    { name: 'an ambiguous comma', rows: [row({ 4: '1,2345' })], where: '数据!E4', en: /thousands separator in groups of three digits/ },
    { name: 'a duplicate entity id', rows: [row({}), row({ 0: 'b' }), row({})], where: '数据!A6', en: /^duplicate entity id "a" \(already on row 4\)$/ },
    { name: 'an entity id not on the roster', rows: [row({}), row({ 0: 'zz' })], where: '数据!A5', en: /entity id "zz" is not on this round's roster/, options: { roster: ['a', 'b'] } },
    { name: 'an empty id on a row with data', rows: [row({ 0: null })], where: '数据!A4', en: /entity id is empty/ },
    { name: 'an id stored as a number that lost digits', rows: [row({ 0: 913200001234567800 })], where: '数据!A4', en: /stored as the number .* lost digits/ },
    { name: 'a missing required value', rows: [row({ 3: null })], where: '数据!D4', en: /^required input forest_cover is empty$/, zh: /必填项「森林覆盖率」为空/ },
    { name: 'a #DIV/0! error cell', rows: [row({ 4: { error: '#DIV/0!' } })], where: '数据!E4', en: /^gdp: the cell holds the error #DIV\/0!/ },
    { name: 'a #N/A error cell', rows: [row({ 3: { error: '#N/A' } })], where: '数据!D4', en: /the cell holds the error #N\/A/ },
    { name: 'a formula whose result is an error', rows: [row({ 4: { formula: '1/0', result: { error: '#DIV/0!' } } })], where: '数据!E4', en: /the formula has no usable result/ },
    { name: 'a date in a number cell', rows: [row({ 4: new Date(Date.UTC(2024, 4, 1)) })], where: '数据!E4', en: /^gdp: expected a number, got the date 2024-05-01$/ },
    { name: 'a number in a date cell', rows: [row({ 6: 45000 })], where: '数据!G4', en: /^opened: expected a date, got the number 45000/ },
    { name: 'a logical value in a number cell', rows: [row({ 4: true })], where: '数据!E4', en: /expected a number, got the logical value TRUE/ },
    { name: 'a bad yes/no', rows: [row({ 5: '也许' })], where: '数据!F4', en: /expected yes\/no/ },
    { name: 'a category not in the list', rows: [row({ 2: '浙江' })], where: '数据!C4', en: /expected one of 江苏, 安徽, got "浙江"/ },
    { name: 'an impossible date typed as text', rows: [row({ 6: '2023-02-29' })], where: '数据!G4', en: /expected a date as YYYY-MM-DD/ },
    { name: 'a value in a column without a header', rows: [[...good, null, 'note']], where: '数据!I4', en: /no name in the header row \(row 3\)/ },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}`, async () => {
      const ps = await problems(await workbookFile(c.rows), c.options);
      const hit = find(ps, c.where, c.en);
      if (c.zh) expect(hit.zh).toMatch(c.zh);
      expect(ps, 'the one problem, reported once').toHaveLength(1);
    });
  }

  it('reports every problem at once, and imports nothing', async () => {
    const ps = await problems(await workbookFile([row({ 3: 'x' }), row({ 0: 'b', 4: { error: '#REF!' } }), row({ 0: 'c', 3: null }), row({ 0: 'c', 3: 200 })]));
    find(ps, '数据!D4', /expected a number, got "x"/);
    find(ps, '数据!E5', /#REF!/);
    find(ps, '数据!D6', /required input forest_cover is empty/);
    find(ps, '数据!A7', /duplicate entity id "c" \(already on row 6\)/);
    find(ps, '数据!D7', /expected a number in 0–100/);
    expect(ps).toHaveLength(5);
  });

  it('lists the first 100 problems and counts the rest', async () => {
    const rows = Array.from({ length: 130 }, (_, i) => row({ 0: `e${i}`, 3: 'x' }));
    const ps = await problems(await workbookFile(rows));
    expect(ps).toHaveLength(101);
    expect(ps[100].en).toBe('30 more problem(s) not listed');
  });
});

describe('bad headers and sheets', () => {
  it('refuses an unknown column, a duplicate column and a missing required column, at the header cells', async () => {
    const ps = await problems(await workbookFile([['a', '甲', 1, 2]], { header: ['id', 'name', 'forest', 'forest'] }));
    find(ps, '数据!C3', /^unknown column "forest": not an input or attribute of scheme data/);
    find(ps, '数据!D3', /^duplicate column "forest"$/);
    find(ps, '数据!3:3', /the column for required input forest_cover \(forest cover\) is missing/);
  });

  it('refuses a sheet without a header row in rows 1–10', async () => {
    const rows = Array.from({ length: 12 }, () => ['说明']);
    const path = await save(plainWorkbook([...rows, ['id', 'forest_cover'], ['a', 1]], '数据').wb, join(dir, 'no-header.xlsx'));
    find(await problems(path), '数据!A1:A10', /no header row: none of rows 1–10 has "id" in column A/);
  });

  it('refuses an empty data sheet, and a header without data rows', async () => {
    find(await problems(await save(plainWorkbook([], '数据').wb, join(dir, 'empty.xlsx'))), '数据!A1:A10', /the sheet is empty/);
    find(await problems(await workbookFile([])), '数据!4:4', /no data rows below its header/);
  });

  it('refuses a workbook whose only worksheet is hidden', async () => {
    const { wb } = plainWorkbook([['id', 'forest_cover'], ['a', 1]], 'notes');
    wb.getWorksheet('notes')!.state = 'hidden';
    wb.addWorksheet('图表').state = 'hidden';
    const ps = await problems(await save(wb, join(dir, 'hidden.xlsx')));
    expect(ps[0].en).toMatch(/no data sheet/);
  });

  it('quotes a sheet name with spaces in cell references', async () => {
    const path = await save(plainWorkbook([['id', 'forest_cover'], ['a', 'x']], 'Round 2025').wb, join(dir, 'quoted.xlsx'));
    find(await problems(path), "'Round 2025'!B2", /expected a number/);
  });

  it('caps data rows and columns', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => row({ 0: `e${i}` }));
    find(await problems(await workbookFile(rows), { sheet: { maxRows: 5 } }), '数据!A9', /more than 5 data rows/);
    const wide = [...good, ...Array<CellValue>(10).fill(null), 'far'];
    find(await problems(await workbookFile([wide]), { sheet: { maxColumns: 12 } }), '数据!M4', /more than 12 columns/);
  });
});

describe('a workbook made for another scheme', () => {
  const cases: { name: string; meta: ContractOptions['meta']; where: string; en: RegExp }[] = [
    { name: 'another scheme id', meta: { scheme: 'gdi-2016' }, where: '_kaohe!B2', en: /made for scheme gdi-2016 1, but the round is scored with scheme data 1/ },
    { name: 'another version', meta: { version: '0.9' }, where: '_kaohe!B3', en: /made for scheme data 0\.9, but the round is scored with scheme data 1/ },
    { name: 'another plan hash', meta: { planHash: 'f'.repeat(64) }, where: '_kaohe!B4', en: /has changed since this workbook's template was made \(plan hash ffffffffffff…, now [0-9a-f]{12}…/ },
    { name: 'an unknown metadata format', meta: { format: 'kaohe-template/9' }, where: '_kaohe!B1', en: /metadata format is "kaohe-template\/9"/ },
  ];
  for (const c of cases) {
    it(`says so first, naming both, for ${c.name}`, async () => {
      const ps = await problems(await workbookFile([row({})], { meta: c.meta }));
      expect(ps[0].where).toBe(c.where);
      expect(ps[0].en).toMatch(c.en);
    });
  }
  it('checks nothing of the kind in a plain workbook (no _kaohe sheet)', async () => {
    const f = await readWorkbookFile(await workbookFile([row({})], { meta: null }), plan);
    expect(f.ids).toEqual(['a']);
  });
});

describe('hostile and broken files, refused from the zip directory', () => {
  const refusal = async (path: string, options: WorkbookReadOptions = {}): Promise<Problem> => {
    const ps = await problems(path, options);
    expect(ps).toHaveLength(1);
    return ps[0];
  };

  it('a zip bomb: 1 GiB of zeros in a 1 MiB worksheet entry', async () => {
    const path = writeBytes(join(dir, 'bomb.xlsx'), zipBomb(1));
    expect(readFileSync(path).length).toBeLessThan(2 * 1024 * 1024);
    const p = await refusal(path);
    expect(p.where).toBe(`${path}: xl/worksheets/sheet1.xml`);
    expect(p.en).toMatch(/abnormal compression ratio \(\d+×, limit 200; a zip bomb\?\): refused/);
    expect(p.zh).toMatch(/压缩炸弹/);
  });

  it('a directory that claims a huge entry, or more in all than the cap', async () => {
    const big = { ...deflatedEntry('xl/worksheets/sheet1.xml', '<worksheet/>'), size: 0xfffffff0 };
    const p = await refusal(writeBytes(join(dir, 'claims.xlsx'), zipFile([...minimalWorkbookEntries(), big])));
    expect(p.en).toMatch(/abnormal compression ratio/);
    const q = await refusal(await workbookFile([row({})]), { zip: { maxUncompressedBytes: 10_000 } });
    expect(q.en).toMatch(/^the workbook inflates to more than 9\.8 KB \(a zip bomb\?\): refused$/);
  });

  it('an entry that inflates to more than its directory says is stopped while reading', async () => {
    const lying = { ...deflatedEntry('xl/sharedStrings.xml', `<sst>${'<si><t>x</t></si>'.repeat(2000)}</sst>`), size: 100 };
    const rels = deflatedEntry('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>');
    const p = await refusal(writeBytes(join(dir, 'lying.xlsx'), zipFile([...minimalWorkbookEntries(), rels, lying])));
    expect(p.en).toMatch(/cannot read the workbook; it may be damaged: .*too many bytes/);
  });

  it('a truncated file', async () => {
    const whole = readFileSync(await workbookFile([row({})]));
    for (const [name, bytes] of [['half', whole.subarray(0, whole.length >> 1)], ['tail', whole.subarray(0, whole.length - 10)]] as const) {
      const p = await refusal(writeBytes(join(dir, `truncated-${name}.xlsx`), bytes));
      expect(p.en).toMatch(/^the workbook file is damaged or incomplete \(an interrupted download or copy\?\)/);
    }
  });

  it('an old .xls (an OLE2 file) renamed .xlsx', async () => {
    const ole2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const p = await refusal(writeBytes(join(dir, 'old.xlsx'), ole2));
    expect(p.en).toMatch(/^this is an old \.xls workbook .*: save it as \.xlsx/);
    expect(p.zh).toMatch(/旧版 \.xls 工作簿/);
  });

  it('a CSV renamed .xlsx, an empty file, and a zip that is not a workbook', async () => {
    expect((await refusal(writeBytes(join(dir, 'csv.xlsx'), Buffer.from('id,forest_cover\na,1\n')))).en).toMatch(/not a zip; it looks like text or CSV/);
    expect((await refusal(writeBytes(join(dir, 'empty.xlsx'), Buffer.alloc(0)))).en).toMatch(/empty \(0 bytes\)/);
    const ods = zipFile([storedEntry('mimetype', 'application/vnd.oasis.opendocument.spreadsheet'), deflatedEntry('content.xml', '<office:document-content/>')]);
    expect((await refusal(writeBytes(join(dir, 'ods.xlsx'), ods))).en).toMatch(/not an Excel workbook .*OpenDocument \.ods/);
  });

  it('a workbook with 1,000 sheets', async () => {
    const wb = new ExcelJS.Workbook();
    for (let k = 1; k <= 1000; k++) wb.addWorksheet(`S${k}`);
    const p = await refusal(await save(wb, join(dir, 'sheets.xlsx')));
    expect(p.en).toMatch(/more than 100 worksheets/);
  });

  it('caps on file size and entry count', async () => {
    const path = await workbookFile([row({})]);
    expect((await refusal(path, { zip: { maxBytes: 1000 } })).en).toMatch(/^the workbook is too large \(\d+\.\d KB, limit 1\.0 KB\)/);
    expect((await refusal(path, { zip: { maxEntries: 5 } })).en).toMatch(/zip entries, more than the limit of 5/);
  });

  it('the guard alone, without parsing, refuses the bomb (what readWorkbookBuffer relies on before its worker)', async () => {
    const bomb = zipBomb(1);
    await expect(checkXlsxFile(writeBytes(join(dir, 'bomb2.xlsx'), bomb))).rejects.toThrow(/zip bomb/);
    await expect(readWorkbookBuffer(bomb, plan)).rejects.toThrow(/zip bomb/);
  });
});

describe('a parse that blows up takes only its thread down', () => {
  it('a worker that runs out of its heap gives a clear error, and the process goes on', async () => {
    const path = await workbookFile([row({})]);
    const ps = await problems(path, { maxMemoryMb: 4 });
    expect(ps).toEqual([{
      where: path,
      zh: '读取工作簿所需内存超过上限（4 MB），已中止：请拆分工作簿，或改用 CSV',
      en: 'reading the workbook needed more memory than allowed (4 MB) and was stopped: split it, or use CSV',
    }]);
    expect((await readWorkbookFile(path, plan)).ids).toEqual(['a']);
  });

  it('running past its time limit is stopped with a clear error', async () => {
    const ps = await problems(await workbookFile([row({})]), { timeoutMs: 1 });
    expect(ps[0].en).toMatch(/reading the workbook took more than 0.001 s and was stopped/);
  });
});

describe('the command line with a bad workbook', () => {
  const cli = join(root, 'dist/cli/main.js');
  it('exits 1 with the cell in the message and writes no output file', async () => {
    const demoRows = csvRows(readFileSync(join(root, 'templates/demo-green.csv'), 'utf8'));
    demoRows[1][3] = '约3410';
    const tmp = scratch('kaohe-bad-xlsx-tmp-');
    const bad = [
      { file: await save(plainWorkbook(demoRows, '数据').wb, join(dir, 'cli-text.xlsx')), says: /数据!D2: 「能源消费总量」应为数字，实际为「约3410」/ },
      { file: writeBytes(join(dir, 'cli-bomb.xlsx'), zipBomb(1)), says: /zip bomb/ },
      { file: writeBytes(join(dir, 'cli-old.xlsx'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])), says: /old \.xls workbook/ },
    ];
    for (const { file, says } of bad) {
      const out = join(dir, 'out.csv');
      const r = spawnSync(process.execPath, [cli, 'score', join(root, 'templates/demo-green.yaml'), file, '-o', out], { cwd: dir, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(says);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir).filter((f) => f.startsWith('out.csv'))).toEqual([]);
    }
    expect(readdirSync(tmp)).toEqual([]);
    removeAll(tmp);
  });
});
