/**
 * Semantic checks of a scheme whose shape zod has already accepted: unique ids, names that
 * exist, no cycles among derived indicators, parameters that make sense for each
 * normalisation, band tables and grade bands without gaps or overlaps.
 */
import { parseDay } from './calendar.js';
import { children, parseExpression, references, type Ast } from './expression.js';
import { checkNormalise } from './operators/normalise/index.js';
import { isIndicator, type IndicatorNode, type Scheme, type TreeNode } from './schema.js';
import {
  buildScope,
  isCategorical,
  lookup,
  namesAvailable,
  nodesAllowed,
  RESERVED,
  type ExprContext,
  type NameKind,
} from './scope.js';
import { validateRecordCalls, validateRecordTypes } from './validate-records.js';
import { validateSettlement } from './validate-settlement.js';
import { validateMissingValues } from './validate-missing.js';
import { SCHEME_LIMITS } from './limits.js';

/** Columns of the results table besides the node columns. */
const RESULT_COLUMNS = new Set(['id', 'name', 'rank', 'score', 'grade', 'deductions', 'bonuses', 'vetoes', 'lists']);

export interface SchemeProblem {
  path: (string | number)[];
  zh: string;
  en: string;
}

export function validateScheme(s: Scheme): SchemeProblem[] {
  const out: SchemeProblem[] = [];
  const add = (path: (string | number)[], zh: string, en: string): void => {
    out.push({ path, zh, en });
  };

  const nodeIds = new Set<string>();
  // Ids: inputs, attributes and derived share one namespace; nodes have their own.
  const seen = new Map<string, string>();
  const claim = (id: string, path: (string | number)[]): void => {
    if (RESERVED.has(id)) add([...path, 'id'], `「${id}」是保留名称，请换一个编号`, `"${id}" is a reserved name: choose another id`);
    const prev = seen.get(id);
    if (prev) add([...path, 'id'], `编号「${id}」重复（已用于 ${prev}）`, `duplicate id "${id}" (already used at ${prev})`);
    else seen.set(id, pathText(path));
  };
  s.attributes.forEach((a, i) => claim(a.id, ['attributes', i]));
  s.inputs.forEach((inp, i) => {
    claim(inp.id, ['inputs', i]);
    if (inp.type === 'category' && !inp.categories) {
      add(['inputs', i, 'categories'], '类别型输入需列出可选类别 categories', 'a category input needs its list of categories');
    }
    if (inp.type !== 'category' && inp.categories) {
      add(['inputs', i, 'categories'], '只有类别型（category）输入可以列出类别', 'only category inputs can list categories');
    }
    if (inp.range && (inp.type === 'category' || inp.type === 'boolean')) {
      add(['inputs', i, 'range'], '类别型和是/否型输入不能设范围', 'category and boolean inputs cannot have a range');
    }
    if (inp.range && inp.range[0] !== null && inp.range[1] !== null && inp.range[0] > inp.range[1]) {
      add(['inputs', i, 'range'], `范围下限 ${inp.range[0]} 大于上限 ${inp.range[1]}`, `range minimum ${inp.range[0]} is above the maximum ${inp.range[1]}`);
    }
  });
  s.derived.forEach((d, i) => claim(d.id, ['derived', i]));
  validateRecordTypes(s, add);
  validateSettlement(s, add);
  const scope = buildScope(s);

  let expressionChars = 0;
  const check = (text: string | undefined, path: (string | number)[], ctx: ExprContext): Ast | undefined => {
    if (text === undefined) return undefined;
    // Past the total, the remaining expressions are not parsed at all; the first one over is named.
    if (expressionChars > SCHEME_LIMITS.expressionTotal) return undefined;
    expressionChars += text.length;
    if (expressionChars > SCHEME_LIMITS.expressionTotal) {
      add(path, `方案中的表达式合计超过 ${SCHEME_LIMITS.expressionTotal} 个字符（到此处为 ${expressionChars} 个）`, `the scheme's expressions together are more than ${SCHEME_LIMITS.expressionTotal} characters (${expressionChars} up to here)`);
      return undefined;
    }
    const r = parseExpression(text);
    if (!r.ok) {
      add(path, r.error.zh, r.error.en);
      return undefined;
    }
    checkNames(r.ast, text, path, ctx);
    validateRecordCalls(r.ast, text, path, s, add);
    return r.ast;
  };

  const checkNames = (ast: Ast, text: string, path: (string | number)[], ctx: ExprContext): void => {
    const refs = references(ast);
    for (const name of refs.names) {
      if (!lookup(scope, name, ctx)) {
        const avail = namesAvailable(scope, ctx);
        const hint = nearest(name, avail);
        add(
          path,
          `表达式「${text}」引用了未定义的名称「${name}」${hint ? `（是否应为「${hint}」？）` : ''}`,
          `expression "${text}" refers to an unknown name "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
        );
      }
    }
    if (refs.nodes.length > 0 && !nodesAllowed(ctx)) {
      add(path, `此处的表达式不能引用节点得分（node.${refs.nodes[0]}）`, `this expression cannot refer to node scores (node.${refs.nodes[0]})`);
    } else {
      for (const id of refs.nodes) {
        if (!nodeIds.has(id)) add(path, `表达式「${text}」引用了不存在的节点 node.${id}`, `expression "${text}" refers to a node that does not exist: node.${id}`);
      }
    }
    checkStrings(ast, text, path, ctx);
  };

  /** Quoted values only in `category == "value"`; categories only there or in isMissing(). */
  const checkStrings = (ast: Ast, text: string, path: (string | number)[], ctx: ExprContext): void => {
    const walk = (a: Ast): void => {
      if (a.t === 'bin' && (a.op === '==' || a.op === '!=') && (a.a.t === 'str' || a.b.t === 'str')) {
        const [ref, lit] = a.a.t === 'str' ? [a.b, a.a] : [a.a, a.b];
        const kind = ref.t === 'ref' ? lookup(scope, ref.name, ctx) : undefined;
        if (lit.t !== 'str' || ref.t !== 'ref' || !isCategorical(kind)) {
          add(path, `表达式「${text}」中，带引号的值只能与类别型名称或 grade 用 == / != 比较`, `in "${text}", a quoted value can only be compared (== or !=) with a category name or grade`);
          return;
        }
        const allowed = allowedValues(kind!);
        if (allowed && !allowed.includes(lit.v)) {
          add(path, `表达式「${text}」中「${lit.v}」不是 ${ref.name} 的可选值（${allowed.join('、')}）`, `in "${text}", "${lit.v}" is not a value of ${ref.name} (${allowed.join(', ')})`);
        }
        return;
      }
      if (a.t === 'call' && a.fn === 'isMissing' && a.args[0].t === 'ref') return;
      if (a.t === 'str') {
        add(path, `表达式「${text}」中带引号的值「${a.v}」只能用于类别比较`, `in "${text}", the quoted value "${a.v}" can only be used in a category comparison`);
      } else if (a.t === 'ref' && isCategorical(lookup(scope, a.name, ctx))) {
        add(path, `表达式「${text}」中类别型名称 ${a.name} 只能用 == / != 与带引号的值比较`, `in "${text}", the category ${a.name} can only be compared (== or !=) with a quoted value`);
      } else children(a).forEach(walk);
    };
    walk(ast);
  };

  const allowedValues = (k: NameKind): string[] | undefined => {
    if (k.kind === 'result') return s.grades.map((g) => g.id);
    if (k.kind === 'input' || k.kind === 'attribute') return k.categories;
    return undefined;
  };

  // Derived: names, then cycles.
  const derivedRefs = new Map<string, string[]>();
  s.derived.forEach((d, i) => {
    const ast = check(d.expr, ['derived', i, 'expr'], 'derived');
    if (ast) derivedRefs.set(d.id, references(ast).names.filter((n) => scope.get(n)?.kind === 'derived'));
  });
  const cycle = findCycle(derivedRefs);
  if (cycle) {
    const i = s.derived.findIndex((d) => d.id === cycle[0]);
    add(['derived', i, 'expr'], `派生指标循环引用：${cycle.join(' → ')}`, `derived indicators refer to each other in a cycle: ${cycle.join(' → ')}`);
  }

  // The tree.
  const walkTree = (n: TreeNode, path: (string | number)[], isRoot: boolean): void => {
    if (nodeIds.has(n.id)) add([...path, 'id'], `节点编号「${n.id}」重复`, `duplicate node id "${n.id}"`);
    if (RESULT_COLUMNS.has(n.id) || n.id.startsWith('rank_')) {
      add([...path, 'id'], `节点编号「${n.id}」与结果表的列名冲突，请换一个`, `node id "${n.id}" clashes with a column of the results table: choose another`);
    }
    nodeIds.add(n.id);
    if (isRoot && n.weight !== undefined) add([...path, 'weight'], '根节点不需要权重', 'the root node takes no weight');
    if (isIndicator(n)) return;
    n.children.forEach((c, i) => walkTree(c, [...path, 'children', i], false));
  };
  walkTree(s.tree, ['tree'], true);

  const checkNode = (n: TreeNode, path: (string | number)[]): void => {
    check(n.applicable, [...path, 'applicable'], 'applicable');
    if (isIndicator(n)) {
      checkIndicator(n, path);
      return;
    }
    if (n.children.every((c) => (c.weight ?? 1) === 0)) {
      add([...path, 'children'], `节点「${n.id}」的子项权重全部为 0，其得分无法计算`, `every child of "${n.id}" has weight 0, so it can never be scored`);
    }
    n.children.forEach((c, i) => checkNode(c, [...path, 'children', i]));
  };

  const numericSource = (name: string, path: (string | number)[], what: { zh: string; en: string }): void => {
    const k = scope.get(name);
    if (!k) {
      const hint = nearest(name, [...scope.keys()]);
      add(path, `${what.zh}「${name}」不是已定义的输入或派生指标${hint ? `（是否应为「${hint}」？）` : ''}`, `${what.en} "${name}" is not a defined input or derived indicator${hint ? ` (did you mean "${hint}"?)` : ''}`);
    } else if (k.kind === 'attribute' || (k.kind === 'input' && k.type === 'category')) {
      add(path, `${what.zh}「${name}」应为数值型，不能是类别或分组属性`, `${what.en} "${name}" must be numeric, not a category or attribute`);
    }
  };

  const checkIndicator = (n: IndicatorNode, path: (string | number)[]): void => {
    numericSource(n.input ?? n.id, [...path, n.input ? 'input' : 'id'], { zh: '指标的输入', en: "the indicator's input" });
    if (n.denominator) numericSource(n.denominator, [...path, 'denominator'], { zh: '分母', en: 'the denominator' });
    if (n.scale !== undefined && !n.denominator) add([...path, 'scale'], 'scale 只能与 denominator 一起使用', 'scale is only used together with denominator');
    checkNormalise(n.normalise, { direction: n.direction, node: path, at: [...path, 'normalise'], add });
    if (n.missing.method === 'groupMean') {
      const g = scope.get(n.missing.group);
      if (!g || g.kind !== 'attribute') {
        add([...path, 'missing', 'group'], `分组「${n.missing.group}」不是已定义的属性列（attributes）`, `group "${n.missing.group}" is not a defined attribute column`);
      }
    }
  };
  checkNode(s.tree, ['tree']);

  // Adjustments, grades, vetoes, lists.
  s.adjustments.rules.forEach((r, i) => {
    check(r.points, ['adjustments', 'rules', i, 'points'], 'adjustment');
    check(r.when, ['adjustments', 'rules', i, 'when'], 'adjustment');
    if (r.cap !== undefined && r.cap < 0) add(['adjustments', 'rules', i, 'cap'], '上限不能为负数', 'a cap cannot be negative');
  });
  uniqueIds(s.adjustments.rules, ['adjustments', 'rules'], add);
  if (s.scoreRange && !(s.scoreRange[0] < s.scoreRange[1])) {
    add(['scoreRange'], '得分范围下限应小于上限', "the score range's lower end must be below its upper end");
  }
  checkGrades(s, add);
  const gradeIds = new Set(s.grades.map((g) => g.id));
  s.vetoes.forEach((v, i) => {
    check(v.when, ['vetoes', i, 'when'], 'veto');
    if ((v.grade === undefined) === (v.maxGrade === undefined)) {
      add(['vetoes', i], '否决规则需且只需写 grade（强制等级）或 maxGrade（等级上限）之一', 'a veto needs exactly one of grade (force the grade) or maxGrade (cap the grade)');
    }
    const g = v.grade ?? v.maxGrade;
    if (g !== undefined && !gradeIds.has(g)) {
      add(['vetoes', i, v.grade !== undefined ? 'grade' : 'maxGrade'], `等级「${g}」不在 grades 中`, `grade "${g}" is not one of the grades`);
    }
  });
  uniqueIds(s.vetoes, ['vetoes'], add);
  s.lists.forEach((l, i) => check(l.when, ['lists', i, 'when'], 'list'));
  uniqueIds(s.lists, ['lists'], add);
  s.ranking.groups.forEach((g, i) => {
    if (scope.get(g)?.kind !== 'attribute') add(['ranking', 'groups', i], `分组「${g}」不是已定义的属性列（attributes）`, `group "${g}" is not a defined attribute column`);
  });
  checkAscending(s, add);
  checkValidity(s, add);
  validateMissingValues(s, add);
  return out;
}

/**
 * Rank 1 = the lowest score (`ranking.order: ascending`) changes only the ranks. Grades (listed
 * best first from the highest band, capped by vetoes' maxGrade) and deductions and bonuses (a
 * deduction lowers the score) read "higher is better", so under ascending order they would act
 * upside down: refused rather than silently inverted.
 */
/** Effective dates that are real days, the first not after the last. */
function checkValidity(s: Scheme, add: (p: (string | number)[], zh: string, en: string) => void): void {
  for (const k of ['validFrom', 'validTo'] as const) {
    const v = s[k];
    if (v !== undefined && parseDay(v) !== parseDay(v)) add([k], `「${v}」不是真实的日期`, `"${v}" is not a real date`);
  }
  if (s.validFrom !== undefined && s.validTo !== undefined && s.validFrom > s.validTo) {
    add(['validTo'], `失效日期 ${s.validTo} 早于生效日期 ${s.validFrom}`, `validTo ${s.validTo} is before validFrom ${s.validFrom}`);
  }
}

function checkAscending(s: Scheme, add: (p: (string | number)[], zh: string, en: string) => void): void {
  if (s.ranking.order !== 'ascending') return;
  if (s.grades.length > 0) {
    add(['grades'], '排名方向为 ascending（得分越低越好）时不能定义等级：等级按得分从高到低排列、最高分段为最好等级，会与排名方向相反', 'grades can\'t be used with ranking.order ascending (lower is better): grades are listed best first from the highest score band, which would read against the ranking');
  }
  if (s.adjustments.rules.length > 0) {
    add(['adjustments', 'rules'], '排名方向为 ascending（得分越低越好）时不能定义加分扣分规则：扣分会降低得分，反而使名次提前', 'deductions and bonuses can\'t be used with ranking.order ascending (lower is better): a deduction lowers the score and so would improve the rank');
  }
}

function checkGrades(s: Scheme, add: (p: (string | number)[], zh: string, en: string) => void): void {
  if (s.grades.length === 0) {
    if (s.vetoes.length > 0) add(['grades'], '有否决规则时必须定义等级 grades', 'vetoes need grades to act on');
    return;
  }
  uniqueIds(s.grades, ['grades'], add);
  // Listed best first: each band's min is the next band's max.
  s.grades.forEach((g, i) => {
    const path = ['grades', i];
    if (i > 0 && g.max === undefined) add([...path, 'max'], `等级「${g.id}」缺少上限 max（只有最高等级可以省略）`, `grade "${g.id}" needs max (only the best grade may omit it)`);
    if (i < s.grades.length - 1 && g.min === undefined) add([...path, 'min'], `等级「${g.id}」缺少下限 min（只有最低等级可以省略）`, `grade "${g.id}" needs min (only the worst grade may omit it)`);
    if (g.min !== undefined && g.max !== undefined && !(g.min < g.max)) {
      add(path, `等级「${g.id}」的下限 ${g.min} 应小于上限 ${g.max}`, `grade "${g.id}": min ${g.min} must be below max ${g.max}`);
    }
    const next = s.grades[i + 1];
    if (next && g.min !== undefined && next.max !== undefined) {
      if (next.max > g.min) {
        add(['grades', i + 1, 'max'], `等级「${next.id}」[${next.min ?? '−∞'}, ${next.max}) 与「${g.id}」[${g.min}, ${g.max ?? '∞'}) 重叠（等级请从高到低排列）`, `grade "${next.id}" [${next.min ?? '−∞'}, ${next.max}) overlaps "${g.id}" [${g.min}, ${g.max ?? '∞'}) (list grades best first)`);
      } else if (next.max < g.min) {
        add(['grades', i + 1, 'max'], `等级「${next.id}」与「${g.id}」之间有空缺：${next.max} 到 ${g.min} 的得分没有等级`, `gap between grades "${next.id}" and "${g.id}": scores from ${next.max} to ${g.min} get no grade`);
      }
    }
  });
}

function uniqueIds(items: { id: string }[], path: (string | number)[], add: (p: (string | number)[], zh: string, en: string) => void): void {
  const ids = new Set<string>();
  items.forEach((it, i) => {
    if (ids.has(it.id)) add([...path, i, 'id'], `编号「${it.id}」重复`, `duplicate id "${it.id}"`);
    ids.add(it.id);
  });
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (v: string): string[] | undefined => {
    state.set(v, 1);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (state.get(w) === 1) return [...stack.slice(stack.indexOf(w)), w];
      if (!state.has(w)) {
        const c = visit(w);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(v, 2);
    return undefined;
  };
  for (const v of graph.keys()) {
    if (!state.has(v)) {
      const c = visit(v);
      if (c) return c;
    }
  }
  return undefined;
}

function pathText(path: (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
}

/** The closest known name by edit distance, if it is close enough to be a likely typo. */
/** The candidate closest to a mistyped name (within a third of its length, at least two edits), if any. */
export function nearest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
