/**
 * `kaohe audit` on a service's database, as an auditor runs it: the tenure audit stored and
 * audit-logged under the command line, the rounds printed with their reruns, and the workpaper
 * written; bad input (a missing database, an unknown official, a bad date, a wrong command line)
 * refused with a clear error, the right exit code and nothing written.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, test } from 'vitest';
import { seedDemo } from '../../store/demo-seed.js';
import { getTenureAudit, listAudit, openStore } from '../../store/index.js';
import { cliSandbox, root } from '../cli-runner.js';

const { dir, kaohe } = cliSandbox('kaohe-audit-cli-');
const dbPath = join(dir, 'kaohe.db');

const auditCount = (): number => {
  const db = openStore(dbPath);
  try {
    return (db.prepare('SELECT count(*) AS n FROM audits').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  const db = openStore(dbPath);
  await seedDemo(db, join(root, 'templates'));
  db.close();
}, 120_000);

describe('kaohe audit', () => {
  test('audits the successor, prints each round, stores and logs the audit, writes the workpaper', async () => {
    const r = kaohe('audit', '--db', dbPath, '--official', 'NJ-02', '--to', '2025-12-31', '-o', 'wp.xlsx');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // July–December 2024 (184 days) and all of 2025 (365), as the API's test counts them.
    expect(r.stdout).toMatch(/任期天数 Days in post: 549/);
    const lines = r.stdout.split('\n').filter((l) => /^\s+\d+\s+\d+\s+是 yes\s+\d+/.test(l));
    expect(lines.map((l) => l.trim().split(/\s+/)[4])).toEqual(['184', '365']);
    const db = openStore(dbPath);
    try {
      const id = Number(/Tenure audit (\d+)/.exec(r.stdout)![1]);
      const audit = getTenureAudit(db, id);
      expect(r.stdout).toContain(audit.reportHash);
      const entry = listAudit(db, { target: 'official:NJ-02', limit: 10 }).find((e) => e.action === 'tenure.audit')!;
      expect(entry.actor).toMatch(/^cli:/);
      expect(entry.detail).toMatchObject({ auditId: id, reportHash: audit.reportHash });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, 'wp.xlsx'));
      const summary = new Map<string, unknown>();
      wb.getWorksheet('概要 Summary')!.eachRow((row) => { summary.set(String(row.getCell(1).value), row.getCell(2).value); });
      expect(summary.get('审计编号 Audit id')).toBe(id);
      expect(summary.get('任期得分 Tenure score')).toBe(audit.tenureScore);
      expect(summary.get('审计报告哈希 Report hash')).toBe(audit.reportHash);
    } finally {
      db.close();
    }
  });

  test.each([
    ['a database that does not exist', ['--db', 'nope.db', '--official', 'NJ-01'], 1, /no database file at nope\.db/],
    ['an unknown official', ['--db', 'kaohe.db', '--official', 'NOBODY'], 1, /official "NOBODY".*not found/],
    ['a date that does not exist', ['--db', 'kaohe.db', '--official', 'NJ-01', '--from', '2024-02-30'], 1, /from must be a real date/],
    ['from after to', ['--db', 'kaohe.db', '--official', 'NJ-01', '--from', '2024-01-01', '--to', '2023-01-01'], 1, /before it starts/],
    ['a workpaper folder that does not exist', ['--db', 'kaohe.db', '--official', 'NJ-01', '-o', 'no/such/wp.xlsx'], 1, /folder .* does not exist/],
    ['no --official', ['--db', 'kaohe.db'], 2, /--official ID is required/],
    ['no --db', ['--official', 'NJ-01'], 2, /--db DB .* is required/],
    ['a workpaper that is not .xlsx', ['--db', 'kaohe.db', '--official', 'NJ-01', '-o', 'wp.csv'], 2, /must be \.xlsx/],
    ['an unknown option', ['--db', 'kaohe.db', '--official', 'NJ-01', '--nope'], 2, /nope/],
  ])('%s: the right exit code, a clear error, nothing written', (_name, args, code, en) => {
    const before = auditCount();
    const r = kaohe('audit', ...(args as string[]));
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(en);
    expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
    expect(auditCount()).toBe(before);
    expect(existsSync(join(dir, 'nope.db'))).toBe(false);
  });
});
