/**
 * Jiangsu's 12-point dynamic scoring: hand-computed cases (start at 9, deductions while valid,
 * commitments, a clean year, the cap at 12), the five colours and the two lists, expiry on
 * the day the record's months run out, and repair that can't lift criminal liability.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, evaluate, explain, parseDay, type Results } from '../../engine/index.js';
import { loadSchemeFile, readCsvText, readRecordsCsv } from '../../io/index.js';
import { root } from '../cli-runner.js';

const compiled = compile(await loadSchemeFile(join(root, 'templates', 'jiangsu-credit-12', 'scheme.yaml')));

const DATA = ['id,name,electricity', 'a,甲,100', 'b,乙,100', 'c,丙,100', 'd,丁,100', 'e,戊,100', 'f,己,100'].join('\n');
const RECORDS = [
  'id,date,type,kind,points,months',
  // a: an excess-emission fine, −3 for half a year (the verified example).
  'a,2025-03-10,violation,excess_fined,3,6',
  // b: criminal liability −12 for three years; the repair can't lift it.
  'b,2025-01-05,violation,criminal,12,36',
  'b,2025-02-01,credit_repair,,,',
  // c: a fine −2 for a year, repaired on 2025-05-01; a commitment +2 from 2025-04-01.
  'c,2024-11-20,violation,fined,2,12',
  'c,2025-04-01,commitment,,2,',
  'c,2025-05-01,credit_repair,,,',
  // d: nothing: 9 plus a clean year.
  // e: a warning −1 and a suspension −6, each for a year: 9 − 7 = 2 (red).
  'e,2025-01-10,violation,warning,1,12',
  'e,2025-02-10,violation,suspended,6,12',
  // f: two commitments and a clean year: 9 + 2 + 2 + 1 = 14, capped at 12.
  'f,2025-01-01,commitment,,2,',
  'f,2025-02-01,commitment,,2,',
  // d: a repair with nothing to repair.
  'd,2025-03-01,credit_repair,,,',
].join('\n');

function asOf(date: string): Results {
  const frame = readCsvText(DATA, compiled.plan);
  frame.records = readRecordsCsv(RECORDS, compiled.plan, frame);
  return evaluate(compiled, frame, { asOf: parseDay(date) });
}

const grades = (r: Results): string[] => Array.from(r.grade, (g) => r.plan.grades[g].id);
const lists = (r: Results, id: string): string[] => {
  const k = r.plan.lists.findIndex((l) => l.id === id);
  return r.frame.ids.filter((_, i) => r.columns[r.layout.list[k]][i] === 1);
};

describe('jiangsu-credit-12', () => {
  it('scores the hand-computed cases on 2025-06-30', () => {
    const r = asOf('2025-06-30');
    // a: 9 − 3, no clean year (violation within 12 months) = 6
    // b: 9 − 12 = −3; c: 9 + 2 (fine repaired) = 11; d: 9 + 1 = 10; e: 9 − 1 − 6 = 2; f: min(12, 14) = 12
    expect(Array.from(r.score)).toEqual([6, -3, 11, 10, 2, 12]);
    expect(grades(r)).toEqual(['blue', 'black', 'green', 'blue', 'red', 'green']);
    expect(lists(r, 'blacklist')).toEqual(['b']);
    expect(lists(r, 'red_list')).toEqual(['e']);
  });

  it('the half-year fine expires on 2025-09-10, six months to the day', () => {
    expect(asOf('2025-09-09').score[0]).toBe(6);
    expect(asOf('2025-09-10').score[0]).toBe(9);
  });

  it('before the repair the repaired fine still counts', () => {
    // c on 2025-04-15: 9 − 2 + 2 = 9
    expect(asOf('2025-04-15').score[2]).toBe(9);
  });

  it('explains a blacklisted enterprise with the record behind it', () => {
    const e = explain(asOf('2025-06-30'), 'b')!;
    expect(e.fired.map((f) => f.id)).toEqual(['blacklist']);
    expect(e.records.filter((x) => x.type === 'violation')).toEqual([
      { type: 'violation', start: '2025-01-05', until: '2028-01-04', fields: { kind: 'criminal', points: 12, months: 36 }, origin: 'records.csv:3' },
    ]);
  });

  it('explain never reads a repair dated after the as-of date: the end shown is the validity end', () => {
    // c's fine (2024-11-20, 12 months) is repaired on 2025-05-01. On 2025-04-30 that repair is
    // not yet known: the fine runs to 2025-11-19 (the day before 2025-11-20), and no repair is listed.
    const before = explain(asOf('2025-04-30'), 'c')!;
    expect(before.records.filter((x) => x.type === 'violation').map((x) => [x.start, x.until])).toEqual([['2024-11-20', '2025-11-19']]);
    expect(before.repairs).toEqual([]);
    const on = explain(asOf('2025-05-01'), 'c')!;
    expect(on.records.filter((x) => x.type === 'violation')).toEqual([]);
    expect(on.repairs).toEqual([{
      type: 'credit_repair', start: '2025-05-01', origin: 'records.csv:7', status: 'applied',
      repaired: [{ type: 'violation', start: '2024-11-20', origin: 'records.csv:5' }], refused: [],
    }]);
  });

  it('explain shows a repair of a non-repairable record as refused and one with nothing to repair as not applicable', () => {
    const r = asOf('2025-06-30');
    const b = explain(r, 'b')!;
    expect(b.repairs).toEqual([{
      type: 'credit_repair', start: '2025-02-01', origin: 'records.csv:4', status: 'refused',
      repaired: [], refused: [{ type: 'violation', start: '2025-01-05', origin: 'records.csv:3' }],
    }]);
    // A repair is not a record "in force".
    expect(b.records.map((x) => x.type)).toEqual(['violation']);
    expect(explain(r, 'd')!.repairs.map((x) => [x.start, x.status])).toEqual([['2025-03-01', 'not-applicable']]);
  });
});
