/**
 * A scheme's size against SCHEME_LIMITS, on the plain value before any other check: a scheme
 * of 60,000 indicators is refused at once, not after it has been shape-checked and validated.
 * Iterative, so a tree nested past the limit is measured without recursion.
 */
import { LIST_LIMITS, SCHEME_LIMITS } from './limits.js';

type Path = (string | number)[];

export interface SizeProblem {
  path: Path;
  zh: string;
  en: string;
}

export function schemeSizeProblems(raw: unknown): SizeProblem[] {
  if (!isObject(raw)) return [];
  const out: SizeProblem[] = [];
  for (const l of LIST_LIMITS) {
    const list = l.path.reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), raw);
    const limit = SCHEME_LIMITS[l.limit];
    if (Array.isArray(list) && list.length > limit) {
      out.push({ path: [...l.path], zh: `${l.zh}共 ${list.length} 项，超过上限 ${limit} 项`, en: `${list.length} ${l.en}, more than the limit of ${limit}` });
    }
  }
  out.push(...treeSizeProblems(raw.tree));
  return out;
}

function treeSizeProblems(tree: unknown): SizeProblem[] {
  const out: SizeProblem[] = [];
  const stack: { node: unknown; path: Path; depth: number }[] = [{ node: tree, path: ['tree'], depth: 1 }];
  let count = 0;
  let tooDeep = false;
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (++count > SCHEME_LIMITS.nodes) {
      out.push({ path: ['tree'], zh: `指标树的节点超过上限 ${SCHEME_LIMITS.nodes} 个`, en: `the indicator tree has more than ${SCHEME_LIMITS.nodes} nodes (the limit)` });
      break;
    }
    const children = isObject(node) ? node.children : undefined;
    if (!Array.isArray(children)) continue;
    if (depth >= SCHEME_LIMITS.treeDepth) {
      if (!tooDeep) out.push({ path: [...path, 'children'], zh: `指标树超过上限 ${SCHEME_LIMITS.treeDepth} 层`, en: `the indicator tree is more than ${SCHEME_LIMITS.treeDepth} levels deep (the limit)` });
      tooDeep = true;
      continue;
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], path: [...path, 'children', i], depth: depth + 1 });
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
