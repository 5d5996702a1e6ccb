/**
 * The methodology, read from the scheme's plan: the indicator tree with each node's weight
 * (relative within its parent, and its nominal share of the total), direction, normalisation
 * and missing-data rule in words, the aggregation formula, deductions and bonuses, the score
 * range, grades, vetoes and lists. Shown as its own page and as the 附件 of the 通报 report.
 */
import { expressionText, type Label } from '../../indicators/index.js';
import type { PlanNode, ScoringPlan } from '../../engine/index.js';
import { formatRounded } from '../../engine/index.js';

export interface MethodologyNodeView {
  id: string;
  label: Label;
  depth: number;
  kind: 'aggregate' | 'indicator';
  /** Relative weight within the parent, as the scheme writes it. */
  weight: number;
  /** Nominal share of the total (the product of normalised weights down the tree), 0–1. */
  share: number;
  unit: string | null;
  /** For indicators: direction, normalisation, missing-data rule; for aggregates: how children combine. */
  method: Label;
  missing: Label | null;
  applicable: string | null;
}

export interface MethodologyView {
  scheme: { id: string; version: string; name: Label; description: Label | null };
  decimals: number;
  nodes: MethodologyNodeView[];
  formula: Label;
  rules: { kind: 'deduction' | 'bonus'; label: Label; points: string; when: string | null; cap: number | null }[];
  caps: { deduction: number | null; bonus: number | null };
  scoreRange: [number, number] | null;
  grades: { label: Label; min: number | null; max: number | null }[];
  vetoes: { label: Label; when: string; effect: Label }[];
  lists: { label: Label; when: string }[];
  ranking: Label;
}

const L = (zh: string, en: string): Label => ({ zh, en });

function normaliseText(n: Extract<PlanNode, { kind: 'indicator' }>): Label {
  const p = n.normalise as Record<string, unknown> & { method: string };
  const num = (x: unknown): string => String(x);
  const dir = n.direction === -1 ? L('逆向指标（越低越好，标准化前取负）', 'lower is better (negated before normalisation)') : L('正向指标（越高越好）', 'higher is better');
  const m: Record<string, Label> = {
    none: L('原值即得分', 'the value is the score'),
    minmax: L(`极差标准化：(x − min)/(max − min) 映射到 [${num((p.range as number[] | undefined)?.[0] ?? 0)}, ${num((p.range as number[] | undefined)?.[1] ?? 100)}]`, `min–max: (x − min)/(max − min) onto [${num((p.range as number[] | undefined)?.[0] ?? 0)}, ${num((p.range as number[] | undefined)?.[1] ?? 100)}]`),
    efficacy: L('功效系数法：60 + 40·(x − min)/(max − min)', 'efficacy coefficient: 60 + 40·(x − min)/(max − min)'),
    zscore: L('Z 分数标准化', 'z-score'),
    rank: L('按位次计分（1 为最差）', 'rank among present values (1 = worst)'),
    borda: L('Borda 计数（位次 − 1）', 'Borda count (rank − 1)'),
    percentile: L('百分位', 'percentile'),
    goalpost: L(`目标值法：以 ${num(p.worst)}（最差）至 ${num(p.best)}（最好）计分`, `goalposts: from ${num(p.worst)} (worst) to ${num(p.best)} (best)`),
    target: L(`目标达成度：(x − min)/(${num(p.target)} − min)`, `distance to target: (x − min)/(${num(p.target)} − min)`),
    fractionOfMax: L('占最大值比例：x / max', 'fraction of the maximum: x / max'),
    bands: L('分段计分（见方案的分段表）', 'score bands (see the scheme\'s band table)'),
  };
  const method = m[p.method] ?? L(p.method, p.method);
  return { zh: `${dir.zh}；${method.zh}`, en: `${dir.en}; ${method.en}` };
}

function missingText(n: Extract<PlanNode, { kind: 'indicator' }>): Label {
  const d = n.impute as { method: string; value?: number; group?: string };
  switch (d.method) {
    case 'fixed': return L(`无数据时给固定分 ${d.value}`, `no data: a fixed score of ${d.value}`);
    case 'mean': return L('无数据时以均值插补', 'no data: imputed with the mean');
    case 'median': return L('无数据时以中位数插补', 'no data: imputed with the median');
    case 'groupMean': return L(`无数据时以同组（${d.group}）均值插补`, `no data: imputed with the mean of its group (${d.group})`);
    default: return L('无数据时不计，权重分给同级指标', 'no data: left out, weight to its siblings');
  }
}

function aggregateText(n: Extract<PlanNode, { kind: 'aggregate' }>): Label {
  const a = n.aggregate;
  if (typeof a === 'object') return L(`幂平均（p = ${a.p}）：(Σwxᵖ/Σw)^(1/p)`, `power mean (p = ${a.p}): (Σwxᵖ/Σw)^(1/p)`);
  const m: Record<string, Label> = {
    mean: L('加权算术平均：Σwx / Σw', 'weighted arithmetic mean: Σwx / Σw'),
    geometric: L('加权几何平均：exp(Σw·ln x / Σw)', 'weighted geometric mean: exp(Σw·ln x / Σw)'),
    harmonic: L('加权调和平均：Σw / Σ(w/x)', 'weighted harmonic mean: Σw / Σ(w/x)'),
    sum: L('加权求和：Σwx', 'weighted sum: Σwx'),
  };
  return m[a];
}

function unitOf(plan: ScoringPlan, n: PlanNode): string | null {
  if (n.kind !== 'indicator') return null;
  return n.unit ?? plan.sources.find((s) => s.id === n.input)?.unit ?? plan.derived.find((d) => d.id === n.input)?.unit ?? null;
}

export function methodologyView(plan: ScoringPlan): MethodologyView {
  const share = new Array<number>(plan.nodes.length).fill(0);
  share[0] = 1;
  plan.nodes.forEach((n, j) => {
    if (n.kind !== 'aggregate') return;
    const total = n.children.reduce((s, c) => s + plan.nodes[c].weight, 0);
    for (const c of n.children) share[c] = total > 0 ? share[j] * (plan.nodes[c].weight / total) : 0;
  });
  const gradeLabel = (id: string | null): Label => plan.grades.find((g) => g.id === id)?.label ?? L(id ?? '', id ?? '');
  const d = plan.rounding.decimals;
  const range = plan.scoreRange;
  return {
    scheme: { id: plan.scheme.id, version: plan.scheme.version, name: plan.scheme.name, description: plan.scheme.description ?? null },
    decimals: d,
    nodes: plan.nodes.map((n, j) => ({
      id: n.id, label: n.label, depth: n.depth, kind: n.kind, weight: n.weight, share: share[j], unit: unitOf(plan, n),
      method: n.kind === 'indicator' ? normaliseText(n) : aggregateText(n),
      missing: n.kind === 'indicator' ? missingText(n) : null,
      applicable: n.applicable ? expressionText(n.applicable) : null,
    })),
    formula: L(
      `得分 = 总指数 − min(Σ扣分, 扣分上限) + min(Σ加分, 加分上限)${range ? `，限定在 [${range[0]}, ${range[1]}]` : ''}；各级指数由下级按上表的方法与权重汇总，缺失的下级不计并按其余权重重新归一；得分按四舍六入五成双保留 ${d} 位小数`,
      `score = index − min(Σ deductions, cap) + min(Σ bonuses, cap)${range ? `, held to [${range[0]}, ${range[1]}]` : ''}; each level combines its children by the method and weights above, missing children left out and the rest re-weighted; scores rounded half to even to ${d} decimals`,
    ),
    rules: plan.adjustments.rules.map((r) => ({ kind: r.kind, label: r.label, points: expressionText(r.points), when: r.when ? expressionText(r.when) : null, cap: r.cap })),
    caps: { deduction: plan.adjustments.capDeduction, bonus: plan.adjustments.capBonus },
    scoreRange: range,
    grades: plan.grades.map((g) => ({ label: g.label, min: g.min, max: g.max })),
    vetoes: plan.vetoes.map((v) => ({
      label: v.label, when: expressionText(v.when),
      effect: v.grade ? L(`评为「${gradeLabel(v.grade).zh}」`, `graded ${gradeLabel(v.grade).en}`) : L(`最高评为「${gradeLabel(v.maxGrade).zh}」`, `graded ${gradeLabel(v.maxGrade).en} at most`),
    })),
    lists: plan.lists.map((l) => ({ label: l.label, when: expressionText(l.when) })),
    ranking: L(
      `按${plan.ranking.on === 'rounded' ? '公布的（舍入后的）' : '精确'}得分${plan.ranking.order === 'ascending' ? '由低到高' : '由高到低'}排名，并列者名次相同（1224 式）`,
      `ranked on the ${plan.ranking.on === 'rounded' ? 'published (rounded)' : 'exact'} score, ${plan.ranking.order === 'ascending' ? 'lowest' : 'highest'} first; ties share a rank ("1224")`,
    ),
  };
}

/** A grade band as `[80, 90)`, `≥ 90`, `< 60`. */
export function bandText(g: { min: number | null; max: number | null }, d: number): string {
  const f = (x: number): string => formatRounded(x, Math.min(d, 2));
  if (g.min !== null && g.max !== null) return `[${f(g.min)}, ${f(g.max)})`;
  if (g.min !== null) return `≥ ${f(g.min)}`;
  if (g.max !== null) return `< ${f(g.max)}`;
  return '—';
}
