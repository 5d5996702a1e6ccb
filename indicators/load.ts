/**
 * Reading a scheme: YAML text → plain object → size limits → zod shape check (node by node for the tree)
 * → semantic validation. Every problem is collected, with its YAML path and line, before
 * anything is thrown.
 */
import { Document, LineCounter, isNode } from 'yaml';
import type { ZodError } from 'zod';
import { KaoheError, formatPath, type Problem } from './messages.js';
import {
  aggregateNodeSchema,
  indicatorNodeSchema,
  schemeSchema,
  type Scheme,
  type TreeNode,
} from './schema.js';
import { validateScheme } from './validate.js';
import { schemeSizeProblems } from './scheme-size.js';
import { readSchemeYaml } from './yaml-read.js';

type Path = (string | number)[];

/** Parse and validate scheme YAML. Throws KaoheError listing every problem. */
export function loadSchemeText(text: string): Scheme {
  const { doc, lineCounter, value } = readSchemeYaml(text);
  const lineOf = (path: Path): number | undefined => lineOfPath(doc, lineCounter, path);
  return parseSchemeObject(value, lineOf);
}

/** Validate a scheme given as a plain object (a YAML file already parsed, or one built in code). */
export function parseSchemeObject(raw: unknown, lineOf: (path: Path) => number | undefined = () => undefined): Scheme {
  const problems: Problem[] = [];
  const add = (path: Path, zh: string, en: string): void => {
    problems.push({ where: formatPath(path), line: lineOf(path), zh, en });
  };
  for (const p of schemeSizeProblems(raw)) add(p.path, p.zh, p.en);
  if (problems.length > 0) throw new KaoheError(problems);
  const shapePaths: Path[] = [];
  const scheme = parseShape(raw, (path, zh, en) => {
    shapePaths.push(path);
    add(path, zh, en);
  });
  if (scheme) {
    for (const p of validateScheme(scheme)) add(p.path, p.zh, p.en);
    if (problems.length > 0) throw new KaoheError(problems);
    return scheme;
  }
  // Every problem at once: the semantic checks also run on what parsed, the wrong fields set
  // aside, so a scheme with five mistakes is not fixed in two rounds.
  const salvaged = salvage(raw, shapePaths);
  if (salvaged) {
    const partial = parseShape(salvaged.value, () => {});
    if (partial) {
      for (const p of validateScheme(partial)) {
        if (!salvaged.setAside.some((prefix) => startsWith(p.path, prefix))) add(p.path, p.zh, p.en);
      }
    }
  }
  throw new KaoheError(problems);
}

function parseShape(raw: unknown, add: (p: Path, zh: string, en: string) => void): Scheme | undefined {
  const shape = schemeSchema.safeParse(raw, { reportInput: true });
  if (!shape.success) addZodIssues(shape.error, [], add);
  const rawTree = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>).tree : undefined;
  const tree = rawTree === undefined ? undefined : parseTree(rawTree, ['tree'], add);
  if (rawTree === undefined) add(['tree'], '缺少指标树 tree', 'the indicator tree (tree) is missing');
  return shape.success && tree ? { ...shape.data, tree } : undefined;
}

/**
 * A copy of `raw` without the fields the shape check refused (each wrong value's nearest
 * enclosing object key), and the paths whose semantic problems are then not to be trusted:
 * the list item or section that lost a field (a check of what is left could blame the hole).
 */
function salvage(raw: unknown, paths: Path[]): { value: unknown; setAside: Path[] } | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const value = structuredClone(raw) as Record<string, unknown>;
  const setAside: Path[] = [];
  for (const path of paths) {
    let cut = -1;
    let node: unknown = value;
    const containers: unknown[] = [];
    for (let k = 0; k < path.length; k++) {
      containers.push(node);
      if (node !== null && typeof node === 'object' && !Array.isArray(node) && typeof path[k] === 'string') cut = k;
      node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[path[k]] : undefined;
    }
    if (cut < 0) return undefined;
    delete (containers[cut] as Record<string, unknown>)[path[cut] as string];
    const owner = path.slice(0, cut);
    setAside.push(typeof owner[owner.length - 1] === 'number' ? owner : path.slice(0, cut + 1));
  }
  return { value, setAside };
}

function startsWith(path: readonly (string | number)[], prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((p, k) => path[k] === p);
}

function parseTree(raw: unknown, path: Path, add: (p: Path, zh: string, en: string) => void): TreeNode | undefined {
  const isAggregate = raw !== null && typeof raw === 'object' && 'children' in raw;
  if (isAggregate) {
    const r = aggregateNodeSchema.safeParse(raw, { reportInput: true });
    if (!r.success) {
      addZodIssues(r.error, path, add);
      return undefined;
    }
    const children: TreeNode[] = [];
    let ok = true;
    r.data.children.forEach((c, i) => {
      const child = parseTree(c, [...path, 'children', i], add);
      if (child) children.push(child);
      else ok = false;
    });
    return ok ? { ...r.data, children } : undefined;
  }
  const r = indicatorNodeSchema.safeParse(raw, { reportInput: true });
  if (!r.success) {
    addZodIssues(r.error, path, add);
    return undefined;
  }
  return r.data;
}

const TYPE_ZH: Record<string, string> = {
  number: '数值', string: '文本', boolean: '是/否（true/false）', object: '对象（键: 值）', array: '列表',
};

export function addZodIssues(error: ZodError, base: Path, add: (p: Path, zh: string, en: string) => void): void {
  for (const issue of error.issues) {
    const path: Path = [...base, ...(issue.path as Path)];
    const [mzh, men] = issue.message.includes('\u0000') ? issue.message.split('\u0000') : [undefined, undefined];
    switch (issue.code) {
      case 'invalid_type': {
        // reportInput puts the offending value on the issue; a missing key has none.
        const received = (issue as { input?: unknown }).input;
        if (received === undefined) {
          add(path, `缺少必填项（应为${TYPE_ZH[issue.expected] ?? issue.expected}）`, `required field is missing (expected ${issue.expected})`);
        } else {
          add(path, `应为${TYPE_ZH[issue.expected] ?? issue.expected}，实际为「${show(received)}」`, `expected ${issue.expected}, got "${show(received)}"`);
        }
        break;
      }
      case 'unrecognized_keys':
        for (const k of issue.keys) {
          add([...path, k], `未知字段「${k}」（拼写错误？请对照文档中的字段名）`, `unknown field "${k}" (a typo? check the field names in the docs)`);
        }
        break;
      case 'invalid_value': {
        const received = (issue as { input?: unknown }).input;
        const [gotZh, gotEn] = received === undefined ? ['', ''] : [`，实际为「${show(received)}」`, `, got "${show(received)}"`];
        add(path, `应为以下之一：${issue.values.map(String).join('、')}${gotZh}`, `expected one of: ${issue.values.map(String).join(', ')}${gotEn}`);
        break;
      }
      case 'invalid_union': {
        const options = (issue as { options?: unknown[] }).options;
        if (options) add(path, `应为以下之一：${options.join('、')}`, `expected one of: ${options.join(', ')}`);
        else add(path, mzh ?? '取值形式不对', men ?? 'value has the wrong form');
        break;
      }
      case 'too_small':
        if (issue.origin === 'array') add(path, `至少需要 ${String(issue.minimum)} 项`, `needs at least ${String(issue.minimum)} item(s)`);
        else if (issue.origin === 'string') add(path, '不能为空', 'must not be empty');
        else add(path, `应 ≥ ${String(issue.minimum)}`, `must be ≥ ${String(issue.minimum)}`);
        break;
      case 'too_big':
        add(path, `应 ≤ ${String(issue.maximum)}`, `must be ≤ ${String(issue.maximum)}`);
        break;
      case 'invalid_format':
        add(path, mzh ?? '格式不对', men ?? issue.message);
        break;
      default:
        // zod's own message is English: the Chinese half says what it can without it.
        add(path, mzh ?? '取值不符合要求', men ?? issue.message);
    }
  }
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The 1-based line of the deepest node of `path` that exists in the document. */
export function lineOfPath(doc: Document, lc: LineCounter, path: Path): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}
