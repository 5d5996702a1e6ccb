/**
 * The shape of a ScoringPlan as data, for plans read back from storage: a plan the compiler
 * wrote always passes; a plan changed outside kaohe (a hand-edited database, a damaged file) is
 * refused with the path of the first field that is wrong, before any kernel is generated from it.
 * The operators' parameters are checked by the scheme language's own schemas.
 */
import { z } from 'zod';
import {
  aggregateSchema,
  FUNCTIONS,
  labelSchema,
  missingSchema,
  normaliseSchema,
  outlierSchema,
  RECORD_FUNCTIONS,
  type Ast,
  type BinaryOp,
  type FunctionName,
  type RecordFunction,
  type UnaryOp,
} from '../indicators/index.js';
import type { ScoringPlan } from './plan.js';
import { LEVEL_1_MARK } from './semantics.js';

const UNARY_OPS = ['-', '+', '!'] as const satisfies readonly UnaryOp[];
const BINARY_OPS = ['+', '-', '*', '/', '%', '<', '<=', '>', '>=', '==', '!=', '&&', '||'] as const satisfies readonly BinaryOp[];
const FUNCTION_NAMES = Object.keys(FUNCTIONS) as [FunctionName, ...FunctionName[]];
const RECORD_FUNCTION_NAMES = Object.keys(RECORD_FUNCTIONS) as [RecordFunction, ...RecordFunction[]];

const ast: z.ZodType<Ast> = z.lazy(() => z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('num'), v: z.number() }),
  z.strictObject({ t: z.literal('str'), v: z.string() }),
  z.strictObject({ t: z.literal('ref'), name: z.string() }),
  z.strictObject({ t: z.literal('node'), id: z.string() }),
  z.strictObject({ t: z.literal('un'), op: z.enum(UNARY_OPS), a: ast }),
  z.strictObject({ t: z.literal('bin'), op: z.enum(BINARY_OPS), a: ast, b: ast }),
  z.strictObject({ t: z.literal('if'), c: ast, a: ast, b: ast }),
  z.strictObject({ t: z.literal('call'), fn: z.enum(FUNCTION_NAMES), args: z.array(ast) }),
  z.strictObject({ t: z.literal('rec'), fn: z.enum(RECORD_FUNCTION_NAMES), type: z.string(), field: z.string().nullable(), filter: ast.nullable() }),
]));

const index = z.number().int().min(-1);
const bound = z.number().nullable();
const valueType = z.enum(['number', 'boolean', 'category', 'date']);
const fieldShape = {
  id: z.string(),
  label: labelSchema,
  type: valueType,
  unit: z.string().optional(),
  required: z.boolean(),
  range: z.tuple([bound, bound]).optional(),
  categories: z.array(z.string()).optional(),
};

const nodeBase = {
  id: z.string(),
  label: labelSchema,
  parent: index,
  depth: z.number().int().min(0),
  weight: z.number(),
  applicable: ast.nullable(),
};

const party = z.union([z.strictObject({ attribute: z.string() }), z.strictObject({ fixed: z.string() })]);
const amount = z.union([
  z.strictObject({ fixed: z.number() }),
  z.strictObject({ tiers: z.array(z.strictObject({ min: bound, max: bound, amount: z.number() })) }),
  z.strictObject({ from: z.string() }),
]);

export const scoringPlanSchema: z.ZodType<ScoringPlan> = z.strictObject({
  format: z.literal(1),
  engine: z.literal(LEVEL_1_MARK).optional(),
  semantics: z.number().int().min(2).optional(),
  scheme: z.strictObject({
    id: z.string(), version: z.string(), name: labelSchema, subject: z.string(),
    description: labelSchema.optional(), validFrom: z.string().optional(), validTo: z.string().optional(),
  }),
  rounding: z.strictObject({ decimals: z.number().int().min(0) }),
  ranking: z.strictObject({ on: z.enum(['exact', 'rounded']), groups: z.array(z.string()), order: z.literal('ascending').optional() }),
  sources: z.array(z.strictObject({ ...fieldShape, role: z.enum(['input', 'attribute']) })),
  missingValues: z.array(z.string()).optional(),
  records: z.array(z.strictObject({
    id: z.string(),
    label: labelSchema,
    fields: z.array(z.strictObject(fieldShape)),
    validity: z.strictObject({ unit: z.enum(['days', 'months', 'years']), amount: z.number().nullable(), field: z.string().nullable() }).nullable(),
    end: z.string().nullable(),
    repairedBy: z.string().nullable(),
    repairable: ast.nullable(),
    roles: z.array(z.string()).optional(),
  })).optional(),
  recordAggregates: z.array(z.strictObject({
    id: z.string(), fn: z.enum(RECORD_FUNCTION_NAMES), type: z.string(), field: z.string().nullable(), filter: ast.nullable(),
  })).optional(),
  derived: z.array(z.strictObject({ id: z.string(), label: labelSchema, unit: z.string().optional(), expr: ast })),
  nodes: z.array(z.discriminatedUnion('kind', [
    z.strictObject({ ...nodeBase, kind: z.literal('aggregate'), aggregate: aggregateSchema, threshold: z.number(), children: z.array(z.number().int().min(0)) }),
    z.strictObject({
      ...nodeBase,
      kind: z.literal('indicator'),
      input: z.string(),
      unit: z.string().optional(),
      denominate: z.strictObject({ by: z.string(), scale: z.number() }).nullable(),
      direction: z.union([z.literal(1), z.literal(-1)]),
      impute: missingSchema,
      outliers: outlierSchema,
      normalise: normaliseSchema,
    }),
  ])).min(1),
  adjustments: z.strictObject({
    rules: z.array(z.strictObject({
      id: z.string(), kind: z.enum(['deduction', 'bonus']), label: labelSchema, points: ast, when: ast.nullable(), cap: z.number().nullable(),
    })),
    capDeduction: z.number().nullable(),
    capBonus: z.number().nullable(),
  }),
  scoreRange: z.tuple([z.number(), z.number()]).nullable(),
  grades: z.array(z.strictObject({ id: z.string(), label: labelSchema, min: bound, max: bound, color: z.string().nullable() })),
  vetoes: z.array(z.strictObject({ id: z.string(), label: labelSchema, when: ast, grade: z.string().nullable(), maxGrade: z.string().nullable() })),
  lists: z.array(z.strictObject({
    id: z.string(),
    label: labelSchema,
    when: ast,
    consequence: z.strictObject({
      label: labelSchema, rate: z.number(), unit: z.string(), months: z.number(), base: z.string().nullable(), baseScale: z.number(),
    }).optional(),
  })),
  settlement: z.strictObject({
    label: labelSchema,
    unit: z.string(),
    rules: z.array(z.strictObject({ list: z.string().nullable(), payer: party, payee: party, amount })),
    cap: z.number().nullable(),
    term: z.strictObject({ years: z.number(), from: z.number() }).nullable(),
  }).optional(),
}).refine((p) => (p.engine === undefined) !== (p.semantics === undefined), {
  message: `a plan is marked with exactly one of engine: "${LEVEL_1_MARK}" (semantics level 1) and semantics: N (level N ≥ 2)`,
});

/** The first problem of a plan read back from storage, as "path: message", or null when it is a plan. */
export function planShapeProblem(value: unknown): string | null {
  const r = scoringPlanSchema.safeParse(value);
  if (r.success) return null;
  const issue = r.error.issues[0];
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return `${path || '(the plan)'}: ${issue.message}`;
}
