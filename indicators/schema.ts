/**
 * The scheme language: what a scheme file may say, as zod schemas. Shape only; the
 * cross-references (unknown names, cycles, band gaps) are checked in validate.ts.
 */
import { z } from 'zod';
import { LATEST_SEMANTICS } from './semantics.js';
import { SCHEME_LIMITS } from './limits.js';
import { bi, finite, finiteNumber, refused } from './schema-parts.js';
import { normaliseOperatorSchemas } from './operators/normalise/index.js';

export { bi, bandSchema, type BandDef } from './schema-parts.js';

const ID = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const idSchema = z.string().regex(ID, {
  message: bi('编号只能由字母、数字和下划线组成，且不能以数字开头', 'an id is letters, digits and _ only, not starting with a digit'),
});

/** A name in Chinese and English; `zh-Hant` is how it is written in Traditional characters where a mechanical conversion would be wrong (the pages and templates in 繁體 use it). */
export const labelSchema = z.strictObject({ zh: z.string().min(1), en: z.string().min(1), 'zh-Hant': z.string().min(1).optional() });
export type Label = z.infer<typeof labelSchema>;

const expr = z.string().min(1);

export const subjectKinds = ['region', 'official', 'enterprise', 'section'] as const;
export const inputTypes = ['number', 'boolean', 'category', 'date'] as const;
/** Which end of the scores is rank 1: the highest (`descending`, the default) or the lowest. */
export const rankOrders = ['descending', 'ascending'] as const;
export type RankOrder = (typeof rankOrders)[number];

export const inputSchema = z.strictObject({
  id: idSchema,
  label: labelSchema,
  unit: z.string().optional(),
  type: z.enum(inputTypes).default('number'),
  required: z.boolean().default(false),
  /** [min, max]; either end may be null for open. */
  range: z.tuple([finite.nullable(), finite.nullable()]).optional(),
  categories: z.array(z.string().min(1)).min(1).optional(),
});
export type InputDef = z.infer<typeof inputSchema>;

export const attributeSchema = z.strictObject({
  id: idSchema,
  label: labelSchema,
  type: z.enum(['number', 'category']).default('category'),
  categories: z.array(z.string().min(1)).min(1).optional(),
});
export type AttributeDef = z.infer<typeof attributeSchema>;

export const derivedSchema = z.strictObject({
  id: idSchema,
  label: labelSchema,
  unit: z.string().optional(),
  expr,
});
export type DerivedDef = z.infer<typeof derivedSchema>;

/** `missing: mean` for `missing: { method: mean }`: methods without parameters may be written bare. */
const bare = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' ? { method: v } : v), schema);

export const normaliseSchema = bare(z.discriminatedUnion('method', normaliseOperatorSchemas));
export type NormaliseDef = z.infer<typeof normaliseSchema>;
export type NormaliseMethod = NormaliseDef['method'];

export const missingSchema = bare(z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('skip') }),
  z.strictObject({ method: z.literal('fixed'), value: finite }),
  z.strictObject({ method: z.literal('mean') }),
  z.strictObject({ method: z.literal('median') }),
  z.strictObject({ method: z.literal('groupMean'), group: idSchema }),
]));
export type MissingDef = z.infer<typeof missingSchema>;

export const outlierSchema = bare(z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('none') }),
  z.strictObject({
    method: z.literal('coinr'),
    skew: finite.default(2),
    kurtosis: finite.default(3.5),
    maxPoints: z.number().int().min(0).default(5),
  }),
]));
export type OutlierDef = z.infer<typeof outlierSchema>;

export const aggregateSchema = z.union([
  z.enum(['mean', 'geometric', 'harmonic', 'sum']),
  z.strictObject({ method: z.literal('power'), p: finite.refine((p) => p !== 0, { message: bi('p 不能为 0（p = 0 即几何平均，请用 geometric）', 'p must not be 0 (p = 0 is the geometric mean: use geometric)') }) }),
]);
export type AggregateDef = z.infer<typeof aggregateSchema>;

const weight = finiteNumber
  .refine((w) => w >= 0, { message: bi('权重不能为负数', 'a weight must be ≥ 0') })
  .refine(
    (w) => !(w > SCHEME_LIMITS.maxWeight),
    refused(`权重不能超过 ${SCHEME_LIMITS.maxWeight}（权重是相对值，请按比例缩小）`, `a weight must be at most ${SCHEME_LIMITS.maxWeight} (weights are relative: scale them down)`),
  );

interface NodeCommon {
  id: string;
  label: Label;
  weight?: number;
  applicable?: string;
}
export interface AggregateNode extends NodeCommon {
  aggregate: AggregateDef;
  threshold: number;
  children: TreeNode[];
}
export interface IndicatorNode extends NodeCommon {
  input?: string;
  unit?: string;
  denominator?: string;
  scale?: number;
  direction: 'higher' | 'lower';
  normalise: NormaliseDef;
  missing: MissingDef;
  outliers: OutlierDef;
}
export type TreeNode = AggregateNode | IndicatorNode;

export const indicatorNodeSchema = z.strictObject({
  id: idSchema,
  label: labelSchema,
  weight: weight.optional(),
  applicable: expr.optional(),
  input: idSchema.optional(),
  unit: z.string().optional(),
  denominator: idSchema.optional(),
  scale: finite.optional(),
  direction: z.enum(['higher', 'lower']).default('higher'),
  normalise: normaliseSchema,
  missing: missingSchema.default({ method: 'skip' }),
  outliers: outlierSchema.default({ method: 'none' }),
});

/** An aggregate node's own fields; its children are parsed one by one (see load.ts) so that an
 * error names the exact node and field instead of "matches neither shape". */
export const aggregateNodeSchema = z.strictObject({
  id: idSchema,
  label: labelSchema,
  weight: weight.optional(),
  applicable: expr.optional(),
  aggregate: aggregateSchema.default('mean'),
  threshold: finite.refine((t) => t >= 0 && t <= 1, { message: bi('数据门槛应在 0 到 1 之间（有数据的子项比例）', 'threshold must be between 0 and 1 (the share of children present)') }).default(0),
  children: z.array(z.unknown()).min(1),
});

export const adjustmentSchema = z.strictObject({
  id: idSchema,
  kind: z.enum(['deduction', 'bonus']),
  label: labelSchema,
  points: expr,
  when: expr.optional(),
  cap: finite.optional(),
});
export type AdjustmentDef = z.infer<typeof adjustmentSchema>;

export const gradeSchema = z.strictObject({
  id: idSchema,
  label: labelSchema,
  /** The band is [min, max): min inclusive, max exclusive; the best band may omit max, the worst min. */
  min: finite.optional(),
  max: finite.optional(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: bi('颜色应写成 #rrggbb', 'write the colour as #rrggbb') }).optional(),
});
export type GradeDef = z.infer<typeof gradeSchema>;

export const vetoSchema = z.strictObject({
  id: idSchema,
  label: labelSchema,
  when: expr,
  /** Force this grade. */
  grade: idSchema.optional(),
  /** Or: the grade can be no better than this one. */
  maxGrade: idSchema.optional(),
});
export type VetoDef = z.infer<typeof vetoSchema>;

/**
 * A dated record type: violations, commitments, repairs, list entries, posts. Each record has an
 * entity, a start date and typed fields; it is valid from its date until the first of: the end of
 * its validity period, its own end-date field, or a repair record (of `repairedBy`'s type, for
 * the same entity, when `repairable` holds for it).
 */
const periodAmount = z.union([
  finite.refine((v) => v > 0 && Number.isInteger(v), { message: bi('有效期应为正整数', 'a validity period is a positive whole number') }),
  idSchema,
]);
export const validitySchema = z.union([
  z.strictObject({ days: periodAmount }),
  z.strictObject({ months: periodAmount }),
  z.strictObject({ years: periodAmount }),
]);
export type ValidityDef = z.infer<typeof validitySchema>;

/** A record's field is declared like an input. */
export const recordFieldSchema = inputSchema;
export type RecordFieldDef = z.infer<typeof recordFieldSchema>;

/** The roles an entity can have in a record that names several (跨界事件: the upstream source, the downstream side that found it, the reporter). */
export const RECORD_ROLES = ['upstream', 'downstream', 'reporter'] as const;

export const recordTypeSchema = z.strictObject({
  id: idSchema,
  label: labelSchema,
  fields: z.array(recordFieldSchema).default([]),
  /** Absent: valid until ended by `end` or a repair. A number, or the id of a number field. */
  validity: validitySchema.optional(),
  /** A date field that ends the record (exclusive), when present. */
  end: idSchema.optional(),
  repairedBy: idSchema.optional(),
  /** Which records a repair may end (an expression over the record's fields); default: all. */
  repairable: expr.optional(),
  /** A record of this type names one or more entities, each in one of these roles (a cross-boundary incident: upstream and downstream); filters read `role`. */
  roles: z.array(z.enum(RECORD_ROLES)).min(1).optional(),
});
export type RecordTypeDef = z.infer<typeof recordTypeSchema>;

/**
 * What being on a list costs in the period after the evaluation date (江苏: the red and black
 * lists at a half-year end set the next half-year's electricity surcharge): a rate per unit of an
 * input (`base`, times `baseScale` to the rate's unit), for `months` from the day after the as-of date.
 */
export const listConsequenceSchema = z.strictObject({
  label: labelSchema,
  rate: finite,
  unit: z.string().min(1).max(40),
  months: z.number().int().min(1).max(120),
  base: idSchema.optional(),
  baseScale: finite.default(1),
});
export type ListConsequenceDef = z.infer<typeof listConsequenceSchema>;

export const listRuleSchema = z.strictObject({ id: idSchema, label: labelSchema, when: expr, consequence: listConsequenceSchema.optional() });
export type ListRuleDef = z.infer<typeof listRuleSchema>;

/** Who pays or receives a settlement: the value of an attribute (`upstream`), or a fixed party. */
export const settlementPartySchema = z.union([idSchema, z.strictObject({ fixed: z.string().min(1).max(200) })]);
/** A settlement's amount: fixed, tiered by the score ([min, max) like grades), or read from an input or derived indicator. */
export const settlementAmountSchema = z.union([
  finite,
  z.strictObject({ tiers: z.array(z.strictObject({ min: finite.optional(), max: finite.optional(), amount: finite })).min(1) }),
  z.strictObject({ from: idSchema }),
]);
/**
 * Results → transfers (生态补偿结算): the first rule whose list the entity is on (or a rule
 * without a list) says who pays whom how much; `cap` caps every amount; `term` accumulates the
 * rounds of a multi-year term (its balance settled at the term's end), else each round settles alone.
 */
export const settlementSchema = z.strictObject({
  label: labelSchema,
  unit: z.string().min(1).max(40),
  rules: z.array(z.strictObject({ list: idSchema.optional(), payer: settlementPartySchema, payee: settlementPartySchema, amount: settlementAmountSchema })).min(1).max(50),
  cap: finite.optional(),
  term: z.strictObject({ years: z.number().int().min(1).max(20), from: z.number().int().min(1900).max(2200) }).optional(),
});
export type SettlementDef = z.infer<typeof settlementSchema>;

export const schemeSchema = z.strictObject({
  id: idSchema.or(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: bi('方案编号只能由小写字母、数字和 - 组成', 'a scheme id is lower-case letters, digits and -') })),
  version: z.union([z.string().min(1), z.number()]).transform(String),
  name: labelSchema,
  subject: z.enum(subjectKinds),
  description: labelSchema.optional(),
  /** The semantics level to compile at (semantics.ts); absent: the newest this engine knows. */
  semantics: z.number().int().min(1).refine((v) => v <= LATEST_SEMANTICS, {
    message: bi(`本版 kaohe 认识的语义级别为 1–${LATEST_SEMANTICS}：请改为其中之一，或安装更新版本的 kaohe`, `this kaohe knows semantics levels 1–${LATEST_SEMANTICS}: use one of them, or install a newer kaohe`),
  }).optional(),
  /** The days this version is in force, both ends inclusive (a run's as-of must fall in them); absent: always. */
  validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: bi('生效日期应为 YYYY-MM-DD', 'validFrom must be a date YYYY-MM-DD') }).optional(),
  validTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: bi('失效日期应为 YYYY-MM-DD', 'validTo must be a date YYYY-MM-DD') }).optional(),
  rounding: z.strictObject({ decimals: z.number().int().min(0).max(10).default(2) }).default({ decimals: 2 }),
  ranking: z
    .strictObject({
      on: z.enum(['exact', 'rounded']).default('exact'),
      groups: z.array(idSchema).default([]),
      /** descending: rank 1 = the highest score (the default); ascending: rank 1 = the lowest (an index where lower is better). */
      order: z.enum(rankOrders).default('descending'),
    })
    .default({ on: 'exact', groups: [], order: 'descending' }),
  attributes: z.array(attributeSchema).default([]),
  inputs: z.array(inputSchema).min(1),
  derived: z.array(derivedSchema).default([]),
  records: z.array(recordTypeSchema).default([]),
  /** Parsed node by node in load.ts. */
  tree: z.unknown(),
  adjustments: z
    .strictObject({
      cap: z.strictObject({ deduction: finite.optional(), bonus: finite.optional() }).default({}),
      rules: z.array(adjustmentSchema).default([]),
    })
    .default({ cap: {}, rules: [] }),
  scoreRange: z.tuple([finite, finite]).optional(),
  grades: z.array(gradeSchema).default([]),
  vetoes: z.array(vetoSchema).default([]),
  lists: z.array(listRuleSchema).default([]),
  settlement: settlementSchema.optional(),
  /** Cell texts that mean "missing" in the data besides an empty cell and `NA` (e.g. —, /, 无). */
  missingValues: z.array(z.string().refine((v) => v.trim() !== '', { message: bi('缺失值写法不能为空白', 'a missing-value marker must not be blank') })).default([]),
});
export type Scheme = Omit<z.infer<typeof schemeSchema>, 'tree'> & { tree: TreeNode };

export function isIndicator(n: TreeNode): n is IndicatorNode {
  return !('children' in n);
}
