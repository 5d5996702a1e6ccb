/**
 * The limits every scheme is held to, in one table (README: Limits). They are far above any
 * real assessment scheme (the bundled templates are at most 27 KB, 4 levels and 63 nodes) and
 * low enough that reading, compiling and scoring a scheme at the limits takes well under a
 * second and never comes near the stack limit: the checks run before the work they protect.
 */
export const SCHEME_LIMITS = {
  /** Size of the scheme file (YAML, UTF-8), checked before it is parsed. */
  bytes: 512 * 1024,
  /** Nesting of YAML flow collections (`[ … ]`, `{ … }`), checked before the YAML is composed. */
  yamlNesting: 64,
  /** Levels of the indicator tree (the root is level 1). */
  treeDepth: 16,
  /** Nodes of the indicator tree (aggregates and indicators). */
  nodes: 2000,
  inputs: 2000,
  attributes: 100,
  derived: 1000,
  recordTypes: 100,
  adjustments: 500,
  vetoes: 200,
  lists: 200,
  grades: 50,
  /** Characters of one expression. */
  expressionLength: 2000,
  /** Nesting of one expression: `a + b + c` is 3 deep, `f(g(x))` 3, `((x))` 1. */
  expressionDepth: 100,
  /** Characters of all of a scheme's expressions together: they become the plan, which is hashed whole. */
  expressionTotal: 100_000,
  /** Largest magnitude of any number in a scheme (ranges, bands, targets, caps, constants). */
  maxNumber: 1e12,
  /** Largest weight of a tree node: weights are relative, so this leaves every sum exact in doubles. */
  maxWeight: 1e6,
} as const;

/** The rule lists capped by count, with their YAML path and the limit's key. */
export const LIST_LIMITS = [
  { path: ['inputs'], limit: 'inputs', zh: '输入', en: 'inputs' },
  { path: ['attributes'], limit: 'attributes', zh: '属性列', en: 'attributes' },
  { path: ['derived'], limit: 'derived', zh: '派生指标', en: 'derived indicators' },
  { path: ['records'], limit: 'recordTypes', zh: '记录类型', en: 'record types' },
  { path: ['adjustments', 'rules'], limit: 'adjustments', zh: '加分扣分规则', en: 'adjustment rules' },
  { path: ['vetoes'], limit: 'vetoes', zh: '否决规则', en: 'vetoes' },
  { path: ['lists'], limit: 'lists', zh: '名单规则', en: 'list rules' },
  { path: ['grades'], limit: 'grades', zh: '等级', en: 'grades' },
] as const satisfies readonly { path: readonly string[]; limit: keyof typeof SCHEME_LIMITS; zh: string; en: string }[];
