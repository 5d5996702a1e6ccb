/**
 * What each web page shows, as plain data. The server builds these (from the store and the
 * engine's Results, with api/pages/from-results.ts for the parts that come from a run) and
 * hands them to the renderers in api/pages/index.ts, which only format and escape.
 *
 * Numbers are carried unrounded (NaN never: null = missing); the renderers round them
 * half-to-even to `decimals`, the scheme's publication rounding (plan.rounding.decimals).
 * Text that comes in both languages is a Label { zh, en }; text from user data (entity
 * names, group values, round periods) is a plain string shown as it is (escaped).
 */
import type { Label } from '../../indicators/index.js';
import type { Boundaries } from '../../io/index.js';
import type { EntityIntervalView, RankIntervalsView } from './uncertainty-view.js';

export type Lang = 'zh' | 'en';

export type RoundStatus = 'draft' | 'collecting' | 'scored' | 'published' | 'archived';

export type Role = 'admin' | 'office' | 'leadership' | 'auditor' | 'public' | 'partner' | 'enterprise';

/** Who is looking (null = not logged in / the public); shown in the header with a logout button. */
/** A value converted on import: as uploaded in `from` × the round's rate = the value read, in `to`. */
export interface ConversionView {
  input: string;
  label: Label;
  from: string;
  to: string;
  factor: number;
  note: string | null;
  uploaded: number | null;
  value: number | null;
}

/** The characters a Chinese page is written in: 简体 or 繁體 (the page is converted as it is sent). */
export type Script = 'hans' | 'hant';

export interface SessionView {
  user: { name: string; role: Role } | null;
  /** Put into a hidden `csrf` field of the logout form when the server uses one. */
  csrfToken?: string;
}

export interface GradeView {
  id: string;
  label: Label;
  /** CSS colour from the scheme (`#2e7d32`); null = no colour, text only. */
  color: string | null;
}

/** A veto or list rule that applies to an entity, shown as a badge. */
export interface BadgeView {
  id: string;
  label: Label;
}

/** A list the entity is on, with the entry's first and (as far as known) last day, null when not knowable. */
export interface ListBadgeView extends BadgeView {
  since: string | null;
  until: string | null;
}

/** A peer-group attribute the ranking can be filtered by (scheme ranking.groups). */
export interface PeerGroupView {
  /** Attribute column id, e.g. `province`. */
  id: string;
  label: Label;
  /** The values present in this round, in display order. */
  values: string[];
}

/** The round a page is about: title, scheme, period, status. */
export interface RoundHeaderView {
  id: string;
  title: Label;
  schemeName: Label;
  schemeVersion: string;
  /** As the office wrote it: `2024`, `2024年度`, `2024-H1`. */
  period: string;
  status: RoundStatus;
  published: boolean;
  /** Demo or synthetic data: every page of the round shows a banner. */
  synthetic: boolean;
  /** The office that runs the round (a printed page's issuer). */
  office?: Label;
}

/** The run whose results are shown (a round may have several after corrections). */
export interface RunRefView {
  id: string;
  /** ISO 8601 timestamp. */
  createdAt: string;
  /** When shown results are a publication: when it was published and why (republishing needs a reason). */
  publishedAt?: string | null;
  publicationReason?: string | null;
}

// ---------------------------------------------------------------- rounds list

export interface RoundSummaryView extends RoundHeaderView {
  entityCount: number | null;
  /** Last run's time (ISO 8601), null before scoring. */
  lastRunAt: string | null;
  /** The reader may work on the round (its office): the list links to the round's work page. */
  canWork?: boolean;
}

export interface RoundsListView {
  session: SessionView;
  rounds: RoundSummaryView[];
}

// ---------------------------------------------------------------- ranking

export interface RankingRowView {
  /** Competition rank; null = no score (not ranked). */
  rank: number | null;
  entityId: string;
  name: string | null;
  score: number | null;
  grade: GradeView | null;
  /** Previous rank − this rank (positive = moved up); null = no previous round or not ranked then. */
  rankChange: number | null;
  vetoes: BadgeView[];
  lists: ListBadgeView[];
  /** Peer-group values by attribute id (`{ province: '江苏' }`), null = missing. */
  groups: Record<string, string | null>;
  /** Rank within the entity's peer group, by attribute id. */
  groupRanks: Record<string, number | null>;
}

export interface RankingView {
  session: SessionView;
  round: RoundHeaderView;
  run: RunRefView | null;
  decimals: number;
  /** Label of the round that rank changes compare with (`2023`), null = none. */
  previousRoundLabel: string | null;
  peerGroups: PeerGroupView[];
  /** The scheme's grades, best first (the grade filter). */
  grades: GradeView[];
  /** The scheme's score range (the bar chart's axis), null = none declared. */
  scoreRange?: [number, number] | null;
  /** The roster's map (boundaries the office uploaded, with the map's 审图号), null = none. */
  map?: MapView | null;
  /** Every entity, sorted by rank (unranked last); the page shows one page of them. */
  rows: RankingRowView[];
  /** The reader may work on the round (its office): the page links to the round's work page. */
  canWork?: boolean;
  /** Shown results that are a publication: the audit chain head recorded with it (footer). */
  chainHead?: { count: number; hash: string } | null;
  /** The run's uncertainty analysis, when it has one (uncertainty-view.ts). */
  intervals?: RankIntervalsView | null;
}

/** A map of the round's regions: a stored map's id (it never changes), its boundaries and approval number. */
export interface MapView {
  id: number;
  /** 审图号, shown with the map as publication rules require. */
  approvalNo: string;
  boundaries: Boundaries;
}

/** A peer-group filter chosen on the ranking page (`?group=province&value=江苏`). */
export interface GroupFilter {
  by: string;
  value: string;
}

// ---------------------------------------------------------------- scorecard

export interface DimensionView {
  id: string;
  label: Label;
  score: number | null;
  /** Median of this dimension over all scored entities of the run. */
  median: number | null;
}

export interface TrendPointView {
  roundId: string;
  /** Usually the round's period (`2023`). */
  roundLabel: string;
  score: number | null;
  rank: number | null;
  /** Entities ranked in that round (for "3 / 9"). */
  of: number | null;
}

export interface IndicatorScoreView {
  id: string;
  label: Label;
  /** The indicator's normalised score. */
  score: number;
}

/**
 * How an indicator's score came about for this entity: from its own data, from a value imputed
 * before normalisation (mean, median, group mean), from the scheme's fixed score for no data
 * (e.g. 60), or not at all (not applicable to the entity; no data and skipped).
 */
export type IndicatorStatus = 'measured' | 'imputed' | 'fixed' | 'notApplicable' | 'missing';

/** One row of the scorecard's full indicator table: a node of the tree (aggregates as heading rows). */
export interface IndicatorRowView {
  id: string;
  label: Label;
  /** 1 = a dimension; deeper nodes are indented. */
  depth: number;
  kind: 'aggregate' | 'indicator';
  /** The input as entered or derived (indicators), null when missing. */
  value: number | null;
  unit: string | null;
  /** The normalised score (indicators) or the aggregate's score. */
  score: number | null;
  /** Share of the root score this node carries for the entity (0–1). */
  weight: number;
  /** weight × score: points this node adds to the base score. */
  contribution: number | null;
  status: IndicatorStatus;
  /** Among the entity's three strongest or weakest indicators. */
  highlight: 'strongest' | 'weakest' | null;
}

/** The entity's rank within one of its peer groups (`江苏 第 2 名 / 共 5`). */
export interface PeerRankView {
  id: string;
  label: Label;
  value: string;
  rank: number | null;
  of: number;
}

export interface RuleFiredView {
  kind: 'deduction' | 'bonus' | 'veto' | 'list';
  id: string;
  label: Label;
  /** Points deducted or added; null for vetoes and lists. */
  points: number | null;
  /** Why it fired, e.g. `较大及以上突发环境事件次数 = 1` / `Major environmental incidents = 1`. */
  reason: Label;
  /** For vetoes: the grade it forces or caps. */
  effect?: Label | null;
  /** For vetoes: false when the grade the score reached was already what the veto imposes (no badge then). */
  changedGrade?: boolean;
  /** For lists: the entry's first and last day (null: not knowable). */
  since?: string | null;
  until?: string | null;
}

/** One thing that moved between two runs, and why ("what moved and why"). */
export interface ChangeView {
  /** How from/to are shown: a score (rounded), a rank, a grade (its label), or a value as entered. */
  kind: 'score' | 'rank' | 'grade' | 'value';
  what: Label;
  /** A Label when the value has words in both languages (a grade). */
  from: number | string | Label | null;
  to: number | string | Label | null;
  because: Label;
}

export interface ChangesView {
  /** What the current run is compared with (`运行 #2，2025-03-01` / `run #2, 2025-03-01`). */
  since: Label;
  items: ChangeView[];
}

/** An open appeal against the entity's result (api/pages/appeal-banner.ts). */
export interface AppealBannerView {
  id: string;
  state: 'filed' | 'upheld';
  /** When it was filed or upheld. */
  at: string;
}

export interface ScorecardView {
  /** An open appeal (申诉中) against this result, if any. */
  appeal?: AppealBannerView | null;
  session: SessionView;
  round: RoundHeaderView;
  run: RunRefView | null;
  decimals: number;
  entity: { id: string; name: string | null; groups: Record<string, string | null> };
  peerGroups: PeerGroupView[];
  score: number | null;
  /** Root score before deductions, bonuses and vetoes. */
  base: number | null;
  /** The scheme's score range (the score chart's axis), null = none declared. */
  scoreRange: [number, number] | null;
  deductions: number;
  bonuses: number;
  rank: number | null;
  /** Entities ranked in this run. */
  rankedCount: number;
  grade: GradeView | null;
  /** The tree's first level (the scheme's dimensions / categories). */
  dimensions: DimensionView[];
  /** Oldest first, the current round last. */
  trend: TrendPointView[];
  /** Every node of the tree below the root, in the scheme's order. */
  indicators: IndicatorRowView[];
  peerRanks: PeerRankView[];
  rules: RuleFiredView[];
  changes: ChangesView | null;
  /** The entity's intervals from the run's uncertainty analysis, when it has one (uncertainty-view.ts). */
  interval?: EntityIntervalView | null;
  /** The unit conversions its values went through on import. */
  conversions?: ConversionView[];
}

// ---------------------------------------------------------------- a round's work page (the owning office)

/** One problem with a file or an action: where (`数据!D7`, `demo.csv:3 pm25`, `reason`) and what, in both languages. */
export interface ProblemView {
  where: string;
  /** The entity of a data cell (name and id), when the problem is in one. */
  entity?: string;
  zh: string;
  en: string;
}

/** An accepted file and its validation report. */
export interface SubmissionView {
  id: string;
  kind: 'submission' | 'correction';
  fileName: string;
  /** ISO 8601. */
  uploadedAt: string;
  reason: string | null;
  /** `csv` or `xlsx`. */
  format: string;
  rows: number;
  blankRows: number;
  /** Entities with data in the round after this file, and on the roster (null: the roster doesn't list them). */
  roundEntities: number;
  expectedEntities: number | null;
  /** Roster entities still without data after this file (the first ones) and how many in all. */
  missing: { id: string; name: string | null }[];
  missingCount: number;
  /** Values far from the entity's previous round (warnings, not errors; the first ones) and how many in all. */
  warnings: { entity: string; name: string | null; zh: string; en: string }[];
  warningCount: number;
}

export interface RunRowView {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  requestedAt: string;
  finishedAt: string | null;
  entities: number;
  published: boolean;
  /** Scored the round's current data (a later upload makes it old). */
  current: boolean;
  /** While it scores: chunk-steps done and in all. */
  progress: { done: number; total: number } | null;
  /** Why it failed. */
  problems: ProblemView[];
  /** The finished run before this one (for what changed), if any. */
  previousRunId: string | null;
}

export type WorkNotice = 'created' | 'opened' | 'uploaded' | 'scoring' | 'published' | 'archived' | 'mapped' | 'confirmed' | 'granted' | 'revoked';

/** An action that was refused, shown on the work page with the status it was answered with. */
export interface WorkError {
  action: 'open' | 'upload' | 'score' | 'publish' | 'archive' | 'map' | 'confirm' | 'partners';
  zh: string;
  en: string;
  problems: ProblemView[];
}

export interface RoundWorkView {
  /** With csrfToken: every form of the page carries it. */
  session: SessionView;
  /** An auditor's view: what the office did, no forms; runs link to their run pages. */
  readOnly: boolean;
  round: RoundHeaderView;
  /** The round has data (an input snapshot); how many entities, and how many the roster lists. */
  hasData: boolean;
  roundEntities: number;
  expectedEntities: number | null;
  /** Entities still missing after the latest file. */
  missingCount: number | null;
  /** The scheme has record types: the upload form offers a records file. */
  takesRecords: boolean;
  /** The scheme scores regions: the page offers the roster's map boundaries (GeoJSON, with its 审图号); the current map, if any. */
  takesMap?: boolean;
  map?: { approvalNo: string; features: number; uploadedAt: string } | null;
  maxMapBytes?: number;
  /** Oldest first. */
  submissions: SubmissionView[];
  /** Newest first. */
  runs: RunRowView[];
  /** The run the publish form publishes (the latest finished run of the current data, not yet published), and whether that is a republication. */
  publishable: { runId: string; republish: boolean } | null;
  maxUploadBytes: number;
  notice: WorkNotice | null;
  error: WorkError | null;
  /** The reason typed into a refused form, shown again so it needn't be typed twice. */
  reasonTyped?: string | null;
  /** A joint round: the reader's part in it, every participant's state, and its own entities' results. */
  joint?: JointWorkView;
  /** The round's own office only (not read-only, not a participant). */
  partners?: PartnerGrantsView;
}

/** A participating office as the work page lists it. */
export interface ParticipantView {
  id: string;
  name: Label;
  lead: boolean;
  entities: number;
  lastSubmissionAt: string | null;
  /** Confirmed its latest file. */
  submitted: boolean;
  confirmedAt: string | null;
}

/** The lead's partners of a round: who may read its results before publication, and who could be let. */
export interface PartnerGrantsView {
  grants: { accountId: string; name: string; reason: string; grantedAt: string }[];
  /** Partners bound to the round (or its scheme) without a grant. */
  ungranted: { accountId: string; name: string }[];
}

export interface JointWorkView {
  /** The lead opens, scores and publishes; a participant sends, confirms and sees its own entities. */
  role: 'lead' | 'participant';
  officeId: string;
  participants: ParticipantView[];
  /** The latest finished run's rows of the reader's own entities (null before any run). */
  own: { runId: string; published: boolean; decimals: number; rows: RankingRowView[] } | null;
}

// ---------------------------------------------------------------- new round

/** The new-round form's fields (the names it posts). */
export type NewRoundField = 'nameZh' | 'nameEn' | 'scheme' | 'roster' | 'participants' | 'periodStart' | 'periodEnd' | 'deadline' | 'contact' | ConversionField;

/** The form's unit conversion (one; more through the API): from, to, rate, which input, where the rate comes from. */
export type ConversionField = 'convFrom' | 'convTo' | 'convFactor' | 'convInput' | 'convNote';

/** A scheme version to choose; `value` is what the form posts (`id@version`). */
export interface SchemeChoiceView {
  value: string;
  id: string;
  version: string;
  name: Label;
}

/** A roster to choose; `value` is its id; the counts say what it lists. */
export interface RosterChoiceView {
  value: string;
  name: string;
  regions: number;
  officials: number;
  enterprises: number;
}

/** A problem with the form: `field` null = the form as a whole. */
export interface FormProblemView {
  field: NewRoundField | null;
  zh: string;
  en: string;
}

/** The new-round form (an office): the choices, what was typed (after a refusal), and why it was refused. */
export interface NewRoundView {
  /** With csrfToken: the form carries it. */
  session: SessionView;
  schemes: SchemeChoiceView[];
  rosters: RosterChoiceView[];
  /** What the form shows in its fields: empty at first; after a refusal, as typed. */
  values: Record<NewRoundField, string>;
  /** Every problem of a refused form, in field order; empty when not refused. */
  problems: FormProblemView[];
  /** The biggest name the form takes (the API's limit). */
  nameMax: number;
  /** Offices that may take part in a joint round (all but the reader's). */
  offices: { id: string; name: Label }[];
}

// ---------------------------------------------------------------- login

export interface LoginView {
  /** Shown above the form after a failed attempt. */
  error: Label | null;
  /** Where to go after logging in (a local path, checked by the server). */
  next: string | null;
  /** Demo deployments: a hint where the demo tokens are (printed at start). */
  demoHint: boolean;
}
