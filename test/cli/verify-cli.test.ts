/**
 * `kaohe verify` on an audit bundle downloaded over HTTP from the demo service, as an auditor
 * would: the bundle as sent verifies (exit 0, every check listed); one data cell changed inside
 * the zip is refused naming its entity and column; an edited manifest or results file is
 * refused; a round with dated records verifies too, and a changed record is named. A file
 * that isn't a zip, a zip bomb and a zip without a manifest are clear errors.
 * The zip is read with yauzl (test/zip-entries.ts) and rewritten with io's zip writer.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { zipEntries } from '../zip-entries.js';
import { zipBuffer } from '../../io/index.js';
import { latestPublication } from '../../store/index.js';
import { bearer, demoServer, recordsRound, type DemoServer } from '../api/helpers.js';
import { cliSandbox } from '../cli-runner.js';

const { dir, kaohe } = cliSandbox('kaohe-verify-');
let s: DemoServer;
let bundle: Buffer;
let run: { id: number; planHash: string; snapshotHash: string; resultsHash: string };


/** The bundle (`from`, else the demo's) with `edit` applied to its files, written as `name`. */
async function edited(name: string, edit: (files: Map<string, Buffer>) => void, from = bundle): Promise<string> {
  const files = await zipEntries(from);
  edit(files);
  const path = join(dir, name);
  writeFileSync(path, zipBuffer([...files].map(([n, data]) => ({ name: n, data }))));
  return path;
}

beforeAll(async () => {
  s = await demoServer();
  const runId = latestPublication(s.db, s.seed.roundIds[2])!.runId;
  run = (await s.app.inject({ url: `/api/runs/${runId}`, headers: bearer(s.token('auditor')) })).json();
  const r = await s.app.inject({ url: `/api/runs/${runId}/bundle`, headers: bearer(s.token('auditor')) });
  expect(r.statusCode).toBe(200);
  expect(r.headers['content-type']).toBe('application/zip');
  bundle = r.rawPayload;
  writeFileSync(join(dir, 'bundle.zip'), bundle);
});
afterAll(async () => { await s.close(); });

describe('kaohe verify BUNDLE.zip', () => {
  test('the bundle as downloaded verifies: exit 0, one line per check, the run\'s own hashes among them', () => {
    const r = kaohe('verify', 'bundle.zip');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    for (const check of ['file scheme.yaml', 'file snapshot.csv', 'file snapshot.kaohe', 'file results.csv', 'file audit.json', 'file audit-head.json', 'plan hash', 'snapshot', 'snapshot hash', 'results', 'audit chain links', 'audit run entries', 'chain head']) {
      expect(lines.some((l) => l.startsWith(`✓ ${check}:`)), check).toBe(true);
    }
    expect(lines.some((l) => l.startsWith('✗'))).toBe(false);
    expect(r.stdout).toContain(run.planHash);
    expect(r.stdout).toContain(run.snapshotHash);
    expect(r.stdout).toContain(run.resultsHash);
    expect(lines.at(-1)).toMatch(/核验通过.*verifies/);
  });

  test('one data cell changed inside the zip: exit 1 naming its entity and column', async () => {
    let entity = '';
    let column = '';
    const path = await edited('cell.zip', (files) => {
      const lines = files.get('snapshot.csv')!.toString('utf8').split('\n');
      const header = lines[0].split(',');
      const cells = lines[3].split(',');
      const c = cells.findIndex((v, k) => k > 1 && header[k] !== 'name' && /^\d+(\.\d+)?$/.test(v) && Number(v) > 0);
      entity = cells[0];
      column = header[c];
      cells[c] = String(Number(cells[c]) / 2);
      lines[3] = cells.join(',');
      files.set('snapshot.csv', Buffer.from(lines.join('\n')));
    });
    const r = kaohe('verify', path);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✗ file snapshot\.csv:/m);
    expect(r.stderr).toContain(`实体 ${entity} 列 ${column}`);
    expect(r.stderr).toContain(`entity ${entity} column ${column}`);
  });

  test('an edited manifest (another results hash): exit 1 naming the check and the hash', async () => {
    const fake = 'f'.repeat(64);
    const path = await edited('manifest.zip', (files) => {
      const m = JSON.parse(files.get('manifest.json')!.toString('utf8'));
      files.set('manifest.json', Buffer.from(JSON.stringify({ ...m, runResultsHash: fake })));
    });
    const r = kaohe('verify', path);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✗ results:/m);
    expect(r.stdout).toMatch(/^✗ audit run entries:/m);
    expect(r.stderr).toContain(fake);
  });

  test('an edited results file with its manifest hash updated: exit 1, the rescore names entity and column', async () => {
    let entity = '';
    const path = await edited('results.zip', (files) => {
      const lines = files.get('results.csv')!.toString('utf8').split('\n');
      const cells = lines[1].split(',');
      entity = cells[0];
      cells[2] = '100';
      lines[1] = cells.join(',');
      const csv = Buffer.from(lines.join('\n'));
      files.set('results.csv', csv);
      const m = JSON.parse(files.get('manifest.json')!.toString('utf8'));
      m.files = m.files.map((f: { name: string }) => (f.name === 'results.csv' ? { ...f, sha256: createHash('sha256').update(csv).digest('hex') } : f));
      files.set('manifest.json', Buffer.from(JSON.stringify(m)));
    });
    const r = kaohe('verify', path);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✓ file results\.csv:/m);
    expect(r.stderr).toContain(`entity ${entity} column score`);
  });

  test('a round with dated records: its bundle verifies; a record\'s field changed is named', async () => {
    const { runId } = await recordsRound(s);
    const r = await s.app.inject({ url: `/api/runs/${runId}/bundle`, headers: bearer(s.token('auditor')) });
    const path = join(dir, 'records.zip');
    writeFileSync(path, r.rawPayload);
    const ok = kaohe('verify', path);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^✓ file records\.csv:/m);
    expect(ok.stdout).toMatch(/^✓ snapshot hash:/m);

    let origin = '';
    const changed = await edited('record.zip', (files) => {
      const lines = files.get('records.csv')!.toString('utf8').split('\n');
      const header = lines[0].split(',');
      const cells = lines[1].split(',');
      origin = cells[header.indexOf('#origin')];
      cells[1] = cells[1].replace(/^(\d{4})/, (y) => String(Number(y) - 1));
      lines[1] = cells.join(',');
      files.set('records.csv', Buffer.from(lines.join('\n')));
    }, r.rawPayload);
    const bad = kaohe('verify', changed);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^.*file records\.csv/m);
    expect(bad.stderr).toContain(`from ${origin}) differs from the snapshot`);
  });

  test('a file that is not a zip, a zip bomb and a zip without a manifest: exit 1 with a clear zh/en error', () => {
    writeFileSync(join(dir, 'text.zip'), 'id,score\n1,2\n');
    const text = kaohe('verify', 'text.zip');
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('不是审计包');
    expect(text.stderr).toContain('not a bundle');

    writeFileSync(join(dir, 'bomb.zip'), zipBuffer([{ name: 'manifest.json', data: Buffer.alloc(64 * 1024 * 1024, 0x20) }]));
    const bomb = kaohe('verify', 'bomb.zip');
    expect(bomb.code).toBe(1);
    expect(bomb.stderr).toContain('压缩炸弹');
    expect(bomb.stderr).toContain('zip bomb');

    writeFileSync(join(dir, 'empty.zip'), zipBuffer([{ name: 'results.csv', data: Buffer.from('id\n') }]));
    const none = kaohe('verify', 'empty.zip');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('缺少清单文件 manifest.json');
    expect(none.stderr).toContain('the bundle has no manifest.json');

    expect(kaohe('verify').code).toBe(2);
  });
});
