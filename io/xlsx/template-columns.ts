/**
 * The columns of a template's data sheet and what each accepts: `id`, `name`, the scheme's
 * attributes, then its inputs, in scheme order. The description of what a column accepts is
 * written once here and used by the instructions sheet, the validation messages and the prompts.
 */
import type { ScoringPlan, SourceColumn } from '../../engine/index.js';
import type { Label } from '../../indicators/index.js';

export interface TemplateColumn {
  /** The machine header (row 3): `id`, `name` or a source id. */
  key: string;
  label: Label;
  unit: string;
  required: boolean;
  /** The scheme's column; null for `id` and `name`. */
  source: SourceColumn | null;
  /** Whole numbers only (counts: a unit such as 次, 个, 家). */
  whole: boolean;
}

/** Units of things counted one by one: a value in one of them is a whole number. */
const COUNT_UNITS = new Set(['次', '个', '家', '人', '起', '件', '项', '座', '条', '处', '宗', '例', '户', '辆', '台', '所']);

const BOOLEAN_CHOICES = ['是', '否'];

export function templateColumns(plan: ScoringPlan): TemplateColumn[] {
  const of = (s: SourceColumn): TemplateColumn => ({
    key: s.id,
    label: s.label,
    unit: s.unit ?? '',
    required: s.required,
    source: s,
    whole: s.type === 'number' && s.unit !== undefined && COUNT_UNITS.has(s.unit.trim()),
  });
  return [
    { key: 'id', label: { zh: '编码', en: 'ID' }, unit: '', required: true, source: null, whole: false },
    { key: 'name', label: { zh: '名称', en: 'Name' }, unit: '', required: true, source: null, whole: false },
    ...plan.sources.filter((s) => s.role === 'attribute').map(of),
    ...plan.sources.filter((s) => s.role === 'input').map(of),
  ];
}

/** The values a drop-down offers, or null when the column has none. */
export function choicesOf(column: TemplateColumn): string[] | null {
  if (column.source?.type === 'boolean') return BOOLEAN_CHOICES;
  if (column.source?.type === 'category' && column.source.categories) return column.source.categories;
  return null;
}

/** Kind of value, for the instructions' table. */
export function typeOf(column: TemplateColumn): Label {
  switch (column.source?.type) {
    case undefined: return { zh: '文本', en: 'Text' };
    case 'number': return column.whole ? { zh: '整数', en: 'Whole number' } : { zh: '数字', en: 'Number' };
    case 'boolean': return { zh: '是/否', en: 'Yes/No' };
    case 'date': return { zh: '日期', en: 'Date' };
    case 'category': return { zh: '选项', en: 'Choice' };
    default: return { zh: '文本', en: 'Text' };
  }
}

/** What the column accepts, as a phrase: "0–100 之间的数字" / "a number from 0 to 100". */
export function acceptedValues(column: TemplateColumn): Label {
  const s = column.source;
  if (!s) return column.key === 'id' ? { zh: '不重复的编码', en: 'a unique code' } : { zh: '名称', en: 'a name' };
  switch (s.type) {
    case 'number': {
      const [lo, hi] = s.range ?? [null, null];
      const what = column.whole ? { zh: '整数', en: 'whole number' } : { zh: '数字', en: 'number' };
      if (lo !== null && hi !== null) return { zh: `${lo}–${hi} 之间的${what.zh}`, en: `a ${what.en} from ${lo} to ${hi}` };
      if (lo !== null) return { zh: `不小于 ${lo} 的${what.zh}`, en: `a ${what.en} ≥ ${lo}` };
      if (hi !== null) return { zh: `不大于 ${hi} 的${what.zh}`, en: `a ${what.en} ≤ ${hi}` };
      return { zh: what.zh, en: `a ${what.en}` };
    }
    case 'boolean': return { zh: '是 或 否', en: '是 (yes) or 否 (no)' };
    case 'date': return { zh: '日期（YYYY-MM-DD）', en: 'a date (YYYY-MM-DD)' };
    case 'category':
      return s.categories
        ? { zh: `以下之一：${s.categories.join('、')}`, en: `one of: ${s.categories.join(', ')}` }
        : { zh: '文本', en: 'text' };
    default: return { zh: '文本', en: 'text' };
  }
}
