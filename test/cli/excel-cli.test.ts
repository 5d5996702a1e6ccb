/**
 * The Excel round trip as a user runs it: `kaohe template` with a roster, the workbook filled,
 * `kaohe score` on it to a results workbook with rank changes, and the same ranks as from CSV.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/index.js';
import { loadSchemeFile } from '../../io/index.js';
import { cliSandbox, root } from '../cli-runner.js';
import { fillTemplate } from '../io/fill-template.js';
import { openWorkbook, sheet, tableRows } from '../io/xlsx-read.js';

const scheme = join(root, 'templates', 'demo-green.yaml');
const data = join(root, 'templates', 'demo-green.csv');

describe('kaohe template and kaohe score with workbooks', () => {
  it('template → filled → score -o results.xlsx ranks as the CSV does, with rank changes', async () => {
    const { dir, kaohe } = cliSandbox('kaohe-xlsx-');
    const t = kaohe('template', scheme, '--roster', data, '-o', 'round.xlsx');
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).toContain('9 个实体');
    const records = parse(readFileSync(data, 'utf8'), { columns: true }) as Record<string, string>[];
    const { plan } = compile(await loadSchemeFile(scheme));
    await fillTemplate(join(dir, 'round.xlsx'), records, plan, join(dir, 'filled.xlsx'));

    const fromCsv = kaohe('score', scheme, data);
    expect(fromCsv.code, fromCsv.stderr).toBe(0);
    const fromXlsx = kaohe('score', scheme, 'filled.xlsx');
    expect(fromXlsx.code, fromXlsx.stderr).toBe(0);
    expect(fromXlsx.stdout).toBe(fromCsv.stdout);

    // A "previous round" in which the ranking was reversed: every change is computable.
    const rows = parse(fromCsv.stdout, { columns: true }) as { id: string; rank: string }[];
    const prev = `id,rank\n${rows.map((r) => `${r.id},${10 - Number(r.rank)}`).join('\n')}\n`;
    writeFileSync(join(dir, 'prev.csv'), prev);
    const out = kaohe('score', scheme, 'filled.xlsx', '-o', 'results.xlsx', '--previous', 'prev.csv');
    expect(out.code, out.stderr).toBe(0);
    const ranking = tableRows(sheet(await openWorkbook(join(dir, 'results.xlsx')), '排名 Ranking'));
    expect(ranking).toHaveLength(9);
    for (const r of ranking) {
      const csv = rows.find((x) => x.id === r.id)!;
      expect(r.rank).toBe(Number(csv.rank));
      expect(Object.values(r)).toContain((10 - Number(csv.rank)) - Number(csv.rank));
    }
  });

  it('refuses a roster template sent back unfilled instead of ranking every entity on missing data', () => {
    // eco-civ-assessment has no required inputs, so nothing else stops an empty workbook.
    const eco = join(root, 'templates', 'eco-civ-assessment');
    const { dir, kaohe } = cliSandbox('kaohe-xlsx-unfilled-');
    expect(kaohe('template', join(eco, 'scheme.yaml'), '--roster', join(eco, 'roster.csv'), '-o', 'round.xlsx').code).toBe(0);
    const out = kaohe('score', join(eco, 'scheme.yaml'), 'round.xlsx', '-o', 'out.csv');
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('文件中没有填写任何数据');
    expect(out.stderr).toContain('the file has no data');
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
    writeFileSync(join(dir, 'ids.csv'), 'id,name\n520100,贵阳市\n');
    expect(kaohe('score', join(eco, 'scheme.yaml'), 'ids.csv').stderr).toContain('ids.csv: 文件中没有填写任何数据：1 行');
  });

  it('template --traditional: the labels in 繁體, filled in it scores as the Simplified template does', async () => {
    const { dir, kaohe } = cliSandbox('kaohe-xlsx-hant-');
    expect(kaohe('template', scheme, '--roster', data, '--traditional', '-o', 'hant.xlsx').code).toBe(0);
    const wb = await openWorkbook(join(dir, 'hant.xlsx'));
    expect(String(sheet(wb, '数据').getCell('E1').value)).toBe('地區生產總值\nGDP');
    const records = parse(readFileSync(data, 'utf8'), { columns: true }) as Record<string, string>[];
    const { plan } = compile(await loadSchemeFile(scheme));
    await fillTemplate(join(dir, 'hant.xlsx'), records, plan, join(dir, 'filled.xlsx'));
    const fromXlsx = kaohe('score', scheme, 'filled.xlsx');
    expect(fromXlsx.code, fromXlsx.stderr).toBe(0);
    expect(fromXlsx.stdout).toBe(kaohe('score', scheme, data).stdout);
  });

  it('refuses a bad workbook, an unknown output type and --previous without a workbook, writing nothing', () => {
    const { dir, kaohe } = cliSandbox('kaohe-xlsx-bad-');
    const t = kaohe('template', scheme, '-o', 'round.xlsx');
    expect(t.code).toBe(0);
    const empty = kaohe('score', scheme, 'round.xlsx', '-o', 'out.xlsx');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/没有数据行/);
    expect(existsSync(join(dir, 'out.xlsx'))).toBe(false);
    expect(kaohe('score', scheme, data, '-o', 'out.ods').code).toBe(2);
    expect(kaohe('score', scheme, data, '--previous', 'x.csv').code).toBe(2);
    expect(kaohe('template', scheme).code).toBe(2);
    const badRoster = kaohe('template', scheme, '--roster', 'missing.csv', '-o', 't2.xlsx');
    expect(badRoster.code).toBe(1);
    expect(existsSync(join(dir, 't2.xlsx'))).toBe(false);
  });
});
