/**
 * The 25 accountability circumstances of the 2015 办法 apply by role (Arts. 5–7) or to anyone
 * (Art. 8), each on its own hand-made record and never for the wrong role; the catch-all items
 * are records an office enters; the count is the number of circumstances; the records are the
 * evidence; bad records and roles are refused with their line. A region's result is attributed
 * to the officials in post by days.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attribute, compile, evaluate, explain, parseDay, type Results } from '../../engine/index.js';
import { KaoheError } from '../../indicators/index.js';
import { loadSchemeFile, readCsvText, readPostsCsv, readRecordsCsv } from '../../io/index.js';
import { cliSandbox, root } from '../cli-runner.js';

const dir = join(root, 'templates', 'official-accountability');
const compiled = compile(await loadSchemeFile(join(dir, 'scheme.yaml')));

function score(officials: string, records: string, asOf: string): Results {
  const frame = readCsvText(officials, compiled.plan);
  frame.records = readRecordsCsv(records, compiled.plan, frame);
  return evaluate(compiled, frame, { asOf: parseDay(asOf) });
}

async function sample(asOf: string): Promise<Results> {
  return score(await readFile(join(dir, 'officials.csv'), 'utf8'), await readFile(join(dir, 'records.csv'), 'utf8'), asOf);
}

function circumstances(r: Results): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  r.frame.ids.forEach((id, i) => {
    out[id] = r.plan.lists.filter((_, k) => r.columns[r.layout.list[k]][i] === 1).map((l) => l.id);
  });
  return out;
}

/** The `circumstances` count (the score) is the number of list rules that fired, for everyone. */
function expectCountMatches(r: Results): void {
  const fired = circumstances(r);
  expect(Array.from(r.score)).toEqual(r.frame.ids.map((id) => fired[id].length));
}

// One official of each role, the same inputs (nothing of Art. 5(1)) and the same records.
const ROLES = ['principal', 'other_leader', 'department_leader'] as const;
type Role = (typeof ROLES)[number];
const FIELDS = ['breach', 'severe', 'object', 'stage', 'against', 'level', 'in_duties', 'poorly_handled', 'poorly_investigated', 'reported', 'source', 'carried_out', 'kind', 'article'] as const;
type Rec = { type: string } & Partial<Record<(typeof FIELDS)[number], string>>;

function officialsCsv(inputs: { env_change?: string; targets_met?: string } = {}): string {
  return ['id,name,role,env_change,targets_met', ...ROLES.map((role) => `${role},,${role},${inputs.env_change ?? '0'},${inputs.targets_met ?? '是'}`)].join('\n');
}

function recordsCsv(rows: { id: string; date: string; rec: Rec }[]): string {
  return [['id', 'date', 'type', ...FIELDS].join(','), ...rows.map(({ id, date, rec }) => [id, date, rec.type, ...FIELDS.map((f) => rec[f] ?? '')].join(','))].join('\n');
}

/** Every role gets the records, dated 2024-01-01; the circumstances that apply, by role. */
function byRole(recs: Rec[], inputs?: { env_change?: string; targets_met?: string }): Record<Role, string[]> {
  const rows = ROLES.flatMap((id) => recs.map((rec) => ({ id, date: '2024-01-01', rec })));
  const r = score(officialsCsv(inputs), recordsCsv(rows), '2025-12-31');
  expectCountMatches(r);
  return circumstances(r) as Record<Role, string[]>;
}

const none = { principal: [], other_leader: [], department_leader: [] };
const SERIOUS = { level: 'major' };

// Each circumstance on its own record: [what, records, inputs, by role].
const CASES: [string, Rec[], { env_change?: string; targets_met?: string } | undefined, Partial<Record<Role, string[]>>][] = [
  // Art. 5: principal leaders
  ['5(1) the index fell more than 5%', [], { env_change: '-5.1' }, { principal: ['p1_environment_worse'] }],
  ['5(1) binding targets missed', [], { targets_met: '否' }, { principal: ['p1_environment_worse'] }],
  ['5(2) / 7(1) a decision, rule or measure contrary to policy or law', [{ type: 'decision', breach: 'policy_law' }], undefined, { principal: ['p2_decision_against_law'], department_leader: ['d1_rule_against_law'] }],
  ['5(3) a red-line decision with serious consequences', [{ type: 'decision', breach: 'redline_zone', severe: '是' }], undefined, { principal: ['p3_redline'] }],
  ['5(4) a serious breach of a plan', [{ type: 'decision', breach: 'plan', severe: '是' }], undefined, { principal: ['p4_plan'] }],
  ['5(5) shirking with serious consequences', [{ type: 'shirking' }], undefined, { principal: ['p5_shirking'] }],
  ['5(6) a serious incident within the duties', [{ type: 'incident', ...SERIOUS, in_duties: '是' }], undefined, { principal: ['p6_incident'] }],
  ['5(6) a serious disaster poorly handled', [{ type: 'incident', level: 'extraordinary', in_duties: '否', poorly_handled: '是' }], undefined, { principal: ['p6_incident'] }],
  ['5(7) a public-interest ruling not carried out', [{ type: 'rectification', source: 'public_interest_ruling', carried_out: '否' }], undefined, { principal: ['p7_rectification'] }],
  ['5(8) the catch-all', [{ type: 'other_finding', article: 'art5' }], undefined, { principal: ['p8_other'] }],
  // Art. 6: other responsible leaders
  ['6(1) a project against the zoning, built', [{ type: 'approval', object: 'project', stage: 'construction', against: 'functional_zoning' }], undefined, { other_leader: ['o1_project'] }],
  ['6(2) / 7(3) a supervision failure', [{ type: 'supervision_failure' }], undefined, { other_leader: ['o2_supervision'], department_leader: ['d3_supervision'] }],
  ['6(3) a polluter not closed', [{ type: 'enforcement_failure', kind: 'closure' }], undefined, { other_leader: ['o3_closure'] }],
  ['6(4) a serious incident poorly investigated', [{ type: 'incident', ...SERIOUS, poorly_investigated: '是' }], undefined, { other_leader: ['o4_investigation'] }],
  ['6(5) the catch-all', [{ type: 'other_finding', article: 'art6' }], undefined, { other_leader: ['o5_other'] }],
  // Art. 7: department leaders
  ['7(2) a development plan approved against the law', [{ type: 'approval', object: 'development_plan', stage: 'approval', against: 'policy_law' }], undefined, { department_leader: ['d2_approval'] }],
  ['6(1) / 7(2) a project approved against the law', [{ type: 'approval', object: 'project', stage: 'approval', against: 'policy_law' }], undefined, { other_leader: ['o1_project'], department_leader: ['d2_approval'] }],
  ['7(4) a reported problem not dealt with', [{ type: 'enforcement_failure', kind: 'complaint' }], undefined, { department_leader: ['d4_complaint'] }],
  ['7(5) an incident of any grade not reported', [{ type: 'incident', level: 'general', reported: '否' }], undefined, { department_leader: ['d5_disclosure'] }],
  ['7(6) a case lead not referred', [{ type: 'unreferred_case' }], undefined, { department_leader: ['d6_referral'] }],
  ['7(7) the catch-all', [{ type: 'other_finding', article: 'art7' }], undefined, { department_leader: ['d7_other'] }],
  // Art. 8: anyone
  ...([['8(1)', 'enforcement', 'a1_enforcement'], ['8(2)', 'judicial', 'a2_judicial'], ['8(3)', 'project_approval', 'a3_project'], ['8(4)', 'data_tampering', 'a4_data']] as const).map(
    ([art, kind, rule]) => [`${art} interference: ${kind}`, [{ type: 'interference', kind }], undefined, { principal: [rule], other_leader: [rule], department_leader: [rule] }] as (typeof CASES)[number],
  ),
  ['8(5) the catch-all', [{ type: 'other_finding', article: 'art8' }], undefined, { principal: ['a5_other'], other_leader: ['a5_other'], department_leader: ['a5_other'] }],
];

// Facts short of a circumstance, or of the wrong kind for a role's article.
const SHORT: [string, Rec[], Partial<Record<Role, string[]>>][] = [
  ['a red-line decision without serious consequences', [{ type: 'decision', breach: 'redline_zone', severe: '否' }], {}],
  ['a plan breach not serious (severe left empty)', [{ type: 'decision', breach: 'plan' }], {}],
  ['a larger (较大) incident, everything wrong but the reporting', [{ type: 'incident', level: 'larger', in_duties: '是', poorly_handled: '是', poorly_investigated: '是', reported: '是' }], {}],
  ['a major incident outside the duties, handled well, reporting not assessed', [{ type: 'incident', ...SERIOUS, in_duties: '否', poorly_handled: '否' }], {}],
  ['an inspection rectification carried out', [{ type: 'rectification', source: 'inspection', carried_out: '是' }], {}],
  ['a project approved against the zoning only: not Art. 7(2)', [{ type: 'approval', object: 'project', stage: 'approval', against: 'functional_zoning' }], { other_leader: ['o1_project'] }],
  ['a project put into use against the law: not an approval', [{ type: 'approval', object: 'project', stage: 'operation', against: 'policy_law' }], { other_leader: ['o1_project'] }],
  ['a development plan: not a construction project of Art. 6(1)', [{ type: 'approval', object: 'development_plan', stage: 'approval', against: 'functional_zoning' }], {}],
];

describe('official-accountability: the circumstances by role', () => {
  it('has the 25 circumstances: 8, 5, 7 and 5', () => {
    const ids = compiled.plan.lists.map((l) => l.id);
    expect(ids).toHaveLength(25);
    expect(['p', 'o', 'd', 'a'].map((p) => ids.filter((id) => id.startsWith(p)).length)).toEqual([8, 5, 7, 5]);
    const covered = new Set(CASES.flatMap(([, , , roles]) => Object.values(roles).flat()));
    expect([...covered].sort()).toEqual([...ids].sort());
  });

  for (const [what, recs, inputs, roles] of CASES) {
    it(`${what}: ${JSON.stringify(roles)}`, () => {
      expect(byRole(recs, inputs)).toEqual({ ...none, ...roles });
    });
  }

  for (const [what, recs, roles] of SHORT) {
    it(`not a circumstance: ${what}`, () => {
      expect(byRole(recs)).toEqual({ ...none, ...roles });
    });
  }

  it('a catch-all finding belongs to the role of its article', () => {
    // an Art. 5 finding entered for an other leader or a department leader applies nothing
    expect(byRole([{ type: 'other_finding', article: 'art5' }])).toEqual({ ...none, principal: ['p8_other'] });
    expect(byRole([{ type: 'other_finding', article: 'art6' }, { type: 'other_finding', article: 'art7' }])).toEqual({
      ...none, other_leader: ['o5_other'], department_leader: ['d7_other'],
    });
  });

  it('all the records at once: every circumstance of the role and all of Art. 8, counted', () => {
    const all = CASES.flatMap(([, recs]) => recs);
    const r = byRole(all, { env_change: '-7.5' });
    expect(r.principal.filter((id) => id.startsWith('p'))).toHaveLength(8);
    expect(r.other_leader.filter((id) => id.startsWith('o'))).toHaveLength(5);
    expect(r.department_leader.filter((id) => id.startsWith('d'))).toHaveLength(7);
    for (const role of ROLES) expect(r[role].filter((id) => id.startsWith('a'))).toHaveLength(5);
    expect(ROLES.map((role) => r[role].length)).toEqual([13, 10, 12]);
  });
});

describe('official-accountability: the sample', () => {
  it('applies the circumstances by role and record, and counts them', async () => {
    const r = await sample('2025-12-31');
    expect(circumstances(r)).toEqual({
      // principal: index −7.5% over the term; a major incident within the duties (the larger
      // one, though poorly handled, is not serious)
      GB001: ['p1_environment_worse', 'p6_incident'],
      // principal: a severe red-line decision, a rectification not carried out, a catch-all finding
      GB002: ['p3_redline', 'p7_rectification', 'p8_other'],
      // other leader: index −9% and targets missed are Art. 5(1), not theirs; a project against
      // the zoning built, a supervision failure, an extraordinary incident poorly investigated
      GB003: ['o1_project', 'o2_supervision', 'o4_investigation'],
      // department leader: a rule against the law, a development plan approved against it, and
      // (anyone) ordering data falsified
      GB004: ['d1_rule_against_law', 'd2_approval', 'a4_data'],
      // principal: a plan breach without serious consequences is not Art. 5(4), and a polluter
      // not closed is Art. 6(3), another role's
      GB005: [],
      // other leader: a polluter not closed, a catch-all finding, interference in a court case
      GB006: ['o3_closure', 'o5_other', 'a2_judicial'],
      // department leader: all of Art. 7 but (1) and (2), and obstructing enforcement
      GB007: ['d3_supervision', 'd4_complaint', 'd5_disclosure', 'd6_referral', 'd7_other', 'a1_enforcement'],
      // principal: the rest of Art. 5 and of Art. 8
      GB008: ['p2_decision_against_law', 'p4_plan', 'p5_shirking', 'a3_project', 'a5_other'],
    });
    expectCountMatches(r);
    // every circumstance occurs in the sample
    expect(new Set(Object.values(circumstances(r)).flat()).size).toBe(25);
  });

  it('records are lifelong but only count once they happened', async () => {
    expect(circumstances(await sample('2022-11-01')).GB004).toEqual([]);
    expect(circumstances(await sample('2022-11-02')).GB004).toEqual(['a4_data']);
    expect(circumstances(await sample('2023-12-31')).GB004).toEqual(['d1_rule_against_law', 'd2_approval', 'a4_data']);
    expect(circumstances(await sample('2045-01-01')).GB004).toEqual(['d1_rule_against_law', 'd2_approval', 'a4_data']);
  });

  it('explain names the rules, the counts that made them fire, and the records as evidence', async () => {
    const e = explain(await sample('2025-12-31'), 'GB002')!;
    expect(e.asOf).toBe('2025-12-31');
    expect(e.score).toBe(3);
    expect(e.fired.map((f) => [f.id, f.label.zh.slice(0, 12), f.values])).toEqual([
      ['p3_redline', '主要领导（第五条第三项）', [{ name: 'role', value: 'principal' }, { name: 'count(decision, ((breach == "redline_zone") && severe))', value: 1 }]],
      ['p7_rectification', '主要领导（第五条第七项）', [{ name: 'role', value: 'principal' }, { name: 'count(rectification, not carried_out)', value: 1 }]],
      ['p8_other', '主要领导（第五条第八项）', [{ name: 'role', value: 'principal' }, { name: 'count(other_finding, (article == "art5"))', value: 1 }]],
    ]);
    expect(e.records).toEqual([
      { type: 'decision', start: '2022-03-01', until: null, fields: { breach: 'redline_zone', severe: true }, origin: 'records.csv:4' },
      { type: 'rectification', start: '2023-08-20', until: null, fields: { source: 'inspection', carried_out: false }, origin: 'records.csv:5' },
      { type: 'other_finding', start: '2024-06-10', until: null, fields: { article: 'art5' }, origin: 'records.csv:6' },
    ]);
    // before the finding was made, the catch-all and its record are not there
    const before = explain(await sample('2024-06-09'), 'GB002')!;
    expect(before.fired.map((f) => f.id)).toEqual(['p3_redline', 'p7_rectification']);
    expect(before.records.map((x) => x.origin)).toEqual(['records.csv:4', 'records.csv:5']);
  });

  it('kaohe check passes', () => {
    const { kaohe } = cliSandbox('kaohe-accountability-');
    const r = kaohe('check', join(dir, 'scheme.yaml'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/名单 Lists: 25/);
    expect(r.stdout).toMatch(/校验通过 OK/);
  });
});

describe('official-accountability: bad input', () => {
  const problems = (f: () => unknown): { where: string; zh: string; en: string }[] => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(KaoheError);
      return (e as KaoheError).problems;
    }
    throw new Error('accepted');
  };

  it('a record with a category outside its list is refused with its line and the allowed values', () => {
    const officials = officialsCsv();
    const frame = readCsvText(officials, compiled.plan);
    const bad = recordsCsv([
      { id: 'principal', date: '2024-01-01', rec: { type: 'interference', kind: 'bribery' } },
      { id: 'other_leader', date: '2024-01-01', rec: { type: 'other_finding', article: 'art9' } },
      { id: 'department_leader', date: '2024-01-01', rec: { type: 'enforcement_failure', kind: 'judicial' } },
      { id: 'department_leader', date: '2024-01-01', rec: { type: 'other_finding' } },
    ]);
    expect(problems(() => readRecordsCsv(bad, compiled.plan, frame))).toEqual([
      { where: 'records.csv:2 kind', zh: '「干预类型」应为以下之一：enforcement、judicial、project_approval、data_tampering，实际为「bribery」', en: 'kind: expected one of enforcement, judicial, project_approval, data_tampering, got "bribery"' },
      { where: 'records.csv:3 article', zh: expect.stringContaining('art5、art6、art7、art8，实际为「art9」'), en: expect.stringContaining('expected one of art5, art6, art7, art8, got "art9"') },
      // the kind column serves two record types: an enforcement failure has its own kinds
      { where: 'records.csv:4 kind', zh: expect.stringContaining('closure、complaint，实际为「judicial」'), en: expect.stringContaining('expected one of closure, complaint, got "judicial"') },
      // a catch-all finding must say which article it falls under
      { where: 'records.csv:5 article', zh: expect.stringContaining('必填字段'), en: 'required field article is empty' },
    ]);
  });

  it('a record type the scheme does not have is refused', () => {
    const frame = readCsvText(officialsCsv(), compiled.plan);
    const [p] = problems(() => readRecordsCsv(recordsCsv([{ id: 'principal', date: '2024-01-01', rec: { type: 'complaint' } }]), compiled.plan, frame));
    expect(p.where).toBe('records.csv:2 type');
    expect(p.en).toContain('unknown record type "complaint"');
    expect(p.en).toContain('other_finding');
  });

  it('a role not in the list, or none, is refused with its cell', () => {
    expect(problems(() => readCsvText('id,name,role,env_change,targets_met\nX1,,deputy_mayor,0,是\nX2,,,0,是\n', compiled.plan))).toEqual([
      { where: 'data.csv:2 role', entity: 'X1', zh: '「职务类别」应为以下之一：principal、other_leader、department_leader，实际为「deputy_mayor」', en: 'role: expected one of principal, other_leader, department_leader, got "deputy_mayor"' },
      { where: 'data.csv:3 role', entity: 'X2', zh: '必填项「职务类别」为空', en: 'required input role is empty' },
    ]);
  });
});

const green = compile(await loadSchemeFile(join(root, 'templates', 'demo-green.yaml')));
const results = evaluate(green, readCsvText(await readFile(join(root, 'templates', 'demo-green.csv'), 'utf8'), green.plan));
const posts = readPostsCsv(await readFile(join(dir, 'posts.csv'), 'utf8'), results.frame.ids);

describe('attribution by days in post', () => {
  it('splits a year between the officials in post, both ends inclusive', () => {
    const { posts: rows, officials } = attribute(results, posts, parseDay('2025-01-01'), parseDay('2025-12-31'));
    const days = Object.fromEntries(rows.map((r) => [r.post.official, r.days]));
    // 2025-01-01..07-15 = 31+28+31+30+31+30+15; 07-16..12-31 = 16+31+30+31+30+31
    expect(days).toEqual({ GB101: 196, GB102: 169, GB103: 90, GB104: 275, GB105: 365 });
    const nanjing = rows.filter((r) => r.post.entity === '320100');
    expect(nanjing.filter((r) => r.post.role === 'principal').reduce((a, r) => a + r.share, 0)).toBeCloseTo(2, 12);
    const i = results.frame.ids.indexOf('320100');
    for (const r of nanjing) expect(r.score).toBe(results.score[i]);
    expect(officials.find((o) => o.official === 'GB103')!.weightedScore).toBe(results.score[i]);
  });

  it('a post outside the period gets nothing; one spanning two regions is weighted by days', () => {
    const moved = readPostsCsv('official,name,region,role,start,end\nX,,320100,principal,2025-01-01,2025-03-31\nX,,321000,principal,2025-04-01,\nY,,320100,principal,2019-01-01,2024-12-31\n', results.frame.ids);
    const { posts: rows, officials } = attribute(results, moved, parseDay('2025-01-01'), parseDay('2025-12-31'));
    expect(rows.map((r) => r.days)).toEqual([90, 275]);
    const [a, b] = ['320100', '321000'].map((id) => results.score[results.frame.ids.indexOf(id)]);
    expect(officials).toHaveLength(1);
    expect(officials[0].weightedScore).toBeCloseTo((90 * a + 275 * b) / 365, 12);
  });

  it('bad posts are refused with their line', () => {
    try {
      readPostsCsv('official,name,region,role,start,end\n,,999999,principal,2025-13-01,\nZ,,320100,principal,2025-05-01,2025-04-01\n', results.frame.ids);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(KaoheError);
      expect((e as KaoheError).problems.map((p) => p.where)).toEqual(['posts.csv:2 official', 'posts.csv:2 region', 'posts.csv:2 start', 'posts.csv:3 end']);
    }
  });
});
