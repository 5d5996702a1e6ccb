/**
 * Scheme versions: immutable. A version is stored with its source text, its compiled plan and
 * the plan's hash. Uploading an id and version that exist is accepted only when it compiles to
 * the same plan (nothing new is stored); a different plan under the same version is refused.
 */
import { compile, knowsSemantics, planSemantics, planShapeProblem, type CompiledPlan, type ScoringPlan } from '../engine/index.js';
import { canonicalJson, loadSchemeText, sha256Hex } from '../indicators/index.js';
import { appendAudit, type Actor } from './audit.js';
import type { Db } from './db.js';
import { nowIso } from './time.js';
import { conflict, notFound, type StoreError } from './errors.js';
import { sql } from './statements.js';

export interface SchemeVersion {
  id: string;
  version: string;
  name: { zh: string; en: string };
  subject: string;
  planHash: string;
  sourceSha256: string;
  uploadedAt: string;
}

interface Row {
  id: string;
  version: string;
  name_zh: string;
  name_en: string;
  subject: string;
  plan_hash: string;
  source_sha256: string;
  uploaded_at: string;
}

const COLUMNS = 'id, version, name_zh, name_en, subject, plan_hash, source_sha256, uploaded_at';

function toVersion(r: Row): SchemeVersion {
  return {
    id: r.id, version: r.version, name: { zh: r.name_zh, en: r.name_en }, subject: r.subject,
    planHash: r.plan_hash, sourceSha256: r.source_sha256, uploadedAt: r.uploaded_at,
  };
}

/**
 * Parse, validate and compile scheme YAML (a KaoheError lists every problem), then store it.
 * A new version is compiled at the scheme's semantics level (default the newest); the text of a
 * stored version compiles at the level that version was first compiled at, unless it names
 * another, so uploading it again after an engine upgrade is still the same version.
 */
export function addSchemeVersion(db: Db, actor: Actor, text: string): { scheme: SchemeVersion; created: boolean } {
  const scheme = loadSchemeText(text);
  return db.transaction(() => {
    const existing = sql(db, `SELECT ${COLUMNS}, plan_json FROM schemes WHERE id = ? AND version = ?`).get(scheme.id, scheme.version) as (Row & { plan_json: string }) | undefined;
    if (existing) {
      const level = scheme.semantics ?? planSemantics(JSON.parse(existing.plan_json) as ScoringPlan);
      if (!knowsSemantics(level)) {
        throw conflict(`${scheme.id}@${scheme.version}`,
          `方案「${scheme.id}」的版本「${scheme.version}」已由更新版本的 kaohe 按语义级别 ${level} 保存：请安装认识该级别的 kaohe`,
          `scheme ${scheme.id} version ${scheme.version} was stored at semantics level ${level} by a newer kaohe: install a kaohe that knows that level`);
      }
      if (compile(scheme, { semantics: level }).hash !== existing.plan_hash) {
        throw conflict(`${scheme.id}@${scheme.version}`,
          `方案「${scheme.id}」的版本「${scheme.version}」已存在且内容不同：已发布的方案版本不可修改，请使用新的版本号`,
          `scheme ${scheme.id} version ${scheme.version} already exists with different content: a scheme version never changes; give this one a new version`);
      }
      return { scheme: toVersion(existing), created: false };
    }
    const { plan, hash } = compile(scheme);
    const row: Row = {
      id: plan.scheme.id, version: plan.scheme.version, name_zh: plan.scheme.name.zh, name_en: plan.scheme.name.en,
      subject: plan.scheme.subject, plan_hash: hash, source_sha256: sha256Hex(text), uploaded_at: nowIso(),
    };
    sql(db, `INSERT INTO schemes (${COLUMNS}, source_text, plan_json, uploaded_by) VALUES (@id, @version, @name_zh, @name_en, @subject, @plan_hash, @source_sha256, @uploaded_at, @source_text, @plan_json, @uploaded_by)`)
      .run({ ...row, source_text: text, plan_json: canonicalJson(plan), uploaded_by: actor.id });
    appendAudit(db, actor, { action: 'scheme.add', target: `scheme:${row.id}@${row.version}`, detail: { planHash: hash, sourceSha256: row.source_sha256 } });
    return { scheme: toVersion(row), created: true };
  }).immediate();
}

export function listSchemeVersions(db: Db): SchemeVersion[] {
  return (sql(db, `SELECT ${COLUMNS} FROM schemes ORDER BY id, uploaded_at`).all() as Row[]).map(toVersion);
}

export function getSchemeVersion(db: Db, id: string, version: string): SchemeVersion {
  const r = sql(db, `SELECT ${COLUMNS} FROM schemes WHERE id = ? AND version = ?`).get(id, version) as Row | undefined;
  if (!r) throw notFound(`scheme:${id}@${version}`, `方案「${id}」版本「${version}」`, `scheme ${id} version ${version}`);
  return toVersion(r);
}

export function schemeSource(db: Db, id: string, version: string): string {
  const r = sql(db, 'SELECT source_text FROM schemes WHERE id = ? AND version = ?').get(id, version) as { source_text: string } | undefined;
  if (!r) throw notFound(`scheme:${id}@${version}`, `方案「${id}」版本「${version}」`, `scheme ${id} version ${version}`);
  return r.source_text;
}

/** The stored plan, checked against its stored hash and the plan format (engine/plan-schema.ts). */
export function schemePlan(db: Db, id: string, version: string): CompiledPlan {
  const r = sql(db, 'SELECT plan_json, plan_hash FROM schemes WHERE id = ? AND version = ?').get(id, version) as { plan_json: string; plan_hash: string } | undefined;
  if (!r) throw notFound(`scheme:${id}@${version}`, `方案「${id}」版本「${version}」`, `scheme ${id} version ${version}`);
  const hash = sha256Hex(r.plan_json);
  if (hash !== r.plan_hash) throw corruptPlan(id, version, '内容与其计划哈希不符', 'it does not match its plan hash');
  let value: unknown;
  try {
    value = JSON.parse(r.plan_json);
  } catch {
    throw corruptPlan(id, version, '不是有效的 JSON', 'it is not valid JSON');
  }
  // A plan of a level this engine doesn't know may hold fields it doesn't know either; the callers refuse to evaluate it by its level.
  const mark = value as { engine?: string; semantics?: number };
  const newer = typeof mark === 'object' && mark !== null && Number.isInteger(mark.semantics) && mark.engine === undefined && !knowsSemantics(mark.semantics!);
  const problem = newer ? null : planShapeProblem(value);
  if (problem !== null) throw corruptPlan(id, version, `字段 ${problem}`, `field ${problem}`);
  return { plan: value as ScoringPlan, hash };
}

/** A stored plan that is not what kaohe wrote (the database was changed outside kaohe): refused before any kernel is built from it. */
function corruptPlan(id: string, version: string, zh: string, en: string): StoreError {
  return conflict(
    `scheme:${id}@${version}`,
    `方案「${id}」版本「${version}」在数据库中存储的计划已损坏（${zh}）：数据库曾在 kaohe 之外被改动；请从备份恢复数据库，或以新版本号重新上传该方案`,
    `the stored plan of scheme ${id} version ${version} is damaged (${en}): the database was changed outside kaohe; restore the database from a backup, or upload the scheme again under a new version`,
  );
}
