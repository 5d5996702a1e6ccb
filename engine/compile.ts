/**
 * Scheme → ScoringPlan. The scheme has already been validated (indicators/), so every name
 * resolves and every expression parses; this step orders derived indicators, flattens the
 * tree into pre-order with parent links, fills in defaults, and hashes the result.
 */
import {
  canonicalJson,
  hashCanonical,
  isIndicator,
  parseExpression,
  references,
  type Ast,
  type RecordTypeDef,
  type Scheme,
  type SettlementDef,
  type TreeNode,
  LATEST_SEMANTICS,
} from '../indicators/index.js';
import type { PlanNode, PlanRecordAggregate, PlanRecordType, PlanSettlement, ScoringPlan, SettlementAmount, SettlementParty, SourceColumn } from './plan.js';
import { knowsSemantics, semanticsMark } from './semantics.js';

export interface CompiledPlan {
  plan: ScoringPlan;
  hash: string;
}

function parsed(text: string): Ast {
  const r = parseExpression(text);
  if (!r.ok) throw new Error(`compile: expression should have been validated: ${r.error.en}`);
  return r.ast;
}

/**
 * Record function calls become columns computed before the kernels run: each distinct call is
 * named `#rK` (a name no scheme id can take) and the expression reads it like an input.
 */
class RecordLowering {
  readonly aggregates: PlanRecordAggregate[] = [];
  private readonly byKey = new Map<string, string>();

  lower(a: Ast): Ast {
    switch (a.t) {
      case 'rec': {
        const key = canonicalJson(a);
        let id = this.byKey.get(key);
        if (id === undefined) {
          id = `#r${this.aggregates.length}`;
          this.byKey.set(key, id);
          this.aggregates.push({ id, fn: a.fn, type: a.type, field: a.field, filter: a.filter });
        }
        return { t: 'ref', name: id };
      }
      case 'un': return { ...a, a: this.lower(a.a) };
      case 'bin': return { ...a, a: this.lower(a.a), b: this.lower(a.b) };
      case 'if': return { ...a, c: this.lower(a.c), a: this.lower(a.a), b: this.lower(a.b) };
      case 'call': return { ...a, args: a.args.map((x) => this.lower(x)) };
      default: return a;
    }
  }
}

function recordType(t: RecordTypeDef): PlanRecordType {
  let validity: PlanRecordType['validity'] = null;
  if (t.validity) {
    const [unit, amount] = Object.entries(t.validity)[0] as ['days' | 'months' | 'years', number | string];
    validity = typeof amount === 'number' ? { unit, amount, field: null } : { unit, amount: null, field: amount };
  }
  return {
    id: t.id,
    label: t.label,
    fields: t.fields.map((f) => ({ id: f.id, label: f.label, type: f.type, unit: f.unit, required: f.required, range: f.range, categories: f.categories })),
    validity,
    end: t.end ?? null,
    repairedBy: t.repairedBy ?? null,
    repairable: t.repairable ? parsed(t.repairable) : null,
    ...(t.roles ? { roles: [...t.roles] } : {}),
  };
}

export interface CompileOptions {
  /** The semantics level to compile at; default the scheme's `semantics`, else the newest level. */
  semantics?: number;
}

export function compile(scheme: Scheme, options: CompileOptions = {}): CompiledPlan {
  const level = options.semantics ?? scheme.semantics ?? LATEST_SEMANTICS;
  if (!knowsSemantics(level)) throw new Error(`compile: semantics level ${level} is newer than this engine (levels 1–${LATEST_SEMANTICS})`);
  const lowering = new RecordLowering();
  const ast = (text: string): Ast => lowering.lower(parsed(text));
  const sources: SourceColumn[] = [
    ...scheme.attributes.map((a): SourceColumn => ({
      id: a.id, role: 'attribute', type: a.type, label: a.label, required: false, categories: a.categories,
    })),
    ...scheme.inputs.map((i): SourceColumn => ({
      id: i.id, role: 'input', type: i.type, label: i.label, unit: i.unit, required: i.required,
      range: i.range, categories: i.categories,
    })),
  ];

  const nodes: PlanNode[] = [];
  const flatten = (n: TreeNode, parent: number, depth: number): void => {
    const index = nodes.length;
    const base = {
      id: n.id, label: n.label, parent, depth, weight: n.weight ?? 1,
      applicable: n.applicable ? ast(n.applicable) : null,
    };
    if (isIndicator(n)) {
      nodes.push({
        ...base,
        kind: 'indicator',
        input: n.input ?? n.id,
        unit: n.unit,
        denominate: n.denominator ? { by: n.denominator, scale: n.scale ?? 1 } : null,
        direction: n.direction === 'lower' ? -1 : 1,
        impute: n.missing,
        outliers: n.outliers,
        normalise: n.normalise,
      });
      return;
    }
    const agg: PlanNode = { ...base, kind: 'aggregate', aggregate: n.aggregate, threshold: n.threshold, children: [] };
    nodes.push(agg);
    for (const c of n.children) {
      agg.children.push(nodes.length);
      flatten(c, index, depth + 1);
    }
  };
  flatten(scheme.tree, -1, 0);

  const plan: ScoringPlan = {
    format: 1,
    ...semanticsMark(level),
    scheme: {
      id: scheme.id, version: scheme.version, name: scheme.name, subject: scheme.subject, description: scheme.description,
      ...(scheme.validFrom !== undefined ? { validFrom: scheme.validFrom } : {}), ...(scheme.validTo !== undefined ? { validTo: scheme.validTo } : {}),
    },
    rounding: { decimals: scheme.rounding.decimals },
    ranking: { on: scheme.ranking.on, groups: scheme.ranking.groups, ...(scheme.ranking.order === 'ascending' ? { order: 'ascending' as const } : {}) },
    sources,
    missingValues: scheme.missingValues.length > 0 ? scheme.missingValues.map((v) => v.trim()) : undefined,
    ...(scheme.records.length > 0 ? { records: scheme.records.map(recordType) } : {}),
    derived: orderDerived(scheme, ast),
    nodes,
    adjustments: {
      rules: scheme.adjustments.rules.map((r) => ({
        id: r.id, kind: r.kind, label: r.label, points: ast(r.points), when: r.when ? ast(r.when) : null, cap: r.cap ?? null,
      })),
      capDeduction: scheme.adjustments.cap.deduction ?? null,
      capBonus: scheme.adjustments.cap.bonus ?? null,
    },
    scoreRange: scheme.scoreRange ?? null,
    grades: scheme.grades.map((g) => ({ id: g.id, label: g.label, min: g.min ?? null, max: g.max ?? null, color: g.color ?? null })),
    vetoes: scheme.vetoes.map((v) => ({ id: v.id, label: v.label, when: ast(v.when), grade: v.grade ?? null, maxGrade: v.maxGrade ?? null })),
    lists: scheme.lists.map((l) => ({
      id: l.id, label: l.label, when: ast(l.when),
      ...(l.consequence ? { consequence: { label: l.consequence.label, rate: l.consequence.rate, unit: l.consequence.unit, months: l.consequence.months, base: l.consequence.base ?? null, baseScale: l.consequence.baseScale } } : {}),
    })),
    ...(scheme.settlement ? { settlement: settlementPlan(scheme.settlement) } : {}),
  };
  if (lowering.aggregates.length > 0) plan.recordAggregates = lowering.aggregates;
  return { plan, hash: planHash(plan) };
}

function settlementPlan(s: SettlementDef): PlanSettlement {
  const party = (p: SettlementDef['rules'][number]['payer']): SettlementParty => (typeof p === 'string' ? { attribute: p } : { fixed: p.fixed });
  const amount = (a: SettlementDef['rules'][number]['amount']): SettlementAmount =>
    typeof a === 'number' ? { fixed: a } : 'tiers' in a ? { tiers: a.tiers.map((t) => ({ min: t.min ?? null, max: t.max ?? null, amount: t.amount })) } : { from: a.from };
  return {
    label: s.label, unit: s.unit,
    rules: s.rules.map((r) => ({ list: r.list ?? null, payer: party(r.payer), payee: party(r.payee), amount: amount(r.amount) })),
    cap: s.cap ?? null, term: s.term ?? null,
  };
}

export function planHash(plan: ScoringPlan): string {
  return hashCanonical(plan);
}

/** Derived indicators in dependency order (the validator has ruled out cycles). */
function orderDerived(scheme: Scheme, ast: (text: string) => Ast): ScoringPlan['derived'] {
  const byId = new Map(scheme.derived.map((d) => [d.id, d]));
  const done = new Set<string>();
  const out: ScoringPlan['derived'] = [];
  const visit = (id: string): void => {
    if (done.has(id)) return;
    done.add(id);
    const d = byId.get(id)!;
    const expr = ast(d.expr);
    for (const name of references(expr).names) if (byId.has(name)) visit(name);
    out.push({ id: d.id, label: d.label, unit: d.unit, expr });
  };
  for (const d of scheme.derived) visit(d.id);
  return out;
}
