/**
 * The round trip an evaluation office makes: template (demo roster) → filled in (here with
 * exceljs, from the demo CSV) → imported → scored → results workbook → read back. The import
 * must score exactly as the same data read from CSV, and the results workbook must hold the
 * engine's ranks, grades and scores (rounded as the scheme says).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, evaluate, roundHalfEven, type CompiledPlan, type Results } from '../../engine/index.js';
import { loadSchemeFile, readCsvText, readRosterFile, readWorkbookFile, writeResultsWorkbook, writeTemplate } from '../../io/index.js';
import { root } from '../cli-runner.js';
import { fillTemplate } from './fill-template.js';
import { openWorkbook, sheet, tableRows } from './xlsx-read.js';

const dir = mkdtempSync(join(tmpdir(), 'kaohe-round-trip-'));
const csvPath = join(root, 'templates/demo-green.csv');
let compiled: CompiledPlan;
let fromCsv: Results;
let fromWorkbook: Results;
let filledPath: string;

beforeAll(async () => {
  compiled = compile(await loadSchemeFile(join(root, 'templates/demo-green.yaml')));
  fromCsv = evaluate(compiled, readCsvText(readFileSync(csvPath, 'utf8'), compiled.plan));
  const templatePath = join(dir, 'template.xlsx');
  await writeTemplate(compiled, { roster: await readRosterFile(csvPath, compiled.plan) }, templatePath);
  const records = parse(readFileSync(csvPath, 'utf8'), { columns: true }) as Record<string, string>[];
  filledPath = await fillTemplate(templatePath, records, compiled.plan, join(dir, 'filled.xlsx'));
  fromWorkbook = evaluate(compiled, await readWorkbookFile(filledPath, compiled.plan));
});

describe('template → fill → import → score → results workbook', () => {
  it('imports the filled template to exactly the scores of the same data in CSV', () => {
    expect(fromWorkbook.frame.ids).toEqual(fromCsv.frame.ids);
    expect(fromWorkbook.frame.names).toEqual(fromCsv.frame.names);
    expect(Array.from(fromWorkbook.score)).toEqual(Array.from(fromCsv.score));
    expect(Array.from(fromWorkbook.rank)).toEqual(Array.from(fromCsv.rank));
    expect(Array.from(fromWorkbook.grade)).toEqual(Array.from(fromCsv.grade));
    fromCsv.nodeScores.forEach((col, j) => expect(Array.from(fromWorkbook.nodeScores[j])).toEqual(Array.from(col)));
  });

  it('writes a results workbook whose values are the engine’s, rounded as the scheme says', async () => {
    const path = join(dir, 'results.xlsx');
    await writeResultsWorkbook(fromWorkbook, path);
    const wb = await openWorkbook(path);
    const r = fromWorkbook;
    const d = r.plan.rounding.decimals;
    const index = new Map(r.frame.ids.map((id, i) => [id, i]));
    const ranking = tableRows(sheet(wb, '排名 Ranking'));
    expect(ranking).toHaveLength(r.frame.n);
    for (const row of ranking) {
      const i = index.get(row.id as string)!;
      expect(row.rank).toBe(r.rank[i]);
      expect(row.score).toBe(roundHalfEven(r.score[i], d));
      expect(row.grade_id).toBe(r.plan.grades[r.grade[i]].id);
      expect(row.grade).toBe(r.plan.grades[r.grade[i]].label.zh);
    }
    const indicators = tableRows(sheet(wb, '指标得分 Indicators'));
    for (const row of indicators) {
      const i = index.get(row.id as string)!;
      r.plan.nodes.forEach((n, j) => {
        if (n.kind === 'indicator') expect(row[n.id]).toBe(roundHalfEven(r.nodeScores[j][i], d));
      });
    }
  });
});
