/**
 * Expressions in schemes (derived indicators, applicability, deductions, vetoes, list rules):
 * parsed by jsep, then converted to our own small AST with a whitelist of node kinds,
 * operators and functions. Anything else (member access other than `node.X`, `this`,
 * arrays, calls of unknown functions, `constructor`, `process`, ...) is rejected here, so
 * code generation only ever sees this AST.
 */
import jsep from 'jsep';
import { SCHEME_LIMITS } from './limits.js';
import { parseDay } from './calendar.js';

jsep.addBinaryOp('and', 2);
jsep.addBinaryOp('or', 1);
jsep.addUnaryOp('not');

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';
export type UnaryOp = '-' | '+' | '!';

export type Ast =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  /** An input, derived indicator, attribute, or one of the result names (score, base, grade, ...). */
  | { t: 'ref'; name: string }
  /** `node.ID`: the score of a tree node. */
  | { t: 'node'; id: string }
  | { t: 'un'; op: UnaryOp; a: Ast }
  | { t: 'bin'; op: BinaryOp; a: Ast; b: Ast }
  | { t: 'if'; c: Ast; a: Ast; b: Ast }
  | { t: 'call'; fn: FunctionName; args: Ast[] }
  /** An aggregate over the entity's dated records of one type (see RECORD_FUNCTIONS). */
  | RecordAst;

/**
 * Functions over dated records, with the arguments they take: the record type, then a numeric
 * field where the function needs one, then an optional filter over the record's fields (and
 * `age` / `ageMonths`, the record's age in days / whole months as of the evaluation date).
 * All but countAll see only records valid on the evaluation date; countAll sees every record
 * dated on or before it.
 */
export const RECORD_FUNCTIONS = {
  count: { field: false, filter: 'optional' },
  countAll: { field: false, filter: 'optional' },
  active: { field: false, filter: 'optional' },
  sum: { field: true, filter: 'optional' },
  maxOf: { field: true, filter: 'optional' },
  minOf: { field: true, filter: 'optional' },
  latest: { field: true, filter: 'optional' },
  run: { field: false, filter: 'required' },
} as const;
export type RecordFunction = keyof typeof RECORD_FUNCTIONS;
export interface RecordAst {
  t: 'rec';
  fn: RecordFunction;
  type: string;
  field: string | null;
  filter: Ast | null;
}

/** Names a record filter may use besides the record type's fields. */
export const RECORD_AGE_NAMES = ['age', 'ageMonths'] as const;

/** Whitelisted functions with their arity [min, max] (max = Infinity for variadic). */
export const FUNCTIONS = {
  min: [1, Infinity],
  max: [1, Infinity],
  abs: [1, 1],
  log: [1, 1],
  ln: [1, 1],
  log10: [1, 1],
  exp: [1, 1],
  sqrt: [1, 1],
  pow: [2, 2],
  floor: [1, 1],
  ceil: [1, 1],
  clamp: [3, 3],
  isMissing: [1, 1],
  coalesce: [2, 2],
  if: [3, 3],
  date: [1, 1],
} as const satisfies Record<string, readonly [number, number]>;
export type FunctionName = keyof typeof FUNCTIONS;

const BINARY: Record<string, BinaryOp> = {
  '+': '+', '-': '-', '*': '*', '/': '/', '%': '%',
  '<': '<', '<=': '<=', '>': '>', '>=': '>=',
  '==': '==', '===': '==', '!=': '!=', '!==': '!=',
  '&&': '&&', and: '&&', '||': '||', or: '||',
};
const UNARY: Record<string, UnaryOp> = { '-': '-', '+': '+', '!': '!', not: '!' };

export interface ExpressionError {
  zh: string;
  en: string;
}

export type ParseResult = { ok: true; ast: Ast } | { ok: false; error: ExpressionError };

/** Parse an expression string into a validated AST, or say precisely what is wrong. */
export function parseExpression(text: string): ParseResult {
  const tooBig = sizeError(text);
  if (tooBig) return { ok: false, error: tooBig };
  let tree: jsep.Expression;
  try {
    tree = jsep(text);
  } catch (e) {
    const err = e as Error & { index?: number };
    return {
      ok: false,
      error: {
        zh: `表达式「${text}」语法错误（第 ${(err.index ?? 0) + 1} 个字符）：${err.message}`,
        en: `syntax error in expression "${text}" at character ${(err.index ?? 0) + 1}: ${err.message}`,
      },
    };
  }
  if (jsepDepth(tree) > SCHEME_LIMITS.expressionDepth) return { ok: false, error: tooDeep(text) };
  try {
    return { ok: true, ast: convert(tree, text) };
  } catch (e) {
    if (e instanceof ExprReject) return { ok: false, error: e.error };
    throw e;
  }
}

/**
 * Length and bracket nesting, checked on the text: jsep recurses once per bracket level (it
 * parses operator chains iteratively), so brackets must be counted before it runs.
 */
function sizeError(text: string): ExpressionError | undefined {
  const max = SCHEME_LIMITS.expressionLength;
  if (text.length > max) {
    return {
      zh: `表达式「${text.slice(0, 40)}…」有 ${text.length} 个字符，超过上限 ${max} 个：请拆成几个派生指标`,
      en: `the expression "${text.slice(0, 40)}…" is ${text.length} characters long, over the limit of ${max}: split it into derived indicators`,
    };
  }
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') {
      if (++depth > SCHEME_LIMITS.expressionDepth) return tooDeep(text);
    } else if (ch === ')' || ch === ']') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

function tooDeep(text: string): ExpressionError {
  const max = SCHEME_LIMITS.expressionDepth;
  const shown = text.length > 60 ? `${text.slice(0, 40)}…` : text;
  return {
    zh: `表达式「${shown}」嵌套超过 ${max} 层（括号、函数调用，或连续 ${max} 个以上的运算项）：请拆成几个派生指标`,
    en: `the expression "${shown}" is nested more than ${max} deep (brackets, calls, or a chain of more than ${max} terms): split it into derived indicators`,
  };
}

/** The depth of jsep's tree (a leaf is 1), without recursion. */
function jsepDepth(root: jsep.Expression): number {
  let max = 0;
  const stack: [jsep.Expression, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    if (d > max) max = d;
    if (max > SCHEME_LIMITS.expressionDepth) return max;
    for (const v of Object.values(n)) {
      if (Array.isArray(v)) for (const x of v) if (isJsepNode(x)) stack.push([x, d + 1]);
      if (isJsepNode(v)) stack.push([v, d + 1]);
    }
  }
  return max;
}

function isJsepNode(v: unknown): v is jsep.Expression {
  return v !== null && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string';
}

class ExprReject extends Error {
  constructor(readonly error: ExpressionError) {
    super(error.en);
  }
}

function reject(zh: string, en: string): never {
  throw new ExprReject({ zh, en });
}

function convert(n: jsep.Expression, text: string): Ast {
  switch (n.type) {
    case 'Literal': {
      const v = (n as jsep.Literal).value;
      if (typeof v === 'number' && Math.abs(v) > SCHEME_LIMITS.maxNumber) {
        return reject(`表达式「${text}」中的数值 ${(n as jsep.Literal).raw} 超出允许范围（绝对值不超过 ${SCHEME_LIMITS.maxNumber}）`, `the number ${(n as jsep.Literal).raw} in "${text}" is out of bounds (at most ${SCHEME_LIMITS.maxNumber} in magnitude)`);
      }
      if (typeof v === 'number' && v === 0 && /[1-9]/.test((n as jsep.Literal).raw.split(/[eE]/)[0])) {
        return reject(`表达式「${text}」中的数值 ${(n as jsep.Literal).raw} 太小，会被舍入为 0`, `the number ${(n as jsep.Literal).raw} in "${text}" rounds to 0`);
      }
      if (typeof v === 'number' && Number.isFinite(v)) return { t: 'num', v };
      if (typeof v === 'string') return { t: 'str', v };
      if (typeof v === 'boolean') return { t: 'num', v: v ? 1 : 0 };
      return reject(`表达式「${text}」含不支持的字面量 ${String(v)}`, `unsupported literal ${String(v)} in "${text}"`);
    }
    case 'Identifier': {
      const name = (n as jsep.Identifier).name;
      if (name === 'true') return { t: 'num', v: 1 };
      if (name === 'false') return { t: 'num', v: 0 };
      return { t: 'ref', name };
    }
    case 'MemberExpression': {
      const m = n as jsep.MemberExpression;
      if (
        !m.computed &&
        m.object.type === 'Identifier' &&
        (m.object as jsep.Identifier).name === 'node' &&
        m.property.type === 'Identifier'
      ) {
        return { t: 'node', id: (m.property as jsep.Identifier).name };
      }
      return reject(
        `表达式「${text}」中只允许 node.编号 形式的成员访问（引用节点得分）`,
        `in "${text}" the only member access allowed is node.ID (a node's score)`,
      );
    }
    case 'UnaryExpression': {
      const u = n as jsep.UnaryExpression;
      const op = UNARY[u.operator];
      if (!op) return reject(`表达式「${text}」不支持运算符 ${u.operator}`, `operator ${u.operator} is not supported in "${text}"`);
      return { t: 'un', op, a: convert(u.argument, text) };
    }
    case 'BinaryExpression': {
      const b = n as jsep.BinaryExpression;
      const op = BINARY[b.operator];
      if (!op) {
        return reject(
          `表达式「${text}」不支持运算符 ${b.operator}（可用：+ - * / % < <= > >= == != and or not）`,
          `operator ${b.operator} is not supported in "${text}" (use + - * / % < <= > >= == != and or not)`,
        );
      }
      return { t: 'bin', op, a: convert(b.left, text), b: convert(b.right, text) };
    }
    case 'ConditionalExpression': {
      const c = n as jsep.ConditionalExpression;
      return { t: 'if', c: convert(c.test, text), a: convert(c.consequent, text), b: convert(c.alternate, text) };
    }
    case 'CallExpression': {
      const c = n as jsep.CallExpression;
      if (c.callee.type !== 'Identifier') {
        return reject(`表达式「${text}」只能调用内置函数`, `only built-in functions can be called in "${text}"`);
      }
      const name = (c.callee as jsep.Identifier).name;
      if (Object.hasOwn(RECORD_FUNCTIONS, name)) return recordCall(name as RecordFunction, c.arguments, text);
      if (!Object.hasOwn(FUNCTIONS, name)) {
        return reject(
          `表达式「${text}」调用了未知函数 ${name}（可用：${[...Object.keys(FUNCTIONS), ...Object.keys(RECORD_FUNCTIONS)].join(', ')}）`,
          `unknown function ${name} in "${text}" (available: ${[...Object.keys(FUNCTIONS), ...Object.keys(RECORD_FUNCTIONS)].join(', ')})`,
        );
      }
      const fn = name as FunctionName;
      const [lo, hi] = FUNCTIONS[fn];
      if (c.arguments.length < lo || c.arguments.length > hi) {
        const want = lo === hi ? `${lo}` : hi === Infinity ? `≥${lo}` : `${lo}–${hi}`;
        return reject(
          `表达式「${text}」中 ${fn} 需要 ${want} 个参数，实际 ${c.arguments.length} 个`,
          `${fn} takes ${want} argument(s) in "${text}", got ${c.arguments.length}`,
        );
      }
      const args = c.arguments.map((a) => convert(a, text));
      if (fn === 'if') return { t: 'if', c: args[0], a: args[1], b: args[2] };
      if (fn === 'date') {
        if (args[0].t !== 'str' || Number.isNaN(parseDay(args[0].v))) {
          return reject(`表达式「${text}」中 date() 需要 "YYYY-MM-DD" 形式的真实日期`, `date() in "${text}" needs a real "YYYY-MM-DD" date`);
        }
        return { t: 'num', v: parseDay(args[0].v) };
      }
      return { t: 'call', fn, args };
    }
    default:
      return reject(
        `表达式「${text}」含不允许的结构（${n.type}）`,
        `"${text}" contains a construct that is not allowed (${n.type})`,
      );
  }
}

/** `sum(violation, points, age < 365)` → a record aggregate; arguments are checked by position. */
function recordCall(fn: RecordFunction, args: jsep.Expression[], text: string): RecordAst {
  const spec = RECORD_FUNCTIONS[fn];
  const fixed = spec.field ? 2 : 1;
  const lo = fixed + (spec.filter === 'required' ? 1 : 0);
  const hi = fixed + 1;
  const shape = `${fn}(记录类型${spec.field ? ', 字段' : ''}${spec.filter === 'required' ? ', 条件' : '[, 条件]'})`;
  const shapeEn = `${fn}(recordType${spec.field ? ', field' : ''}${spec.filter === 'required' ? ', condition' : '[, condition]'})`;
  if (args.length < lo || args.length > hi) {
    return reject(`表达式「${text}」中 ${fn} 的写法应为 ${shape}`, `in "${text}", ${fn} is written ${shapeEn}`);
  }
  const name = (a: jsep.Expression, what: string, whatEn: string): string => {
    if (a.type !== 'Identifier') return reject(`表达式「${text}」中 ${fn} 的${what}应为名称（不加引号）`, `in "${text}", the ${whatEn} of ${fn} must be a plain name (no quotes)`);
    return (a as jsep.Identifier).name;
  };
  const type = name(args[0], '第一个参数（记录类型）', 'first argument (the record type)');
  const field = spec.field ? name(args[1], '第二个参数（字段）', 'second argument (the field)') : null;
  const filter = args.length > fixed ? convert(args[fixed], text) : null;
  if (filter && containsRecordCall(filter)) {
    return reject(`表达式「${text}」中记录条件里不能再调用记录函数`, `in "${text}", a record condition cannot itself call a record function`);
  }
  return { t: 'rec', fn, type, field, filter };
}

function containsRecordCall(a: Ast): boolean {
  return a.t === 'rec' || children(a).some(containsRecordCall);
}

/** Every record aggregate in an expression, in order of appearance. */
export function recordCalls(ast: Ast): RecordAst[] {
  const out: RecordAst[] = [];
  const walk = (a: Ast): void => {
    if (a.t === 'rec') out.push(a);
    else children(a).forEach(walk);
  };
  walk(ast);
  return out;
}

/** The direct sub-expressions of an AST node. */
export function children(a: Ast): Ast[] {
  switch (a.t) {
    case 'un': return [a.a];
    case 'bin': return [a.a, a.b];
    case 'if': return [a.c, a.a, a.b];
    case 'call': return a.args;
    default: return [];
  }
}

/** Every plain name and every `node.X` an expression refers to, in order of first use. */
export function references(ast: Ast): { names: string[]; nodes: string[] } {
  const names = new Set<string>();
  const nodes = new Set<string>();
  const walk = (a: Ast): void => {
    if (a.t === 'ref') names.add(a.name);
    else if (a.t === 'node') nodes.add(a.id);
    else children(a).forEach(walk);
  };
  walk(ast);
  return { names: [...names], nodes: [...nodes] };
}

/** An expression written back as text (for explanations): `sum(violation, points, age < 365)`. */
export function expressionText(a: Ast): string {
  switch (a.t) {
    case 'num': return String(a.v);
    case 'str': return JSON.stringify(a.v);
    case 'ref': return a.name;
    case 'node': return `node.${a.id}`;
    case 'un': return a.op === '!' ? `not ${expressionText(a.a)}` : `${a.op}${expressionText(a.a)}`;
    case 'bin': return `(${expressionText(a.a)} ${a.op} ${expressionText(a.b)})`;
    case 'if': return `if(${expressionText(a.c)}, ${expressionText(a.a)}, ${expressionText(a.b)})`;
    case 'call': return `${a.fn}(${a.args.map(expressionText).join(', ')})`;
    case 'rec': return `${a.fn}(${[a.type, ...(a.field ? [a.field] : []), ...(a.filter ? [expressionText(a.filter)] : [])].join(', ')})`;
  }
}
