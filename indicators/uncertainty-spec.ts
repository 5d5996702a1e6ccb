/**
 * The uncertainty-analysis spec (YAML): which assumptions of a scheme are uncertain and what
 * each may be instead. Read like a scheme: YAML → zod shape → checks against the scheme, every
 * problem with its YAML path and line, all collected before anything is thrown. Each
 * alternative is applied alone to the scheme and validated as a scheme would be, so an
 * alternative a node can't take is refused here, naming the spec's path and the node.
 */
import { LineCounter, parseDocument } from 'yaml';
import { yamlErrorZh } from './yaml-messages.js';
import { z } from 'zod';
import { addZodIssues, lineOfPath } from './load.js';
import { formatPath, KaoheError, type Problem } from './messages.js';
import {
  aggregateSchema, bi, idSchema, isIndicator, labelSchema, missingSchema, normaliseSchema, outlierSchema,
  type AggregateDef, type MissingDef, type NormaliseDef, type OutlierDef, type Scheme, type TreeNode,
} from './schema.js';
import { validateScheme } from './validate.js';

type Path = (string | number)[];

const idList = z.union([z.literal('all'), z.array(idSchema).min(1)]);
const probabilities = z.array(z.number().refine((p) => Number.isFinite(p) && p >= 0, { message: bi('概率应为非负有限数', 'a probability must be a finite number ≥ 0') })).optional();

const assumptionSchema = z.strictObject({
  id: idSchema,
  label: labelSchema.optional(),
  weights: z.strictObject({
    nodes: idList,
    noise: z.number().refine((v) => Number.isFinite(v) && v >= 0 && v < 1, { message: bi('noise 应在 0 与 1 之间（含 0，不含 1）', 'noise must be from 0 up to (not including) 1') }),
  }).optional(),
  normalise: z.strictObject({ indicators: idList, alternatives: z.array(normaliseSchema).min(1), p: probabilities }).optional(),
  aggregate: z.strictObject({ nodes: idList, alternatives: z.array(aggregateSchema).min(1), p: probabilities }).optional(),
  impute: z.strictObject({ indicators: idList.default('all'), alternatives: z.array(missingSchema).min(1), p: probabilities }).optional(),
  outliers: z.strictObject({ indicators: idList.default('all'), alternatives: z.array(outlierSchema).min(1), p: probabilities }).optional(),
  /** Each replication drops none or one of the listed indicators (p: none first, then each in the order listed). */
  exclude: z.strictObject({ indicators: z.array(idSchema).min(1), p: probabilities }).optional(),
});

const specSchema = z.strictObject({ assumptions: z.array(assumptionSchema).min(1) });

/** An operator an assumption may replace: the plan (and scheme) field of the same name, `impute` being the scheme's `missing`. */
export type OperatorKind = 'normalise' | 'aggregate' | 'impute' | 'outliers';
export type OperatorDef = NormaliseDef | AggregateDef | MissingDef | OutlierDef;

export type UncertainAssumption =
  | { id: string; kind: 'weights'; nodes: string[]; noise: number }
  | { id: string; kind: OperatorKind; nodes: string[]; alternatives: OperatorDef[]; p: number[] }
  /** Alternative 0 keeps every indicator; alternative k drops nodes[k − 1] (as if not applicable: its weight shared by its siblings). */
  | { id: string; kind: 'exclude'; nodes: string[]; p: number[] };

export interface UncertaintySpec {
  assumptions: UncertainAssumption[];
}

const KINDS = ['weights', 'normalise', 'aggregate', 'impute', 'outliers', 'exclude'] as const;
type Kind = (typeof KINDS)[number];
const LIST_KEY: Record<Kind, 'nodes' | 'indicators'> = { weights: 'nodes', normalise: 'indicators', aggregate: 'nodes', impute: 'indicators', outliers: 'indicators', exclude: 'indicators' };
const SCHEME_FIELD: Record<OperatorKind, 'normalise' | 'aggregate' | 'missing' | 'outliers'> = { normalise: 'normalise', aggregate: 'aggregate', impute: 'missing', outliers: 'outliers' };

/** Parse and check a spec against the scheme it varies. Throws KaoheError listing every problem. */
export function loadUncertaintySpec(text: string, scheme: Scheme): UncertaintySpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new KaoheError(doc.errors.map((e) => ({
      where: 'YAML', line: lineCounter.linePos(e.pos[0]).line, zh: `YAML 语法错误：${yamlErrorZh(e.code)}`, en: `YAML syntax error: ${e.message}`,
    })));
  }
  const problems: Problem[] = [];
  const add = (path: Path, zh: string, en: string): void => {
    problems.push({ where: formatPath(path), line: lineOfPath(doc, lineCounter, path), zh, en });
  };
  const raw = doc.toJS() ?? {};
  const shape = specSchema.safeParse(raw, { reportInput: true });
  if (!shape.success) {
    addZodIssues(shape.error, [], add);
    throw new KaoheError(problems);
  }
  const nodes = preOrder(scheme.tree);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const seenIds = new Set<string>();
  const taken = new Map<string, string>();
  const out: UncertainAssumption[] = [];
  shape.data.assumptions.forEach((a, i) => {
    const at: Path = ['assumptions', i];
    if (seenIds.has(a.id)) add([...at, 'id'], `假设编号「${a.id}」重复`, `assumption id "${a.id}" is used twice`);
    seenIds.add(a.id);
    const kinds = KINDS.filter((k) => a[k] !== undefined);
    if (kinds.length !== 1) {
      add(at, `每个假设须且只能给出 ${KINDS.join('、')} 之一（实际 ${kinds.length} 个）`, `each assumption needs exactly one of ${KINDS.join(', ')} (got ${kinds.length})`);
      return;
    }
    const kind = kinds[0];
    const listPath: Path = [...at, kind, LIST_KEY[kind]];
    const body = a[kind]!;
    const list = 'indicators' in body ? body.indicators : body.nodes;
    const ids = targets(kind, list, nodes, byId, listPath, add);
    for (const id of ids) {
      const key = `${kind}:${id}`;
      const other = taken.get(key);
      if (other !== undefined) add(listPath, `节点「${id}」已在假设「${other}」中变动，同类假设不能重复`, `node ${id} is already varied by assumption "${other}" of the same kind`);
      else taken.set(key, a.id);
    }
    if (kind === 'weights') {
      out.push({ id: a.id, kind, nodes: ids, noise: a.weights!.noise });
      return;
    }
    if (kind === 'exclude') {
      const listed = a.exclude!.indicators;
      listed.forEach((id, k) => {
        const parent = nodes.find((n) => !isIndicator(n) && n.children.some((c) => c.id === id));
        if (parent && !isIndicator(parent) && parent.children.length < 2) add([...listPath, k], `指标「${id}」是「${parent.id}」唯一的子节点，去掉它会使该节点无从计分`, `indicator ${id} is the only child of ${parent.id}: dropping it would leave ${parent.id} nothing to score`);
      });
      // In the order listed: p names none first, then each indicator as written.
      const order = listed.filter((id) => ids.includes(id));
      out.push({ id: a.id, kind, nodes: order, p: checkProbabilities(a.exclude!.p, order.length + 1, [...at, kind, 'p'], add) });
      return;
    }
    const def = body as { alternatives: OperatorDef[]; p?: number[] };
    const p = checkProbabilities(def.p, def.alternatives.length, [...at, kind, 'p'], add);
    def.alternatives.forEach((alt, k) => {
      const variant = withOperator(scheme, new Set(ids), SCHEME_FIELD[kind], alt);
      for (const sp of validateScheme(variant)) {
        add([...at, kind, 'alternatives', k], `方案不接受该选项：${formatPath(sp.path)}：${sp.zh}`, `the scheme can't take this alternative: ${formatPath(sp.path)}: ${sp.en}`);
      }
    });
    out.push({ id: a.id, kind, nodes: ids, alternatives: def.alternatives, p });
  });
  if (problems.length > 0) throw new KaoheError(problems);
  return { assumptions: out };
}

function preOrder(tree: TreeNode): TreeNode[] {
  const out: TreeNode[] = [];
  const visit = (n: TreeNode): void => {
    out.push(n);
    if (!isIndicator(n)) n.children.forEach(visit);
  };
  visit(tree);
  return out;
}

/** The node ids an assumption varies (`all`: every node it can apply to, in tree order). */
function targets(kind: Kind, list: 'all' | string[], nodes: TreeNode[], byId: Map<string, TreeNode>, path: Path, add: (p: Path, zh: string, en: string) => void): string[] {
  const fits = (n: TreeNode): boolean => (kind === 'weights' ? n !== nodes[0] : kind === 'aggregate' ? !isIndicator(n) : isIndicator(n));
  if (list === 'all') return nodes.filter(fits).map((n) => n.id);
  const what = kind === 'weights'
    ? { zh: '根节点没有权重', en: 'the root has no weight' }
    : kind === 'aggregate' ? { zh: '不是汇总节点（只有汇总节点有汇总方法）', en: 'is not an aggregate (only aggregates have an aggregation method)' } : { zh: `不是指标（只有指标有 ${kind}）`, en: `is not an indicator (only indicators have ${kind})` };
  const seen = new Set<string>();
  list.forEach((id, k) => {
    const n = byId.get(id);
    if (!n) add([...path, k], `方案中没有节点「${id}」`, `the scheme has no node "${id}"`);
    else if (!fits(n)) add([...path, k], `节点「${id}」${what.zh}`, `node ${id}: ${what.en}`);
    else if (seen.has(id)) add([...path, k], `节点「${id}」重复列出`, `node ${id} is listed twice`);
    seen.add(id);
  });
  return nodes.filter((n) => seen.has(n.id) && fits(n)).map((n) => n.id);
}

/** Equal chances unless `p` is given: then one per alternative, summing to 1. */
function checkProbabilities(p: number[] | undefined, count: number, path: Path, add: (p: Path, zh: string, en: string) => void): number[] {
  if (p === undefined) return Array.from({ length: count }, () => 1 / count);
  if (p.length !== count) add(path, `概率个数（${p.length}）应与备选项个数（${count}）相同`, `there must be one probability per alternative (${count}), got ${p.length}`);
  const sum = p.reduce((s, x) => s + x, 0);
  if (Math.abs(sum - 1) > 1e-9) add(path, `概率之和应为 1，实际为 ${sum}`, `the probabilities must sum to 1, got ${sum}`);
  return p;
}

/** The scheme with the operator (a scheme field) of the listed nodes replaced. */
function withOperator(scheme: Scheme, ids: Set<string>, field: (typeof SCHEME_FIELD)[OperatorKind], alt: OperatorDef): Scheme {
  const map = (n: TreeNode): TreeNode => {
    if (isIndicator(n)) return field !== 'aggregate' && ids.has(n.id) ? { ...n, [field]: alt } : n;
    const children = n.children.map(map);
    return field === 'aggregate' && ids.has(n.id) ? { ...n, aggregate: alt as AggregateDef, children } : { ...n, children };
  };
  return { ...scheme, tree: map(scheme.tree) };
}
