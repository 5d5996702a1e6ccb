/**
 * Kernel source generation, in the manner of ajv: JavaScript is emitted only from the
 * validated plan. Names become column slots (`c12[i]`) and statistics become parameter
 * reads (`p7`), both integers chosen by the layout; numbers are checked finite and printed
 * with String(), which round-trips exactly; operators and functions come from fixed tables.
 * Every fragment is `Code` (code.ts), made by the `code` template from fixed text, numbers and
 * other fragments, so no string from a scheme or a data file can be spliced into code.
 */
import type { Ast } from '../indicators/index.js';
import type { Layout } from './layout.js';
import type { PlanIndicator, PlanNode, ScoringPlan } from './plan.js';
import { code, commentWord, index, joinCode, type Code } from './code.js';
import { num } from './code-number.js';
import { aggregateMethod, aggregateOperator } from './operators/aggregate/index.js';
import { imputeOperator } from './operators/impute/index.js';
import { outlierOperator } from './operators/outliers/index.js';
import { paramReader } from './operators/params.js';
import { NORMALISE_OPERATORS, normaliseOperator, STAT_NAMES, statParam, type NormaliseTable, type StatName } from './operators/normalise/index.js';
import { gradeLowerBounds } from './grading.js';

export interface KernelSources {
  prepare: Code;
  impute: Code;
  treat: Code;
  score: Code;
  /** With `rescore`: the score kernel without the indicators' normalisation, reading the indicator scores a score run left (only weights changed since). */
  rescore?: Code;
}

/** Fixed helpers every kernel may call: a comparison with a missing side is false. */
export const HELPERS = joinCode([
  code`const fin = (v) => (v - v === 0 ? v : NaN);`,
  code`const eq = (a, b) => (a === b ? 1 : 0);`,
  code`const ne = (a, b) => (a === a && b === b && a !== b ? 1 : 0);`,
  code`const miss = (v) => (v !== v ? 1 : 0);`,
  code`const co = (a, b) => (a === a ? a : b);`,
], '\n');

export { num };

/** Collects which slots and params a kernel reads, so they can be hoisted into locals. */
class Emitter {
  private slots = new Set<number>();
  private params = new Set<number>();
  private tables = new Set<number>();

  col(slot: number): Code {
    this.slots.add(slot);
    return code`c${index(slot)}[i]`;
  }
  colName(slot: number): Code {
    this.slots.add(slot);
    return code`c${index(slot)}`;
  }
  param(p: number): Code {
    this.params.add(p);
    return code`p${index(p)}`;
  }
  table(g: number): Code {
    this.tables.add(g);
    return code`g${index(g)}`;
  }
  wrap(body: Code): Code {
    return this.wrapLoops([body]);
  }
  /** Each body in a loop of its own over the chunk's entities, in order. */
  wrapLoops(bodies: Code[]): Code {
    const head = [
      code`"use strict";`,
      HELPERS,
      ...[...this.slots].sort((a, b) => a - b).map((s) => code`const c${index(s)} = C[${index(s)}];`),
      ...[...this.params].sort((a, b) => a - b).map((p) => code`const p${index(p)} = P[${index(p)}];`),
      ...[...this.tables].sort((a, b) => a - b).map((g) => code`const g${index(g)} = G[${index(g)}];`),
    ];
    return joinCode([joinCode(head, '\n'), ...bodies.map((body) => code`for (let i = start; i < end; i++) {\n${body}\n}`)], '\n');
  }
}


/** A case the types say can't happen: compile-time exhaustiveness, and a clear failure should a value arrive anyway. */
function unreachable(value: never, what: string): never {
  throw new Error(`codegen: unknown ${what} ${JSON.stringify(value)}`);
}

const MATH1: Record<'abs' | 'log' | 'ln' | 'log10' | 'exp' | 'sqrt' | 'floor' | 'ceil', Code> = {
  abs: code`Math.abs`, log: code`Math.log`, ln: code`Math.log`, log10: code`Math.log10`, exp: code`Math.exp`,
  sqrt: code`Math.sqrt`, floor: code`Math.floor`, ceil: code`Math.ceil`,
};

const ARITHMETIC: Record<'+' | '-' | '*' | '/' | '%', Code> = { '+': code`+`, '-': code`-`, '*': code`*`, '/': code`/`, '%': code`%` };
const COMPARISON: Record<'<' | '<=' | '>' | '>=', Code> = { '<': code`<`, '<=': code`<=`, '>': code`>`, '>=': code`>=` };

export interface Resolver {
  name(name: string): Code;
  node(id: string): Code;
  literal(column: string, value: string): Code;
}

/** JavaScript for a validated expression; names become whatever the resolver says (column reads chosen by us). */
export function expr(a: Ast, r: Resolver): Code {
  switch (a.t) {
    case 'num': return num(a.v);
    case 'str': throw new Error('codegen: a quoted value outside a category comparison (validation should have refused it)');
    case 'ref': return r.name(a.name);
    case 'node': return r.node(a.id);
    case 'un': {
      const op = a.op;
      switch (op) {
        case '!': return code`((${expr(a.a, r)}) ? 0 : 1)`;
        case '-': return code`(-(${expr(a.a, r)}))`;
        case '+': return code`(+(${expr(a.a, r)}))`;
        default: return unreachable(op, 'unary operator');
      }
    }
    case 'bin': {
      if ((a.op === '==' || a.op === '!=') && (a.a.t === 'str' || a.b.t === 'str')) {
        const [ref, lit] = a.a.t === 'str' ? [a.b, a.a] : [a.a, a.b];
        if (ref.t !== 'ref' || lit.t !== 'str') throw new Error('codegen: bad category comparison');
        return code`${a.op === '==' ? code`eq` : code`ne`}(${r.name(ref.name)}, ${r.literal(ref.name, lit.v)})`;
      }
      const x = expr(a.a, r);
      const y = expr(a.b, r);
      const op = a.op;
      switch (op) {
        case '+':
        case '-':
        case '*':
        case '/':
        case '%': return code`(${x} ${ARITHMETIC[op]} ${y})`;
        case '<':
        case '<=':
        case '>':
        case '>=': return code`(${x} ${COMPARISON[op]} ${y} ? 1 : 0)`;
        case '==': return code`eq(${x}, ${y})`;
        case '!=': return code`ne(${x}, ${y})`;
        case '&&': return code`((${x}) && (${y}) ? 1 : 0)`;
        case '||': return code`((${x}) || (${y}) ? 1 : 0)`;
        default: return unreachable(op, 'binary operator');
      }
    }
    case 'if': return code`((${expr(a.c, r)}) ? (${expr(a.a, r)}) : (${expr(a.b, r)}))`;
    case 'call': {
      const args = a.args.map((x) => expr(x, r));
      const fn = a.fn;
      switch (fn) {
        case 'abs': case 'log': case 'ln': case 'log10': case 'exp': case 'sqrt': case 'floor': case 'ceil':
          return code`${MATH1[fn]}(${args[0]})`;
        case 'min': return code`Math.min(${joinCode(args, ', ')})`;
        case 'max': return code`Math.max(${joinCode(args, ', ')})`;
        case 'pow': return code`Math.pow(${args[0]}, ${args[1]})`;
        case 'clamp': return code`Math.min(Math.max(${args[0]}, ${args[1]}), ${args[2]})`;
        case 'isMissing': return code`miss(${args[0]})`;
        case 'coalesce': return code`co(${args[0]}, ${args[1]})`;
        case 'if': case 'date': throw new Error(`codegen: ${fn}() is rewritten by the parser and never reaches code generation`);
        default: return unreachable(fn, 'function');
      }
    }
    case 'rec': throw new Error('codegen: a record function should have been replaced by its column');
    default: return unreachable(a, 'AST node');
  }
}

/** `normalise` is the operator table the nodes' methods are looked up in (the layout's own; tests add to it). */
export function generateKernels(plan: ScoringPlan, layout: Layout, normalise: NormaliseTable = NORMALISE_OPERATORS, options: { rescore?: boolean } = {}): KernelSources {
  const nodeIndex = new Map(plan.nodes.map((n, j) => [n.id, j]));
  const gradeIndex = new Map(plan.grades.map((g, k) => [g.id, k]));
  const literalParam = new Map<string, number>();

  const resolver = (e: Emitter): Resolver => ({
    name(name) {
      const s = layout.source.get(name) ?? layout.derived.get(name) ?? layout.records.get(name);
      if (s !== undefined) return e.col(s);
      switch (name) {
        case 'base': return e.col(layout.base);
        case 'deductions': return e.col(layout.deductions);
        case 'bonuses': return e.col(layout.bonuses);
        case 'score': return e.col(layout.final);
        case 'grade': return e.col(layout.grade);
        default: throw new Error(`codegen: unresolved name ${name}`);
      }
    },
    node(id) {
      const j = nodeIndex.get(id);
      if (j === undefined) throw new Error(`codegen: unknown node ${id}`);
      return e.col(layout.score[j]);
    },
    literal(column, value) {
      if (column === 'grade') {
        const g = gradeIndex.get(value);
        if (g === undefined) throw new Error(`codegen: unknown grade ${value}`);
        return num(g);
      }
      const key = JSON.stringify([column, value]);
      let p = literalParam.get(key);
      if (p === undefined) {
        p = layout.paramCount++;
        literalParam.set(key, p);
        layout.literals.push({ param: p, column, value });
      }
      return e.param(p);
    },
  });

  return {
    prepare: prepareKernel(plan, layout, resolver),
    impute: imputeKernel(plan, layout),
    treat: treatKernel(plan, layout),
    score: scoreKernel(plan, layout, resolver, normalise, true),
    ...(options.rescore ? { rescore: scoreKernel(plan, layout, resolver, normalise, false) } : {}),
  };
}

type ResolverFor = (e: Emitter) => Resolver;

/** Phase 1, row-wise: derived indicators, applicability, denomination. */
function prepareKernel(plan: ScoringPlan, layout: Layout, resolver: ResolverFor): Code {
  const e = new Emitter();
  const r = resolver(e);
  const lines: Code[] = [];
  for (const d of plan.derived) lines.push(code`${e.col(layout.derived.get(d.id)!)} = fin(${expr(d.expr, r)});`);
  plan.nodes.forEach((node, j) => {
    if (layout.app[j] >= 0) {
      const own = node.applicable ? code`(${expr(node.applicable, r)})` : code`1`;
      const parent = node.parent >= 0 && layout.app[node.parent] >= 0 ? code`${e.col(layout.app[node.parent])} === 1 && ` : code``;
      lines.push(code`${e.col(layout.app[j])} = ${parent}${own} ? 1 : 0;`);
    }
    if (node.kind !== 'indicator' || layout.raw[j] === (layout.source.get(node.input) ?? layout.derived.get(node.input))) return;
    const src = r.name(node.input);
    const value = node.denominate
      ? code`fin(${src} / ${r.name(node.denominate.by)}${node.denominate.scale === 1 ? code`` : code` * ${node.denominate.scale}`})`
      : src;
    const gate = layout.app[j] >= 0 ? code`${e.col(layout.app[j])} === 1 ? ${value} : NaN` : value;
    lines.push(code`${e.col(layout.raw[j])} = ${gate};`);
  });
  return e.wrap(joinCode(lines, '\n'));
}

/** Phase 3a, row-wise: fill missing values as the imputation operators say (the mean, median or group mean). */
function imputeKernel(plan: ScoringPlan, layout: Layout): Code {
  const e = new Emitter();
  const lines: Code[] = [];
  plan.nodes.forEach((node, j) => {
    if (node.kind !== 'indicator') return;
    const op = imputeOperator(node.impute);
    if (!op.fill) return;
    const x = e.col(layout.raw[j]);
    const applicable = layout.app[j] >= 0 ? code` && ${e.col(layout.app[j])} === 1` : code``;
    const fill = op.fill(node.impute as never, {
      param: paramReader(layout.pImpute[j]!, `imputation ${node.impute.method}`, (p) => e.param(p)),
      table: () => e.table(layout.groupTable[j]),
      column: (id) => e.col(layout.source.get(id)!),
    });
    lines.push(code`{ const x = ${x}; ${e.col(layout.imputed[j])} = x !== x${applicable} ? ${fill} : x; }`);
  });
  return e.wrap(joinCode(lines, '\n'));
}

/** Phase 3b, row-wise: the outlier treatment the outlier step decided (winsorise or log-transform for COINr's rule). */
function treatKernel(plan: ScoringPlan, layout: Layout): Code {
  const e = new Emitter();
  const lines: Code[] = [];
  plan.nodes.forEach((node, j) => {
    if (node.kind !== 'indicator') return;
    const op = outlierOperator(node.outliers);
    if (!op.emit) return;
    const treated = op.emit(node.outliers as never, { param: paramReader(layout.pTreat[j]!, `outlier treatment ${node.outliers.method}`, (p) => e.param(p)) });
    lines.push(code`{ const x = ${e.col(layout.imputed[j])}; ${e.col(layout.treated[j])} = ${treated}; }`);
  });
  return e.wrap(joinCode(lines, '\n'));
}

/** The normalised score of one indicator from its treated value (or rank) `x`, never missing here. */
function normalise(node: PlanIndicator, j: number, layout: Layout, e: Emitter, table: NormaliseTable): Code {
  const op = normaliseOperator(node.normalise, table);
  const base = layout.pStats[j];
  // Every statistic of the block is hoisted into the kernel whether read or not, as kernels always
  // were, so existing plans keep their kernel sources byte for byte.
  const reads = new Map(base >= 0 ? STAT_NAMES.map((name) => [name, e.param(statParam(base, name))]) : []);
  const stat = (name: StatName): Code => {
    const read = reads.get(name);
    if (read === undefined || !op.stats.includes(name)) throw new Error(`codegen: normalisation ${node.normalise.method} reads ${name}, which its operator does not declare in stats`);
    return read;
  };
  return op.emit(node.normalise as never, { up: node.direction === 1, stat });
}

/**
 * Phase 3c, row-wise: normalise, aggregate up the tree, adjust, grade, veto, list. Without
 * `indicators`, the rescore kernel: the same from the indicator scores already in their columns.
 */
function scoreKernel(plan: ScoringPlan, layout: Layout, resolver: ResolverFor, table: NormaliseTable, indicators: boolean): Code {
  const e = new Emitter();
  const r = resolver(e);
  const nodes: Code[] = [];
  const appOf = (j: number): Code => (layout.app[j] >= 0 ? code`${e.col(layout.app[j])} === 1` : code`true`);

  // Children have larger pre-order indices than their parents: reverse order is bottom-up.
  for (let j = plan.nodes.length - 1; j >= 0; j--) {
    const node = plan.nodes[j];
    if (node.kind === 'indicator' && !indicators) continue;
    const method = node.kind === 'indicator' ? node.normalise.method : aggregateMethod(node.aggregate);
    const comment = code`// node ${j} ${commentWord(node.id)} (${commentWord(method)})`;
    if (node.kind === 'indicator') {
      const x = layout.rank[j] >= 0 ? e.col(layout.rank[j]) : e.col(layout.treated[j]);
      const missing = imputeOperator(node.impute).afterNormalise?.(node.impute as never) ?? code``;
      const log = layout.logScore && layout.logScore[j] >= 0 ? code` ${e.col(layout.logScore[j])} = Math.log(${e.col(layout.score[j])});` : code``;
      nodes.push(code`${comment}\n{ const x = ${x}; let y = x !== x ? NaN : ${normalise(node, j, layout, e, table)};${missing} ${e.col(layout.score[j])} = ${appOf(j)} ? y : NaN;${log} }`);
    } else {
      nodes.push(code`${comment}\n${aggregate(node, j, plan.nodes, layout, e, appOf, !indicators)}`);
    }
  }

  const lines: Code[] = [];
  // Adjustments, score, grade, vetoes, lists.
  lines.push(code`const b = ${e.col(layout.score[0])};`, code`${e.col(layout.base)} = b;`, code`let D = 0, B = 0;`);
  plan.adjustments.rules.forEach((rule, k) => {
    const pts = code`(${expr(rule.points, r)})`;
    const value = rule.when ? code`(${expr(rule.when, r)}) ? ${pts} : 0` : pts;
    const cap = rule.cap !== null ? code` if (q > ${rule.cap}) q = ${rule.cap};` : code``;
    lines.push(code`{ let q = ${value}; if (!(q > 0)) q = 0;${cap} ${e.col(layout.adjustment[k])} = q; ${rule.kind === 'deduction' ? code`D` : code`B`} += q; }`);
  });
  if (plan.adjustments.capDeduction !== null) lines.push(code`if (D > ${plan.adjustments.capDeduction}) D = ${plan.adjustments.capDeduction};`);
  if (plan.adjustments.capBonus !== null) lines.push(code`if (B > ${plan.adjustments.capBonus}) B = ${plan.adjustments.capBonus};`);
  lines.push(code`${e.col(layout.deductions)} = D;`, code`${e.col(layout.bonuses)} = B;`, code`let sc = b - D + B;`);
  if (plan.scoreRange) {
    const [lo, hi] = plan.scoreRange;
    lines.push(code`if (sc < ${lo}) sc = ${lo}; if (sc > ${hi}) sc = ${hi};`);
  }
  lines.push(code`${e.col(layout.final)} = sc;`);

  // Grades are listed best first; the best takes everything above, the worst everything below.
  // From semantics level 2 a grade's lower bound applies to the published (rounded) score:
  // rounded(sc) ≥ min is sc ≥ the least double that rounds to min or more.
  const g = plan.grades;
  const bounds = gradeLowerBounds(plan);
  let gradeExpr = code`NaN`;
  if (g.length > 0) {
    gradeExpr = num(g.length - 1);
    for (let k = g.length - 2; k >= 0; k--) gradeExpr = code`sc >= ${bounds[k]} ? ${index(k)} : ${gradeExpr}`;
    gradeExpr = code`sc !== sc ? NaN : ${gradeExpr}`;
  }
  lines.push(code`let g = ${gradeExpr};`);
  const gradeOf = (id: string): Code => index(g.findIndex((x) => x.id === id));
  plan.vetoes.forEach((v, k) => lines.push(code`${e.col(layout.veto[k])} = (${expr(v.when, r)}) ? 1 : 0;`));
  plan.vetoes.forEach((v, k) => {
    if (v.maxGrade !== null) lines.push(code`if (${e.col(layout.veto[k])} === 1 && g < ${gradeOf(v.maxGrade)}) g = ${gradeOf(v.maxGrade)};`);
  });
  if (plan.vetoes.some((v) => v.grade !== null)) {
    lines.push(code`let f = -1;`);
    plan.vetoes.forEach((v, k) => {
      if (v.grade !== null) lines.push(code`if (${e.col(layout.veto[k])} === 1 && f < ${gradeOf(v.grade)}) f = ${gradeOf(v.grade)};`);
    });
    lines.push(code`if (f >= 0) g = f;`);
  }
  lines.push(code`${e.col(layout.grade)} = g;`);
  plan.lists.forEach((l, k) => lines.push(code`${e.col(layout.list[k])} = (${expr(l.when, r)}) ? 1 : 0;`));
  // Rescoring reads few columns per node: a loop per node streams through them (each entity's
  // arithmetic is the same either way). Not where a node reports errors, whose first must be in entity order.
  if (!indicators && !nodes.some((x) => x.includes('E[0]'))) return e.wrapLoops([...nodes, joinCode(lines, '\n')]);
  return e.wrap(joinCode([...nodes, ...lines], '\n'));
}

/**
 * One aggregate node. Children that are not applicable don't count at all; missing children
 * are skipped and the weights of the present ones re-normalised; the node is missing when the
 * present share of its applicable children is below the threshold. E[] reports the first
 * entity (in chunk order) whose child value a mean can't take (negative under a geometric,
 * harmonic or power mean).
 */
function aggregate(node: Extract<PlanNode, { kind: 'aggregate' }>, j: number, nodes: PlanNode[], layout: Layout, e: Emitter, appOf: (j: number) => Code, cachedLogs: boolean): Code {
  const op = aggregateOperator(node.aggregate);
  const def = node.aggregate as never;
  const body: Code[] = [code`let s = 0, w = 0, wt = 0, np = 0, nt = 0, z = 0;`];
  for (const c of node.children) {
    const wc = nodes[c].weight;
    // Weights read from P (uncertainty variants) multiply by the same double as the constant would.
    const W = layout.pWeight ? e.param(layout.pWeight[c]) : num(wc);
    const guard = code`if (v < 0) { if (E[0] === 0) { E[0] = i + 1; E[1] = ${index(j)}; E[2] = ${index(c)}; } }`;
    const ln = cachedLogs && layout.logScore && layout.logScore[c] >= 0 ? e.col(layout.logScore[c]) : code`Math.log(v)`;
    const acc = op.accumulate(def, { W, weighted: wc > 0, guard, ln });
    const app = layout.app[c] >= 0 ? code`${e.col(layout.app[c])} === 1` : code`true`;
    body.push(code`if (${app}) { nt++; wt += ${W}; const v = ${e.col(layout.score[c])}; if (v === v) { np++; ${acc} } }`);
  }
  const result = op.result(def);
  const enough = node.threshold > 0 ? code` && np / nt >= ${node.threshold}` : code``;
  body.push(code`${e.col(layout.score[j])} = ${appOf(j)} && np > 0${enough} && w > 0 ? ${result} : NaN;`);
  return code`{ ${joinCode(body, '\n')} }`;
}
