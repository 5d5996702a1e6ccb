/**
 * Checks for dated record types and the record functions that read them: field definitions,
 * validity periods, end fields, repairs, and each record call's type, field and filter.
 */
import { children, parseExpression, RECORD_AGE_NAMES, recordCalls, type Ast } from './expression.js';
import type { RecordFieldDef, RecordTypeDef, Scheme } from './schema.js';

type Add = (path: (string | number)[], zh: string, en: string) => void;

const FIELD_RESERVED = new Set<string>([...RECORD_AGE_NAMES, 'id', 'date', 'type']);

/** Record-field scope of one type: field id → definition; `role` too (a category of the type's roles) for a type with roles. */
function fieldsOf(t: RecordTypeDef): Map<string, RecordFieldDef> {
  const out = new Map(t.fields.map((f) => [f.id, f]));
  if (t.roles) out.set('role', { id: 'role', label: { zh: '角色', en: 'Role' }, type: 'category', categories: [...t.roles], required: true });
  return out;
}

export function validateRecordTypes(s: Scheme, add: Add): void {
  const types = new Map<string, RecordTypeDef>();
  s.records.forEach((t, i) => {
    const path = ['records', i];
    if (types.has(t.id)) add([...path, 'id'], `记录类型「${t.id}」重复`, `duplicate record type "${t.id}"`);
    types.set(t.id, t);
    const seen = new Set<string>();
    if (t.roles && new Set(t.roles).size !== t.roles.length) add([...path, 'roles'], '角色重复', 'a role is listed twice');
    t.fields.forEach((f, k) => {
      if (t.roles && f.id === 'role') add([...path, 'fields', k, 'id'], '有角色（roles）的记录类型中「role」是保留名称，请换一个字段编号', 'in a record type with roles, "role" is a reserved name: choose another field id');
      const fp = [...path, 'fields', k];
      if (FIELD_RESERVED.has(f.id)) add([...fp, 'id'], `「${f.id}」是保留名称，请换一个字段编号`, `"${f.id}" is a reserved name: choose another field id`);
      if (seen.has(f.id)) add([...fp, 'id'], `字段「${f.id}」重复`, `duplicate field "${f.id}"`);
      seen.add(f.id);
      if (f.type === 'category' && !f.categories) add([...fp, 'categories'], '类别型字段需列出可选类别 categories', 'a category field needs its list of categories');
      if (f.type !== 'category' && f.categories) add([...fp, 'categories'], '只有类别型字段可以列出类别', 'only category fields can list categories');
      if (f.range && (f.type === 'category' || f.type === 'boolean')) add([...fp, 'range'], '类别型和是/否型字段不能设范围', 'category and boolean fields cannot have a range');
    });
    const fields = fieldsOf(t);
    if (t.validity) {
      const [unit, amount] = Object.entries(t.validity)[0] as [string, number | string];
      if (typeof amount === 'string' && fields.get(amount)?.type !== 'number') {
        add([...path, 'validity', unit], `有效期字段「${amount}」不是本记录类型的数值字段`, `validity field "${amount}" is not a number field of this record type`);
      }
    }
    if (t.end !== undefined && fields.get(t.end)?.type !== 'date') {
      add([...path, 'end'], `结束日期字段「${t.end}」不是本记录类型的日期字段`, `end field "${t.end}" is not a date field of this record type`);
    }
    if (t.repairable !== undefined && t.repairedBy === undefined) {
      add([...path, 'repairable'], 'repairable 需与 repairedBy（修复记录类型）一起使用', 'repairable is used together with repairedBy (the repair record type)');
    }
  });
  s.records.forEach((t, i) => {
    if (t.repairedBy === undefined) return;
    if (!types.has(t.repairedBy) || t.repairedBy === t.id) {
      add(['records', i, 'repairedBy'], `修复记录类型「${t.repairedBy}」不是另一个已定义的记录类型`, `repair type "${t.repairedBy}" is not another defined record type`);
    }
    if (t.repairable !== undefined) {
      const r = parseExpression(t.repairable);
      if (!r.ok) add(['records', i, 'repairable'], r.error.zh, r.error.en);
      else checkFilter(r.ast, t, t.repairable, ['records', i, 'repairable'], add);
    }
  });
}

/** Every record call in an expression: its type exists, its field is numeric, its filter reads fields of that type. */
export function validateRecordCalls(ast: Ast, text: string, path: (string | number)[], s: Scheme, add: Add): void {
  for (const call of recordCalls(ast)) {
    const t = s.records.find((r) => r.id === call.type);
    if (!t) {
      const known = s.records.map((r) => r.id);
      add(path,
        `表达式「${text}」中 ${call.fn} 引用了未定义的记录类型「${call.type}」（已定义：${known.join('、') || '无，请在 records 中定义'}）`,
        `in "${text}", ${call.fn} refers to an undefined record type "${call.type}" (defined: ${known.join(', ') || 'none: define it under records'})`);
      continue;
    }
    if (call.field !== null) {
      const f = fieldsOf(t).get(call.field);
      if (!f || (f.type !== 'number' && f.type !== 'boolean')) {
        add(path,
          `表达式「${text}」中「${call.field}」不是记录类型「${t.id}」的数值字段`,
          `in "${text}", "${call.field}" is not a number field of record type "${t.id}"`);
      }
    }
    if (call.filter) checkFilter(call.filter, t, text, path, add);
  }
}

/** A filter reads the record's own fields and age only; quoted values only against its category fields. */
function checkFilter(ast: Ast, t: RecordTypeDef, text: string, path: (string | number)[], add: Add): void {
  const fields = fieldsOf(t);
  const known = [...fields.keys(), ...RECORD_AGE_NAMES];
  const walk = (a: Ast): void => {
    if (a.t === 'bin' && (a.op === '==' || a.op === '!=') && (a.a.t === 'str' || a.b.t === 'str')) {
      const [ref, lit] = a.a.t === 'str' ? [a.b, a.a] : [a.a, a.b];
      const f = ref.t === 'ref' ? fields.get(ref.name) : undefined;
      if (lit.t !== 'str' || !f || f.type !== 'category') {
        add(path, `表达式「${text}」中，带引号的值只能与记录的类别型字段用 == / != 比较`, `in "${text}", a quoted value can only be compared (== or !=) with a category field of the record`);
      } else if (!f.categories!.includes(lit.v)) {
        add(path, `表达式「${text}」中「${lit.v}」不是字段 ${f.id} 的可选值（${f.categories!.join('、')}）`, `in "${text}", "${lit.v}" is not a value of field ${f.id} (${f.categories!.join(', ')})`);
      }
      return;
    }
    if (a.t === 'node') {
      add(path, `记录条件「${text}」不能引用节点得分`, `the record condition "${text}" cannot refer to node scores`);
    } else if (a.t === 'str') {
      add(path, `表达式「${text}」中带引号的值「${a.v}」只能用于类别比较`, `in "${text}", the quoted value "${a.v}" can only be used in a category comparison`);
    } else if (a.t === 'ref') {
      const f = fields.get(a.name);
      if (!f && !(RECORD_AGE_NAMES as readonly string[]).includes(a.name)) {
        add(path,
          `记录条件「${text}」中的「${a.name}」不是记录类型「${t.id}」的字段（可用：${known.join('、')}）`,
          `in the record condition "${text}", "${a.name}" is not a field of record type "${t.id}" (available: ${known.join(', ')})`);
      } else if (f?.type === 'category') {
        add(path, `表达式「${text}」中类别型字段 ${a.name} 只能用 == / != 与带引号的值比较`, `in "${text}", the category field ${a.name} can only be compared (== or !=) with a quoted value`);
      }
    } else children(a).forEach(walk);
  };
  walk(ast);
}
