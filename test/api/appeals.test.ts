/**
 * Appeals (申诉) on the demo's joint round once published: Anhui's office appeals against 滁州's
 * result; the scorecard says "under appeal"; Jiangsu's (the lead) upholds it with the
 * correction, rescores and republishes with the appeal as the reason; another appeal is
 * rejected. Every step is in the audit log; bad appeals are refused with the field named.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listAudit } from '../../store/index.js';
import { bearer, demoServer, multipart, TEMPLATES, waitForRun, type DemoServer } from './helpers.js';

let s: DemoServer;
let round: number;
const h = {} as Record<'jiangsu' | 'anhui' | 'office' | 'leadership', Record<string, string>>;
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
const demoLines = readFileSync(join(TEMPLATES, 'demo-green.csv'), 'utf8').trim().split('\n');
/** 滁州 (341100) with no incidents: the correction the appeal asks for. */
function correctedChuzhou(): string {
  const header = demoLines[0].split(',');
  const cells = demoLines.find((l) => l.startsWith('341100,'))!.split(',');
  cells[header.indexOf('incidents')] = '0';
  return `${demoLines[0]}\n${cells.join(',')}\n`;
}
const file = (appeal: Record<string, unknown>) => s.app.inject({ method: 'POST', url: '/api/appeals', headers: h.anhui, payload: { roundId: round, ...appeal } });
const scorecard = async (entity: string) => (await s.app.inject({ url: `/api/rounds/${round}/entities/${entity}`, headers: h.leadership })).json();

beforeAll(async () => {
  s = await demoServer({ publicResults: false, rateLimits: { upload: 1000 } });
  const tokenOf = (name: string): string => s.seed.accounts.find((a) => a.name === name)!.token;
  Object.assign(h, { jiangsu: bearer(tokenOf('demo-jiangsu')), anhui: bearer(tokenOf('demo-anhui')), office: bearer(s.token('office')), leadership: bearer(s.token('leadership')) });
  round = s.seed.jointRoundId;
});
afterAll(async () => { await s.close(); });

describe('appeals', () => {
  test('not against an unpublished result', async () => {
    const r = await file({ entityId: '341100', grounds: '事件认定有误' });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.en).toContain('against a published result');
  });

  test('filed by the entity\'s office, under appeal on the scorecard; upheld with the correction; rescored and republished with the appeal as its reason', async () => {
    expect((await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/publications`, headers: h.jiangsu, payload: {} })).statusCode).toBe(201);
    const before = await scorecard('341100');
    expect(before.appeal).toBeNull();
    const report = '滁州市生态环境局关于2026年突发环境事件认定的复核说明';
    const filed = await file({ entityId: '341100', grounds: '两起事件经复核均为一般事件，不属较大及以上', attachments: [{ name: '复核说明.pdf', sha256: sha(report) }] });
    expect(filed.statusCode).toBe(201);
    const appeal = filed.json();
    expect(appeal).toMatchObject({ state: 'filed', officeId: 'anhui', entityId: '341100', attachments: [{ name: '复核说明.pdf', sha256: sha(report) }] });
    expect((await scorecard('341100')).appeal).toMatchObject({ id: String(appeal.id), state: 'filed' });
    const page = await s.app.inject({ url: `/rounds/${round}/entities/341100`, headers: h.leadership });
    expect(page.body).toContain(`id="under-appeal" data-appeal-id="${appeal.id}" data-appeal-state="filed"`);
    expect((await file({ entityId: '341100', grounds: '再次申诉' })).statusCode).toBe(409);

    // Only the lead decides.
    expect((await s.app.inject({ method: 'POST', url: `/api/appeals/${appeal.id}/reject`, headers: h.anhui, payload: { reason: '不成立' } })).statusCode).toBe(403);
    const m = multipart({ reason: '复核说明属实，事件数更正为 0' }, { name: '滁州更正.csv', content: correctedChuzhou() });
    const upheld = await s.app.inject({ method: 'POST', url: `/api/appeals/${appeal.id}/uphold`, headers: { ...h.jiangsu, ...m.headers }, payload: m.payload });
    expect(upheld.statusCode).toBe(201);
    expect(upheld.json().appeal.state).toBe('upheld');
    expect(upheld.json().submission).toMatchObject({ kind: 'correction', reason: expect.stringContaining(`申诉 #${appeal.id}`) });
    expect((await scorecard('341100')).appeal).toMatchObject({ state: 'upheld' });

    // Republishing the old run for it is refused: the correction has to be scored first.
    const oldRun = (await s.app.inject({ url: `/api/rounds/${round}`, headers: h.jiangsu })).json().publication.runId;
    expect((await s.app.inject({ method: 'POST', url: `/api/appeals/${appeal.id}/republication`, headers: h.jiangsu, payload: { runId: oldRun } })).statusCode).toBe(409);
    const run = (await s.app.inject({ method: 'POST', url: `/api/rounds/${round}/runs`, headers: h.jiangsu, payload: { override: '申诉更正：仅滁州一项' } })).json();
    expect((await waitForRun(s.app, run.id, h.jiangsu)).status).toBe('done');
    const republished = await s.app.inject({ method: 'POST', url: `/api/appeals/${appeal.id}/republication`, headers: h.jiangsu, payload: { runId: run.id } });
    expect(republished.statusCode).toBe(201);
    expect(republished.json().reason).toContain(`申诉 #${appeal.id}（341100）成立：复核说明属实`);
    const after = await scorecard('341100');
    expect(after.appeal).toBeNull();
    expect(after.run.runId).toBe(run.id);
    // The 6-point incident deduction (README's example) is gone.
    expect(after.deductions).toBe(0);
    expect(before.deductions).toBe(6);
    expect((await s.app.inject({ url: `/api/appeals/${appeal.id}`, headers: h.anhui })).json().events.map((e: { kind: string }) => e.kind)).toEqual(['upheld', 'republished']);
    const actions = listAudit(s.db, { target: `round:${round}`, limit: 1000 }).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['appeal.file', 'appeal.upheld', 'submission.correction', 'round.republish', 'appeal.republished']));
  });

  test('rejected with a reason; then closed', async () => {
    const filed = (await file({ entityId: '340500', grounds: '污水处理率数据漏报' })).json();
    expect((await s.app.inject({ method: 'POST', url: `/api/appeals/${filed.id}/reject`, headers: h.jiangsu, payload: { reason: '  ' } })).statusCode).toBe(422);
    const r = await s.app.inject({ method: 'POST', url: `/api/appeals/${filed.id}/reject`, headers: h.jiangsu, payload: { reason: '逾期未提交佐证材料' } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ state: 'rejected', events: [{ kind: 'rejected', reason: '逾期未提交佐证材料' }] });
    expect((await scorecard('340500')).appeal).toBeNull();
    expect((await s.app.inject({ method: 'POST', url: `/api/appeals/${filed.id}/reject`, headers: h.jiangsu, payload: { reason: '再驳回' } })).statusCode).toBe(409);
    expect((await s.app.inject({ method: 'POST', url: `/api/appeals/${filed.id}/republication`, headers: h.jiangsu, payload: { runId: 1 } })).statusCode).toBe(409);
  });
});

describe('bad appeals', () => {
  test('another office\'s entity, an entity not in the run, no grounds, a bad hash: refused, nothing filed', async () => {
    const n = (s.db.prepare('SELECT count(*) AS n FROM appeals').get() as { n: number }).n;
    const jiangsuCity = await s.app.inject({ method: 'POST', url: '/api/appeals', headers: h.anhui, payload: { roundId: round, entityId: '320100', grounds: '理由' } });
    expect(jiangsuCity.statusCode).toBe(403);
    expect(jiangsuCity.json().error.en).toContain('not your office');
    const nobody = await file({ entityId: '999999', grounds: '理由' });
    expect(nobody.statusCode).toBe(422);
    expect(nobody.json().error.problems[0].where).toBe('entityId');
    const bad = await file({ entityId: '341800', grounds: ' ', attachments: [{ name: '照片.jpg', sha256: 'ABC' }] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.problems.map((p: { where: string }) => p.where)).toEqual(['grounds', 'attachments[0].sha256']);
    expect((await s.app.inject({ method: 'POST', url: '/api/appeals', headers: h.office, payload: { roundId: round, entityId: '341800', grounds: '理由' } })).statusCode).toBe(403);
    expect((s.db.prepare('SELECT count(*) AS n FROM appeals').get() as { n: number }).n).toBe(n);
  });
});
