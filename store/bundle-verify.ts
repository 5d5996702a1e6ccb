/**
 * Checking an audit bundle (bundle.ts) offline, from its files alone: every file against the
 * manifest's SHA-256; the plan hash from the scheme YAML compiled at the recorded semantics
 * level; the snapshot's stored encoding against the snapshot hash (its content address); the
 * snapshot hash recomputed from the data CSV (and records CSV) as the store computes it
 * (snapshot-codec.ts: the plan's canonical frame, encoded); the run rescored from the scheme,
 * the data and the as-of, giving the bundle's results CSV, its hash and the store's results
 * hash; each audit entry's hash by the documented formula (audit.ts) and its link to the entry
 * before it when that one is in the bundle (a round's entries are a part of the whole log: the
 * gaps are other targets' entries); the entries recording this run; and the chain head being
 * the last entry. A difference is named: the entity and column of a changed cell.
 */
import { compile, evaluate, knowsSemantics, parseDay, type CompiledPlan, type Frame, type RecordTable } from '../engine/index.js';
import { KaoheError, LATEST_SEMANTICS, loadSchemeText, sha256Hex } from '../indicators/index.js';
import { eachCsvRecord, readCsvText, readRecordsCsv, readZipEntries, resultsCsv, resultsCsvHash, splitRecordsOrigin, type ZipKind, type ZipLimits } from '../io/index.js';
import { AUDIT_GENESIS, auditEntryHash, type AuditEntry, type AuditHead } from './audit.js';
import { BUNDLE_FILES, BUNDLE_FORMAT, type BundleManifest } from './bundle.js';
import { encodeResults } from './results-codec.js';
import { canonicalFrame, decodeSnapshot, encodeSnapshot } from './snapshot-codec.js';

export interface BundleCheck {
  name: string;
  ok: boolean;
  zh: string;
  en: string;
}

type Outcome = Omit<BundleCheck, 'name'>;

const pass = (zh: string, en: string): Outcome => ({ ok: true, zh, en });
const fail = (zh: string, en: string): Outcome => ({ ok: false, zh, en });

/**
 * A check that could not run (a file it needs is unreadable or was made up): failed, with the
 * problems. Whatever a bundle holds is input, so any error reading it fails the check.
 */
function attempt(run: () => Outcome): Outcome {
  try {
    return run();
  } catch (e) {
    if (e instanceof KaoheError) return fail(e.problems.map((p) => `${p.where}: ${p.zh}`).join('；'), e.problems.map((p) => `${p.where}: ${p.en}`).join('; '));
    const message = (e as Error).message;
    return fail(`无法读取（${message}）`, `could not be read (${message})`);
  }
}

function badBundle(where: string, zh: string, en: string): KaoheError {
  return new KaoheError([{ where, zh: `${zh}：这不是 kaohe 审计包，请重新下载（GET /api/runs/:id/bundle）`, en: `${en}: not a kaohe audit bundle; download it again (GET /api/runs/:id/bundle)` }]);
}

const HASH = /^[0-9a-f]{64}$/;

const BUNDLE_ZIP: ZipKind = {
  name: { zh: '审计包', en: 'bundle' },
  tooLarge: { zh: '：不是 kaohe 写出的审计包', en: ': not a bundle kaohe wrote' },
  resave: { zh: '：请重新下载审计包', en: ': download the bundle again' },
  encrypted: { zh: '审计包已加密：请使用服务下载的原始审计包', en: 'the bundle is encrypted: use the bundle as the service sent it' },
  notZip: () => ({ zh: '不是审计包（文件不是 zip 格式）：请使用 GET /api/runs/:id/bundle 下载的 .zip 文件', en: 'not a bundle (the file is not a zip): use the .zip that GET /api/runs/:id/bundle sends' }),
  sheets: false,
  complete: (names, where) => {
    if (!names.has(BUNDLE_FILES.manifest)) throw badBundle(where, `缺少清单文件 ${BUNDLE_FILES.manifest}`, `the bundle has no ${BUNDLE_FILES.manifest}`);
  },
};

/** A bundle is a dozen files: the workbook's caps on ratios and inflated size, fewer entries, a larger file. */
export const BUNDLE_ZIP_LIMITS: Partial<ZipLimits> = { maxBytes: 512 * 1024 * 1024, maxEntries: 100 };

/** A bundle's files, checked from the zip's directory before anything is inflated (a zip bomb is refused). */
export function readBundleZip(bytes: Buffer, where: string, limits: Partial<ZipLimits> = BUNDLE_ZIP_LIMITS): Promise<Map<string, Buffer>> {
  return readZipEntries(bytes, BUNDLE_ZIP, limits, where);
}

/** The manifest, or a clear error when the bundle has none or it isn't one. */
function readManifest(files: ReadonlyMap<string, Buffer>, where: string): BundleManifest {
  const bytes = files.get(BUNDLE_FILES.manifest);
  if (!bytes) throw badBundle(where, `缺少清单文件 ${BUNDLE_FILES.manifest}`, `the bundle has no ${BUNDLE_FILES.manifest}`);
  let m: BundleManifest;
  try {
    m = JSON.parse(bytes.toString('utf8')) as BundleManifest;
  } catch {
    throw badBundle(`${where}: ${BUNDLE_FILES.manifest}`, '清单不是有效的 JSON', 'the manifest is not valid JSON');
  }
  const ok = m !== null && typeof m === 'object' && m.format === BUNDLE_FORMAT && Array.isArray(m.files)
    && [m.planHash, m.snapshotHash, m.runResultsHash, m.resultsCsvHash].every((h) => typeof h === 'string' && HASH.test(h))
    && Number.isInteger(m.semantics) && typeof m.asOf === 'string' && Number.isInteger(m.runId)
    && m.files.every((f) => typeof f?.name === 'string' && typeof f.sha256 === 'string');
  if (!ok) throw badBundle(`${where}: ${BUNDLE_FILES.manifest}`, `清单缺少字段或格式不是 ${BUNDLE_FORMAT}`, `the manifest lacks fields or is not of format ${BUNDLE_FORMAT}`);
  return m;
}

const text = (files: ReadonlyMap<string, Buffer>, name: string): string => {
  const b = files.get(name);
  if (!b) throw new KaoheError([{ where: name, zh: '审计包中缺少此文件', en: 'the bundle lacks this file' }]);
  return b.toString('utf8');
};

function jsonFile(files: ReadonlyMap<string, Buffer>, name: string): unknown {
  const t = text(files, name);
  try {
    return JSON.parse(t) as unknown;
  } catch {
    throw new KaoheError([{ where: name, zh: '不是有效的 JSON', en: 'not valid JSON' }]);
  }
}

const sameBits = (a: number, b: number): boolean => Object.is(a, b) || (a !== a && b !== b);
const shown = (v: number | string | null | undefined): string => (v === undefined || v === null || (typeof v === 'number' && v !== v) ? '（空 empty）' : String(v));

/** The first cell where the CSV's data differ from the stored snapshot: entity and column. */
function firstDataDifference(csv: Frame, stored: Frame, plan: CompiledPlan): Outcome | null {
  const rowOf = new Map(stored.ids.map((id, r) => [id, r]));
  for (const id of csv.ids) {
    if (!rowOf.has(id)) return fail(`实体 ${id} 在数据 CSV 中，但不在快照中`, `entity ${id} is in the data CSV but not in the snapshot`);
  }
  const inCsv = new Set(csv.ids);
  for (const id of stored.ids) if (!inCsv.has(id)) return fail(`实体 ${id} 在快照中，但不在数据 CSV 中`, `entity ${id} is in the snapshot but not in the data CSV`);
  for (let i = 0; i < csv.n; i++) {
    const id = csv.ids[i];
    const r = rowOf.get(id)!;
    const cell = (column: string, was: string, now: string): Outcome =>
      fail(`实体 ${id} 列 ${column}：快照中为 ${was}，CSV 中为 ${now}`, `entity ${id} column ${column}: ${was} in the snapshot, ${now} in the CSV`);
    const nameA = csv.names?.[i] ?? null;
    const nameB = stored.names?.[r] ?? null;
    if (nameA !== nameB) return cell('name', shown(nameB), shown(nameA));
    for (const s of plan.plan.sources) {
      const a = csv.columns.get(s.id)?.[i] ?? NaN;
      const b = stored.columns.get(s.id)?.[r] ?? NaN;
      const value = (f: Frame, v: number): string | number => (s.type === 'category' && v === v ? f.dictionaries.get(s.id)![v] : v);
      const va = value(csv, a);
      const vb = value(stored, b);
      if (typeof va === 'string' || typeof vb === 'string' ? va !== vb : !sameBits(a, b)) return cell(s.id, shown(vb), shown(va));
    }
  }
  return firstRecordDifference(csv, stored);
}

function firstRecordDifference(csv: Frame, stored: Frame): Outcome | null {
  const a = csv.records;
  const b = stored.records;
  if (!a || !b) return a === b ? null : fail('记录 CSV 与快照中的记录不符（一方没有记录）', 'the records CSV and the snapshot\'s records differ (one side has none)');
  if (a.n !== b.n) return fail(`记录 CSV 有 ${a.n} 条记录，快照中有 ${b.n} 条`, `the records CSV has ${a.n} records, the snapshot ${b.n}`);
  const differs = (t: RecordTable, u: RecordTable, k: number): boolean => csv.ids[t.entity[k]] !== stored.ids[u.entity[k]] || t.type[k] !== u.type[k]
    || !sameBits(t.start[k], u.start[k]) || t.origin[k] !== u.origin[k] || [...t.fields].some(([f, col]) => !sameBits(col[k], u.fields.get(f)?.[k] ?? NaN));
  for (let k = 0; k < a.n; k++) {
    if (differs(a, b, k)) return fail(`第 ${k + 1} 条记录（实体 ${csv.ids[a.entity[k]]}，来源 ${a.origin[k]}）与快照不符`, `record ${k + 1} (entity ${csv.ids[a.entity[k]]}, from ${a.origin[k]}) differs from the snapshot`);
  }
  return null;
}

/** The data CSV (and records CSV) read as the store reads uploads, in the snapshot's canonical form. */
function csvFrame(files: ReadonlyMap<string, Buffer>, compiled: CompiledPlan): Frame {
  const frame = readCsvText(text(files, BUNDLE_FILES.data), compiled.plan, BUNDLE_FILES.data, { blankRows: true });
  if (files.has(BUNDLE_FILES.records)) {
    const split = splitRecordsOrigin(text(files, BUNDLE_FILES.records), BUNDLE_FILES.records);
    if (!split) throw new KaoheError([{ where: BUNDLE_FILES.records, zh: '缺少 #origin 列（各条记录的来源）', en: 'the #origin column (where each record came from) is missing' }]);
    const records = readRecordsCsv(split.text, compiled.plan, frame, BUNDLE_FILES.records);
    if (split.origins.length !== records.n) throw new KaoheError([{ where: BUNDLE_FILES.records, zh: '#origin 列与记录行数不符', en: 'the #origin column does not match the records\' rows' }]);
    records.origin = split.origins;
    frame.records = records;
  }
  return canonicalFrame(frame, compiled.plan);
}

/** The first cell where two results CSVs differ: the entity (the id of the row) and the column. */
function firstResultsDifference(expected: string, got: string): Outcome {
  const rows = (t: string): string[][] => {
    const out: string[][] = [];
    eachCsvRecord(t, BUNDLE_FILES.results, (r) => { out.push(r); });
    return out;
  };
  const a = rows(expected);
  const b = rows(got);
  const header = a[0] ?? [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const ra = a[i] ?? [];
    const rb = b[i] ?? [];
    for (let c = 0; c < Math.max(ra.length, rb.length); c++) {
      if (ra[c] === rb[c]) continue;
      if (i === 0) return fail(`结果 CSV 的表头第 ${c + 1} 列不同：复算为 ${shown(ra[c])}，包中为 ${shown(rb[c])}`, `the results CSV header differs at column ${c + 1}: rescored ${shown(ra[c])}, bundle ${shown(rb[c])}`);
      const entity = ra[0] ?? rb[0];
      return fail(`实体 ${entity} 列 ${header[c] ?? c + 1}：复算为 ${shown(ra[c])}，包中的结果 CSV 为 ${shown(rb[c])}`, `entity ${entity} column ${header[c] ?? c + 1}: rescored ${shown(ra[c])}, ${shown(rb[c])} in the bundle's results CSV`);
    }
  }
  return fail('结果 CSV 的字节不同（行尾或引号）', 'the results CSV bytes differ (line ends or quoting)');
}

function isEntry(v: unknown): v is AuditEntry {
  const e = v as Partial<AuditEntry> | null;
  const str = (x: unknown): boolean => typeof x === 'string';
  return e !== null && typeof e === 'object' && Number.isInteger(e.seq) && str(e.at) && (e.actorId === null || Number.isInteger(e.actorId))
    && str(e.actor) && str(e.action) && str(e.target) && str(e.prevHash) && str(e.hash) && e.detail !== null && typeof e.detail === 'object';
}

function checkAuditLinks(entries: AuditEntry[]): Outcome {
  let prev: AuditEntry | null = null;
  for (const e of entries) {
    if (auditEntryHash(e) !== e.hash) return fail(`审计日志第 ${e.seq} 条的内容与其哈希不符（该条被改动）`, `audit entry ${e.seq} does not match its hash (the entry was changed)`);
    const linked = prev && prev.seq + 1 === e.seq ? prev.hash : e.seq === 1 ? AUDIT_GENESIS : null;
    if (prev && e.seq <= prev.seq) return fail(`审计日志第 ${e.seq} 条排在第 ${prev.seq} 条之后（顺序被改动）`, `audit entry ${e.seq} comes after entry ${prev.seq} (the order was changed)`);
    if (linked !== null && e.prevHash !== linked) return fail(`审计日志第 ${e.seq} 条与前一条不相连`, `audit entry ${e.seq} does not link to the entry before it`);
    prev = e;
  }
  return pass(`${entries.length} 条本轮条目，各条哈希与相邻链接均成立`, `${entries.length} entries of the round: every hash and every link between neighbours holds`);
}

function checkAuditRun(entries: AuditEntry[], m: BundleManifest): Outcome {
  const of = (action: string): AuditEntry | undefined => entries.find((e) => e.action === action && e.detail.runId === m.runId);
  const request = of('run.request');
  const done = of('run.done');
  if (!request || !done) return fail(`审计条目中没有运行 ${m.runId} 的请求与完成记录`, `the audit entries do not record run ${m.runId} being requested and finished`);
  if (request.detail.planHash !== m.planHash || request.detail.snapshot !== m.snapshotHash) {
    return fail(`审计日志第 ${request.seq} 条记载的计划或快照哈希与清单不符`, `audit entry ${request.seq} records another plan or snapshot hash than the manifest`);
  }
  if (done.detail.resultsHash !== m.runResultsHash) return fail(`审计日志第 ${done.seq} 条记载的结果哈希与清单不符`, `audit entry ${done.seq} records another results hash than the manifest`);
  return pass(`第 ${request.seq}、${done.seq} 条记载了本运行的计划、快照与结果哈希`, `entries ${request.seq} and ${done.seq} record this run's plan, snapshot and results hashes`);
}

function checkHead(entries: AuditEntry[], head: AuditHead, m: BundleManifest): Outcome {
  const last = entries[entries.length - 1];
  if (head.count !== m.auditHead?.count || head.hash !== m.auditHead?.hash) return fail('链头文件与清单不符', 'the head file differs from the manifest');
  if (!last || last.seq !== head.count || last.hash !== head.hash) return fail(`链头 ${head.count}:${head.hash} 不是最后一条条目`, `the head ${head.count}:${head.hash} is not the last entry`);
  return pass(`${head.count}:${head.hash}（可用 GET /api/audit/verify?head= 向服务核对）`, `${head.count}:${head.hash} (check it with the service: GET /api/audit/verify?head=)`);
}

export function verifyBundle(files: ReadonlyMap<string, Buffer>, where: string): BundleCheck[] {
  const m = readManifest(files, where);
  const checks: BundleCheck[] = [];
  const add = (name: string, o: Outcome): void => { checks.push({ name, ...o }); };

  // What the checks read, for the checks after them.
  const got: { compiled?: CompiledPlan; stored?: Frame; data?: Frame; entries?: AuditEntry[] } = {};
  const planCheck = attempt(() => {
    if (!knowsSemantics(m.semantics)) return fail(`方案按语义级别 ${m.semantics} 编译，本引擎只认识级别 1–${LATEST_SEMANTICS}：请安装 kaohe ${m.engine} 或更新版本`, `the plan was compiled at semantics level ${m.semantics}; this engine knows levels 1–${LATEST_SEMANTICS}: install kaohe ${m.engine} or later`);
    const compiled = compile(loadSchemeText(text(files, BUNDLE_FILES.scheme)), { semantics: m.semantics });
    got.compiled = compiled;
    return compiled.hash === m.planHash
      ? pass(`${compiled.hash}（语义级别 ${m.semantics}）`, `${compiled.hash} (semantics level ${m.semantics})`)
      : fail(`方案编译得计划哈希 ${compiled.hash}，清单为 ${m.planHash}`, `the scheme compiles to plan hash ${compiled.hash}, the manifest says ${m.planHash}`);
  });

  const storedCheck = attempt(() => {
    const bytes = files.get(BUNDLE_FILES.snapshot);
    if (!bytes) return fail('审计包中缺少快照文件', 'the bundle lacks the snapshot file');
    const hash = sha256Hex(bytes);
    if (hash !== m.snapshotHash) return fail(`快照文件的 SHA-256 为 ${hash}，不是快照哈希 ${m.snapshotHash}`, `the snapshot file's SHA-256 is ${hash}, not the snapshot hash ${m.snapshotHash}`);
    got.stored = decodeSnapshot(bytes);
    return pass(m.snapshotHash, m.snapshotHash);
  });

  const c = got.compiled;
  const dataCheck: Outcome = !c ? fail('方案无法编译，未核对数据', 'the scheme does not compile: the data were not checked') : attempt(() => {
    const data = csvFrame(files, c);
    got.data = data;
    const hash = encodeSnapshot(data).hash;
    if (hash === m.snapshotHash) return pass(`数据 CSV 重算得快照哈希 ${hash}`, `the data CSV gives snapshot hash ${hash}`);
    const diff = got.stored ? firstDataDifference(data, got.stored, c) : null;
    const head = { zh: `数据 CSV 重算得快照哈希 ${hash}，不是 ${m.snapshotHash}`, en: `the data CSV gives snapshot hash ${hash}, not ${m.snapshotHash}` };
    return diff ? fail(`${head.zh}：${diff.zh}`, `${head.en}: ${diff.en}`) : fail(head.zh, head.en);
  });

  // File hashes first; a changed data file is named down to its first changed cell.
  for (const f of m.files) {
    const bytes = files.get(f.name);
    if (!bytes) { add(`file ${f.name}`, fail('清单中列出，但审计包中没有此文件', 'listed in the manifest but missing from the bundle')); continue; }
    const hash = sha256Hex(bytes);
    const dataFile = f.name === BUNDLE_FILES.data || f.name === BUNDLE_FILES.records;
    if (hash === f.sha256) add(`file ${f.name}`, pass(hash, hash));
    else if (dataFile && !dataCheck.ok) add(`file ${f.name}`, fail(`SHA-256 与清单不符；${dataCheck.zh}`, `SHA-256 differs from the manifest; ${dataCheck.en}`));
    else add(`file ${f.name}`, fail(`SHA-256 为 ${hash}，清单为 ${f.sha256}：文件被改动`, `SHA-256 is ${hash}, the manifest says ${f.sha256}: the file was changed`));
  }
  const listed = new Set([...m.files.map((f) => f.name), BUNDLE_FILES.manifest]);
  for (const name of files.keys()) if (!listed.has(name)) add(`file ${name}`, fail('不在清单中的文件', 'a file the manifest does not list'));

  add('plan hash', planCheck);
  add('snapshot', storedCheck);
  add('snapshot hash', dataCheck);

  const data = got.data;
  add('results', !c || !data ? fail('方案或数据无法读取，未复算', 'the scheme or the data could not be read: not rescored') : attempt(() => {
    const results = evaluate(c, data, { asOf: parseDay(m.asOf) });
    const csv = resultsCsv(results);
    const inBundle = text(files, BUNDLE_FILES.results);
    if (csv !== inBundle) return firstResultsDifference(csv, inBundle);
    if (resultsCsvHash(csv) !== m.resultsCsvHash) return fail(`复算的结果 CSV 哈希为 ${resultsCsvHash(csv)}，清单为 ${m.resultsCsvHash}`, `the rescored results CSV hashes to ${resultsCsvHash(csv)}, the manifest says ${m.resultsCsvHash}`);
    const runHash = encodeResults(results).hash;
    if (runHash !== m.runResultsHash) return fail(`复算的运行结果哈希为 ${runHash}，清单为 ${m.runResultsHash}`, `the rescored run results hash is ${runHash}, the manifest says ${m.runResultsHash}`);
    return pass(`复算与结果 CSV 一致：结果 CSV 哈希 ${m.resultsCsvHash}，运行结果哈希 ${runHash}`, `the rescore equals the results CSV: results CSV hash ${m.resultsCsvHash}, run results hash ${runHash}`);
  }));

  const auditRead = attempt(() => {
    const entries = jsonFile(files, BUNDLE_FILES.audit);
    if (!Array.isArray(entries)) return fail('审计条目文件不是数组', 'the audit entries file is not an array');
    const bad = entries.findIndex((e) => !isEntry(e));
    if (bad >= 0) return fail(`第 ${bad + 1} 项不是审计条目（缺少字段或类型不对）`, `item ${bad + 1} is not an audit entry (fields missing or of the wrong type)`);
    got.entries = entries as AuditEntry[];
    return pass('', '');
  });
  const readAudit = (o: (e: AuditEntry[]) => Outcome): Outcome => (got.entries ? attempt(() => o(got.entries!)) : auditRead);
  add('audit chain links', readAudit(checkAuditLinks));
  add('audit run entries', readAudit((e) => checkAuditRun(e, m)));
  add('chain head', readAudit((e) => checkHead(e, jsonFile(files, BUNDLE_FILES.head) as AuditHead, m)));
  return checks;
}
