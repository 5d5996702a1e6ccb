/**
 * The parts of the page view models that come from a run's engine Results: the ranking rows,
 * the peer groups, and one entity's scorecard (dimensions against the median, strongest and
 * weakest indicators, the rules that fired with their reasons, what moved since another run).
 * The server adds what only the store knows (round, run, session, trend, previous ranks).
 */
import { explain, formatDay, formatRounded, gradeLowerBounds, gradeOfScore, listDates, vetoChangedGrade, type Explanation, type Results, type ScoringPlan } from '../../engine/index.js';
import type { Label } from '../../indicators/index.js';
import type {
  BadgeView,
  ListBadgeView,
  ChangesView,
  ChangeView,
  DimensionView,
  GradeView,
  IndicatorRowView,
  IndicatorScoreView,
  PeerGroupView,
  PeerRankView,
  RankingRowView,
  RuleFiredView,
  TrendPointView,
} from './view-models.js';

type RuleFiring = Explanation['fired'][number];

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function gradeView(plan: ScoringPlan, gradeIndex: number): GradeView | null {
  if (!Number.isInteger(gradeIndex) || !plan.grades[gradeIndex]) return null;
  const g = plan.grades[gradeIndex];
  return { id: g.id, label: g.label, color: g.color };
}

/** The scheme's grades, best first. */
export function gradeViews(plan: ScoringPlan): GradeView[] {
  return plan.grades.map((g) => ({ id: g.id, label: g.label, color: g.color }));
}

/** Row index of an entity, −1 when the run has no such entity. */
export function entityIndex(results: Results, entityId: string): number {
  return results.frame.ids.indexOf(entityId);
}

/** An entity's value of a category attribute (a peer-group column), null when missing. */
function attributeValue(results: Results, column: string, i: number): string | null {
  const codes = results.frame.columns.get(column);
  if (!codes) return null;
  const code = codes[i];
  if (code !== code) return null;
  const dict = results.frame.dictionaries.get(column) ?? results.plan.sources.find((s) => s.id === column)?.categories;
  return dict?.[code] ?? null;
}

/** The ranking's peer groups (scheme ranking.groups) with the values present in this run. */
export function peerGroups(results: Results): PeerGroupView[] {
  return results.plan.ranking.groups.map((id) => {
    const source = results.plan.sources.find((s) => s.id === id);
    const present = new Set<string>();
    for (let i = 0; i < results.frame.n; i++) {
      const v = attributeValue(results, id, i);
      if (v !== null) present.add(v);
    }
    // Declared categories keep the scheme's order; others come in order of first appearance.
    const declared = source?.categories ?? [];
    const values = [...declared.filter((v) => present.has(v)), ...[...present].filter((v) => !declared.includes(v))];
    return { id, label: source?.label ?? { zh: id, en: id }, values };
  });
}

function groupsOf(results: Results, i: number): Record<string, string | null> {
  return Object.fromEntries(results.plan.ranking.groups.map((g) => [g, attributeValue(results, g, i)]));
}

/**
 * Every entity's ranking row, by rank (ties and unranked in input order, unranked last).
 * `previousRanks` (entity id → rank in the previous round) gives the rank change.
 */
export function rankingRows(results: Results, previousRanks?: ReadonlyMap<string, number>): RankingRowView[] {
  const { plan, frame } = results;
  const { vetoes: vetoCols, lists: listCols } = results;
  const dates = listDates(results);
  const day = (v: number): string | null => (v === v ? formatDay(v) : null);
  const order = Array.from({ length: frame.n }, (_, i) => i);
  const key = (i: number): number => (Number.isFinite(results.rank[i]) ? results.rank[i] : Infinity);
  order.sort((a, b) => key(a) - key(b) || a - b);
  const bounds = gradeLowerBounds(plan);
  return order.map((i) => {
    const rank = finite(results.rank[i]);
    const before = previousRanks?.get(frame.ids[i]);
    const scoreGrade = gradeOfScore(plan, results.score[i], bounds);
    const vetoes: BadgeView[] = plan.vetoes
      .filter((v, k) => vetoCols[k][i] === 1 && vetoChangedGrade(plan, v, scoreGrade, results.grade[i]))
      .map((v) => ({ id: v.id, label: v.label }));
    const lists: ListBadgeView[] = plan.lists.flatMap((l, k) => (listCols[k][i] === 1 ? [{ id: l.id, label: l.label, since: day(dates.since[k][i]), until: day(dates.until[k][i]) }] : []));
    return {
      rank,
      entityId: frame.ids[i],
      name: frame.names?.[i] ?? null,
      score: finite(results.score[i]),
      grade: gradeView(plan, results.grade[i]),
      rankChange: rank !== null && before !== undefined && Number.isFinite(before) ? before - rank : null,
      vetoes,
      lists,
      groups: groupsOf(results, i),
      groupRanks: Object.fromEntries(plan.ranking.groups.map((g, k) => [g, finite(results.groupRanks[k][i])])),
    };
  });
}

/** entity id → rank, for the next round's rank changes. */
export function ranksById(results: Results): Map<string, number> {
  const out = new Map<string, number>();
  results.frame.ids.forEach((id, i) => {
    if (Number.isFinite(results.rank[i])) out.set(id, results.rank[i]);
  });
  return out;
}

/** The tree's first level: the scheme's dimensions (node indices in plan order). */
export function dimensionNodes(plan: ScoringPlan): number[] {
  return plan.nodes.flatMap((n, j) => (n.parent === 0 ? [j] : []));
}

function median(values: Float64Array): number | null {
  const present = values.filter((v) => v === v).sort();
  const m = present.length;
  if (m === 0) return null;
  return m % 2 === 1 ? present[(m - 1) / 2] : (present[m / 2 - 1] + present[m / 2]) / 2;
}

/** Median of each dimension over all entities that have a score for it (compute once per run). */
export function dimensionMedians(results: Results): (number | null)[] {
  return dimensionNodes(results.plan).map((j) => median(results.nodeScores[j]));
}

export function dimensionViews(results: Results, i: number, medians = dimensionMedians(results)): DimensionView[] {
  return dimensionNodes(results.plan).map((j, k) => ({
    id: results.plan.nodes[j].id,
    label: results.plan.nodes[j].label,
    score: finite(results.nodeScores[j][i]),
    median: medians[k],
  }));
}

/**
 * The entity's `count` highest and lowest indicator scores (normalised, the ones it has),
 * never the same indicator in both lists.
 */
export function indicatorExtremes(results: Results, i: number, count = 3): { strongest: IndicatorScoreView[]; weakest: IndicatorScoreView[] } {
  const scored: IndicatorScoreView[] = [];
  results.plan.nodes.forEach((n, j) => {
    const s = results.nodeScores[j][i];
    if (n.kind === 'indicator' && s === s) scored.push({ id: n.id, label: n.label, score: s });
  });
  const k = Math.min(count, Math.floor(scored.length / 2));
  // Best first: the highest scores, or the lowest in a scheme ranked lowest first (every aggregate rises with its children).
  const better = results.plan.ranking.order === 'ascending' ? -1 : 1;
  const byScore = [...scored].sort((a, b) => better * (b.score - a.score));
  return { strongest: byScore.slice(0, k), weakest: byScore.slice(byScore.length - k).reverse() };
}

/** The label of a name a rule refers to: an input, an attribute, a derived value, a node, or a score part. */
function nameLabel(plan: ScoringPlan, name: string): Label {
  if (name.startsWith('node.')) {
    const node = plan.nodes.find((n) => n.id === name.slice(5));
    if (node) return node.label;
  }
  const source = plan.sources.find((s) => s.id === name) ?? plan.derived.find((d) => d.id === name);
  if (source) return source.label;
  return SPECIAL_NAMES[name] ?? { zh: name, en: name };
}

const SPECIAL_NAMES: Record<string, Label> = {
  base: { zh: '基础得分', en: 'base score' },
  deductions: { zh: '扣分', en: 'deductions' },
  bonuses: { zh: '加分', en: 'bonuses' },
  score: { zh: '得分', en: 'score' },
  grade: { zh: '等级', en: 'grade' },
};

function valueText(plan: ScoringPlan, name: string, value: number | string | null, lang: 'zh' | 'en'): string {
  if (value === null) return lang === 'zh' ? '缺失' : 'missing';
  if (typeof value === 'string') {
    const grade = name === 'grade' ? plan.grades.find((g) => g.id === value) : undefined;
    return grade ? grade.label[lang] : value;
  }
  if (plan.sources.find((s) => s.id === name)?.type === 'boolean') {
    return value === 1 ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no';
  }
  return Number.isInteger(value) ? String(value) : formatRounded(value, plan.rounding.decimals);
}

/** Why a rule fired: the values it looked at, `较大及以上突发环境事件次数 = 1；…`. */
function reason(plan: ScoringPlan, values: RuleFiring['values']): Label {
  const part = (lang: 'zh' | 'en'): string =>
    values.map((v) => `${nameLabel(plan, v.name)[lang]} = ${valueText(plan, v.name, v.value, lang)}`).join(lang === 'zh' ? '；' : '; ');
  return { zh: part('zh'), en: part('en') };
}

function vetoEffect(plan: ScoringPlan, f: RuleFiring): Label | null {
  const label = (id: string): Label => plan.grades.find((g) => g.id === id)?.label ?? { zh: id, en: id };
  if (f.grade) return { zh: `评为「${label(f.grade).zh}」`, en: `graded ${label(f.grade).en}` };
  if (f.maxGrade) return { zh: `最高评为「${label(f.maxGrade).zh}」`, en: `graded ${label(f.maxGrade).en} at most` };
  return null;
}

/** Every deduction, bonus, veto and list rule that applies to the entity, with its reason. */
export function firedRules(results: Results, entityId: string, ex = explain(results, entityId)): RuleFiredView[] {
  if (!ex) return [];
  const { plan } = results;
  const i = entityIndex(results, entityId);
  const scoreGrade = gradeOfScore(plan, results.score[i]);
  return ex.fired.map((f) => {
    const view: RuleFiredView = {
      kind: f.kind,
      id: f.id,
      label: f.label,
      points: f.points ?? null,
      reason: reason(plan, f.values),
      effect: f.kind === 'veto' ? vetoEffect(plan, f) : null,
      ...(f.kind === 'list' ? { since: f.since ?? null, until: f.until ?? null } : {}),
    };
    const veto = f.kind === 'veto' ? plan.vetoes.find((v) => v.id === f.id) : undefined;
    if (veto) view.changedGrade = vetoChangedGrade(plan, veto, scoreGrade, results.grade[i]);
    return view;
  });
}

/** The unit an indicator's value is in: the indicator's own, else its input's or derived value's. */
function unitOf(plan: ScoringPlan, nodeIndex: number): string | null {
  const node = plan.nodes[nodeIndex];
  if (node.kind !== 'indicator') return null;
  return node.unit ?? plan.sources.find((s) => s.id === node.input)?.unit ?? plan.derived.find((d) => d.id === node.input)?.unit ?? null;
}

/** Every node below the root with its value, unit, score, weight, contribution and how its score came about. */
export function indicatorRows(results: Results, ex: Explanation, i: number): IndicatorRowView[] {
  const { strongest, weakest } = indicatorExtremes(results, i);
  const mark = new Map<string, IndicatorRowView['highlight']>([...strongest.map((x) => [x.id, 'strongest'] as const), ...weakest.map((x) => [x.id, 'weakest'] as const)]);
  return ex.nodes.slice(1).map((n, k) => {
    const score = finite(n.score);
    const status: IndicatorRowView['status'] = !n.applicable
      ? 'notApplicable'
      : n.indicator?.fixedForMissing
        ? 'fixed'
        : n.indicator?.imputed
          ? 'imputed'
          : score === null
            ? 'missing'
            : 'measured';
    return {
      id: n.id,
      label: n.label,
      depth: n.depth,
      kind: n.kind,
      value: n.indicator ? finite(n.indicator.inputValue) : null,
      unit: unitOf(results.plan, k + 1),
      score,
      weight: n.effectiveWeight,
      contribution: score === null ? null : finite(n.contribution),
      status,
      highlight: mark.get(n.id) ?? null,
    };
  });
}

/** The entity's rank within each of its peer groups, with the group's size. */
export function peerRanks(results: Results, i: number): PeerRankView[] {
  return results.plan.ranking.groups.flatMap((g, k) => {
    const value = attributeValue(results, g, i);
    if (value === null) return [];
    const codes = results.frame.columns.get(g)!;
    const ranks = results.groupRanks[k];
    let of = 0;
    for (let e = 0; e < results.frame.n; e++) if (codes[e] === codes[i] && Number.isFinite(ranks[e])) of++;
    const source = results.plan.sources.find((s) => s.id === g);
    return [{ id: g, label: source?.label ?? { zh: g, en: g }, value, rank: finite(ranks[i]), of }];
  });
}

/** Everything on a scorecard that one run decides; null when the run has no such entity. */
export function scorecardParts(results: Results, entityId: string, medians = dimensionMedians(results)) {
  const i = entityIndex(results, entityId);
  const ex = explain(results, entityId);
  if (i < 0 || !ex) return null;
  let rankedCount = 0;
  for (let k = 0; k < results.frame.n; k++) if (Number.isFinite(results.rank[k])) rankedCount++;
  return {
    decimals: results.plan.rounding.decimals,
    entity: { id: entityId, name: results.frame.names?.[i] ?? null, groups: groupsOf(results, i) },
    peerGroups: peerGroups(results),
    score: finite(results.score[i]),
    base: finite(results.base[i]),
    scoreRange: results.plan.scoreRange,
    deductions: finite(results.deductions[i]) ?? 0,
    bonuses: finite(results.bonuses[i]) ?? 0,
    rank: finite(results.rank[i]),
    rankedCount,
    grade: gradeView(results.plan, results.grade[i]),
    dimensions: dimensionViews(results, i, medians),
    indicators: indicatorRows(results, ex, i),
    peerRanks: peerRanks(results, i),
    rules: firedRules(results, entityId, ex),
  };
}

/** The entity's point on the trend chart for one round's run. */
export function trendPoint(results: Results, entityId: string, roundId: string, roundLabel: string): TrendPointView {
  const i = entityIndex(results, entityId);
  let of = 0;
  for (let k = 0; k < results.frame.n; k++) if (Number.isFinite(results.rank[k])) of++;
  return {
    roundId,
    roundLabel,
    score: i < 0 ? null : finite(results.score[i]),
    rank: i < 0 ? null : finite(results.rank[i]),
    of: i < 0 ? null : of,
  };
}

/**
 * What moved for one entity between two runs of a round, and why: each of its inputs that
 * changed (a correction), then its score, rank and grade. When none of its own inputs changed,
 * the score still moves if other entities' data did (normalisation uses all of them), or if
 * the scheme version differs; the reason says which.
 */
export function changesBetween(before: Results, after: Results, entityId: string, since: Label): ChangesView {
  const a = entityIndex(before, entityId);
  const b = entityIndex(after, entityId);
  const items: ChangeView[] = [];
  const corrected: Label = { zh: '数据更正（新的输入快照）', en: 'data corrected (a new input snapshot)' };
  const inputs = after.plan.sources.filter((s) => s.role === 'input');
  const changedInputs: Label[] = [];
  for (const s of inputs) {
    const from = a < 0 ? null : rawValue(before, s.id, a);
    const to = b < 0 ? null : rawValue(after, s.id, b);
    if (from === to) continue;
    changedInputs.push(s.label);
    items.push({ kind: 'value', what: s.label, from, to, because: corrected });
  }
  const why: Label = before.planHash !== after.planHash
    ? { zh: '方案版本不同', en: 'the scheme version differs' }
    : changedInputs.length > 0
      ? { zh: `本对象数据更正：${changedInputs.map((l) => l.zh).join('、')}`, en: `this entity's data corrected: ${changedInputs.map((l) => l.en).join(', ')}` }
      : { zh: '其他对象的数据更正改变了标准化所用的统计量（如最小值、最大值）', en: "other entities' corrected data changed the statistics normalisation uses (such as min and max)" };
  const num = (i: number, col: Float64Array): number | null => (i < 0 ? null : finite(col[i]));
  const score = [num(a, before.score), num(b, after.score)] as const;
  const rank = [num(a, before.rank), num(b, after.rank)] as const;
  const decimals = after.plan.rounding.decimals;
  const shownScore = (x: number | null): string | null => (x === null ? null : formatRounded(x, decimals));
  if (shownScore(score[0]) !== shownScore(score[1])) items.push({ kind: 'score', what: { zh: '得分', en: 'Score' }, from: score[0], to: score[1], because: why });
  if (rank[0] !== rank[1]) items.push({ kind: 'rank', what: { zh: '排名', en: 'Rank' }, from: rank[0], to: rank[1], because: why });
  const grade = [a < 0 ? null : gradeView(before.plan, before.grade[a]), b < 0 ? null : gradeView(after.plan, after.grade[b])];
  if (grade[0]?.id !== grade[1]?.id) {
    items.push({ kind: 'grade', what: { zh: '等级', en: 'Grade' }, from: grade[0]?.label ?? null, to: grade[1]?.label ?? null, because: why });
  }
  return { since, items };
}

/** An input's value as entered: a number, a category's text, or null when missing. */
function rawValue(results: Results, column: string, i: number): number | string | null {
  const col = results.frame.columns.get(column);
  if (!col || col[i] !== col[i]) return null;
  const dict = results.frame.dictionaries.get(column);
  return dict ? (dict[col[i]] ?? null) : col[i];
}
