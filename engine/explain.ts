/**
 * One entity's score, node by node: every node's score, each indicator's path from input to
 * normalised score, its effective weight for this entity (weights re-normalised over the
 * children it actually has, multiplied down the tree) and contribution, and every deduction,
 * bonus, veto and list rule that fired, with the values that made it fire.
 */
import { expressionText, formatDay, references, type Ast, type Label } from '../indicators/index.js';
import { kernelsFor } from './kernels.js';
import { listDates } from './list-dates.js';
import { recordsInForce, repairOutcomes, type RecordInForce, type RepairOutcome } from './records.js';
import type { Results } from './results.js';

export interface NodeExplanation {
  id: string;
  label: Label;
  depth: number;
  kind: 'aggregate' | 'indicator';
  score: number;
  applicable: boolean;
  /** Share of the root score this node carries for this entity (0 when missing). */
  effectiveWeight: number;
  /** effectiveWeight × score: what this node adds to the root (exact for arithmetic means). */
  contribution: number;
  indicator?: {
    input: string;
    inputValue: number;
    prepared: number;
    imputed: boolean;
    treated: number;
    /** The scheme's fixed score for a missing value was used. */
    fixedForMissing: boolean;
    treatment: string;
  };
}

export interface RuleFiring {
  id: string;
  label: Label;
  kind: 'deduction' | 'bonus' | 'veto' | 'list';
  points?: number;
  grade?: string;
  maxGrade?: string;
  /** For lists: the entry's first and (as far as known) last day, YYYY-MM-DD, null when not knowable (engine/list-dates.ts). */
  since?: string | null;
  until?: string | null;
  values: { name: string; value: number | string | null }[];
}

export interface Explanation {
  id: string;
  name: string | null;
  score: number;
  base: number;
  deductions: number;
  bonuses: number;
  rank: number;
  grade: { id: string; label: Label } | null;
  nodes: NodeExplanation[];
  fired: RuleFiring[];
  /** Dated records valid on the evaluation date (the evidence for record rules); empty without records. */
  records: RecordInForce[];
  /** Repair records dated on or before the evaluation date, each applied, refused (not repairable) or not applicable; empty without records. */
  repairs: RepairOutcome[];
  /** The evaluation date the records were read as of (YYYY-MM-DD), or null. */
  asOf: string | null;
}

export function explain(results: Results, entityId: string): Explanation | undefined {
  const i = results.frame.ids.indexOf(entityId);
  if (i < 0) return undefined;
  const { plan, layout, columns } = results;
  const C = columns;
  const weights = effectiveWeights(results, i);
  const nodes: NodeExplanation[] = plan.nodes.map((node, j) => {
    const score = results.nodeScores[j][i];
    const applicable = layout.app[j] < 0 || C[layout.app[j]][i] === 1;
    const base: NodeExplanation = {
      id: node.id, label: node.label, depth: node.depth, kind: node.kind, score, applicable,
      effectiveWeight: weights[j], contribution: weights[j] * score,
    };
    if (node.kind !== 'indicator') return base;
    const inputValue = valueOf(results, node.input, i);
    const prepared = C[layout.raw[j]][i];
    const t = results.indicators[j]?.treatment;
    return {
      ...base,
      indicator: {
        input: node.input,
        inputValue: typeof inputValue === 'number' ? inputValue : NaN,
        prepared,
        imputed: prepared !== prepared && C[layout.imputed[j]][i] === C[layout.imputed[j]][i],
        treated: C[layout.treated[j]][i],
        treatment: t ? t.mode : 'none',
        fixedForMissing: applicable && node.impute.method === 'fixed' && C[layout.treated[j]][i] !== C[layout.treated[j]][i],
      },
    };
  });

  const fired: RuleFiring[] = [];
  plan.adjustments.rules.forEach((r, k) => {
    const points = C[layout.adjustment[k]][i];
    if (points > 0) fired.push({ id: r.id, label: r.label, kind: r.kind, points, values: valuesOf(results, i, r.points, r.when) });
  });
  plan.vetoes.forEach((v, k) => {
    if (C[layout.veto[k]][i] === 1) {
      fired.push({ id: v.id, label: v.label, kind: 'veto', grade: v.grade ?? undefined, maxGrade: v.maxGrade ?? undefined, values: valuesOf(results, i, v.when) });
    }
  });
  const dates = plan.lists.length > 0 ? listDates(results) : null;
  const day = (v: number | undefined): string | null => (v !== undefined && v === v ? formatDay(v) : null);
  plan.lists.forEach((l, k) => {
    if (C[layout.list[k]][i] === 1) {
      fired.push({ id: l.id, label: l.label, kind: 'list', since: day(dates?.since[k][i]), until: day(dates?.until[k][i]), values: valuesOf(results, i, l.when) });
    }
  });

  const g = results.grade[i];
  const filters = results.asOf !== null && results.frame.records ? kernelsFor({ hash: results.planHash, plan }).filters : null;
  return {
    id: entityId,
    name: results.frame.names?.[i] ?? null,
    score: results.score[i],
    base: results.base[i],
    deductions: results.deductions[i],
    bonuses: results.bonuses[i],
    rank: results.rank[i],
    grade: g === g ? { id: plan.grades[g].id, label: plan.grades[g].label } : null,
    nodes,
    fired,
    records: entityRecordsInForce(results, i),
    repairs: filters ? repairOutcomes(plan, filters, results.frame, i, results.asOf!) : [],
    asOf: results.asOf === null ? null : formatDay(results.asOf),
  };
}

/** One entity's records in force on the results' as-of date (none without dated records). */
export function entityRecordsInForce(results: Results, i: number): RecordInForce[] {
  if (results.asOf === null || !results.frame.records) return [];
  return recordsInForce(results.plan, kernelsFor({ hash: results.planHash, plan: results.plan }).filters, results.frame, i, results.asOf);
}

function effectiveWeights(results: Results, i: number): number[] {
  const { plan, layout, columns: C } = results;
  const ew = new Array<number>(plan.nodes.length).fill(0);
  ew[0] = results.nodeScores[0][i] === results.nodeScores[0][i] ? 1 : 0;
  plan.nodes.forEach((node, j) => {
    if (node.kind !== 'aggregate' || ew[j] === 0) return;
    let present = 0;
    let applicableWeight = 0;
    for (const c of node.children) {
      if (layout.app[c] >= 0 && C[layout.app[c]][i] !== 1) continue;
      applicableWeight += plan.nodes[c].weight;
      if (results.nodeScores[c][i] === results.nodeScores[c][i]) present += plan.nodes[c].weight;
    }
    const scale = node.aggregate === 'sum' ? applicableWeight / present : 1 / present;
    for (const c of node.children) {
      const v = results.nodeScores[c][i];
      const app = layout.app[c] < 0 || C[layout.app[c]][i] === 1;
      ew[c] = app && v === v ? ew[j] * plan.nodes[c].weight * scale : 0;
    }
  });
  return ew;
}

function valueOf(results: Results, name: string, i: number): number | string | null {
  const { layout, columns: C, frame, plan } = results;
  const slot = layout.source.get(name) ?? layout.derived.get(name) ?? layout.records.get(name);
  if (slot !== undefined) {
    const v = C[slot][i];
    if (v !== v) return null;
    const dict = frame.dictionaries.get(name);
    return dict ? dict[v] : v;
  }
  const special: Record<string, number> = {
    base: results.base[i], deductions: results.deductions[i], bonuses: results.bonuses[i], score: results.score[i],
  };
  if (name === 'grade') {
    const g = results.grade[i];
    return g === g ? plan.grades[g].id : null;
  }
  const v = special[name];
  return v === undefined || v !== v ? null : v;
}

function valuesOf(results: Results, i: number, ...asts: (Ast | null)[]): RuleFiring['values'] {
  const out: RuleFiring['values'] = [];
  const seen = new Set<string>();
  for (const a of asts) {
    if (!a) continue;
    const refs = references(a);
    for (const name of refs.names) {
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({ name: displayName(results, name), value: valueOf(results, name, i) });
    }
    for (const id of refs.nodes) {
      const key = `node.${id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const j = results.plan.nodes.findIndex((n) => n.id === id);
      const v = results.nodeScores[j][i];
      out.push({ name: key, value: v === v ? v : null });
    }
  }
  return out;
}

/** Record columns (`#rK`) are shown as the call the scheme wrote. */
function displayName(results: Results, name: string): string {
  const agg = results.plan.recordAggregates?.find((a) => a.id === name);
  return agg ? expressionText({ t: 'rec', fn: agg.fn, type: agg.type, field: agg.field, filter: agg.filter }) : name;
}
