/**
 * What a name in an expression can refer to, for each kind of expression. Shared by the
 * validator (which reports unknown names) and the compiler (which turns names into columns).
 */
import type { Scheme } from './schema.js';

export type NameKind =
  | { kind: 'input'; type: 'number' | 'boolean' | 'category' | 'date'; categories?: string[] }
  | { kind: 'attribute'; type: 'number' | 'category'; categories?: string[] }
  | { kind: 'derived' }
  | { kind: 'result'; name: ResultName };

/** Result names, usable after the tree is scored. */
export const RESULT_NAMES = ['base', 'deductions', 'bonuses', 'score', 'grade'] as const;
export type ResultName = (typeof RESULT_NAMES)[number];

/** Where an expression sits decides which names it may use. */
export type ExprContext = 'derived' | 'applicable' | 'adjustment' | 'veto' | 'list';

const RESULTS_IN: Record<ExprContext, readonly ResultName[]> = {
  derived: [],
  applicable: [],
  adjustment: ['base'],
  veto: ['base', 'deductions', 'bonuses', 'score'],
  list: ['base', 'deductions', 'bonuses', 'score', 'grade'],
};

/** Nodes may be referenced (node.X) from these contexts only. */
export function nodesAllowed(ctx: ExprContext): boolean {
  return ctx === 'adjustment' || ctx === 'veto' || ctx === 'list';
}

/** Names that can't be used as input, attribute or derived ids. */
export const RESERVED = new Set<string>(['id', 'name', 'rank', 'node', 'true', 'false', 'and', 'or', 'not', ...RESULT_NAMES]);

export function buildScope(scheme: Pick<Scheme, 'inputs' | 'attributes' | 'derived'>): Map<string, NameKind> {
  const scope = new Map<string, NameKind>();
  for (const a of scheme.attributes) scope.set(a.id, { kind: 'attribute', type: a.type, categories: a.categories });
  for (const i of scheme.inputs) scope.set(i.id, { kind: 'input', type: i.type, categories: i.categories });
  for (const d of scheme.derived) scope.set(d.id, { kind: 'derived' });
  return scope;
}

export function lookup(scope: Map<string, NameKind>, name: string, ctx: ExprContext): NameKind | undefined {
  if ((RESULTS_IN[ctx] as readonly string[]).includes(name)) return { kind: 'result', name: name as ResultName };
  return scope.get(name);
}

export function namesAvailable(scope: Map<string, NameKind>, ctx: ExprContext): string[] {
  return [...scope.keys(), ...RESULTS_IN[ctx]];
}

/** Is this name a category (compared to quoted values, coded as integers)? */
export function isCategorical(k: NameKind | undefined): boolean {
  if (!k) return false;
  if (k.kind === 'result') return k.name === 'grade';
  return (k.kind === 'input' || k.kind === 'attribute') && k.type === 'category';
}
