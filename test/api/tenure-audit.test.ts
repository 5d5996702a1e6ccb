/**
 * The tenure audit (离任审计) over the demo: the demo's officials with their posts; an audit of
 * Nanjing's mayors across the three yearly rounds, with a correction and republication of the
 * 2025 round in the middle; days in post counted by hand; every bad input refused with nothing
 * written.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoYearCsv } from '../../store/demo-seed.js';
import { auditHead, createRoster, listAudit, storedResults, SYSTEM, verifyAuditChain } from '../../store/index.js';
import { bearer, demoServer, recordsRound, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';

let s: DemoServer;
let auditor: Record<string, string>;
let office: Record<string, string>;
/** Run ids by demo year: the published runs as seeded; 2025's republished after a correction. */
const run: Record<number, number> = {};
let run2025Before: number;

const nanjingScore = (runId: number): number => {
  const r = storedResults(s.db, runId);
  return r.columns.get('score')![r.ids.indexOf('320100')];
};

beforeAll(async () => {
  s = await demoServer();
  auditor = bearer(s.token('auditor'));
  office = bearer(s.token('office'));
  for (const [k, year] of [2023, 2024, 2025].entries()) {
    run[year] = (await s.app.inject({ url: `/api/rounds/${s.seed.roundIds[k]}`, headers: office })).json().publication.runId;
  }
  run2025Before = run[2025];
  // A correction of Nanjing's PM2.5 in the 2025 round, and one major incident (the demo scheme
  // deducts 3 points per incident and bars Excellent), rescored and republished with its reason.
  const round = s.seed.roundIds[2];
  const csv = demoYearCsv(readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8'), 0);
  const [header, ...rows] = csv.trim().split('\n');
  const pm25 = header.split(',').indexOf('pm25');
  const nanjing = rows.find((l) => l.startsWith('320100,'))!.split(',');
  nanjing[pm25] = '24.0';
  nanjing[header.split(',').indexOf('incidents')] = '1';
  const up = await upload(s.app, round, office, { name: '南京更正.csv', content: `${header}\n${nanjing.join(',')}\n` }, { reason: '监测站数据复核更正' });
  expect(up.statusCode).toBe(201);
  const rescore = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office });
  run[2025] = rescore.json().id;
  expect((await waitForRun(s.app, run[2025], office)).status).toBe('done');
  const pub = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/publications`, headers: office, payload: { runId: run[2025], reason: '更正后重新发布' } });
  expect(pub.statusCode).toBe(201);
});
afterAll(async () => { await s.close(); });

describe('officials', () => {
  test('the demo lists its officials with their posts', async () => {
    const r = await s.app.inject({ url: '/api/officials', headers: auditor });
    expect(r.statusCode).toBe(200);
    const byId = new Map(r.json().officials.map((o: { id: string }) => [o.id, o]));
    expect(byId.get('NJ-01')).toMatchObject({ posts: [{ regionCode: '320100', regionName: '南京市', start: '2021-09-01', end: '2024-06-30' }] });
    expect(byId.get('NJ-02')).toMatchObject({ posts: [{ regionCode: '320100', start: '2024-07-01', end: null }] });
    expect((byId.get('ZJ-01') as { posts: { regionCode: string }[] }).posts.map((p) => p.regionCode)).toEqual(['321100', '321000']);
  });
});

describe('a tenure audit', () => {
  test('the successor: two rounds, the corrected 2025 one republished, days counted by hand', async () => {
    const r = await s.app.inject({ method: 'POST', url: '/api/audits', headers: auditor, payload: { official: 'NJ-02', to: '2025-12-31' } });
    expect(r.statusCode).toBe(201);
    const a = r.json();
    // In post from 2024-07-01: July–December 2024 is 31 + 31 + 30 + 31 + 30 + 31 = 184 days of
    // the 2024 round; all of 2025 (not a leap year) is 365 days of the 2025 round.
    expect(a.rounds.map((x: { roundId: number; runId: number; days: number; identical: boolean }) => [x.roundId, x.runId, x.days, x.identical]))
      .toEqual([[s.seed.roundIds[1], run[2024], 184, true], [s.seed.roundIds[2], run[2025], 365, true]]);
    expect(a.rounds[1].posts).toEqual([expect.objectContaining({ from: '2025-01-01', to: '2025-12-31', days: 365 })]);
    expect(a.rounds[0].posts).toEqual([expect.objectContaining({ from: '2024-07-01', to: '2024-12-31', days: 184 })]);
    expect([a.tenureDays, a.coveredDays, a.gaps]).toEqual([549, 549, []]);
    // The round scores are the stored published results; the tenure score weighs them by days.
    expect(a.rounds[0].score).toBe(nanjingScore(run[2024]));
    expect(a.rounds[1].score).toBe(nanjingScore(run[2025]));
    expect(a.rounds[1].score).not.toBe(nanjingScore(run2025Before));
    expect(a.tenureScore).toBeCloseTo((184 * nanjingScore(run[2024]) + 365 * nanjingScore(run[2025])) / 549, 10);
    expect(a.corrections).toEqual([expect.objectContaining({ roundId: s.seed.roundIds[2], fileName: '南京更正.csv', reason: '监测站数据复核更正' })]);
    expect(a.republications).toEqual([expect.objectContaining({ roundId: s.seed.roundIds[2], runId: run[2025], replaces: run2025Before, reason: '更正后重新发布' })]);
    expect(a.republications[0].changed.find((c: { id: string }) => c.id === '320100').inputs).toEqual(['pm25', 'incidents']);
    // The incident fired in the corrected 2025 round only: 1 × 3 points, and Excellent barred.
    expect(a.circumstances.map((c: { roundId: number; runId: number; entity: string; kind: string; ruleId: string; points: number | null; maxGrade: string | null }) =>
      [c.roundId, c.runId, c.entity, c.kind, c.ruleId, c.points, c.maxGrade]))
      .toEqual([[s.seed.roundIds[2], run[2025], '320100', 'deduction', 'incident', 3, null], [s.seed.roundIds[2], run[2025], '320100', 'veto', 'serious_incident', null, 'good']]);
    // Every file the two rounds were built from, with the hash the service recorded on upload.
    const uploaded = [];
    for (const k of [1, 2]) uploaded.push(...(await s.app.inject({ url: `/api/rounds/${s.seed.roundIds[k]}/submissions`, headers: auditor })).json().submissions);
    expect(a.sources.map((f: { fileName: string; sha256: string }) => [f.fileName, f.sha256])).toEqual(uploaded.map((f: { fileName: string; sha256: string }) => [f.fileName, f.sha256]));
    expect(a.chain.ok).toBe(true);
    expect(a.allIdentical).toBe(true);
    // Stored: read back the same, and the audit log names it.
    const again = await s.app.inject({ url: `/api/audits/${a.id}`, headers: auditor });
    expect(again.json()).toEqual(a);
    const entry = listAudit(s.db, { target: 'official:NJ-02', limit: 10 }).find((e) => e.action === 'tenure.audit')!;
    expect(entry.detail).toMatchObject({ auditId: a.id, reportHash: a.reportHash, runs: [run[2024], run[2025]] });
    expect(() => s.db.prepare('UPDATE audits SET report_json = ? WHERE id = ?').run('{}', a.id)).toThrow(/immutable/);
  });

  test('the mayor who left on 2024-06-30: the years before the demo are gaps, not figures', async () => {
    const a = (await s.app.inject({ method: 'POST', url: '/api/audits', headers: auditor, payload: { official: 'NJ-01' } })).json();
    // 2024 is a leap year: January–June is 31 + 29 + 31 + 30 + 31 + 30 = 182 days; 2023 is 365.
    expect(a.rounds.map((x: { runId: number; days: number }) => [x.runId, x.days])).toEqual([[run[2023], 365], [run[2024], 182]]);
    // No round before 2023: 2021-09-01 – 2021-12-31 is 30 + 31 + 30 + 31 = 122 days, 2022 is 365.
    expect(a.gaps.map((g: { year: number; from: string; to: string; days: number }) => [g.year, g.from, g.to, g.days]))
      .toEqual([[2021, '2021-09-01', '2021-12-31', 122], [2022, '2022-01-01', '2022-12-31', 365]]);
    expect([a.from, a.to, a.tenureDays, a.coveredDays]).toEqual(['2021-09-01', '2024-06-30', 122 + 365 + 365 + 182, 365 + 182]);
    expect(a.tenureScore).toBeCloseTo((365 * nanjingScore(run[2023]) + 182 * nanjingScore(run[2024])) / 547, 10);
    expect(a.corrections).toEqual([]);
  });

  test('from–to clips the posts: one who moved cities, audited over 2023 only', async () => {
    const a = (await s.app.inject({ method: 'POST', url: '/api/audits', headers: auditor, payload: { official: 'ZJ-01', from: '2023-01-01', to: '2023-12-31' } })).json();
    expect(a.rounds.map((x: { runId: number; days: number }) => [x.runId, x.days])).toEqual([[run[2023], 365]]);
    expect(a.rounds[0].posts.map((p: { regionCode: string }) => p.regionCode)).toEqual(['321100']);
    const r = storedResults(s.db, run[2023]);
    expect(a.tenureScore).toBe(r.columns.get('score')![r.ids.indexOf('321100')]);
  });
});

describe('accountability circumstances (the official-accountability template)', () => {
  test('an official scored by an accountability round: it is rerun and checked, and what fired for them is listed as its explanation says', async () => {
    const { round, runId } = await recordsRound(s);
    // GB001 also held a post in Nanjing in 2023–2024 (in a roster of its own), so the audit finds both kinds of round.
    createRoster(s.db, SYSTEM, {
      name: 'GB001 任职', regions: [{ code: '320100', name: '南京市' }],
      officials: [{ id: 'GB001', name: '干部甲（合成）', posts: [{ post: '副市长', regionCode: '320100', start: '2023-01-01', end: '2024-12-31' }] }],
    });
    const a = (await s.app.inject({ method: 'POST', url: '/api/audits', headers: auditor, payload: { official: 'GB001' } })).json();
    expect(a.rounds.map((r: { runId: number }) => r.runId)).toEqual([run[2023], run[2024]]);
    expect(a.accountabilityRounds).toEqual([expect.objectContaining({ roundId: round, runId, identical: true })]);
    const explained = (await s.app.inject({ url: `/api/runs/${runId}/entities/GB001`, headers: auditor })).json().explanation;
    const fired = explained.fired.filter((f: { kind: string }) => f.kind !== 'bonus');
    expect(fired.length).toBeGreaterThan(0);
    expect(a.circumstances.filter((c: { subject: string }) => c.subject === 'official').map((c: { roundId: number; entity: string; ruleId: string; kind: string }) => [c.roundId, c.entity, c.ruleId, c.kind]))
      .toEqual(fired.map((f: { id: string; kind: string }) => [round, 'GB001', f.id, f.kind]));
    expect(a.sources.filter((f: { roundId: number }) => f.roundId === round).map((f: { fileName: string }) => f.fileName)).toEqual(['officials.csv', 'records.csv']);
  });
});

describe('bad input: a clear zh/en error and nothing written', () => {
  beforeAll(() => {
    createRoster(s.db, SYSTEM, {
      name: '问题名单', regions: [{ code: '320100', name: '南京市' }],
      officials: [
        { id: 'NOPOST', name: '无任职', posts: [] },
        { id: 'OVERLAP', name: '重叠', posts: [
          { post: '市长', regionCode: '320100', start: '2023-01-01', end: '2024-03-31' },
          { post: '书记', regionCode: '320100', start: '2024-03-01', end: null },
        ] },
      ],
    });
  });

  const cases: [string, Record<string, string>, number, RegExp][] = [
    ['an unknown official', { official: 'NOBODY' }, 404, /NOBODY/],
    ['an official with no posts', { official: 'NOPOST' }, 422, /no posts/],
    ['overlapping posts in one region', { official: 'OVERLAP' }, 422, /overlapping posts in region 320100/],
    ['from after to', { official: 'NJ-01', from: '2024-01-01', to: '2023-01-01' }, 422, /ends \(2023-01-01\) before it starts/],
    ['a date that does not exist', { official: 'NJ-01', from: '2024-02-30' }, 422, /from must be a real date/],
    ['a date that is not one', { official: 'NJ-01', to: 'yesterday' }, 422, /to must be a real date/],
    ['no post in from–to', { official: 'NJ-01', from: '2019-01-01', to: '2020-12-31' }, 422, /held no post/],
    ['a tenure no round scored', { official: 'NJ-01', from: '2021-09-01', to: '2022-12-31' }, 422, /no round scored/],
  ];

  test.each(cases)('%s', async (_name, payload, status, en) => {
    const audits = (s.db.prepare('SELECT count(*) AS n FROM audits').get() as { n: number }).n;
    const head = auditHead(s.db);
    const r = await s.app.inject({ method: 'POST', url: '/api/audits', headers: auditor, payload });
    expect(r.statusCode).toBe(status);
    const { error } = r.json();
    expect(error.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(error.en).toMatch(en);
    expect((s.db.prepare('SELECT count(*) AS n FROM audits').get() as { n: number }).n).toBe(audits);
    expect(auditHead(s.db)).toEqual(head);
  });

  test('an audit that does not exist is a 404', async () => {
    expect((await s.app.inject({ url: '/api/audits/999999', headers: auditor })).statusCode).toBe(404);
    expect(verifyAuditChain(s.db).ok).toBe(true);
  });
});

/** A sheet's rows below its two header rows (labels, then the column keys), keyed by column key. */
function tableRows(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const keys = (ws.getRow(2).values as unknown[]).slice(1) as string[];
  const rows: Record<string, unknown>[] = [];
  for (let n = 3; n <= ws.rowCount; n++) {
    const values = ws.getRow(n).values as unknown[];
    rows.push(Object.fromEntries(keys.map((k, c) => [k, values[c + 1] ?? null])));
  }
  return rows;
}

describe('the workpaper (审计工作底稿)', () => {
  test('read back, every sheet says what the audit JSON says', async () => {
    const a = (await s.app.inject({ method: 'POST', url: '/api/audits', headers: auditor, payload: { official: 'NJ-02', to: '2025-12-31' } })).json();
    const r = await s.app.inject({ url: `/api/audits/${a.id}/workpaper`, headers: auditor });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/spreadsheetml/);
    expect(r.headers['content-disposition']).toContain(`kaohe-audit-${a.id}-NJ-02-workpaper.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概要 Summary', '轮次 Rounds', '任职 Posts', '未评价年份 Years unscored', '更正 Corrections', '重新发布 Republications',
      '问责情形 Circumstances', '问责轮次 Accountability', '审计日志 Audit log', '来源文件 Source files']);

    const summary = new Map<string, unknown>();
    wb.getWorksheet('概要 Summary')!.eachRow((row) => { summary.set(String(row.getCell(1).value), row.getCell(2).value); });
    expect(summary.get('审计编号 Audit id')).toBe(a.id);
    expect(summary.get('干部 Official')).toBe('NJ-02 李华 Li Hua');
    expect(summary.get('审计期 Audit period')).toBe(`${a.from} – ${a.to}`);
    expect(summary.get('任期天数 Days in post')).toBe(549);
    expect(summary.get('任期得分 Tenure score')).toBe(a.tenureScore);
    expect(summary.get('审计日志链头 Chain head')).toBe(`${a.chain.head.count}:${a.chain.head.hash}`);
    expect(summary.get('审计报告哈希 Report hash')).toBe(a.reportHash);
    expect(summary.get('复算结果 Reruns')).toMatch(/all identical/);
    // 北京时间: the stored UTC time, eight hours on.
    const at = String(summary.get('审计时间（北京时间 Beijing time） Audited at'));
    expect(Date.parse(`${at.replace(' ', 'T')}Z`) - Date.parse(a.createdAt)).toBe(8 * 3600_000 - (Date.parse(a.createdAt) % 1000));

    const rounds = tableRows(wb.getWorksheet('轮次 Rounds')!);
    expect(rounds.map((x) => [x.round, x.run, x.plan_hash, x.snapshot_hash, x.stored_results_hash, x.results_hash, x.identical, x.days, x.score, x.rank, x.grade]))
      .toEqual(a.rounds.map((x: { roundId: number; runId: number; planHash: string; snapshotHash: string; storedResultsHash: string; resultsHash: string; days: number; score: number; posts: { rank: number; grade: { label: { zh: string; en: string } } }[] }) =>
        [x.roundId, x.runId, x.planHash, x.snapshotHash, x.storedResultsHash, x.resultsHash, '是 yes', x.days, x.score, String(x.posts[0].rank), `${x.posts[0].grade.label.zh} / ${x.posts[0].grade.label.en}`]));
    // The published score, rounded half to even as the scheme says (2 decimals).
    expect(rounds.map((x) => x.score_shown)).toEqual(a.rounds.map((x: { score: number }) => (Math.round(x.score * 100) / 100).toFixed(2)));

    expect(tableRows(wb.getWorksheet('更正 Corrections')!).map((x) => [x.round, x.file, x.reason, x.snapshot_hash]))
      .toEqual(a.corrections.map((c: { roundId: number; fileName: string; reason: string; snapshotHash: string }) => [c.roundId, c.fileName, c.reason, c.snapshotHash]));
    expect(tableRows(wb.getWorksheet('重新发布 Republications')!).map((x) => [x.run, x.replaces, x.reason]))
      .toEqual([[run[2025], run2025Before, '更正后重新发布']]);
    expect(tableRows(wb.getWorksheet('问责情形 Circumstances')!).map((x) => [x.round, x.entity, x.rule, x.points, x.max_grade]))
      .toEqual(a.circumstances.map((c: { roundId: number; entity: string; ruleId: string; points: number | null; maxGrade: string | null }) => [c.roundId, c.entity, c.ruleId, c.points, c.maxGrade]));
    expect(tableRows(wb.getWorksheet('未评价年份 Years unscored')!)).toEqual([]);
    expect(tableRows(wb.getWorksheet('审计日志 Audit log')!).map((x) => [x.seq, x.hash]))
      .toEqual(a.rounds.flatMap((x: { auditLog: { seq: number; hash: string }[] }) => x.auditLog.map((e) => [e.seq, e.hash])));
    expect(tableRows(wb.getWorksheet('来源文件 Source files')!).map((x) => [x.file, x.sha256]))
      .toEqual(a.sources.map((f: { fileName: string; sha256: string }) => [f.fileName, f.sha256]));
  });

  test('the years no round scored are listed in the workpaper of the mayor who left', async () => {
    const a = (await s.app.inject({ method: 'POST', url: '/api/audits', headers: auditor, payload: { official: 'NJ-01' } })).json();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await s.app.inject({ url: `/api/audits/${a.id}/workpaper`, headers: auditor })).rawPayload as unknown as ArrayBuffer);
    expect(tableRows(wb.getWorksheet('未评价年份 Years unscored')!).map((x) => [x.year, x.from, x.to, x.days]))
      .toEqual([[2021, '2021-09-01', '2021-12-31', 122], [2022, '2022-01-01', '2022-12-31', 365]]);
  });

  test('an audit stored before circumstances and sources were recorded: its workpaper says so, never empty findings', async () => {
    const a = (await s.app.inject({ method: 'POST', url: '/api/audits', headers: auditor, payload: { official: 'ZJ-01', from: '2023-01-01', to: '2023-12-31' } })).json();
    const report = JSON.parse((s.db.prepare('SELECT report_json FROM audits WHERE id = ?').get(a.id) as { report_json: string }).report_json);
    for (const k of ['circumstances', 'accountabilityRounds', 'sources']) delete report[k];
    for (const r of report.rounds) for (const p of r.posts) delete p.grade;
    const id = Number(s.db.prepare('INSERT INTO audits (official_id, from_date, to_date, report_json, report_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?)')
      .run('ZJ-01', a.from, a.to, JSON.stringify(report), 'f'.repeat(64), a.createdAt).lastInsertRowid);
    const r = await s.app.inject({ url: `/api/audits/${id}/workpaper`, headers: auditor });
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const notes: unknown[] = [];
    wb.getWorksheet('概要 Summary')!.eachRow((row) => { if (row.getCell(1).value === '说明 Note') notes.push(row.getCell(2).value); });
    expect(notes).toEqual([expect.stringMatching(/did not record circumstances, accountability rounds or source files/)]);
  });

  test('a workpaper of an audit that does not exist is a 404, and the office may not have one', async () => {
    expect((await s.app.inject({ url: '/api/audits/999999/workpaper', headers: auditor })).statusCode).toBe(404);
    expect((await s.app.inject({ url: '/api/audits/1/workpaper', headers: office })).statusCode).toBe(403);
  });
});
