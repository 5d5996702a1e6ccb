/** A stored plan is checked as it is read: a plan changed outside kaohe is refused with the field named, never evaluated or crashed on. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { canonicalJson, sha256Hex } from '../../indicators/index.js';
import { addSchemeVersion, openStore, schemePlan, StoreError, SYSTEM, type Db } from '../../store/index.js';
import { TEMPLATES } from '../api/helpers.js';

function storeWithDemoScheme(): Db {
  const db = openStore(':memory:');
  addSchemeVersion(db, SYSTEM, readFileSync(`${TEMPLATES}/demo-green.yaml`, 'utf8'));
  return db;
}

/** Stores `planJson` as version `version` of demo-green, with `hash` as its plan hash (the plan's own by default). */
function storeRaw(db: Db, version: string, planJson: string, hash = sha256Hex(planJson)): void {
  db.prepare(`INSERT INTO schemes (id, version, name_zh, name_en, subject, source_text, source_sha256, plan_json, plan_hash, uploaded_at)
    VALUES ('demo-green', ?, 'x', 'x', 'region', '', ?, ?, ?, '2099-01-01T00:00:00.000Z')`).run(version, sha256Hex(''), planJson, hash);
}

/** What schemePlan refuses a damaged plan with: a StoreError (409, not a crash) naming the scheme version, what is wrong and what to do. */
const damagedPlan = (en: RegExp) => expect.objectContaining({
  code: 'conflict',
  problems: [expect.objectContaining({
    where: expect.stringMatching(/^scheme:demo-green@2099\.\d$/),
    zh: expect.stringMatching(/存储的计划已损坏.*请从备份恢复数据库/),
    en: expect.stringMatching(en),
  })],
});

describe('stored plans', () => {
  test('a plan kaohe stored reads back as itself', () => {
    const db = storeWithDemoScheme();
    const { plan, hash } = schemePlan(db, 'demo-green', '2025.1');
    expect(sha256Hex(canonicalJson(plan))).toBe(hash);
  });

  const damaged: [string, (plan: Record<string, unknown>) => void, RegExp][] = [
    ['a weight that is text', (p) => { (p.nodes as Record<string, unknown>[])[1].weight = 'heavy'; }, /field nodes\[1\]\.weight: /],
    ['an unknown normalisation method', (p) => { ((p.nodes as Record<string, unknown>[]).find((n) => n.kind === 'indicator')!).normalise = { method: 'cube' }; }, /field nodes\[\d+\]\.normalise/],
    ['an operator an expression may not use', (p) => { (p.vetoes as Record<string, unknown>[])[0].when = { t: 'bin', op: '**', a: { t: 'num', v: 1 }, b: { t: 'num', v: 2 } }; }, /field vetoes\[0\]\.when\.op: /],
    ['a field the plan format does not have', (p) => { p.script = 'process.exit(1)'; }, /field \(the plan\): Unrecognized key: "script"/],
    ['no nodes at all', (p) => { p.nodes = []; }, /field nodes: /],
    ['no semantics mark', (p) => { delete p.engine; delete p.semantics; }, /field \(the plan\): a plan is marked with exactly one of/],
  ];
  test.each(damaged)('%s is refused with the field named and what to do', (_what, damage, field) => {
    const db = storeWithDemoScheme();
    const plan = structuredClone(schemePlan(db, 'demo-green', '2025.1').plan) as unknown as Record<string, unknown>;
    damage(plan);
    storeRaw(db, '2099.1', canonicalJson(plan));
    const read = (): unknown => schemePlan(db, 'demo-green', '2099.1');
    expect(read).toThrow(StoreError);
    expect(read).toThrow(damagedPlan(field));
    expect(read).toThrow(damagedPlan(/the stored plan of scheme demo-green version 2099\.1 is damaged .*restore the database from a backup/));
  });

  test('a plan that is not JSON, or does not match its hash, is refused the same way', () => {
    const db = storeWithDemoScheme();
    storeRaw(db, '2099.1', '{"format":1,');
    expect(() => schemePlan(db, 'demo-green', '2099.1')).toThrow(damagedPlan(/damaged \(it is not valid JSON\)/));
    const json = canonicalJson(schemePlan(db, 'demo-green', '2025.1').plan);
    storeRaw(db, '2099.2', json, sha256Hex(`${json} `));
    expect(() => schemePlan(db, 'demo-green', '2099.2')).toThrow(damagedPlan(/damaged \(it does not match its plan hash\)/));
  });
});
