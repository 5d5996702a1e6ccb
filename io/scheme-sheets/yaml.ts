/**
 * A scheme as readable YAML: fields that hold their default are left out (the schema says what
 * the defaults are), small maps and lists are written on one line as the built-in templates do,
 * and a header comment says where the scheme came from. Loading the text gives the same scheme.
 */
import { Document, visit } from 'yaml';
import type { ZodType } from 'zod';
import { aggregateNodeSchema, canonicalJson, indicatorNodeSchema, schemeSchema, type Scheme } from '../../indicators/index.js';
import type { Rec } from './layout.js';

/** Longest collection (as JSON) still written on one line. */
const FLOW_CHARS = 100;

export function schemeToYaml(scheme: Scheme, options: { source?: string } = {}): string {
  const doc = new Document(withoutDefaults(scheme as unknown as Rec, schemeSchema));
  visit(doc, {
    Map(_, node) {
      if (JSON.stringify(node.toJSON()).length <= FLOW_CHARS) node.flow = true;
    },
    Seq(_, node) {
      if (JSON.stringify(node.toJSON()).length <= FLOW_CHARS) node.flow = true;
    },
  });
  const from = options.source ? `：${options.source}` : '';
  const fromEn = options.source ? `: ${options.source}` : '';
  doc.commentBefore = [
    ` 由 Excel 指标体系工作簿转换而来（kaohe scheme import）${from}`,
    ` Converted from a framework workbook by kaohe scheme import${fromEn}`,
    ' 未写出的字段取默认值 / fields not written take their defaults (README: Writing a scheme)',
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

type Def = Record<string, unknown> & { type: string };
const defOf = (s: ZodType): Def => s.def as unknown as Def;

/** The object or array schema inside defaults and optionals, if that is what the field holds. */
function unwrap(s: ZodType): ZodType {
  const def = defOf(s);
  return def.type === 'default' || def.type === 'optional' ? unwrap(def.innerType as ZodType) : s;
}

function withoutDefaults(obj: Rec, schema: ZodType): Rec {
  const def = defOf(unwrap(schema));
  const shape = def.type === 'object' ? (def.shape as Record<string, ZodType>) : {};
  const out: Rec = {};
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    if (key === 'tree' && schema === schemeSchema) {
      out.tree = nodeWithoutDefaults(value as Rec);
      continue;
    }
    const field = shape[key];
    const d = field?.safeParse(undefined);
    if (d?.success && canonicalJson(d.data) === canonicalJson(value)) continue;
    out[key] = field ? inner(value, field) : value;
  }
  return out;
}

function inner(value: unknown, field: ZodType): unknown {
  const def = defOf(unwrap(field));
  if (def.type === 'object' && value !== null && typeof value === 'object' && !Array.isArray(value)) return withoutDefaults(value as Rec, field);
  if (def.type === 'array' && Array.isArray(value)) return value.map((v) => inner(v, def.element as ZodType));
  return value;
}

function nodeWithoutDefaults(node: Rec): Rec {
  if (!Array.isArray(node.children)) return withoutDefaults(node, indicatorNodeSchema);
  const { children, ...own } = node;
  return { ...withoutDefaults(own, aggregateNodeSchema), children: (children as Rec[]).map(nodeWithoutDefaults) };
}
