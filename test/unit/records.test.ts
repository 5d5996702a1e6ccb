/**
 * Dated records: validity periods ending on the right day, results as of two dates differing by
 * exactly the records that changed validity in between, repair ending list entries, carry-over
 * runs, and every bad records file or record rule refused with its place.
 */
import { describe, expect, it } from 'vitest';
import { compile, evaluate, evaluateParallel, explain, parseDay, type Results } from '../../engine/index.js';
import { KaoheError, parseSchemeObject } from '../../indicators/index.js';
import { readCsvText, readRecordsCsv, Rng } from '../../io/index.js';
import { L, schemeProblems } from '../helpers.js';

function creditScheme(records: unknown[], expr: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'rec-test',
    version: '1',
    name: L('Records'),
    subject: 'enterprise',
    inputs: [{ id: 'size', label: L('size') }],
    records,
    derived: [{ id: 'points', label: L('points'), expr }],
    tree: { id: 'credit', label: L('Credit'), input: 'points', normalise: 'none' },
    ...extra,
  };
}

const violation = {
  id: 'violation',
  label: L('Violation'),
  fields: [
    { id: 'pts', label: L('pts'), required: true },
    { id: 'months', label: L('months') },
  ],
  validity: { months: 'months' },
};

function score(obj: Record<string, unknown>, data: string, records: string, asOf: string): Results {
  const compiled = compile(parseSchemeObject(obj));
  const frame = readCsvText(data, compiled.plan);
  frame.records = readRecordsCsv(records, compiled.plan, frame);
  return evaluate(compiled, frame, { asOf: parseDay(asOf) });
}

const twoFirms = 'id,size\na,1\nb,1\n';

describe('validity periods', () => {
  const obj = creditScheme([violation], '100 - sum(violation, pts)');

  it('a six-month record from 2025-03-10 counts through 2025-09-09 and not on 2025-09-10', () => {
    const rec = 'id,date,type,pts,months\na,2025-03-10,violation,3,6\n';
    expect(Array.from(score(obj, twoFirms, rec, '2025-03-09').score)).toEqual([100, 100]);
    expect(Array.from(score(obj, twoFirms, rec, '2025-03-10').score)).toEqual([97, 100]);
    expect(Array.from(score(obj, twoFirms, rec, '2025-09-09').score)).toEqual([97, 100]);
    expect(Array.from(score(obj, twoFirms, rec, '2025-09-10').score)).toEqual([100, 100]);
  });

  it('a month period from the 31st ends on the last day of a shorter month', () => {
    const rec = 'id,date,type,pts,months\na,2024-01-31,violation,5,1\n';
    expect(score(obj, twoFirms, rec, '2024-02-28').score[0]).toBe(95);
    expect(score(obj, twoFirms, rec, '2024-02-29').score[0]).toBe(100);
  });

  it('fixed day and year periods, and an end-date field that ends a record earlier', () => {
    const types = [
      { id: 'warn', label: L('warn'), fields: [{ id: 'pts', label: L('pts') }], validity: { days: 10 } },
      { id: 'ban', label: L('ban'), fields: [{ id: 'pts', label: L('pts') }, { id: 'until', label: L('until'), type: 'date' }], validity: { years: 1 }, end: 'until' },
    ];
    const o = creditScheme(types, '100 - sum(warn, pts) - sum(ban, pts)');
    const rec = 'id,date,type,pts,until\na,2024-02-29,warn,1,\na,2024-02-29,ban,10,\nb,2024-02-29,ban,10,2024-06-01\n';
    expect(Array.from(score(o, twoFirms, rec, '2024-03-09').score)).toEqual([89, 90]);
    expect(Array.from(score(o, twoFirms, rec, '2024-03-10').score)).toEqual([90, 90]);
    expect(Array.from(score(o, twoFirms, rec, '2024-06-01').score)).toEqual([90, 100]);
    expect(Array.from(score(o, twoFirms, rec, '2025-02-27').score)).toEqual([90, 100]);
    expect(Array.from(score(o, twoFirms, rec, '2025-02-28').score)).toEqual([100, 100]);
  });

  it('a record dated after the evaluation date does not count yet', () => {
    const rec = 'id,date,type,pts,months\nb,2026-01-01,violation,4,6\n';
    expect(Array.from(score(obj, twoFirms, rec, '2025-12-31').score)).toEqual([100, 100]);
    expect(Array.from(score(obj, twoFirms, rec, '2026-01-01').score)).toEqual([100, 96]);
  });
});

/** An independent month-add for the property test: JavaScript's Date, clamped to the month's end. */
function plusMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

describe('results as of two dates', () => {
  it('differ exactly by the records whose validity changed between them', () => {
    const obj = creditScheme([violation], '100 - sum(violation, pts)');
    const rng = new Rng(7);
    const n = 60;
    const ids = Array.from({ length: n }, (_, i) => `e${i}`);
    const data = `id,size\n${ids.map((id) => `${id},1`).join('\n')}\n`;
    const recs: { id: string; date: string; pts: number; months: number }[] = [];
    for (let k = 0; k < 400; k++) {
      const day = new Date(Date.UTC(2023, 0, 1) + Math.floor(rng.uniform() * 1000) * 86_400_000).toISOString().slice(0, 10);
      recs.push({ id: ids[Math.floor(rng.uniform() * n)], date: day, pts: 1 + Math.floor(rng.uniform() * 12), months: 1 + Math.floor(rng.uniform() * 24) });
    }
    const csv = `id,date,type,pts,months\n${recs.map((r) => `${r.id},${r.date},violation,${r.pts},${r.months}`).join('\n')}\n`;
    const d1 = '2024-06-30';
    const d2 = '2024-12-31';
    const s1 = score(obj, data, csv, d1).score;
    const s2 = score(obj, data, csv, d2).score;
    const valid = (r: (typeof recs)[number], d: string): boolean => r.date <= d && d < plusMonths(r.date, r.months);
    const changed = new Set<string>();
    ids.forEach((id, i) => {
      const mine = recs.filter((r) => r.id === id);
      const moved = mine.filter((r) => valid(r, d1) !== valid(r, d2));
      const delta = moved.reduce((acc, r) => acc + (valid(r, d1) ? r.pts : -r.pts), 0);
      expect(s2[i] - s1[i]).toBe(delta);
      if (moved.length > 0) changed.add(id);
      else expect(s2[i]).toBe(s1[i]);
    });
    expect(changed.size).toBeGreaterThan(10);
  });
});

describe('lists with start and end dates, and repair', () => {
  const obj = creditScheme(
    [
      {
        id: 'listing',
        label: L('Blacklist entry'),
        fields: [{ id: 'serious', label: L('serious'), type: 'boolean' }, { id: 'until', label: L('until'), type: 'date' }],
        end: 'until',
        repairedBy: 'repair',
        repairable: 'not serious',
      },
      { id: 'repair', label: L('Repair') },
    ],
    '100',
    { lists: [{ id: 'blacklist', label: L('Blacklist'), when: 'active(listing)' }] },
  );
  const onList = (r: Results): boolean[] => Array.from(r.columns[r.layout.list[0]], (v) => v === 1);
  const rec = [
    'id,date,type,serious,until',
    'a,2025-01-01,listing,no,2027-01-01',
    'a,2025-08-15,repair,,',
    'b,2025-01-01,listing,yes,2026-01-01',
    'b,2025-08-15,repair,,',
  ].join('\n');

  it('an entry lists from its start; repair lifts it on the repair date unless it is not repairable', () => {
    expect(onList(score(obj, twoFirms, rec, '2024-12-31'))).toEqual([false, false]);
    expect(onList(score(obj, twoFirms, rec, '2025-08-14'))).toEqual([true, true]);
    expect(onList(score(obj, twoFirms, rec, '2025-08-15'))).toEqual([false, true]);
    expect(onList(score(obj, twoFirms, rec, '2026-01-01'))).toEqual([false, false]);
  });

  it('explain shows the records in force as evidence, with their last valid day', () => {
    const e = explain(score(obj, twoFirms, rec, '2025-09-01'), 'b')!;
    expect(e.fired.map((f) => f.id)).toEqual(['blacklist']);
    expect(e.fired[0].values).toEqual([{ name: 'active(listing)', value: 1 }]);
    const listing = e.records.find((r) => r.type === 'listing')!;
    expect(listing).toMatchObject({ start: '2025-01-01', until: '2025-12-31', fields: { serious: true, until: '2026-01-01' } });
    expect(listing.origin).toBe('records.csv:4');
  });
});

describe('carry-over: 不良 or 警示 two years running bars 诚信 for two years', () => {
  const obj = creditScheme(
    [{ id: 'rating', label: L('Past rating'), fields: [{ id: 'grade', label: L('grade'), type: 'category', categories: ['honest', 'good', 'warning', 'bad'], required: true }], validity: { years: 3 } }],
    '96',
    {
      grades: [
        { id: 'honest', label: L('honest'), min: 95 },
        { id: 'good', label: L('good'), min: 80, max: 95 },
        { id: 'low', label: L('low'), max: 80 },
      ],
      vetoes: [{ id: 'carry', label: L('carry-over'), when: 'run(rating, grade == "warning" || grade == "bad") >= 2 or count(rating, grade == "bad" and ageMonths < 24) >= 1', maxGrade: 'good' }],
    },
  );
  const grade = (r: Results): string[] => Array.from(r.grade, (g) => r.plan.grades[g].id);
  const rec = [
    'id,date,type,grade',
    'a,2023-06-30,rating,warning',
    'a,2024-06-30,rating,warning',
    'a,2025-06-30,rating,good',
    'b,2023-06-30,rating,warning',
    'b,2024-06-30,rating,good',
    'b,2025-06-30,rating,warning',
  ].join('\n');

  it('two warnings running bar the top grade until two years after the second', () => {
    expect(grade(score(obj, twoFirms, rec, '2024-06-29'))).toEqual(['honest', 'honest']);
    expect(grade(score(obj, twoFirms, rec, '2024-06-30'))).toEqual(['good', 'honest']);
    expect(grade(score(obj, twoFirms, rec, '2026-06-29'))).toEqual(['good', 'honest']);
    expect(grade(score(obj, twoFirms, rec, '2026-06-30'))).toEqual(['honest', 'honest']);
  });

  it('one bad rating bars it for 24 months', () => {
    const bad = 'id,date,type,grade\nb,2025-01-15,rating,bad\n';
    expect(grade(score(obj, twoFirms, bad, '2027-01-14'))).toEqual(['honest', 'good']);
    expect(grade(score(obj, twoFirms, bad, '2027-01-15'))).toEqual(['honest', 'honest']);
  });
});

describe('record aggregates', () => {
  const obj = creditScheme([violation], 'count(violation) * 1000 + maxOf(violation, pts) * 10 + coalesce(minOf(violation, pts, pts > 2), 0) + latest(violation, pts) / 100');
  it('count, maxOf, minOf with a filter and latest read only valid records; none gives missing', () => {
    const rec = 'id,date,type,pts,months\na,2025-01-01,violation,5,12\na,2025-02-01,violation,2,12\na,2025-03-01,violation,4,12\na,2024-01-01,violation,9,6\n';
    const r = score(obj, twoFirms, rec, '2025-06-01');
    expect(r.score[0]).toBeCloseTo(3000 + 50 + 4 + 0.04, 10);
    expect(Number.isNaN(r.score[1])).toBe(true);
  });

  it('the pool gives the same bits as the inline run', async () => {
    const compiled = compile(parseSchemeObject(creditScheme([violation], '100 - sum(violation, pts) + count(violation, pts > 6)')));
    const n = 3000;
    const data = `id,size\n${Array.from({ length: n }, (_, i) => `e${i},1`).join('\n')}\n`;
    const rng = new Rng(3);
    const rows = Array.from({ length: 5000 }, () => `e${Math.floor(rng.uniform() * n)},2025-0${1 + Math.floor(rng.uniform() * 9)}-1${Math.floor(rng.uniform() * 9)},violation,${1 + Math.floor(rng.uniform() * 12)},${1 + Math.floor(rng.uniform() * 12)}`);
    const frame = readCsvText(data, compiled.plan);
    frame.records = readRecordsCsv(`id,date,type,pts,months\n${rows.join('\n')}\n`, compiled.plan, frame);
    const asOf = parseDay('2025-07-01');
    const inline = evaluate(compiled, frame, { asOf, chunkSize: 256 });
    const pooled = await evaluateParallel(compiled, frame, { asOf, threads: 2, chunkSize: 256, parallelFrom: 0 });
    expect(Buffer.from(pooled.score.buffer).equals(Buffer.from(inline.score.buffer))).toBe(true);
  });
});

describe('bad records and record rules', () => {
  const obj = creditScheme([violation, { id: 'repair', label: L('repair') }], '100 - sum(violation, pts)');
  const compiled = compile(parseSchemeObject(obj));
  const frame = readCsvText(twoFirms, compiled.plan);
  const problems = (csv: string): string[] => {
    try {
      readRecordsCsv(csv, compiled.plan, frame);
    } catch (e) {
      if (e instanceof KaoheError) return e.problems.map((p) => `${p.where}: ${p.en}`);
      throw e;
    }
    throw new Error('records were accepted');
  };

  it('rows of empty cells are skipped; an id of a megabyte is echoed by its start and length', () => {
    const records = readRecordsCsv('id,date,type,pts,months\na,2025-01-01,violation,3,6\n,,,,\n,,,,\n', compiled.plan, frame);
    expect(records.n).toBe(1);
    const id = 'z'.repeat(1024 * 1024);
    expect(problems(`id,date,type,pts,months\n,,,,\n${id},2025-01-01,violation,3,6\n`)).toEqual([
      `records.csv:3 id: entity id "${'z'.repeat(20)}…(${id.length} 字符 / chars)" is not in this round's data`,
    ]);
  });

  it('every problem in a records file is reported with its line and nothing is read', () => {
    const got = problems([
      'id,date,type,pts,months',
      'zz,2025-01-01,violation,3,6',
      'a,2025-02-30,violation,3,6',
      'a,2025-01-01,warning,3,6',
      'a,2025-01-01,repair,3,',
      'a,2025-01-01,violation,,6',
      'a,2025-01-01,violation,3,1.5',
      'b,2025-01-01,violation,abc,6',
    ].join('\n'));
    expect(got).toEqual([
      'records.csv:2 id: entity id "zz" is not in this round\'s data',
      'records.csv:3 date: expected a date as YYYY-MM-DD, got "2025-02-30"',
      'records.csv:4 type: unknown record type "warning" (expected one of violation, repair)',
      'records.csv:5 pts: record type repair has no field pts: leave this cell empty',
      'records.csv:6 pts: required field pts is empty',
      'records.csv:7 months: validity months must be a positive whole number, got "1.5"',
      'records.csv:8 pts: pts: expected a number, got "abc"',
    ]);
  });

  it('a records file without id/date/type or with an unknown column is refused', () => {
    expect(problems('id,type,pts\n')).toEqual(['records.csv:1: the required column date is missing']);
    expect(problems('id,date,type,colour\n')[0]).toContain('unknown column "colour"');
  });

  it('scoring a record scheme without an evaluation date is refused', () => {
    expect(() => evaluate(compiled, frame)).toThrow(/--as-of/);
  });

  it('record rules naming unknown types or fields, or bad validity and repair settings, are refused at check', () => {
    const msgs = (o: Record<string, unknown>): string[] => schemeProblems(o).map((p) => `${p.where}: ${p.en}`);
    expect(msgs(creditScheme([violation], 'sum(violations, pts)'))[0]).toContain('undefined record type "violations"');
    expect(msgs(creditScheme([violation], 'sum(violation, points)'))[0]).toContain('"points" is not a number field of record type "violation"');
    expect(msgs(creditScheme([violation], 'count(violation, size > 1)'))[0]).toContain('"size" is not a field of record type "violation"');
    expect(msgs(creditScheme([violation], 'count(violation, kind == "x")'))[0]).toContain('a quoted value can only be compared');
    expect(msgs(creditScheme([violation], 'sum(violation)'))[0]).toContain('sum is written sum(recordType, field[, condition])');
    expect(msgs(creditScheme([{ ...violation, validity: { months: 'pts2' } }], '1'))[0]).toContain('validity field "pts2" is not a number field');
    expect(msgs(creditScheme([{ ...violation, repairedBy: 'violation' }], '1'))[0]).toContain('repair type "violation" is not another defined record type');
    expect(msgs(creditScheme([{ ...violation, end: 'pts' }], '1'))[0]).toContain('end field "pts" is not a date field');
    expect(msgs(creditScheme([{ ...violation, validity: { months: 0 } }], '1'))[0]).toContain('positive whole number');
  });
});

describe('records naming several entities in roles', () => {
  // A cross-boundary incident (跨界事件): the upstream city loses 5, the downstream city that
  // found and reported it loses 1 (it shares the river), a reporter alone loses nothing.
  const incident = { id: 'incident', label: L('Incident'), roles: ['upstream', 'downstream', 'reporter'], fields: [{ id: 'level', label: L('level'), range: [1, 4] }], validity: { years: 1 } };
  const obj = creditScheme([incident], '100 - 5 * count(incident, role == "upstream") - count(incident, role == "downstream")');
  const threeCities = 'id,size\na,1\nb,1\nc,1\n';

  it('one record deducts on both sides, each by its role', () => {
    const r = score(obj, threeCities, 'id,date,type,level\na:upstream;b:downstream;c:reporter,2025-03-01,incident,2\n', '2025-06-30');
    expect(Array.from(r.score)).toEqual([95, 99, 100]);
    const e = explain(r, 'b')!;
    expect(e.records).toEqual([{ type: 'incident', start: '2025-03-01', until: '2026-02-28', fields: { level: 2 }, origin: 'records.csv:2', role: 'downstream' }]);
    // A year later the record has ended on both sides.
    expect(Array.from(score(obj, threeCities, 'id,date,type,level\na:upstream;b:downstream,2025-03-01,incident,2\n', '2026-03-01').score)).toEqual([100, 100, 100]);
  });

  it('a plan without roles keeps its old form: the field is absent', () => {
    expect('roles' in compile(parseSchemeObject(creditScheme([violation], '1'))).plan.records![0]).toBe(false);
    expect(compile(parseSchemeObject(obj)).plan.records![0].roles).toEqual(['upstream', 'downstream', 'reporter']);
  });

  it('unknown entities, roles and malformed pairs are refused with the line; nothing is read', () => {
    const compiled = compile(parseSchemeObject(obj));
    const frame = readCsvText(threeCities, compiled.plan);
    let problems: string[] = [];
    try {
      readRecordsCsv('id,date,type,level\na:upstream;zz:downstream,2025-03-01,incident,2\na:victim,2025-03-01,incident,2\nb,2025-03-01,incident,2\na:upstream;a:upstream,2025-03-01,incident,1\n', compiled.plan, frame);
    } catch (e) {
      if (!(e instanceof KaoheError)) throw e;
      problems = e.problems.map((p) => `${p.where}: ${p.en}`);
    }
    expect(problems).toEqual([
      'records.csv:2 id: entity id "zz" is not in this round\'s data',
      'records.csv:3 id: record type incident names its entities as ID:ROLE pairs joined by ";" (roles: upstream, downstream, reporter), got "a:victim"',
      'records.csv:4 id: record type incident names its entities as ID:ROLE pairs joined by ";" (roles: upstream, downstream, reporter), got "b"',
      'records.csv:5 id: "a:upstream" appears twice',
    ]);
  });

  it('a filter on role is checked: only a type with roles, only its roles', () => {
    const msgs = (o: Record<string, unknown>): string[] => schemeProblems(o).map((p) => `${p.where}: ${p.en}`);
    expect(msgs(creditScheme([violation], 'count(violation, role == "upstream")'))[0]).toContain('a quoted value can only be compared (== or !=) with a category field of the record');
    expect(msgs(creditScheme([violation], 'count(violation, role > 0)'))[0]).toContain('"role" is not a field of record type "violation"');
    expect(msgs(creditScheme([incident], 'count(incident, role == "victim")'))[0]).toContain('"victim" is not a value of field role (upstream, downstream, reporter)');
    expect(msgs(creditScheme([{ ...incident, roles: ['upstream', 'upstream'] }], '1'))[0]).toContain('a role is listed twice');
    expect(msgs(creditScheme([{ ...incident, roles: ['victim'] }], '1')).length).toBeGreaterThan(0);
  });
});
