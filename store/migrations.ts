/**
 * The schema, as numbered migrations. `PRAGMA user_version` holds the number of the last one
 * applied; at open, the missing ones run in order inside one transaction, so a database is
 * always at some whole version. Never edit a migration that has shipped: add the next one.
 *
 * Immutability is enforced by triggers as well as by the code: scheme versions, rosters,
 * snapshots, results, submissions, publications and the audit log are append-only; a run
 * that has been published can't be changed or deleted; a round's status moves only along
 * the legal transitions.
 */
import type Database from 'better-sqlite3';

const immutable = (table: string, what: string): string => `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${what} are immutable'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${what} are immutable'); END;`;

/** Round status transitions: from>to. */
export const LEGAL_TRANSITIONS = [
  'draft>collecting',
  'collecting>scored',
  'scored>collecting',
  'scored>published',
  'published>archived',
] as const;

export const MIGRATIONS: readonly string[] = [
  // 1: the service's first schema: accounts, schemes, rosters, rounds, snapshots, runs, publications, the audit log.
  `
CREATE TABLE offices (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^a-z0-9-]*'),
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'office', 'leadership', 'auditor', 'public')),
  office_id TEXT REFERENCES offices(id),
  created_at TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  CHECK ((role = 'office') = (office_id IS NOT NULL))
);

-- Tokens and sessions are stored as SHA-256 of the secret only.
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  secret_sha256 TEXT NOT NULL UNIQUE CHECK (length(secret_sha256) = 64),
  label TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE sessions (
  secret_sha256 TEXT PRIMARY KEY CHECK (length(secret_sha256) = 64),
  token_id INTEGER NOT NULL REFERENCES tokens(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

CREATE TABLE schemes (
  id TEXT NOT NULL,
  version TEXT NOT NULL,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  subject TEXT NOT NULL,
  source_text TEXT NOT NULL,
  source_sha256 TEXT NOT NULL,
  plan_json TEXT NOT NULL,
  plan_hash TEXT NOT NULL CHECK (length(plan_hash) = 64),
  uploaded_by INTEGER REFERENCES accounts(id),
  uploaded_at TEXT NOT NULL,
  PRIMARY KEY (id, version)
);
${immutable('schemes', 'scheme versions')}

CREATE TABLE rosters (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts(id),
  created_at TEXT NOT NULL
);
CREATE TABLE roster_regions (
  roster_id INTEGER NOT NULL REFERENCES rosters(id),
  code TEXT NOT NULL CHECK (length(code) = 6 AND code NOT GLOB '*[^0-9]*'),
  name TEXT NOT NULL,
  PRIMARY KEY (roster_id, code)
);
CREATE TABLE roster_officials (
  roster_id INTEGER NOT NULL REFERENCES rosters(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (roster_id, id)
);
CREATE TABLE roster_posts (
  roster_id INTEGER NOT NULL,
  official_id TEXT NOT NULL,
  post TEXT NOT NULL,
  region_code TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT,
  CHECK (end_date IS NULL OR end_date >= start_date),
  FOREIGN KEY (roster_id, official_id) REFERENCES roster_officials(roster_id, id),
  FOREIGN KEY (roster_id, region_code) REFERENCES roster_regions(roster_id, code)
);
CREATE TABLE roster_enterprises (
  roster_id INTEGER NOT NULL REFERENCES rosters(id),
  uscc TEXT NOT NULL CHECK (length(uscc) = 18),
  name TEXT NOT NULL,
  region_code TEXT,
  PRIMARY KEY (roster_id, uscc),
  FOREIGN KEY (roster_id, region_code) REFERENCES roster_regions(roster_id, code)
);
${immutable('rosters', 'rosters')}
${immutable('roster_regions', 'rosters')}
${immutable('roster_officials', 'rosters')}
${immutable('roster_posts', 'rosters')}
${immutable('roster_enterprises', 'rosters')}

-- Input data of a round, named by the SHA-256 of their canonical encoding (store/snapshot-codec.ts).
CREATE TABLE snapshots (
  hash TEXT PRIMARY KEY CHECK (length(hash) = 64),
  n INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_at TEXT NOT NULL
);
${immutable('snapshots', 'snapshots')}

CREATE TABLE rounds (
  id INTEGER PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  scheme_id TEXT NOT NULL,
  scheme_version TEXT NOT NULL,
  roster_id INTEGER NOT NULL REFERENCES rosters(id),
  office_id TEXT NOT NULL REFERENCES offices(id),
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'collecting', 'scored', 'published', 'archived')),
  snapshot_hash TEXT REFERENCES snapshots(hash),
  -- Demo or synthetic data: every page of the round says so.
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  created_by INTEGER REFERENCES accounts(id),
  created_at TEXT NOT NULL,
  CHECK (period_end >= period_start),
  FOREIGN KEY (scheme_id, scheme_version) REFERENCES schemes(id, version)
);
CREATE TRIGGER rounds_legal_status BEFORE UPDATE OF status ON rounds
WHEN OLD.status <> NEW.status AND (OLD.status || '>' || NEW.status) NOT IN (${LEGAL_TRANSITIONS.map((t) => `'${t}'`).join(', ')})
BEGIN SELECT RAISE(ABORT, 'illegal round status transition'); END;
CREATE TRIGGER rounds_frozen_fields BEFORE UPDATE OF scheme_id, scheme_version, roster_id, office_id, synthetic, created_at ON rounds
BEGIN SELECT RAISE(ABORT, 'a round''s scheme, roster and office are fixed'); END;
CREATE TRIGGER rounds_no_delete BEFORE DELETE ON rounds BEGIN SELECT RAISE(ABORT, 'rounds are never deleted: archive them'); END;

CREATE TABLE submissions (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  kind TEXT NOT NULL CHECK (kind IN ('submission', 'correction')),
  reason TEXT,
  file_name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  content BLOB NOT NULL,
  entities INTEGER NOT NULL,
  report_json TEXT NOT NULL,
  uploaded_by INTEGER REFERENCES accounts(id),
  uploaded_at TEXT NOT NULL,
  CHECK (kind = 'submission' OR length(reason) > 0)
);
${immutable('submissions', 'submissions')}

-- The history of a round's input data: every accepted submission adds one.
CREATE TABLE round_snapshots (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  snapshot_hash TEXT NOT NULL REFERENCES snapshots(hash),
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  created_at TEXT NOT NULL
);
${immutable('round_snapshots', 'snapshot histories')}

-- Results, named by the SHA-256 of their encoding: the same results are stored once.
CREATE TABLE results (
  hash TEXT PRIMARY KEY CHECK (length(hash) = 64),
  n INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_at TEXT NOT NULL
);
${immutable('results', 'results')}

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  plan_hash TEXT NOT NULL,
  snapshot_hash TEXT NOT NULL REFERENCES snapshots(hash),
  as_of TEXT NOT NULL,
  engine_version TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  results_hash TEXT REFERENCES results(hash),
  error_json TEXT,
  requested_by INTEGER REFERENCES accounts(id),
  requested_at TEXT NOT NULL,
  finished_at TEXT,
  CHECK ((status = 'done') = (results_hash IS NOT NULL))
);
CREATE INDEX runs_by_round ON runs(round_id);

CREATE TABLE publications (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  run_id INTEGER NOT NULL REFERENCES runs(id),
  reason TEXT,
  published_by INTEGER REFERENCES accounts(id),
  published_at TEXT NOT NULL
);
CREATE INDEX publications_by_round ON publications(round_id);
${immutable('publications', 'publications')}
CREATE TRIGGER publications_done_run BEFORE INSERT ON publications
WHEN NOT EXISTS (SELECT 1 FROM runs WHERE id = NEW.run_id AND round_id = NEW.round_id AND status = 'done')
BEGIN SELECT RAISE(ABORT, 'only a finished run of the same round can be published'); END;
CREATE TRIGGER runs_published_no_update BEFORE UPDATE ON runs
WHEN EXISTS (SELECT 1 FROM publications WHERE run_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'a published run is immutable'); END;
CREATE TRIGGER runs_published_no_delete BEFORE DELETE ON runs
WHEN EXISTS (SELECT 1 FROM publications WHERE run_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'a published run is immutable'); END;

-- Append-only, hash-chained: each entry holds the hash of the one before (store/audit.ts).
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id INTEGER,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);
${immutable('audit', 'audit entries')}
`,
  // 2: tenure audits (离任审计), each stored whole with the hash of its report, never changed.
  `
CREATE TABLE audits (
  id INTEGER PRIMARY KEY,
  official_id TEXT NOT NULL,
  from_date TEXT NOT NULL,
  to_date TEXT NOT NULL,
  report_json TEXT NOT NULL,
  report_hash TEXT NOT NULL CHECK (length(report_hash) = 64),
  created_by INTEGER REFERENCES accounts(id),
  created_at TEXT NOT NULL,
  CHECK (to_date >= from_date)
);
${immutable('audits', 'tenure audits')}
`,
  // 3: passwords beside tokens (scrypt, per-account salt), with the failure count and lock of each.
  `
CREATE TABLE passwords (
  account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
  salt TEXT NOT NULL,
  hash TEXT NOT NULL,
  params TEXT NOT NULL,
  token_id INTEGER NOT NULL REFERENCES tokens(id),
  set_at TEXT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_until TEXT
);
`,
  // 4: what a round's fill-in template tells the cities (the deadline, whom to ask), and the
  // attribute values (e.g. 省份) a roster's entities carry into their template rows.
  `
ALTER TABLE rounds ADD COLUMN deadline TEXT CHECK (deadline IS NULL OR deadline GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
ALTER TABLE rounds ADD COLUMN contact TEXT CHECK (contact IS NULL OR length(contact) <= 200);
ALTER TABLE roster_regions ADD COLUMN attributes_json TEXT;
ALTER TABLE roster_enterprises ADD COLUMN attributes_json TEXT;
`,
  // 5: region boundaries an office uploads for a roster's map, with the map's approval number
  // (审图号); each upload is kept, the latest is the roster's map.
  `
CREATE TABLE roster_maps (
  id INTEGER PRIMARY KEY,
  roster_id INTEGER NOT NULL REFERENCES rosters(id),
  geojson TEXT NOT NULL,
  approval_no TEXT NOT NULL CHECK (length(trim(approval_no)) > 0),
  features INTEGER NOT NULL,
  uploaded_by INTEGER REFERENCES accounts(id),
  uploaded_at TEXT NOT NULL
);
CREATE INDEX roster_maps_roster ON roster_maps (roster_id, id);
${immutable('roster_maps', 'roster maps')}
`,
  // 6: joint rounds: a lead office (rounds.office_id) and participating offices, each roster entity
  // owned by one office, each submission by the office that sent it, each participant's
  // confirmation that its data are complete (of its latest submission then; a later one needs another).
  `
ALTER TABLE roster_regions ADD COLUMN office_id TEXT REFERENCES offices(id);
ALTER TABLE roster_officials ADD COLUMN office_id TEXT REFERENCES offices(id);
ALTER TABLE roster_enterprises ADD COLUMN office_id TEXT REFERENCES offices(id);
ALTER TABLE submissions ADD COLUMN office_id TEXT REFERENCES offices(id);

CREATE TABLE round_participants (
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  office_id TEXT NOT NULL REFERENCES offices(id),
  PRIMARY KEY (round_id, office_id)
);
${immutable('round_participants', 'round participants')}

CREATE TABLE participant_confirmations (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL,
  office_id TEXT NOT NULL,
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  confirmed_by INTEGER REFERENCES accounts(id),
  confirmed_at TEXT NOT NULL,
  FOREIGN KEY (round_id, office_id) REFERENCES round_participants(round_id, office_id)
);
${immutable('participant_confirmations', 'confirmations')}
`,
  // 7: the partner role (另一政府的人员): the accounts table rebuilt for its role CHECK (SQLite can't
  // alter a CHECK: a new table, the rows copied, the old dropped, the new renamed; migrate() checks
  // the foreign keys before committing), each partner's rounds and schemes, and the leads' grants
  // of a round's results before publication.
  `
CREATE TABLE accounts_new (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'office', 'leadership', 'auditor', 'public', 'partner')),
  office_id TEXT REFERENCES offices(id),
  created_at TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  CHECK ((role = 'office') = (office_id IS NOT NULL))
);
INSERT INTO accounts_new (id, name, role, office_id, created_at, disabled) SELECT id, name, role, office_id, created_at, disabled FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;

-- What a partner account reads: these rounds, and the rounds of these schemes (every version).
CREATE TABLE partner_scopes (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  round_id INTEGER REFERENCES rounds(id),
  scheme_id TEXT,
  created_by INTEGER REFERENCES accounts(id),
  created_at TEXT NOT NULL,
  CHECK ((round_id IS NULL) <> (scheme_id IS NULL))
);
${immutable('partner_scopes', 'partner scopes')}

-- A round's lead lets a partner read its results before publication.
CREATE TABLE partner_grants (
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  reason TEXT NOT NULL CHECK (length(reason) > 0),
  granted_by INTEGER REFERENCES accounts(id),
  granted_at TEXT NOT NULL,
  PRIMARY KEY (round_id, account_id)
);
${immutable('partner_grants', 'partner grants')}
`,
  // 8: appeals (申诉) against published results: filed by the entity's office, decided by the
  // round's lead (upheld: a correction, then a republication with the appeal as its reason;
  // rejected, with a reason), every step an immutable event.
  `
CREATE TABLE appeals (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  run_id INTEGER NOT NULL REFERENCES runs(id),
  entity_id TEXT NOT NULL,
  office_id TEXT NOT NULL REFERENCES offices(id),
  grounds TEXT NOT NULL CHECK (length(grounds) > 0),
  attachments_json TEXT NOT NULL,
  filed_by INTEGER REFERENCES accounts(id),
  filed_at TEXT NOT NULL
);
${immutable('appeals', 'appeals')}
CREATE TABLE appeal_events (
  id INTEGER PRIMARY KEY,
  appeal_id INTEGER NOT NULL REFERENCES appeals(id),
  kind TEXT NOT NULL CHECK (kind IN ('upheld', 'rejected', 'republished')),
  reason TEXT,
  submission_id INTEGER REFERENCES submissions(id),
  publication_id INTEGER REFERENCES publications(id),
  actor_id INTEGER REFERENCES accounts(id),
  at TEXT NOT NULL
);
${immutable('appeal_events', 'appeal decisions')}
`,
  // 9: a round's unit conversions (港元 at the round's rate, 澳門元, km² → 公顷), applied on import.
  `
CREATE TABLE round_conversions (
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  position INTEGER NOT NULL,
  from_unit TEXT NOT NULL CHECK (length(from_unit) > 0),
  to_unit TEXT NOT NULL,
  factor REAL NOT NULL CHECK (factor > 0),
  input_id TEXT,
  note TEXT,
  PRIMARY KEY (round_id, position)
);
${immutable('round_conversions', 'unit conversions')}
`,
  // 10: uncertainty analyses of finished runs, each stored whole once it has finished, never changed.
  `
CREATE TABLE analyses (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  spec_text TEXT NOT NULL,
  spec_hash TEXT NOT NULL CHECK (length(spec_hash) = 64),
  replications INTEGER NOT NULL CHECK (replications > 0),
  seed INTEGER NOT NULL CHECK (seed >= 0),
  result_json TEXT NOT NULL,
  result_hash TEXT NOT NULL CHECK (length(result_hash) = 64),
  created_by INTEGER REFERENCES accounts(id),
  created_at TEXT NOT NULL,
  UNIQUE (run_id, spec_hash, replications, seed)
);
${immutable('analyses', 'uncertainty analyses')}
`,
  // 11: the records register: dated records of a scheme family (violations, commitments, repairs,
  // list entries, incidents) kept beyond a round; a correction adds a version, none is changed.
  `
CREATE TABLE register_uploads (
  id INTEGER PRIMARY KEY,
  scheme_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  content BLOB NOT NULL,
  rows INTEGER NOT NULL,
  uploaded_by INTEGER REFERENCES accounts(id),
  uploaded_at TEXT NOT NULL
);
${immutable('register_uploads', 'register uploads')}

CREATE TABLE register_records (
  id INTEGER PRIMARY KEY,
  scheme_id TEXT NOT NULL,
  record_key INTEGER NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  entity_id TEXT NOT NULL,
  date TEXT NOT NULL,
  type TEXT NOT NULL,
  fields_json TEXT NOT NULL,
  withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
  reason TEXT,
  upload_id INTEGER REFERENCES register_uploads(id),
  source TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts(id),
  created_at TEXT NOT NULL,
  UNIQUE (scheme_id, record_key, version),
  CHECK (version = 1 OR length(trim(reason)) > 0)
);
CREATE INDEX register_records_scheme ON register_records (scheme_id, record_key, version);

-- A run that read the register scored a snapshot of its own: the round's data it started from.
ALTER TABLE runs ADD COLUMN round_snapshot_hash TEXT REFERENCES snapshots(hash);
${immutable('register_records', 'register records')}
`,
  // 12: the enterprise role (an enterprise applies for credit repair for its own credit code): the
  // accounts table rebuilt with the new role CHECK and the account's USCC (store/accounts.ts);
  // credit repair applications and the office's decisions, never changed.
  `
CREATE TABLE accounts_new (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'office', 'leadership', 'auditor', 'public', 'partner', 'enterprise')),
  office_id TEXT REFERENCES offices(id),
  created_at TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  uscc TEXT CHECK (uscc IS NULL OR length(uscc) = 18),
  CHECK ((role = 'office') = (office_id IS NOT NULL)),
  CHECK ((role = 'enterprise') = (uscc IS NOT NULL))
);
INSERT INTO accounts_new (id, name, role, office_id, created_at, disabled) SELECT id, name, role, office_id, created_at, disabled FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;

CREATE TABLE repair_applications (
  id INTEGER PRIMARY KEY,
  scheme_id TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  list_id TEXT NOT NULL,
  grounds TEXT NOT NULL CHECK (length(trim(grounds)) > 0),
  attachments_json TEXT NOT NULL,
  applied_by INTEGER REFERENCES accounts(id),
  applied_at TEXT NOT NULL
);
${immutable('repair_applications', 'credit repair applications')}

CREATE TABLE repair_decisions (
  application_id INTEGER PRIMARY KEY REFERENCES repair_applications(id),
  decision TEXT NOT NULL CHECK (decision IN ('approved', 'refused')),
  reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  effective TEXT,
  register_key INTEGER,
  decided_by INTEGER REFERENCES accounts(id),
  decided_at TEXT NOT NULL,
  CHECK ((decision = 'approved') = (register_key IS NOT NULL))
);
${immutable('repair_decisions', 'credit repair decisions')}
`,
  // 13: revoking a partner's scopes and grants. Both stay immutable; a revocation is a row of its
  // own, with its reason. The grants table is rebuilt with an id of its own so a partner may be
  // granted a round again after a revocation (the old key was the round and account).
  `
CREATE TABLE partner_grants_new (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  reason TEXT NOT NULL CHECK (length(reason) > 0),
  granted_by INTEGER REFERENCES accounts(id),
  granted_at TEXT NOT NULL
);
INSERT INTO partner_grants_new (round_id, account_id, reason, granted_by, granted_at)
  SELECT round_id, account_id, reason, granted_by, granted_at FROM partner_grants ORDER BY granted_at;
DROP TABLE partner_grants;
ALTER TABLE partner_grants_new RENAME TO partner_grants;
CREATE INDEX partner_grants_round ON partner_grants(round_id, account_id);
${immutable('partner_grants', 'partner grants')}

CREATE TABLE partner_revocations (
  id INTEGER PRIMARY KEY,
  scope_id INTEGER UNIQUE REFERENCES partner_scopes(id),
  grant_id INTEGER UNIQUE REFERENCES partner_grants(id),
  reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  revoked_by INTEGER REFERENCES accounts(id),
  revoked_at TEXT NOT NULL,
  CHECK ((scope_id IS NULL) <> (grant_id IS NULL))
);
${immutable('partner_revocations', 'partner revocations')}
`,
];

/**
 * Bring the database to the latest version; every missing migration in one transaction. Foreign
 * keys are off meanwhile (a table rebuilt to change a CHECK is dropped while others refer to it:
 * SQLite's own procedure) and checked whole before the commit; they are on again after.
 */
export function migrate(db: Database.Database): void {
  const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
  const apply = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(`the database is at schema version ${current}, newer than this kaohe (${MIGRATIONS.length}): upgrade kaohe`);
    }
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`the migrations would leave ${broken.length} broken foreign key(s): ${JSON.stringify(broken.slice(0, 5))}`);
    if (current < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  db.pragma('foreign_keys = OFF');
  try {
    apply.immediate();
  } finally {
    if (enforced) db.pragma('foreign_keys = ON');
  }
}

/**
 * Every trigger the migrations create, by name, with the statement that creates it (the last one,
 * should a later migration create it again). A later migration that drops a trigger for good must
 * leave it out here too.
 */
export const TRIGGERS: ReadonlyMap<string, string> = new Map(
  MIGRATIONS.flatMap((m) => [...m.matchAll(/CREATE TRIGGER (\w+)\b[\s\S]*?\bEND;/g)].map((x): [string, string] => [x[1], x[0]])),
);

/** The migrations' triggers this database lacks (dropped by someone with the file), in schema order. */
export function missingTriggers(db: Database.Database): string[] {
  const have = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string }[]).map((r) => r.name));
  return [...TRIGGERS.keys()].filter((name) => !have.has(name));
}

/** Create the missing triggers again, in one transaction; returns their names. */
export function recreateTriggers(db: Database.Database): string[] {
  return db.transaction(() => {
    const missing = missingTriggers(db);
    for (const name of missing) db.exec(TRIGGERS.get(name)!);
    return missing;
  }).immediate();
}
