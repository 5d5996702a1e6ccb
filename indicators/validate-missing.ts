/**
 * The scheme's `missingValues`: each marker must be unambiguous, so it may not read as a
 * number, as yes/no (the words io/cells.ts accepts for booleans), or as one of the scheme's
 * declared categories — a cell holding it would otherwise mean two things.
 */
import type { Scheme } from './schema.js';

const NUMBER_LIKE = /^[+\-−＋－]?[.．]?[0-9０-９]/;
const YES_NO = new Set(['true', 'false', 'yes', 'no', '是', '否']);

export function validateMissingValues(s: Scheme, add: (path: (string | number)[], zh: string, en: string) => void): void {
  const categories = new Map<string, string>();
  for (const c of [...s.attributes, ...s.inputs]) for (const v of c.categories ?? []) categories.set(v, c.id);
  s.missingValues.forEach((raw, i) => {
    const v = raw.trim();
    const path = ['missingValues', i];
    if (NUMBER_LIKE.test(v)) add(path, `缺失值写法「${v}」看起来是数字，会与数据混淆`, `the missing-value marker "${v}" reads as a number and would be confused with data`);
    else if (YES_NO.has(v.toLowerCase())) add(path, `缺失值写法「${v}」是“是/否”的写法，会与数据混淆`, `the missing-value marker "${v}" is a yes/no word and would be confused with data`);
    else if (categories.has(v)) add(path, `缺失值写法「${v}」是「${categories.get(v)}」的一个类别，会与数据混淆`, `the missing-value marker "${v}" is a category of ${categories.get(v)} and would be confused with data`);
  });
}
