/** Checks for the settlement block and list consequences: every name they read exists, tiers are ordered. */
import type { Scheme } from './schema.js';

type Add = (path: (string | number)[], zh: string, en: string) => void;

export function validateSettlement(s: Scheme, add: Add): void {
  const attributes = new Set(s.attributes.map((a) => a.id));
  const values = new Set([...s.inputs.map((i) => i.id), ...s.derived.map((d) => d.id)]);
  const lists = new Set(s.lists.map((l) => l.id));
  s.lists.forEach((l, i) => {
    const base = l.consequence?.base;
    if (base !== undefined && !values.has(base)) add(['lists', i, 'consequence', 'base'], `「${base}」不是输入或派生指标`, `"${base}" is not an input or derived indicator`);
  });
  const st = s.settlement;
  if (!st) return;
  st.rules.forEach((r, k) => {
    const path = ['settlement', 'rules', k];
    if (r.list !== undefined && !lists.has(r.list)) add([...path, 'list'], `「${r.list}」不是方案的名单`, `"${r.list}" is not a list of the scheme`);
    for (const side of ['payer', 'payee'] as const) {
      const p = r[side];
      if (typeof p === 'string' && !attributes.has(p)) {
        add([...path, side], `「${p}」不是属性（付款方、收款方取属性的值，或写 { fixed: 名称 }）`, `"${p}" is not an attribute (a payer or payee is an attribute's value, or { fixed: NAME })`);
      }
    }
    const a = r.amount;
    if (typeof a === 'object' && 'from' in a && !values.has(a.from)) add([...path, 'amount', 'from'], `「${a.from}」不是输入或派生指标`, `"${a.from}" is not an input or derived indicator`);
    if (typeof a === 'object' && 'tiers' in a) {
      a.tiers.forEach((t, j) => {
        if (t.min !== undefined && t.max !== undefined && !(t.min < t.max)) add([...path, 'amount', 'tiers', j], `分档下限 ${t.min} 应小于上限 ${t.max}`, `a tier's min ${t.min} must be below its max ${t.max}`);
      });
    }
  });
}
