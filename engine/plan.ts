/**
 * The ScoringPlan: plain data that says completely how every number is made. It is what the
 * compiler emits from a validated scheme, what the plan hash names, and what kernels are
 * generated from. Each indicator carries its chain of operators (denominate → impute →
 * treat outliers → normalise → missing rule), so a variant is the same plan with one
 * operator changed.
 */
import type {
  AggregateDef,
  Ast,
  Label,
  MissingDef,
  RecordFunction,
  NormaliseDef,
  OutlierDef,
} from '../indicators/index.js';
import type { LEVEL_1_MARK } from './semantics.js';

export interface SourceColumn {
  id: string;
  role: 'input' | 'attribute';
  type: 'number' | 'boolean' | 'category' | 'date';
  label: Label;
  unit?: string;
  required: boolean;
  range?: [number | null, number | null];
  /** Declared categories (codes are their positions); absent = codes assigned from the data. */
  categories?: string[];
}

export interface PlanRecordField {
  id: string;
  label: Label;
  type: 'number' | 'boolean' | 'category' | 'date';
  unit?: string;
  required: boolean;
  range?: [number | null, number | null];
  categories?: string[];
}

/** A dated record type (see indicators/schema.ts recordTypeSchema). */
export interface PlanRecordType {
  id: string;
  label: Label;
  fields: PlanRecordField[];
  /** How long a record stays valid from its date: a fixed amount or a number field; null = until ended. */
  validity: { unit: 'days' | 'months' | 'years'; amount: number | null; field: string | null } | null;
  end: string | null;
  repairedBy: string | null;
  repairable: Ast | null;
  /** The roles of the entities a record names (absent when the type has none, so older plans keep their hash). */
  roles?: string[];
}

/** One record function call, computed into its own column (`id`, e.g. `#r0`) before the kernels run. */
export interface PlanRecordAggregate {
  id: string;
  fn: RecordFunction;
  type: string;
  field: string | null;
  filter: Ast | null;
}

export interface DerivedStep {
  id: string;
  label: Label;
  unit?: string;
  expr: Ast;
}

interface PlanNodeBase {
  id: string;
  label: Label;
  /** Index of the parent in plan.nodes, −1 for the root. */
  parent: number;
  depth: number;
  /** Relative weight within the parent (1 when the scheme leaves it out). */
  weight: number;
  applicable: Ast | null;
}

export interface PlanAggregate extends PlanNodeBase {
  kind: 'aggregate';
  aggregate: AggregateDef;
  threshold: number;
  children: number[];
}

export interface PlanIndicator extends PlanNodeBase {
  kind: 'indicator';
  input: string;
  unit?: string;
  denominate: { by: string; scale: number } | null;
  direction: 1 | -1;
  impute: MissingDef;
  outliers: OutlierDef;
  normalise: NormaliseDef;
}

export type PlanNode = PlanAggregate | PlanIndicator;

export interface ScoringPlan {
  format: 1;
  /**
   * The semantics level (engine/semantics.ts): a level-1 plan carries `engine: '0.1.0'` and no
   * `semantics`, exactly as the first release wrote it, so its hash never changes; a plan of
   * level 2 or later carries `semantics` and no `engine`. The software version is in neither.
   */
  engine?: typeof LEVEL_1_MARK;
  semantics?: number;
  /** validFrom / validTo: the days the version is in force (absent when the scheme gives none, so existing plans keep their hash). */
  scheme: { id: string; version: string; name: Label; subject: string; description?: Label; validFrom?: string; validTo?: string };
  rounding: { decimals: number };
  /** `order` is absent for descending (rank 1 = the highest score, the only order before it
   * could be chosen), so plans that don't ask for ascending keep their hash. */
  ranking: { on: 'exact' | 'rounded'; groups: string[]; order?: 'ascending' };
  sources: SourceColumn[];
  /** Cell texts that mean missing besides '' and NA (trimmed); absent when the scheme lists none (so older plans keep their hash). */
  missingValues?: string[];
  /** Dated record types; absent when the scheme has none (so older plans keep their hash). */
  records?: PlanRecordType[];
  /** Record function calls in the scheme's expressions, each named `#rK` where the expressions use it. */
  recordAggregates?: PlanRecordAggregate[];
  /** In evaluation order (each after everything it uses). */
  derived: DerivedStep[];
  /** Pre-order: the root first, every node before its children. */
  nodes: PlanNode[];
  adjustments: {
    rules: { id: string; kind: 'deduction' | 'bonus'; label: Label; points: Ast; when: Ast | null; cap: number | null }[];
    capDeduction: number | null;
    capBonus: number | null;
  };
  scoreRange: [number, number] | null;
  grades: { id: string; label: Label; min: number | null; max: number | null; color: string | null }[];
  vetoes: { id: string; label: Label; when: Ast; grade: string | null; maxGrade: string | null }[];
  lists: { id: string; label: Label; when: Ast; consequence?: PlanListConsequence }[];
  /** Transfers from results (eco-compensation); absent when the scheme has none, so older plans keep their hash. */
  settlement?: PlanSettlement;
}

export interface PlanListConsequence {
  label: Label;
  rate: number;
  unit: string;
  months: number;
  base: string | null;
  baseScale: number;
}

export type SettlementParty = { attribute: string } | { fixed: string };
export type SettlementAmount = { fixed: number } | { tiers: { min: number | null; max: number | null; amount: number }[] } | { from: string };

export interface PlanSettlement {
  label: Label;
  unit: string;
  rules: { list: string | null; payer: SettlementParty; payee: SettlementParty; amount: SettlementAmount }[];
  cap: number | null;
  term: { years: number; from: number } | null;
}

