/**
 * A stored run's results files carry its provenance: engine, plan, snapshot, as-of, the run and
 * its stored results hash, the results file hash and the audit chain head when exported; the
 * CSV in a response header (its body stays the results CSV), the JSON in top-level fields, the
 * workbook on its 运行信息 sheet. Each file's contents give its results file hash back.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LATEST_SEMANTICS } from '../../indicators/index.js';
import { hashResultsFile } from '../../io/index.js';
import { getRun, latestPublication } from '../../store/index.js';
import { openWorkbook } from '../io/xlsx-read.js';
import { bearer, demoServer, type DemoServer } from './helpers.js';

let s: DemoServer;
beforeAll(async () => { s = await demoServer(); });
afterAll(async () => { await s.close(); });

test('CSV, JSON and workbook of a published run state the same provenance, and their contents hash to it', async () => {
  const run = getRun(s.db, latestPublication(s.db, 3)!.runId);
  const headers = bearer(s.token('auditor'));
  const exported = (format: string) => s.app.inject({ url: `/api/runs/${run.id}/export?format=${format}`, headers });
  const head = (await s.app.inject({ url: '/api/audit/head', headers })).json();

  const csv = await exported('csv');
  expect(csv.body.split('\n')[0]).toMatch(/^id,rank,score,grade,/);
  const fromHeader = JSON.parse(csv.headers['x-kaohe-provenance'] as string);
  const expected = {
    // The demo's scheme names no semantics level: it is compiled at the newest.
    engine: run.engineVersion, semantics: LATEST_SEMANTICS, planHash: run.planHash, snapshotHash: run.snapshotHash, asOf: run.asOf,
    runId: run.id, runResultsHash: run.resultsHash, auditHead: head,
    resultsCsvHash: createHash('sha256').update(csv.rawPayload).digest('hex'),
  };
  expect(fromHeader).toEqual(expected);

  const json = (await exported('json')).json();
  expect(json).toMatchObject(expected);

  const dir = mkdtempSync(join(tmpdir(), 'kaohe-prov-'));
  const paths = { json: join(dir, 'r.json'), xlsx: join(dir, 'r.xlsx') };
  writeFileSync(paths.json, JSON.stringify(json));
  writeFileSync(paths.xlsx, (await exported('xlsx')).rawPayload);
  for (const path of Object.values(paths)) expect(await hashResultsFile(path)).toMatchObject({ hash: expected.resultsCsvHash, stated: expected.resultsCsvHash });

  const info = (await openWorkbook(paths.xlsx)).getWorksheet('运行信息 Run')!;
  const facts = new Map<unknown, unknown>();
  info.eachRow((row) => facts.set(row.getCell(1).value, row.getCell(2).value));
  expect(Object.fromEntries(facts)).toMatchObject({
    '方案指纹 Plan hash': run.planHash, '引擎 Engine': run.engineVersion, '评价基准日 As of': run.asOf, '数据快照哈希 Snapshot hash': run.snapshotHash,
    '评分运行 Run': run.id, '运行结果哈希（存储）Run results hash (store)': run.resultsHash, '结果文件哈希（CSV）Results CSV hash': expected.resultsCsvHash,
    '审计日志链头 Audit chain head': `${head.count}:${head.hash}`,
  });
});
