/**
 * Accepting a file into a round. The file is read and checked first (every problem, with its
 * cell or line, and nothing stored when there is any); then, in one transaction, the original
 * bytes and the validation report are kept, the round's data are merged into a new
 * content-addressed snapshot, and the round points at it. A file after scoring is a
 * correction (申诉 upheld and the like): it needs a reason, and the old snapshot stays.
 * A row replaces its entity's data; rows left empty don't (blank-rows.ts), so one city's
 * workbook never erases what another city sent.
 */
import { sha256Hex } from '../indicators/index.js';
import type { AppliedConversion, InputCaps } from '../io/index.js';
import { roundConversions } from './conversions.js';
import { appendAudit, type Actor } from './audit.js';
import { withoutBlankRows } from './blank-rows.js';
import type { Db } from './db.js';
import { nowIso } from './time.js';
import { conflict, invalid, notFound } from './errors.js';
import { registerHasRecords } from './records-register.js';
import { getRound, periodLabel, type Round } from './rounds.js';
import { previousRound } from './history.js';
import { loadSnapshotOffThread } from './off-thread.js';
import { plausibilityWarnings, type PlausibilityWarning } from './plausibility.js';
import type { Frame, ScoringPlan } from '../engine/index.js';
import { rosterEntities } from './rosters.js';
import { schemePlan } from './schemes.js';
import { emptyFrame, encodeSnapshot, mergeFrames, withRecords } from './snapshot-codec.js';
import { loadSnapshot, putSnapshot } from './snapshots.js';
import { MEDIA_TYPES, parseUpload, type UploadedFile, type UploadFormat, type UploadPart } from './upload.js';
import { sql } from './statements.js';
import { foreignEntityProblems, isParticipant, roundParticipants } from './participants.js';

export interface ValidationReport {
  format: UploadFormat;
  part: UploadPart;
  /** Entity rows (or records) in this file. */
  rows: number;
  /** Rows left out because they had no input value (a template's roster rows left empty). */
  blankRows: number;
  /** Rows skipped because every cell was empty (a spreadsheet's formatted, empty rows). */
  emptyRows: number;
  /** Scheme inputs with at least one value in this file. */
  inputsPresent: string[];
  /** Entities with data in the round after this file. */
  roundEntities: number;
  /** Entities on the roster, null when the roster doesn't list this kind. */
  expectedEntities: number | null;
  /** Roster entities still without data (the first 100) and how many in all. */
  missingEntities: string[];
  missingCount: number;
  /** Values far from the entity's in the previous round (the first 100), and how many; absent in reports made before these checks. */
  warnings?: PlausibilityWarning[];
  warningCount?: number;
  /** Columns converted on import from the unit their header named (the round's conversions); absent when none. */
  converted?: ConvertedColumn[];
  /** The entities whose rows this file replaced, when at most REPORTED_IDS_MAX (a scorecard then says which conversion its values went through). */
  entityIds?: string[];
}

/** A converted column, with the entities it had a value for (when the file has at most REPORTED_IDS_MAX rows). */
export interface ConvertedColumn extends AppliedConversion {
  entities?: string[];
}

/** Row ids a report keeps, at most: enough for every round of regions or cities, not a register's million rows. */
export const REPORTED_IDS_MAX = 2000;

export interface Submission {
  id: number;
  roundId: number;
  kind: 'submission' | 'correction';
  reason: string | null;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  entities: number;
  report: ValidationReport;
  uploadedBy: number | null;
  uploadedAt: string;
  /** The office that sent it (recorded since joint rounds; null before). */
  officeId: string | null;
}

export interface SubmitOptions {
  part?: UploadPart;
  reason?: string | null;
  /** Caps on the file (io/input-caps.ts; the defaults when not given). */
  caps?: Partial<InputCaps>;
  /** The uploader's office: in a joint round it sends its own entities only. */
  office?: string | null;
  /** An appealed entity the lead corrects in upholding the appeal, whichever office sends it. */
  appealed?: string;
}

/** Whether the round takes a file now, and as what. */
export function submissionKind(round: Round, reason: string | null | undefined): 'submission' | 'correction' {
  switch (round.status) {
    case 'collecting':
      return 'submission';
    case 'scored':
    case 'published':
      if (!reason?.trim()) {
        throw invalid([{ where: 'reason', zh: '轮次已评分，此时上传的是数据更正：请填写更正理由（如申诉结论）', en: 'the round has been scored, so this file is a correction: give its reason (such as the appeal decision)' }]);
      }
      return 'correction';
    case 'draft':
      throw conflict(`round:${round.id}.status`, '轮次仍是草稿，尚未开始收集数据：请先开始收集', 'the round is still a draft and not collecting data: open it for data first');
    default:
      throw conflict(`round:${round.id}.status`, '轮次已归档，不再接受数据', 'the round is archived and takes no more data');
  }
}

/** The upload's numbers against the office's previous round of the scheme (its published or latest run's data), if there is one. */
async function comparedWithPrevious(db: Db, round: Round, plan: ScoringPlan, uploaded: Frame): Promise<{ warnings: PlausibilityWarning[]; count: number } | null> {
  const prev = previousRound(db, round, true);
  if (!prev) return null;
  const frame = await loadSnapshotOffThread(db, prev.run.run.snapshotHash);
  return plausibilityWarnings(plan, uploaded, frame, periodLabel(prev.round), plan.rounding.decimals);
}

export async function submitFile(db: Db, actor: Actor, roundId: number, file: UploadedFile, options: SubmitOptions = {}): Promise<{ submission: Submission; snapshotHash: string; newSnapshot: boolean }> {
  const part = options.part ?? 'data';
  const round = getRound(db, roundId);
  submissionKind(round, options.reason);
  if (part === 'records' && registerHasRecords(db, round.schemeId)) {
    throw invalid([{
      where: 'part',
      zh: `方案「${round.schemeId}」的记录保存在记录库中，本轮评分时按基准日读取：请向记录库上传（POST /api/registers/${round.schemeId}/uploads）`,
      en: `the records of scheme ${round.schemeId} are kept in its records register and read by every run as of its as-of date: upload them there (POST /api/registers/${round.schemeId}/uploads)`,
    }]);
  }
  const { plan } = schemePlan(db, round.schemeId, round.schemeVersion);
  const roster = rosterEntities(db, round.rosterId, plan.scheme.subject);
  const current = round.snapshotHash ? loadSnapshot(db, round.snapshotHash) : emptyFrame(plan);
  const parsed = await parseUpload(file, part, { plan, roster, current, caps: options.caps, conversions: roundConversions(db, roundId) });
  const blank = parsed.part === 'data' ? withoutBlankRows(parsed.frame, current, plan, file.fileName) : null;
  const office = options.office ?? null;
  if (roundParticipants(db, round).length > 0) {
    if (!isParticipant(db, round, office)) throw conflict(`round:${roundId}.participants`, '本单位不是本轮的参与单位', 'your office does not take part in this round');
    if (parsed.part === 'records' && office !== round.officeId) {
      throw conflict(`round:${roundId}.records`, '联合轮次的记录文件（本轮全部记录）由牵头单位上传', 'a joint round\'s records file (all of the round\'s records) is uploaded by the lead office');
    }
    if (blank) {
      const foreign = foreignEntityProblems(db, round, office, blank.frame.ids.filter((id) => id !== options.appealed), file.fileName);
      if (foreign.length > 0) throw invalid(foreign);
    }
  }
  const plausibility = blank ? await comparedWithPrevious(db, round, plan, blank.frame) : null;

  return db.transaction(() => {
    const now = getRound(db, roundId);
    if (now.snapshotHash !== round.snapshotHash) {
      throw conflict(`round:${roundId}`, '读取文件期间本轮数据已被其他上传更新：请重新上传', 'the round\'s data changed while this file was read: upload it again');
    }
    const kind = submissionKind(now, options.reason);
    const next = parsed.part === 'data' ? mergeFrames(current, blank!.frame, plan) : withRecords(current, parsed.records, plan);
    const snap = encodeSnapshot(next);
    const present = new Set(next.ids);
    const missing = roster ? [...roster.keys()].filter((id) => !present.has(id)) : [];
    const report: ValidationReport = {
      format: parsed.format,
      part,
      rows: parsed.part === 'data' ? parsed.frame.n : parsed.records.n,
      blankRows: blank?.skipped ?? 0,
      emptyRows: parsed.part === 'data' ? parsed.emptyRows : 0,
      inputsPresent: parsed.part === 'data'
        ? plan.sources.filter((s) => s.role === 'input' && parsed.frame.columns.get(s.id)?.some((v) => v === v)).map((s) => s.id)
        : [],
      roundEntities: next.n,
      expectedEntities: roster?.size ?? null,
      missingEntities: missing.slice(0, 100),
      missingCount: missing.length,
      ...(plausibility ? { warnings: plausibility.warnings, warningCount: plausibility.count } : {}),
      ...(parsed.part === 'data' && parsed.converted.length > 0 ? { converted: parsed.converted.map((c) => withEntities(c, blank!.frame)) } : {}),
      ...(blank && blank.frame.n <= REPORTED_IDS_MAX ? { entityIds: [...blank.frame.ids] } : {}),
    };
    const newSnapshot = putSnapshot(db, snap, next.n);
    const uploadedAt = nowIso();
    const sha = sha256Hex(file.bytes);
    const id = Number(sql(db, `INSERT INTO submissions (round_id, kind, reason, file_name, media_type, size, sha256, content, entities, report_json, uploaded_by, uploaded_at, office_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      roundId, kind, options.reason?.trim() || null, file.fileName, MEDIA_TYPES[parsed.format], file.bytes.length, sha, file.bytes,
      report.rows, JSON.stringify(report), actor.id, uploadedAt, office,
    ).lastInsertRowid);
    sql(db, 'INSERT INTO round_snapshots (round_id, snapshot_hash, submission_id, created_at) VALUES (?, ?, ?, ?)').run(roundId, snap.hash, id, uploadedAt);
    sql(db, 'UPDATE rounds SET snapshot_hash = ? WHERE id = ?').run(snap.hash, roundId);
    appendAudit(db, actor, {
      action: kind === 'correction' ? 'submission.correction' : 'submission.accept',
      target: `round:${roundId}`,
      detail: { submissionId: id, fileName: file.fileName, sha256: sha, size: file.bytes.length, part, rows: report.rows, snapshot: snap.hash, previousSnapshot: round.snapshotHash, reason: options.reason?.trim() || null },
    });
    return { submission: getSubmission(db, id), snapshotHash: snap.hash, newSnapshot };
  }).immediate();
}

interface Row {
  id: number;
  round_id: number;
  kind: 'submission' | 'correction';
  reason: string | null;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  entities: number;
  report_json: string;
  uploaded_by: number | null;
  uploaded_at: string;
  office_id: string | null;
}

const COLUMNS = 'id, round_id, kind, reason, file_name, media_type, size, sha256, entities, report_json, uploaded_by, uploaded_at, office_id';

const toSubmission = (r: Row): Submission => ({
  id: r.id, roundId: r.round_id, kind: r.kind, reason: r.reason, fileName: r.file_name, mediaType: r.media_type, size: r.size,
  sha256: r.sha256, entities: r.entities, report: JSON.parse(r.report_json) as ValidationReport, uploadedBy: r.uploaded_by, uploadedAt: r.uploaded_at, officeId: r.office_id,
});

export function getSubmission(db: Db, id: number): Submission {
  const r = sql(db, `SELECT ${COLUMNS} FROM submissions WHERE id = ?`).get(id) as Row | undefined;
  if (!r) throw notFound(`submission:${id}`, `提交 ${id}`, `submission ${id}`);
  return toSubmission(r);
}

function withEntities(c: AppliedConversion, frame: Frame): ConvertedColumn {
  if (frame.n > REPORTED_IDS_MAX) return c;
  const column = frame.columns.get(c.input)!;
  return { ...c, entities: frame.ids.filter((_id, i) => column[i] === column[i]) };
}

/**
 * The conversions an entity's values went through in the data a run read: the newest data file
 * up to the run that replaced the entity's row says (its report names its rows). Empty when that
 * file converted nothing for it — and when a file on the way names no rows (a large one, or one
 * sent before reports named them): then nothing is claimed.
 */
export function entityConversions(db: Db, roundId: number, entityId: string, upTo: string): ConvertedColumn[] {
  const files = listSubmissions(db, roundId).filter((s) => s.report.part === 'data' && s.uploadedAt <= upTo).reverse();
  for (const s of files) {
    if (!s.report.entityIds) return [];
    if (s.report.entityIds.includes(entityId)) return (s.report.converted ?? []).filter((c) => c.entities?.includes(entityId));
  }
  return [];
}

export function listSubmissions(db: Db, roundId: number): Submission[] {
  return (sql(db, `SELECT ${COLUMNS} FROM submissions WHERE round_id = ? ORDER BY id`).all(roundId) as Row[]).map(toSubmission);
}

/** The original file as uploaded, checked against its stored hash. */
export function submissionFile(db: Db, id: number): { fileName: string; mediaType: string; bytes: Buffer } {
  const r = sql(db, 'SELECT file_name, media_type, content, sha256 FROM submissions WHERE id = ?').get(id) as { file_name: string; media_type: string; content: Buffer; sha256: string } | undefined;
  if (!r) throw notFound(`submission:${id}`, `提交 ${id}`, `submission ${id}`);
  if (sha256Hex(r.content) !== r.sha256) throw new Error(`submission ${id}: stored file does not match its hash`);
  return { fileName: r.file_name, mediaType: r.media_type, bytes: r.content };
}
