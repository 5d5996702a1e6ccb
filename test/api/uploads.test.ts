/**
 * Bad uploads: each gives its own error (status, code, bilingual message, the problems with
 * where they are) and nothing lands — no submission, no snapshot, the round's data unchanged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getRound } from '../../store/index.js';
import { bearer, collectingDemoRound, counts, demoServer, multipart, TEMPLATES, upload, waitForRun, type DemoServer } from './helpers.js';

const LIMIT = 4096;
const good = readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8');
let s: DemoServer;
let office: Record<string, string>;
let round: number;

beforeAll(async () => {
  s = await demoServer({ maxUploadBytes: LIMIT, rateLimits: { upload: 1000 } });
  office = bearer(s.token('office'));
  round = await collectingDemoRound(s, office, '上传测试', 2026);
});
afterAll(async () => { await s.close(); });

/** Bytes that are text in none of the encodings read (UTF-8, UTF-16, GB18030/GBK). */
const NOT_TEXT = Buffer.from([0xff, 0xfe, 0x80]);
const lines = good.trimEnd().split('\n');

const CASES: { name: string; file: { name: string; content: Buffer | string }; fields?: Record<string, string>; status: number; code: string; where?: RegExp }[] = [
  { name: 'too big', file: { name: 'big.csv', content: `${good}${'#'.repeat(LIMIT)}` }, status: 413, code: 'too_large' },
  { name: 'a PDF', file: { name: 'report.pdf', content: '%PDF-1.4 …' }, status: 415, code: 'unsupported_media_type', where: /report\.pdf/ },
  { name: 'binary named .csv', file: { name: 'photo.csv', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]) }, status: 415, code: 'unsupported_media_type' },
  { name: 'text named .xlsx', file: { name: 'data.xlsx', content: good }, status: 415, code: 'unsupported_media_type' },
  { name: 'text in no encoding read', file: { name: 'gbk.csv', content: Buffer.concat([Buffer.from('id,name\n320100,'), NOT_TEXT, Buffer.from('\n')]) }, status: 422, code: 'invalid_content', where: /gbk\.csv/ },
  { name: 'an unknown column', file: { name: 'typo.csv', content: good.replace('pm25', 'pm2.5') }, status: 422, code: 'invalid_content', where: /^typo\.csv:1 / },
  { name: 'a duplicate id', file: { name: 'dup.csv', content: `${good}${lines[1]}\n` }, status: 422, code: 'invalid_content', where: new RegExp(`^dup\\.csv:${lines.length + 1} id$`) },
  { name: 'malformed CSV', file: { name: 'quote.csv', content: `${lines[0]}\n"320100,南京市\n` }, status: 422, code: 'invalid_content', where: /^quote\.csv/ },
  { name: 'a required column missing', file: { name: 'nogdp.csv', content: 'id,name,energy_use\n320100,南京市,3410\n' }, status: 422, code: 'invalid_content', where: /^nogdp\.csv:1$/ },
  { name: 'an empty file', file: { name: 'empty.csv', content: '' }, status: 422, code: 'invalid_content' },
  { name: 'an unknown part', file: { name: 'd.csv', content: good }, fields: { part: 'everything' }, status: 400, code: 'bad_request' },
];

describe('bad uploads', () => {
  test.each(CASES)('$name → $status $code, nothing stored', async (c) => {
    const before = counts(s.db);
    const snapshot = getRound(s.db, round).snapshotHash;
    const r = await upload(s.app, round, office, c.file, c.fields);
    expect(r.statusCode).toBe(c.status);
    const err = r.json().error;
    expect(err.code).toBe(c.code);
    expect(err.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(err.en).toMatch(/[a-z]/);
    if (c.where) expect(err.problems.map((p: { where: string }) => p.where)).toEqual(expect.arrayContaining([expect.stringMatching(c.where)]));
    expect(counts(s.db)).toEqual(before);
    expect(getRound(s.db, round).snapshotHash).toBe(snapshot);
  });

  test('not multipart, no file, two files', async () => {
    const json = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/submissions`, headers: office, payload: { data: good } });
    expect(json.statusCode).toBe(415);
    const fieldsOnly = multipart({ reason: 'x' });
    const none = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/submissions`, headers: { ...office, ...fieldsOnly.headers }, payload: fieldsOnly.payload });
    expect(none.statusCode).toBe(400);
    const before = counts(s.db);
    const two = multipart({}, { name: 'a.csv', content: good }, { name: 'b.csv', content: good });
    const r = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/submissions`, headers: { ...office, ...two.headers }, payload: two.payload });
    expect([400, 413]).toContain(r.statusCode);
    expect(r.json().error.en).toMatch(/one file/);
    expect(counts(s.db)).toEqual(before);
  });

  test('after scoring, a file is a correction and needs a reason', async () => {
    expect((await upload(s.app, round, office, { name: 'd.csv', content: good })).statusCode).toBe(201);
    const run = await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: office });
    expect((await waitForRun(s.app, run.json().id, office)).status).toBe('done');
    const before = counts(s.db);
    const r = await upload(s.app, round, office, { name: 'd.csv', content: good.replace('28.4', '29.4') });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.problems[0].where).toBe('reason');
    expect(counts(s.db)).toEqual(before);
  });
});

describe('bad schemes', () => {
  const admin = (): Record<string, string> => bearer(s.token('admin'));
  const post = (name: string, content: string) => {
    const m = multipart({}, { name, content });
    return s.app.inject({ method: 'POST', url: '/api/schemes', headers: { ...admin(), ...m.headers }, payload: m.payload });
  };
  const yaml = readFileSync(join(TEMPLATES, 'demo-green.yaml'), 'utf8');

  test('a scheme with an error names its YAML path and line; nothing stored', async () => {
    const n = (s.db.prepare('SELECT count(*) AS n FROM schemes').get() as { n: number }).n;
    const r = await post('bad.yaml', yaml.replace('version: "2025.1"', 'version: "2026.1"').replace('weight: 29.3', 'weight: -1'));
    expect(r.statusCode).toBe(422);
    const p = r.json().error.problems;
    expect(p.some((x: { where: string; line?: number }) => x.where.includes('weight') && typeof x.line === 'number')).toBe(true);
    expect((s.db.prepare('SELECT count(*) AS n FROM schemes').get() as { n: number }).n).toBe(n);
  });

  test('the same id and version with other content is refused; a new version is stored', async () => {
    const changed = yaml.replace('weight: 29.3', 'weight: 30');
    expect((await post('same.yaml', changed)).statusCode).toBe(409);
    const r = await post('next.yaml', changed.replace('version: "2025.1"', 'version: "2026.1"'));
    expect(r.statusCode).toBe(201);
    expect(r.json().scheme.version).toBe('2026.1');
  });

  test('not YAML by name, or too big', async () => {
    expect((await post('scheme.txt', yaml)).statusCode).toBe(415);
    expect((await post('huge.yaml', `${yaml}\n#${'x'.repeat(4 * 1024 * 1024)}`)).statusCode).toBe(413);
  });
});
