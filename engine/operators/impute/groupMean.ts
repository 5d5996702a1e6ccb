import { code } from '../../code.js';
import { groupMeans } from '../../stats.js';
import type { ImputeOperator } from './operator.js';

/** A missing value takes the mean of its group (a category attribute); missing when the entity has no group. */
export const groupMean: ImputeOperator<'groupMean'> = {
  params: [],
  table: true,
  decide(def, { raw, column }) {
    const { codes, categories } = column(def.group);
    const table = groupMeans(raw, codes, categories.length);
    return { table, detail: { groupMeans: new Map(categories.map((value, k) => [value, table[k]])) } };
  },
  fill(def, { table, column }) {
    const g = column(def.group);
    return code`(${g} === ${g} ? ${table()}[${g}] : NaN)`;
  },
};
