/**
 * Dated list entries on jiangsu-credit-12, against dates worked out by hand from the scheme's
 * rules: since = the day the entry began, until = its last day as far as the records known on
 * the as-of date say (validity, a month-end, a repair, the clean-year rule).
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { compile, evaluate, explain, formatDay, listConsequences, listDates, listDatesInTurns, parseDay } from '../../engine/index.js';
import { loadSchemeFile, readCsvText, readRecordsCsv } from '../../io/index.js';
import { root } from '../cli-runner.js';

const compiled = compile(await loadSchemeFile(join(root, 'templates', 'jiangsu-credit-12', 'scheme.yaml')));
const DATA = ['id,name,electricity', 'b,乙,1', 'e,戊,1', 'g,庚,1', 'h,辛,1', 'k,癸,1'].join('\n');
const RECORDS = [
  'id,date,type,kind,points,months',
  // b: criminal liability −12 for 36 months (not repairable): black from 2025-01-05; on 2028-01-05
  // it ends, and with no violation in the last 365 days the clean year adds 1: 10 (blue).
  'b,2025-01-05,violation,criminal,12,36',
  'b,2025-02-01,credit_repair,,,',
  // e: a warning −1 (2025-01-10, 12 months) then a suspension −6 (2025-02-10): 9 − 7 = 2, red
  // from 2025-02-10; the warning ends 2026-01-10: 3, yellow, so red until 2026-01-09.
  'e,2025-01-10,violation,warning,1,12',
  'e,2025-02-10,violation,suspended,6,12',
  // g: −8 on 2025-03-01 for 12 months: 1, red, to 2026-02-28 — but repaired on 2025-08-01.
  'g,2025-03-01,violation,suspended,8,12',
  'g,2025-08-01,credit_repair,,,',
  // h: −8 on 2025-01-31 for one month: ends on 2025-02-28 (the month's last day), red to 2025-02-27.
  'h,2025-01-31,violation,suspended,8,1',
].join('\n');

const scored = (date: string) => {
  const frame = readCsvText(DATA, compiled.plan);
  frame.records = readRecordsCsv(RECORDS, compiled.plan, frame);
  return evaluate(compiled, frame, { asOf: parseDay(date) });
};

function at(date: string) {
  const results = scored(date);
  const dates = listDates(results);
  const entry = (id: string, list: string): [string | null, string | null] | null => {
    const i = results.frame.ids.indexOf(id);
    const k = compiled.plan.lists.findIndex((l) => l.id === list);
    if (results.lists[k][i] !== 1) return null;
    const d = (v: number): string | null => (v === v ? formatDay(v) : null);
    return [d(dates.since[k][i]), d(dates.until[k][i])];
  };
  return entry;
}

it('since and until as of 2025-06-30: validity, the clean-year rule, a repair not yet known', () => {
  const entry = at('2025-06-30');
  expect(entry('b', 'blacklist')).toEqual(['2025-01-05', '2028-01-04']);
  expect(entry('e', 'red_list')).toEqual(['2025-02-10', '2026-01-09']);
  expect(entry('g', 'red_list')).toEqual(['2025-03-01', '2026-02-28']);
  expect(entry('k', 'red_list')).toBeNull();
});

it('a repair ends the entry on its date once it is known; a month-end validity', () => {
  expect(at('2025-08-01')('g', 'red_list')).toBeNull();
  expect(at('2025-07-31')('g', 'red_list')).toEqual(['2025-03-01', '2026-02-28']);
  expect(at('2025-02-15')('h', 'red_list')).toEqual(['2025-01-31', '2025-02-27']);
  expect(at('2025-02-28')('h', 'red_list')).toBeNull();
});

it('the half-year-end lists set the next half-year\'s electricity surcharge', () => {
  // 1 万千瓦时 = 10,000 kWh: red +0.05 元/kWh → 500 元, black +0.10 元/kWh → 1,000 元.
  const table = (date: string) => {
    const frame = readCsvText(DATA, compiled.plan);
    frame.records = readRecordsCsv(RECORDS, compiled.plan, frame);
    const r = evaluate(compiled, frame, { asOf: parseDay(date) });
    const c = listConsequences(r);
    return compiled.plan.lists.flatMap((l, k) => r.frame.ids.flatMap((id, i) => (c[k][i] ? [[l.id, id, c[k][i]!.rate, c[k][i]!.from, c[k][i]!.to, c[k][i]!.amount]] : [])));
  };
  expect(table('2025-06-30')).toEqual([
    ['red_list', 'e', 0.05, '2025-07-01', '2025-12-31', 500],
    ['red_list', 'g', 0.05, '2025-07-01', '2025-12-31', 500],
    ['blacklist', 'b', 0.1, '2025-07-01', '2025-12-31', 1000],
  ]);
  // At the year's end g's repair has taken it off; the surcharge runs January to June.
  expect(table('2025-12-31')).toEqual([
    ['red_list', 'e', 0.05, '2026-01-01', '2026-06-30', 500],
    ['blacklist', 'b', 0.1, '2026-01-01', '2026-06-30', 1000],
  ]);
});

it('an entry carries over into later periods with its first day; the scorecard\'s explanation shows both dates', () => {
  // b's criminal liability (2025-01-05, 36 months) is still in force a year later: the same entry.
  expect(at('2026-03-31')('b', 'blacklist')).toEqual(['2025-01-05', '2028-01-04']);
  const fired = explain(scored('2025-06-30'), 'e')!.fired.filter((f) => f.kind === 'list');
  expect(fired.map((f) => [f.id, f.since, f.until])).toEqual([['red_list', '2025-02-10', '2026-01-09']]);
});

it('in the service the search gives the event loop a turn after every scoring again, with the same dates', async () => {
  const results = scored('2025-06-30');
  let turns = 0;
  let counting = true;
  const tick = (): void => { if (counting) { turns++; setImmediate(tick); } };
  setImmediate(tick);
  const dates = await listDatesInTurns(results);
  counting = false;
  const fresh = listDates(scored('2025-06-30'));
  expect(dates.since.map((c) => [...c])).toEqual(fresh.since.map((c) => [...c]));
  expect(dates.until.map((c) => [...c])).toEqual(fresh.until.map((c) => [...c]));
  // b, e and g are on lists: at least one scoring again back to each entry's first day and one forward.
  expect(turns).toBeGreaterThanOrEqual(4);
  // Computed once per results: asked again, the same columns at once.
  expect(await listDatesInTurns(results)).toBe(dates);
  expect(listDates(results)).toBe(dates);
});
