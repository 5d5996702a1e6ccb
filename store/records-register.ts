/**
 * The records register (信用信息记录库): dated records of a scheme family (violations,
 * commitments, repairs, list entries, incidents) entered once and read by every later round of
 * that scheme. An upload is checked whole first (every problem with its file, line and column;
 * nothing stored when there is any), then kept with its bytes and each record with its source
 * line and uploader. A correction adds a new version of one record with its reason (or withdraws
 * it); no version is ever changed (the database's triggers refuse it). A run reads the register
 * as it stands when the run is requested, for the records dated on or before its as-of date, and
 * its snapshot pins exactly those records (each one's origin names its key and version), so a
 * rerun gives the same bits whatever the register holds later.
 */
import { formatDay, KaoheError, parseDay, sha256Hex, type Problem } from '../indicators/index.js';
import { repairOutcomeOn, repairTypeOf, ROLE_FIELD, type CompiledPlan, type Frame, type PlanRecordType, type RecordTable, type ScoringPlan } from '../engine/index.js';
import { readRecordsCsv, readRecordsUpload } from '../io/index.js';
import { appendAudit, type Actor } from './audit.js';
import type { Db } from './db.js';
import { invalid, notFound } from './errors.js';
import { rosterEntities } from './rosters.js';
import { listSchemeVersions, schemePlan } from './schemes.js';
import { loadSnapshot } from './snapshots.js';
import { sql } from './statements.js';
import { nowIso } from './time.js';
import { MEDIA_TYPES, uploadFormat, type UploadedFile } from './upload.js';

/** One version of a register record. */
export interface RegisterRecord {
  key: number;
  version: number;
  entity: string;
  date: string;
  type: string;
  /** Field values as canonical text (categories by name, dates YYYY-MM-DD, numbers shortest round-trip). */
  fields: Record<string, string>;
  withdrawn: boolean;
  reason: string | null;
  uploadId: number | null;
  /** `file.csv:LINE` for an uploaded record, `correction` for a corrected version. */
  source: string;
  createdBy: number | null;
  createdAt: string;
}

interface Row {
  record_key: number;
  version: number;
  entity_id: string;
  date: string;
  type: string;
  fields_json: string;
  withdrawn: number;
  reason: string | null;
  upload_id: number | null;
  source: string;
  created_by: number | null;
  created_at: string;
}

const toRecord = (r: Row): RegisterRecord => ({
  key: r.record_key, version: r.version, entity: r.entity_id, date: r.date, type: r.type, fields: JSON.parse(r.fields_json) as Record<string, string>,
  withdrawn: r.withdrawn === 1, reason: r.reason, uploadId: r.upload_id, source: r.source, createdBy: r.created_by, createdAt: r.created_at,
});

/** The newest version of the family's scheme: the register is checked against its record types. */
export function registerPlan(db: Db, schemeId: string): CompiledPlan {
  const versions = listSchemeVersions(db).filter((v) => v.id === schemeId);
  if (versions.length === 0) throw notFound(`scheme:${schemeId}`, `方案「${schemeId}」`, `scheme ${schemeId}`);
  const latest = versions.reduce((a, b) => (b.uploadedAt > a.uploadedAt ? b : a));
  const compiled = schemePlan(db, schemeId, latest.version);
  if ((compiled.plan.records ?? []).length === 0) {
    throw invalid([{ where: 'scheme', zh: `方案「${schemeId}」没有定义记录类型（records），没有记录库`, en: `scheme ${schemeId} defines no record types (records): it has no records register` }]);
  }
  return compiled;
}

/** Entities the register may name: those of the rosters and data of the family's rounds. */
export function registerEntities(db: Db, schemeId: string, subject: string): string[] {
  const ids = new Set<string>();
  const rounds = sql(db, 'SELECT roster_id, snapshot_hash FROM rounds WHERE scheme_id = ?').all(schemeId) as { roster_id: number; snapshot_hash: string | null }[];
  for (const r of rounds) {
    for (const id of rosterEntities(db, r.roster_id, subject)?.keys() ?? []) ids.add(id);
    if (r.snapshot_hash) for (const id of loadSnapshot(db, r.snapshot_hash).ids) ids.add(id);
  }
  return [...ids].sort();
}

export function entityFrame(ids: string[]): Frame {
  return { n: ids.length, ids, names: null, columns: new Map(), dictionaries: new Map() };
}

/** Upload records into the register: all or nothing. */
export async function uploadRegisterRecords(db: Db, actor: Actor, schemeId: string, file: UploadedFile): Promise<{ uploadId: number; records: RegisterRecord[] }> {
  const compiled = registerPlan(db, schemeId);
  const { plan } = compiled;
  const format = uploadFormat(file);
  const ids = registerEntities(db, schemeId, plan.scheme.subject);
  if (ids.length === 0) {
    throw invalid([{ where: 'scheme', zh: `方案「${schemeId}」还没有任何考核轮次的名册或数据，无法核对记录中的实体：请先建立轮次`, en: `no round of scheme ${schemeId} has a roster or data yet, so the records' entities can't be checked: create a round first` }]);
  }
  const frame = entityFrame(ids);
  const table = await readRecordsUpload(file.bytes, plan, frame, file.fileName, format);
  const types = plan.records!;
  checkUploadedRepairs(db, compiled, schemeId, frame, table);
  return db.transaction(() => {
    const now = nowIso();
    const sha = sha256Hex(file.bytes);
    const uploadId = Number(sql(db, `INSERT INTO register_uploads (scheme_id, file_name, media_type, size, sha256, content, rows, uploaded_by, uploaded_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(schemeId, file.fileName, MEDIA_TYPES[format], file.bytes.length, sha, file.bytes, table.n, actor.id, now).lastInsertRowid);
    let key = nextKey(db, schemeId);
    const first = key;
    const insert = sql(db, `INSERT INTO register_records (scheme_id, record_key, version, entity_id, date, type, fields_json, upload_id, source, created_by, created_at)
      VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // A record naming several entities is several rows of the table, one after another, of one origin.
    for (let r = 0; r < table.n;) {
      const t = types[table.type[r]];
      let last = r;
      while (last + 1 < table.n && table.origin[last + 1] === table.origin[r]) last++;
      const entities = [];
      for (let k = r; k <= last; k++) entities.push(t.roles ? `${frame.ids[table.entity[k]]}:${t.roles[table.fields.get(`${t.id}.${ROLE_FIELD}`)![k]]}` : frame.ids[table.entity[k]]);
      insert.run(schemeId, key++, entities.join(';'), formatDay(table.start[r]), t.id, JSON.stringify(fieldTexts(t, table, r)), uploadId, table.origin[r], actor.id, now);
      r = last + 1;
    }
    appendAudit(db, actor, { action: 'register.upload', target: `register:${schemeId}`, detail: { uploadId, fileName: file.fileName, sha256: sha, size: file.bytes.length, records: table.n } });
    return { uploadId, records: (sql(db, 'SELECT * FROM register_records WHERE scheme_id = ? AND record_key >= ? ORDER BY record_key').all(schemeId, first) as Row[]).map(toRecord) };
  }).immediate();
}

/**
 * Each credit repair of an upload must end something on its date, read with the register and
 * the rest of the upload: refused when every record it would end is not `repairable` (e.g.
 * criminal liability), when no record it repairs is valid then, or when the entity already has
 * a repair on that date (in the register or the upload). Every problem names the repair's line.
 * (Records naming several entities in roles are not read here: a repair ends one entity's records.)
 */
function checkUploadedRepairs(db: Db, compiled: CompiledPlan, schemeId: string, frame: Frame, table: RecordTable): void {
  const repairType = repairTypeOf(compiled);
  const types = compiled.plan.records!;
  if (repairType === null) return;
  const isRepair = (r: number): boolean => types[table.type[r]].id === repairType;
  const current = currentRegisterRecords(db, schemeId);
  const seen = new Set(current.filter((r) => r.type === repairType).map((r) => `${r.entity} ${r.date}`));
  const problems: Problem[] = [];
  for (let r = 0; r < table.n; r++) {
    if (!isRepair(r)) continue;
    const entity = frame.ids[table.entity[r]];
    const day = formatDay(table.start[r]);
    if (seen.has(`${entity} ${day}`)) {
      problems.push({ where: `${table.origin[r]} date`, zh: `${entity} 在 ${day} 已有一条信用修复记录：同一天不能再修复一次`, en: `${entity} already has a credit repair on ${day}: it can't be repaired twice on one day` });
      continue;
    }
    seen.add(`${entity} ${day}`);
    // The entity's records as they would stand: the register's and this upload's other records, dated up to the repair.
    const others = [
      ...current.filter((x) => x.entity === entity && x.date <= day && x.type !== repairType),
      ...Array.from({ length: table.n }, (_, k) => k).filter((k) => k !== r && !isRepair(k) && table.entity[k] === table.entity[r] && table.start[k] <= table.start[r] && !types[table.type[k]].roles)
        .map((k) => ({ entity, date: formatDay(table.start[k]), type: types[table.type[k]].id, fields: fieldTexts(types[table.type[k]], table, k) })),
    ];
    const one = entityFrame([entity]);
    one.records = readRecordsCsv(recordsCsv(compiled.plan, others), compiled.plan, one, `register:${schemeId}`);
    const outcome = repairOutcomeOn(compiled, one, 0, parseDay(day), table.origin[r]);
    if (outcome?.status === 'refused') {
      problems.push({
        where: `${table.origin[r]} type`,
        zh: `按方案规则（repairable），${entity} 在 ${day} 有效的记录不可修复：${outcome.refused.map((x) => `${x.type} ${x.start}`).join('、')}`,
        en: `under the scheme's rule (repairable) the records of ${entity} valid on ${day} can't be repaired: ${outcome.refused.map((x) => `${x.type} ${x.start}`).join(', ')}`,
      });
    } else if (outcome?.status !== 'applied') {
      problems.push({ where: `${table.origin[r]} date`, zh: `${entity} 在 ${day} 没有可由信用修复结束的有效记录`, en: `${entity} has no record valid on ${day} that a credit repair could end` });
    }
  }
  if (problems.length > 0) throw invalid(problems);
}

function nextKey(db: Db, schemeId: string): number {
  return (sql(db, 'SELECT coalesce(max(record_key), 0) + 1 AS k FROM register_records WHERE scheme_id = ?').get(schemeId) as { k: number }).k;
}

function fieldTexts(t: PlanRecordType, table: RecordTable, r: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of t.fields) {
    const v = table.fields.get(`${t.id}.${f.id}`)?.[r] ?? NaN;
    if (v !== v) continue;
    out[f.id] = f.type === 'category' ? f.categories![v] : f.type === 'date' ? formatDay(v) : f.type === 'boolean' ? (v !== 0 ? 'true' : 'false') : String(v);
  }
  return out;
}

export interface RegisterCorrection {
  reason: string;
  entity?: string;
  date?: string;
  type?: string;
  /** The record's fields as they should be (replacing all of them), as cell texts. */
  fields?: Record<string, string>;
  /** Take the record out of the register from now on (it stays in its history). */
  withdrawn?: boolean;
}

/** A new version of one record, with its reason; the old versions stay. */
export function correctRegisterRecord(db: Db, actor: Actor, schemeId: string, key: number, c: RegisterCorrection): RegisterRecord {
  if (!c.reason?.trim()) throw invalid([{ where: 'reason', zh: '更正记录需要填写理由', en: 'a correction needs a reason' }]);
  const { plan } = registerPlan(db, schemeId);
  const current = currentVersion(db, schemeId, key);
  const next = {
    entity: c.entity ?? current.entity, date: c.date ?? current.date, type: c.type ?? current.type,
    fields: c.fields ?? (c.type && c.type !== current.type ? {} : current.fields),
  };
  const ids = registerEntities(db, schemeId, plan.scheme.subject);
  const frame = entityFrame(ids);
  const table = readRecordsCsv(recordsCsv(plan, [next]), plan, frame, `register:${key}`);
  const t = plan.records![table.type[0]];
  return db.transaction(() => {
    const latest = currentVersion(db, schemeId, key);
    if (latest.version !== current.version) throw invalid([{ where: `record:${key}`, zh: '读取期间该记录已被更正：请重新提交', en: 'the record was corrected meanwhile: send the correction again' }]);
    const version = latest.version + 1;
    sql(db, `INSERT INTO register_records (scheme_id, record_key, version, entity_id, date, type, fields_json, withdrawn, reason, source, created_by, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'correction', ?, ?)`).run(
      schemeId, key, version, next.entity, formatDay(table.start[0]), t.id, JSON.stringify(fieldTexts(t, table, 0)), c.withdrawn ? 1 : 0, c.reason.trim(), actor.id, nowIso(),
    );
    appendAudit(db, actor, { action: 'register.correct', target: `register:${schemeId}`, detail: { key, version, reason: c.reason.trim(), withdrawn: !!c.withdrawn } });
    return currentVersion(db, schemeId, key);
  }).immediate();
}

/**
 * One new record, checked as an uploaded one is (within the caller's transaction): how an approved
 * credit repair becomes the repair record the scheme reads. Returns its key.
 */
export function addRegisterRecord(db: Db, actor: Actor, schemeId: string, rec: { entity: string; date: string; type: string; fields: Record<string, string> }, source: string): number {
  const { plan } = registerPlan(db, schemeId);
  const table = readRecordsCsv(recordsCsv(plan, [rec]), plan, entityFrame([rec.entity]), source);
  const t = plan.records![table.type[0]];
  const key = nextKey(db, schemeId);
  sql(db, `INSERT INTO register_records (scheme_id, record_key, version, entity_id, date, type, fields_json, source, created_by, created_at)
    VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`).run(schemeId, key, rec.entity, formatDay(table.start[0]), t.id, JSON.stringify(fieldTexts(t, table, 0)), source, actor.id, nowIso());
  appendAudit(db, actor, { action: 'register.add', target: `register:${schemeId}`, detail: { key, source } });
  return key;
}

function currentVersion(db: Db, schemeId: string, key: number): RegisterRecord {
  const r = sql(db, 'SELECT * FROM register_records WHERE scheme_id = ? AND record_key = ? ORDER BY version DESC LIMIT 1').get(schemeId, key) as Row | undefined;
  if (!r) throw notFound(`register:${schemeId}:${key}`, `记录库「${schemeId}」中的记录 ${key}`, `record ${key} of the ${schemeId} register`);
  return toRecord(r);
}

/** Every version of one record, oldest first. */
export function registerRecordHistory(db: Db, schemeId: string, key: number): RegisterRecord[] {
  currentVersion(db, schemeId, key);
  return (sql(db, 'SELECT * FROM register_records WHERE scheme_id = ? AND record_key = ? ORDER BY version').all(schemeId, key) as Row[]).map(toRecord);
}

/** The register's records as they stand (the newest version of each, withdrawn ones left out), dated on or before `asOf` when given; by key. */
export function currentRegisterRecords(db: Db, schemeId: string, asOf?: string): RegisterRecord[] {
  const rows = sql(db, `SELECT r.* FROM register_records r
    JOIN (SELECT record_key, max(version) AS v FROM register_records WHERE scheme_id = ? GROUP BY record_key) m ON m.record_key = r.record_key AND m.v = r.version
    WHERE r.scheme_id = ? AND r.withdrawn = 0 ORDER BY r.record_key`).all(schemeId, schemeId) as Row[];
  const out = rows.map(toRecord);
  return asOf === undefined ? out : out.filter((r) => r.date <= asOf);
}

/** Whether the scheme family's register holds any record (then runs read it instead of a round's records file). */
export function registerHasRecords(db: Db, schemeId: string): boolean {
  return sql(db, 'SELECT 1 FROM register_records WHERE scheme_id = ? LIMIT 1').get(schemeId) !== undefined;
}

/**
 * The records a run of this round reads: the register's, as of the as-of date, for the entities
 * in the round's data; null when the family's register is empty (the round's own records file
 * is used, as before). A register record the round's scheme version can't read is refused,
 * naming it.
 */
export function registerRecordsFor(db: Db, schemeId: string, plan: ScoringPlan, frame: Frame, asOf: string): RecordTable | null {
  if (!registerHasRecords(db, schemeId)) return null;
  const present = new Set(frame.ids);
  // Of a record naming several entities (`ID:ROLE;…`), the round reads the part about its own.
  const withRoles = new Set((plan.records ?? []).filter((t) => t.roles).map((t) => t.id));
  const records = currentRegisterRecords(db, schemeId, asOf).flatMap((r) => {
    if (!withRoles.has(r.type)) return present.has(r.entity) ? [r] : [];
    const entity = r.entity.split(';').filter((e) => present.has(e.split(':')[0])).join(';');
    return entity ? [{ ...r, entity }] : [];
  });
  let table: RecordTable;
  try {
    table = readRecordsCsv(recordsCsv(plan, records), plan, frame, `register:${schemeId}`);
  } catch (e) {
    if (!(e instanceof KaoheError)) throw e;
    throw invalid(e.problems.map((p): Problem => ({ ...p, where: p.where.replace(/^register:[^:]*:(\d+)/, (_, line: string) => `register:${schemeId} record ${records[Number(line) - 2]?.key ?? '?'}`) })));
  }
  const prefix = `register:${schemeId}:`;
  for (let k = 0; k < table.n; k++) {
    const r = records[Number(table.origin[k].slice(prefix.length)) - 2];
    table.origin[k] = `register:${r.key}.v${r.version} (${r.source})`;
  }
  return table;
}

/** Records as a records CSV (`id,date,type,<every field of the plan's types>`), the form the records reader checks. */
function recordsCsv(plan: ScoringPlan, records: Pick<RegisterRecord, 'entity' | 'date' | 'type' | 'fields'>[]): string {
  const fields = [...new Set((plan.records ?? []).flatMap((t) => t.fields.map((f) => f.id)))];
  const lines = [['id', 'date', 'type', ...fields].map(quote).join(',')];
  for (const r of records) {
    const unknown = Object.keys(r.fields).filter((f) => !fields.includes(f));
    if (unknown.length > 0) {
      throw invalid([{ where: `record ${r.entity} ${r.date}`, zh: `字段 ${unknown.join('、')} 不是任何记录类型的字段`, en: `${unknown.join(', ')}: not a field of any record type` }]);
    }
    lines.push([r.entity, r.date, r.type, ...fields.map((f) => r.fields[f] ?? '')].map(quote).join(','));
  }
  return `${lines.join('\n')}\n`;
}

const quote = (cell: string): string => `"${cell.replaceAll('"', '""')}"`;
