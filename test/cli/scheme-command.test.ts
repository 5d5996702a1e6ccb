/**
 * `kaohe scheme export|import` as a user runs it: the built CLI, real files, exit codes, the
 * plan hash unchanged by a round trip, and no output file when anything is wrong.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cliSandbox, root } from '../cli-runner.js';

const scheme = join(root, 'templates/demo-green.yaml');
const { dir, kaohe } = cliSandbox('kaohe-scheme-cli-');
const hashIn = (text: string): string | undefined => /方案哈希 Plan hash: ([0-9a-f]{64})/.exec(text)?.[1];

describe('kaohe scheme export / import', () => {
  it('round-trips a scheme through a workbook without changing its plan hash', () => {
    const original = hashIn(kaohe('check', scheme).stdout);
    expect(original).toBeDefined();

    const xlsx = join(dir, 'framework.xlsx');
    const exp = kaohe('scheme', 'export', scheme, '-o', xlsx);
    expect(exp.code, exp.stderr).toBe(0);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    expect(hashIn(exp.stderr)).toBe(original);

    const yaml = join(dir, 'scheme.yaml');
    const imp = kaohe('scheme', 'import', xlsx, '-o', yaml);
    expect(imp.code, imp.stderr).toBe(0);
    expect(hashIn(imp.stderr)).toBe(original);
    expect(readFileSync(yaml, 'utf8')).toMatch(/^# 由 Excel 指标体系工作簿转换而来（kaohe scheme import）：framework\.xlsx\n/);
    expect(hashIn(kaohe('check', yaml).stdout)).toBe(original);
  });

  it('writes the YAML to stdout without -o', () => {
    const xlsx = join(dir, 'stdout.xlsx');
    expect(kaohe('scheme', 'export', scheme, '-o', xlsx).code).toBe(0);
    const r = kaohe('scheme', 'import', xlsx);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# 由 Excel/);
    expect(r.stdout).toContain('id: demo-green');
  });

  it('exits 1 naming every bad cell, and writes no YAML', async () => {
    const xlsx = join(dir, 'bad.xlsx');
    expect(kaohe('scheme', 'export', scheme, '-o', xlsx).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const fw = wb.getWorksheet('指标体系 Framework')!;
    const header = (zh: string): number => (fw.getRow(1).values as unknown[]).findIndex((v) => String(v).split('\n')[0] === zh);
    fw.getCell(3, header('权重')).value = '三';
    fw.getCell(4, header('上级编码')).value = 'nowhere';
    await wb.xlsx.writeFile(xlsx);
    const out = join(dir, 'bad.yaml');
    const r = kaohe('scheme', 'import', xlsx, '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`指标体系 Framework!${fw.getCell(3, header('权重')).address}: 权重：应为数字，实际为「三」 / Weight: expected a number, got "三"`);
    expect(r.stderr).toContain(`指标体系 Framework!${fw.getCell(4, header('上级编码')).address}: 上级编码：上级编码「nowhere」`);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 1 for a file that is not a workbook, and for a bad scheme, writing nothing', () => {
    const csv = join(dir, 'data.xlsx');
    writeFileSync(csv, 'id,x\n1,2\n');
    const r = kaohe('scheme', 'import', csv, '-o', join(dir, 'never.yaml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/不是 \.xlsx 工作簿/);
    expect(existsSync(join(dir, 'never.yaml'))).toBe(false);

    const bad = join(dir, 'bad-scheme.yaml');
    writeFileSync(bad, readFileSync(scheme, 'utf8').replace('weight: 29.3', 'weight: heavy'));
    const e = kaohe('scheme', 'export', bad, '-o', join(dir, 'never.xlsx'));
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('tree.children[0].weight');
    expect(existsSync(join(dir, 'never.xlsx'))).toBe(false);
  });

  it('exits 2 on a wrong command line, with the usage', () => {
    const cases: [string[], RegExp][] = [
      [['scheme'], /missing subcommand/],
      [['scheme', 'convert', scheme], /unknown subcommand: convert/],
      [['scheme', 'export', scheme], /-o FRAMEWORK\.xlsx is required/],
      [['scheme', 'export', scheme, '-o', 'out.csv'], /-o must end in \.xlsx, got "\.csv"/],
      [['scheme', 'import', 'a.xlsx', 'b.xlsx'], /unexpected argument: b\.xlsx/],
      [['scheme', 'import', 'a.xlsx', '-o', 'out.json'], /-o must end in \.yaml or \.yml/],
      [['scheme', 'import', scheme], /import reads an \.xlsx workbook/],
      [['scheme', 'export', scheme, '--sheet', 'x'], /unknown option --sheet; this command takes --out/],
    ];
    for (const [args, message] of cases) {
      const r = kaohe(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('kaohe scheme import FRAMEWORK.xlsx');
    }
  });

  it('is in the help', () => {
    const r = kaohe('help');
    expect(r.stdout).toContain('kaohe scheme export SCHEME.yaml -o FRAMEWORK.xlsx');
    expect(r.stdout).toContain('kaohe scheme import FRAMEWORK.xlsx [-o SCHEME.yaml]');
  });
});
