/**
 * Real spreadsheet software: our template and results workbook go through LibreOffice
 * (headless, as Debian's libreoffice-calc-nogui installs it; `.ci/run` installs it when
 * missing) and come out with every value, sheet and validation intact; a template filled in
 * and saved by LibreOffice imports to the same scores as the CSV.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Worksheet } from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, evaluate, type CompiledPlan, type Results } from '../../engine/index.js';
import { hashResultsFile, loadSchemeFile, readCsvText, readRosterFile, readWorkbookFile, resultsCsv, resultsCsvHash, writeResultsWorkbook, writeTemplate } from '../../io/index.js';
import { root } from '../cli-runner.js';
import { fillTemplate } from './fill-template.js';
import { openWorkbook, sheet, validation } from './xlsx-read.js';

const SOFFICE = '/usr/bin/soffice';
const dir = mkdtempSync(join(tmpdir(), 'kaohe-libreoffice-'));
const csvPath = join(root, 'templates/demo-green.csv');
let compiled: CompiledPlan;
let results: Results;

/** LibreOffice's own round trip: open the .xlsx and save it again as .xlsx; returns the new file. */
function throughLibreOffice(input: string): string {
  const out = join(dir, `lo-${basename(input, '.xlsx')}`);
  mkdirSync(out, { recursive: true });
  const r = spawnSync(SOFFICE, [
    '--headless', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'xlsx', '--outdir', out, input,
  ], { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  expect(r.status, r.stderr).toBe(0);
  return join(out, basename(input));
}

/** Every cell value of a sheet, rows and columns as exceljs reads them, trailing empties dropped. */
function values(ws: Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells = Array.from({ length: ws.columnCount }, (_, k) => {
      const v = row.getCell(k + 1).value;
      return v !== null && typeof v === 'object' && 'richText' in v ? v.richText.map((t) => t.text).join('') : v;
    });
    while (cells.length > 0 && (cells[cells.length - 1] === null || cells[cells.length - 1] === undefined)) cells.pop();
    rows.push(cells);
  }
  while (rows.length > 0 && rows[rows.length - 1].length === 0) rows.pop();
  return rows;
}

beforeAll(async () => {
  compiled = compile(await loadSchemeFile(join(root, 'templates/demo-green.yaml')));
  results = evaluate(compiled, readCsvText(readFileSync(csvPath, 'utf8'), compiled.plan));
});

describe('our workbooks through LibreOffice', () => {
  it('the template keeps its sheets, values, hidden metadata and validation', async () => {
    const path = join(dir, 'template.xlsx');
    await writeTemplate(compiled, { roster: await readRosterFile(csvPath, compiled.plan) }, path);
    const ours = await openWorkbook(path);
    const theirs = await openWorkbook(throughLibreOffice(path));
    expect(theirs.worksheets.map((w) => w.name)).toEqual(ours.worksheets.map((w) => w.name));
    for (const ws of ours.worksheets) expect(values(sheet(theirs, ws.name)), ws.name).toEqual(values(ws));
    // LibreOffice has no "very hidden": the metadata sheet comes back hidden, still out of sight.
    expect(sheet(theirs, '_kaohe').state).not.toBe('visible');
    const data = sheet(theirs, '数据');
    expect(validation(data, 'D4')).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual' });
    expect(validation(data, 'N12')).toMatchObject({ type: 'list' });
    // The protection survives (LibreOffice writes sheet="true", which exceljs reads only as
    // present); the unprotected instructions sheet shows the difference.
    expect((data as unknown as { sheetProtection: object | null }).sheetProtection).toEqual(expect.any(Object));
    expect((sheet(theirs, '填报说明') as unknown as { sheetProtection: object | null }).sheetProtection ?? null).toBeNull();
  }, 90_000);

  it('the template of the demo roster prints on two A4 pages, the data sheet with its header rows once', async () => {
    const path = join(dir, 'print.xlsx');
    await writeTemplate(compiled, { roster: await readRosterFile(csvPath, compiled.plan) }, path);
    const r = spawnSync(SOFFICE, ['--headless', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'pdf', '--outdir', dir, path], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const pdf = join(dir, 'print.pdf');
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
    expect(Number(/^Pages:\s+(\d+)/m.exec(info)![1])).toBe(2); // the instructions, then every city's row
    expect(info).toMatch(/^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/m);
    const page = (n: number): string => spawnSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdf, '-'], { encoding: 'utf8' }).stdout;
    const data = page(2);
    // Every column fits the one page: the last input's id is there; the header rows are there once.
    const last = compiled.plan.sources.filter((s) => s.role === 'input').at(-1)!.id;
    expect(data).toContain(last);
    expect(data.split('energy_use').length - 1).toBe(1);
    for (const line of readFileSync(csvPath, 'utf8').trim().split('\n').slice(1)) expect(data).toContain(line.split(',')[0]);
    // A landscape page: wider than tall.
    const box = /^Page\s+2 size:\s+([\d.]+) x ([\d.]+)/m.exec(spawnSync('pdfinfo', ['-f', '2', '-l', '2', pdf], { encoding: 'utf8' }).stdout)!;
    expect(Number(box[1])).toBeGreaterThan(Number(box[2]));
  }, 90_000);

  it('the results workbook keeps every sheet and value', async () => {
    const path = join(dir, 'results.xlsx');
    await writeResultsWorkbook(results, path, { previousRanks: new Map([['320100', 2]]) });
    const ours = await openWorkbook(path);
    const saved = throughLibreOffice(path);
    const theirs = await openWorkbook(saved);
    expect(theirs.worksheets.map((w) => w.name)).toEqual(ours.worksheets.map((w) => w.name));
    for (const ws of ours.worksheets) expect(values(sheet(theirs, ws.name)), ws.name).toEqual(values(ws));
    expect(sheet(theirs, '排名 Ranking').getCell('D3').numFmt).toBe('0.00');
    // Saved again by another program, it still holds the same results: the same results file hash.
    const hash = resultsCsvHash(resultsCsv(results));
    expect(await hashResultsFile(saved)).toMatchObject({ hash, stated: hash });
  }, 90_000);

  it('a template filled in and saved by LibreOffice imports to the same scores as the CSV', async () => {
    const path = join(dir, 'to-fill.xlsx');
    await writeTemplate(compiled, { roster: await readRosterFile(csvPath, compiled.plan) }, path);
    const records = parse(readFileSync(csvPath, 'utf8'), { columns: true }) as Record<string, string>[];
    const filled = await fillTemplate(path, records, compiled.plan, join(dir, 'filled.xlsx'));
    const saved = throughLibreOffice(filled);
    const imported = evaluate(compiled, await readWorkbookFile(saved, compiled.plan));
    expect(imported.frame.ids).toEqual(results.frame.ids);
    expect(Array.from(imported.score)).toEqual(Array.from(results.score));
    expect(Array.from(imported.grade)).toEqual(Array.from(results.grade));
  }, 90_000);
});
