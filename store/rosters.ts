/**
 * Rosters: who is evaluated. Regions with their GB/T 2260 division codes, officials with the
 * posts they held and when, enterprises with their unified social credit codes (the GB 32100
 * check character verified). A roster never changes once stored (a new one is made instead),
 * so a round's list of entities is fixed by its roster.
 */
import type { Problem } from '../indicators/index.js';
import { isValidUscc } from '../io/index.js';
import { appendAudit, type Actor } from './audit.js';
import type { Db } from './db.js';
import { nowIso } from './time.js';
import { divisionLevel } from '../io/index.js';
import { invalid, notFound } from './errors.js';
import { isDate } from './dates.js';
import { sql } from './statements.js';

/** Attribute values of an entity by attribute id (e.g. `province: 江苏`), as its template row is prefilled. */
export type EntityAttributes = Record<string, string>;

export interface RegionInput {
  code: string;
  name: string;
  attributes?: EntityAttributes;
  /** The office that sends this entity's data in a joint round (of several offices). */
  office?: string | null;
}

export interface PostInput {
  post: string;
  regionCode: string;
  start: string;
  end?: string | null;
}

export interface OfficialInput {
  id: string;
  name: string;
  posts: PostInput[];
  office?: string | null;
}

export interface EnterpriseInput {
  uscc: string;
  name: string;
  regionCode?: string | null;
  attributes?: EntityAttributes;
  office?: string | null;
}

export interface RosterInput {
  name: string;
  regions: RegionInput[];
  officials?: OfficialInput[];
  enterprises?: EnterpriseInput[];
}

export interface Roster extends Required<RosterInput> {
  id: number;
  createdAt: string;
}

export interface RosterSummary {
  id: number;
  name: string;
  regions: number;
  officials: number;
  enterprises: number;
  createdAt: string;
}


export function validateRoster(r: RosterInput): Problem[] {
  const problems: Problem[] = [];
  const add = (where: string, zh: string, en: string): void => { problems.push({ where, zh, en }); };
  if (!r.name.trim()) add('name', '名单名称不能为空', 'the roster needs a name');
  const codes = new Set<string>();
  r.regions.forEach((g, i) => {
    const at = `regions[${i}]`;
    if (divisionLevel(g.code) === null) {
      // kaohe synth's default region ids (R000001…) are the usual way here: say how to get codes instead.
      const synth = /^R\d{6,}$/.test(g.code)
        ? ['；这是 kaohe synth 的默认编号，请用 kaohe synth --division-codes 生成可作为名单的编码', '; this is a kaohe synth default id: make ids a roster takes with kaohe synth --division-codes']
        : ['', ''];
      add(`${at}.code`, `「${g.code}」不是有效的 GB/T 2260 行政区划代码（6 位数字，前两位为省级代码）${synth[0]}`, `"${g.code}" is not a GB/T 2260 division code (6 digits, the first two a province-level code)${synth[1]}`);
    }
    if (codes.has(g.code)) add(`${at}.code`, `行政区划代码「${g.code}」重复`, `division code ${g.code} appears twice`);
    codes.add(g.code);
    if (!g.name.trim()) add(`${at}.name`, '地区名称不能为空', 'the region needs a name');
  });
  const attributes = (where: string, a: EntityAttributes | undefined): void => {
    for (const [k, v] of Object.entries(a ?? {})) {
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(k)) add(`${where}.attributes`, `属性名「${k.slice(0, 64)}」应为方案的属性编号（字母、数字、下划线）`, `attribute "${k.slice(0, 64)}" must be an attribute id of a scheme (letters, digits, _)`);
      if (typeof v !== 'string' || v.length > 200) add(`${where}.attributes.${k}`, '属性值应为不超过 200 字的文本', 'an attribute value is text of at most 200 characters');
    }
  };
  r.regions.forEach((g, i) => attributes(`regions[${i}]`, g.attributes));
  (r.enterprises ?? []).forEach((e, i) => attributes(`enterprises[${i}]`, e.attributes));
  const region = (where: string, code: string | null | undefined): void => {
    if (code != null && !codes.has(code)) add(where, `地区代码「${code}」不在本名单的地区中`, `region ${code} is not one of this roster's regions`);
  };
  const officials = new Set<string>();
  (r.officials ?? []).forEach((o, i) => {
    const at = `officials[${i}]`;
    if (!o.id.trim()) add(`${at}.id`, '干部编号不能为空', 'the official needs an id');
    if (officials.has(o.id)) add(`${at}.id`, `干部编号「${o.id}」重复`, `official id ${o.id} appears twice`);
    officials.add(o.id);
    if (!o.name.trim()) add(`${at}.name`, '干部姓名不能为空', 'the official needs a name');
    o.posts.forEach((p, k) => {
      const pt = `${at}.posts[${k}]`;
      if (!p.post.trim()) add(`${pt}.post`, '职务不能为空', 'the post needs a title');
      region(`${pt}.regionCode`, p.regionCode);
      if (!isDate(p.start)) add(`${pt}.start`, `任职开始日期应为 YYYY-MM-DD，实际为「${p.start}」`, `the start of tenure must be a date YYYY-MM-DD, got "${p.start}"`);
      if (p.end != null && !isDate(p.end)) add(`${pt}.end`, `任职结束日期应为 YYYY-MM-DD，实际为「${p.end}」`, `the end of tenure must be a date YYYY-MM-DD, got "${p.end}"`);
      else if (p.end != null && isDate(p.start) && p.end < p.start) add(`${pt}.end`, `任职结束日期 ${p.end} 早于开始日期 ${p.start}`, `the tenure ends (${p.end}) before it starts (${p.start})`);
    });
  });
  const usccs = new Set<string>();
  (r.enterprises ?? []).forEach((e, i) => {
    const at = `enterprises[${i}]`;
    if (!isValidUscc(e.uscc)) {
      add(`${at}.uscc`, `「${e.uscc}」不是有效的统一社会信用代码（18 位，末位校验码按 GB 32100 计算）`, `"${e.uscc}" is not a valid unified social credit code (18 characters, the last a GB 32100 check character)`);
    }
    if (usccs.has(e.uscc)) add(`${at}.uscc`, `统一社会信用代码「${e.uscc}」重复`, `credit code ${e.uscc} appears twice`);
    usccs.add(e.uscc);
    if (!e.name.trim()) add(`${at}.name`, '企业名称不能为空', 'the enterprise needs a name');
    region(`${at}.regionCode`, e.regionCode);
  });
  return problems;
}

export function createRoster(db: Db, actor: Actor, input: RosterInput): Roster {
  const problems = validateRoster(input);
  if (problems.length > 0) throw invalid(problems);
  return db.transaction(() => {
    const unknown = unknownOffices(db, input);
    if (unknown.length > 0) throw invalid(unknown);
    const createdAt = nowIso();
    const id = Number(sql(db, 'INSERT INTO rosters (name, created_by, created_at) VALUES (?, ?, ?)').run(input.name, actor.id, createdAt).lastInsertRowid);
    const region = sql(db, 'INSERT INTO roster_regions (roster_id, code, name, attributes_json, office_id) VALUES (?, ?, ?, ?, ?)');
    for (const g of input.regions) region.run(id, g.code, g.name, attributesJson(g.attributes), g.office || null);
    const official = sql(db, 'INSERT INTO roster_officials (roster_id, id, name, office_id) VALUES (?, ?, ?, ?)');
    const post = sql(db, 'INSERT INTO roster_posts (roster_id, official_id, post, region_code, start_date, end_date) VALUES (?, ?, ?, ?, ?, ?)');
    for (const o of input.officials ?? []) {
      official.run(id, o.id, o.name, o.office || null);
      for (const p of o.posts) post.run(id, o.id, p.post, p.regionCode, p.start, p.end ?? null);
    }
    const enterprise = sql(db, 'INSERT INTO roster_enterprises (roster_id, uscc, name, region_code, attributes_json, office_id) VALUES (?, ?, ?, ?, ?, ?)');
    for (const e of input.enterprises ?? []) enterprise.run(id, e.uscc, e.name, e.regionCode ?? null, attributesJson(e.attributes), e.office || null);
    appendAudit(db, actor, {
      action: 'roster.create', target: `roster:${id}`,
      detail: { name: input.name, regions: input.regions.length, officials: input.officials?.length ?? 0, enterprises: input.enterprises?.length ?? 0 },
    });
    return getRoster(db, id);
  }).immediate();
}

export function getRoster(db: Db, id: number): Roster {
  const r = sql(db, 'SELECT id, name, created_at FROM rosters WHERE id = ?').get(id) as { id: number; name: string; created_at: string } | undefined;
  if (!r) throw notFound(`roster:${id}`, `名单 ${id}`, `roster ${id}`);
  const regions = (sql(db, 'SELECT code, name, attributes_json, office_id FROM roster_regions WHERE roster_id = ? ORDER BY code').all(id) as { code: string; name: string; attributes_json: string | null; office_id: string | null }[])
    .map((g) => ({ code: g.code, name: g.name, ...(g.attributes_json ? { attributes: JSON.parse(g.attributes_json) as EntityAttributes } : {}), ...owner(g.office_id) }));
  const posts = sql(db, 'SELECT official_id, post, region_code, start_date, end_date FROM roster_posts WHERE roster_id = ? ORDER BY official_id, start_date').all(id) as
    { official_id: string; post: string; region_code: string; start_date: string; end_date: string | null }[];
  const officials = (sql(db, 'SELECT id, name, office_id FROM roster_officials WHERE roster_id = ? ORDER BY id').all(id) as { id: string; name: string; office_id: string | null }[]).map((o) => ({
    id: o.id, name: o.name, ...owner(o.office_id),
    posts: posts.filter((p) => p.official_id === o.id).map((p) => ({ post: p.post, regionCode: p.region_code, start: p.start_date, end: p.end_date })),
  }));
  const enterprises = (sql(db, 'SELECT uscc, name, region_code, attributes_json, office_id FROM roster_enterprises WHERE roster_id = ? ORDER BY uscc').all(id) as { uscc: string; name: string; region_code: string | null; attributes_json: string | null; office_id: string | null }[])
    .map((e) => ({ uscc: e.uscc, name: e.name, regionCode: e.region_code, ...(e.attributes_json ? { attributes: JSON.parse(e.attributes_json) as EntityAttributes } : {}), ...owner(e.office_id) }));
  return { id: r.id, name: r.name, createdAt: r.created_at, regions, officials, enterprises };
}

export function listRosters(db: Db): RosterSummary[] {
  return sql(db, `SELECT r.id, r.name, r.created_at AS createdAt,
      (SELECT count(*) FROM roster_regions WHERE roster_id = r.id) AS regions,
      (SELECT count(*) FROM roster_officials WHERE roster_id = r.id) AS officials,
      (SELECT count(*) FROM roster_enterprises WHERE roster_id = r.id) AS enterprises
    FROM rosters r ORDER BY r.id`).all() as RosterSummary[];
}

/**
 * The entities a round of this subject expects, id → name: regions for a regional scheme,
 * officials, enterprises; null when the roster doesn't list that kind (then any id is taken).
 */
const KIND_TABLES = { region: 'roster_regions', official: 'roster_officials', enterprise: 'roster_enterprises' } as const;
const KIND_NAMES: Record<keyof typeof KIND_TABLES, { zh: string; en: string }> = {
  region: { zh: '地区', en: 'regions' }, official: { zh: '官员', en: 'officials' }, enterprise: { zh: '企业', en: 'enterprises' },
};

/**
 * Why a roster can't serve a scheme that evaluates `subject`, or null: it lists entities, but
 * none of that kind (a region scheme on a roster of officials would otherwise take any id, as an
 * empty roster does).
 */
export function rosterSubjectProblem(db: Db, rosterId: number, subject: string): { zh: string; en: string } | null {
  if (!(subject in KIND_TABLES)) return null;
  const count = (kind: keyof typeof KIND_TABLES): number =>
    (sql(db, `SELECT count(*) AS n FROM ${KIND_TABLES[kind]} WHERE roster_id = ?`).get(rosterId) as { n: number }).n;
  const kinds = (Object.keys(KIND_TABLES) as (keyof typeof KIND_TABLES)[]).filter((k) => count(k) > 0);
  if (kinds.length === 0 || kinds.includes(subject as keyof typeof KIND_TABLES)) return null;
  const wanted = KIND_NAMES[subject as keyof typeof KIND_TABLES];
  return {
    zh: `名单 ${rosterId} 中没有${wanted.zh}（只列出了${kinds.map((k) => KIND_NAMES[k].zh).join('、')}），而本方案评价的是${wanted.zh}：请选择列出${wanted.zh}的名单`,
    en: `roster ${rosterId} lists no ${wanted.en} (only ${kinds.map((k) => KIND_NAMES[k].en).join(' and ')}), but this scheme evaluates ${wanted.en}: choose a roster that lists them`,
  };
}

export function rosterEntities(db: Db, rosterId: number, subject: string): Map<string, string> | null {
  const bySubject: Record<string, string> = {
    region: 'SELECT code AS id, name FROM roster_regions WHERE roster_id = ? ORDER BY code',
    official: 'SELECT id, name FROM roster_officials WHERE roster_id = ? ORDER BY id',
    enterprise: 'SELECT uscc AS id, name FROM roster_enterprises WHERE roster_id = ? ORDER BY uscc',
  };
  if (!bySubject[subject]) return null;
  const rows = sql(db, bySubject[subject]).all(rosterId) as { id: string; name: string }[];
  return rows.length > 0 ? new Map(rows.map((r) => [r.id, r.name])) : null;
}

/** Stored as JSON, or null for none (so rosters without attributes read as before). */
function attributesJson(a: EntityAttributes | undefined): string | null {
  return a && Object.keys(a).length > 0 ? JSON.stringify(a) : null;
}

/**
 * The rows of a round's template: each entity of the subject with its name and attribute
 * values (prefilled and locked in the template); null when the roster doesn't list that kind.
 */
export function rosterTemplateRows(db: Db, rosterId: number, subject: string): { id: string; name: string; attributes?: EntityAttributes }[] | null {
  const bySubject: Record<string, string> = {
    region: 'SELECT code AS id, name, attributes_json FROM roster_regions WHERE roster_id = ? ORDER BY code',
    official: 'SELECT id, name, NULL AS attributes_json FROM roster_officials WHERE roster_id = ? ORDER BY id',
    enterprise: 'SELECT uscc AS id, name, attributes_json FROM roster_enterprises WHERE roster_id = ? ORDER BY uscc',
  };
  if (!bySubject[subject]) return null;
  const rows = sql(db, bySubject[subject]).all(rosterId) as { id: string; name: string; attributes_json: string | null }[];
  if (rows.length === 0) return null;
  return rows.map((r) => ({ id: r.id, name: r.name, ...(r.attributes_json ? { attributes: JSON.parse(r.attributes_json) as EntityAttributes } : {}) }));
}

/** An entity's office, left out when it has none (a roster of one office's rounds). */
const owner = (office: string | null): { office?: string } => (office ? { office } : {});

/** Entities naming an office that doesn't exist. */
function unknownOffices(db: Db, r: RosterInput): Problem[] {
  const problems: Problem[] = [];
  const known = new Set((sql(db, 'SELECT id FROM offices').all() as { id: string }[]).map((o) => o.id));
  const check = (where: string, office: string | null | undefined): void => {
    if (office && !known.has(office)) {
      problems.push({ where, zh: `所属考核办「${office}」不存在：请先建立该单位，或改用已有单位的编号`, en: `office "${office}" does not exist: create it first, or use an existing office's id` });
    }
  };
  r.regions.forEach((g, i) => check(`regions[${i}].office`, g.office));
  (r.officials ?? []).forEach((o, i) => check(`officials[${i}].office`, o.office));
  (r.enterprises ?? []).forEach((e, i) => check(`enterprises[${i}].office`, e.office));
  return problems;
}

/** Which office sends each entity's data (null: none named), for a round of this subject; null when the roster doesn't list that kind. */
export function rosterOwners(db: Db, rosterId: number, subject: string): Map<string, string | null> | null {
  const bySubject: Record<string, string> = {
    region: 'SELECT code AS id, office_id FROM roster_regions WHERE roster_id = ?',
    official: 'SELECT id, office_id FROM roster_officials WHERE roster_id = ?',
    enterprise: 'SELECT uscc AS id, office_id FROM roster_enterprises WHERE roster_id = ?',
  };
  if (!bySubject[subject]) return null;
  const rows = sql(db, bySubject[subject]).all(rosterId) as { id: string; office_id: string | null }[];
  return rows.length > 0 ? new Map(rows.map((r) => [r.id, r.office_id])) : null;
}
