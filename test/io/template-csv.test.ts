/**
 * A CSV saved from the fill-in template's 数据 sheet keeps the sheet's label and unit rows above
 * the input ids: it reads to the same frame as the filled workbook itself. A file whose first
 * row has no id and no such header below it is still refused for its missing id column.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../engine/index.js';
import { KaoheError } from '../../indicators/index.js';
import { loadSchemeFile, readCsvText, readRosterFile, readWorkbookFile, writeTemplate } from '../../io/index.js';
import { root } from '../cli-runner.js';
import { fillTemplate } from './fill-template.js';
import { expectSameFrame, removeAll, scratch } from './workbooks.js';
import { openWorkbook, sheet } from './xlsx-read.js';

const dir = scratch('kaohe-template-csv-');
afterAll(() => removeAll(dir));
const csvPath = join(root, 'templates/demo-green.csv');

describe('a CSV saved from the fill-in template', () => {
  it('reads past its label and unit rows to the same frame as the workbook', async () => {
    const compiled = compile(await loadSchemeFile(join(root, 'templates/demo-green.yaml')));
    const templatePath = join(dir, 'template.xlsx');
    await writeTemplate(compiled, { roster: await readRosterFile(csvPath, compiled.plan) }, templatePath);
    const records = parse(readFileSync(csvPath, 'utf8'), { columns: true }) as Record<string, string>[];
    const filled = await fillTemplate(templatePath, records, compiled.plan, join(dir, 'filled.xlsx'));
    // What Excel's "save as CSV" of the data sheet writes: every row as wide as the sheet, labels (with their line breaks) quoted.
    const ws = sheet(await openWorkbook(filled), '数据');
    const quote = (t: string): string => (/[",\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t);
    let csv = '';
    for (let r = 1; r <= ws.rowCount; r++) csv += `${Array.from({ length: ws.columnCount }, (_, c) => quote(ws.getCell(r, c + 1).text)).join(',')}\r\n`;
    expect(csv.split('\n')[0]).not.toMatch(/^id,/);
    expectSameFrame(readCsvText(csv, compiled.plan, 'saved.csv'), await readWorkbookFile(filled, compiled.plan));
  });

  it('still refuses a first row without an id column, naming line 1', async () => {
    const compiled = compile(await loadSchemeFile(join(root, 'templates/demo-green.yaml')));
    const read = (): unknown => readCsvText('code,name\n320100,南京市\n', compiled.plan, 'round.csv');
    expect(read).toThrow(KaoheError);
    try {
      read();
    } catch (e) {
      expect((e as KaoheError).problems).toContainEqual(expect.objectContaining({ where: 'round.csv:1', en: 'the required id column (entity code) is missing' }));
    }
  });
});
