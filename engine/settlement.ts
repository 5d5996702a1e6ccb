/**
 * Settlements (生态补偿结算): each entity's transfer from its results — the first settlement rule
 * whose list the entity is on (a rule without a list: everyone) names the payer and the payee
 * (an attribute's value, or a fixed party) and the amount (fixed, the tier of the score, or an
 * input or derived value), capped by the scheme's cap. An entity no rule applies to has none.
 * A payer or payee left empty in the data, or an amount that isn't a finite number within
 * 10¹² (or is negative), is refused naming the entity and the rule.
 */
import { KaoheError, type Problem } from '../indicators/index.js';
import type { SettlementAmount, SettlementParty } from './plan.js';
import type { Results } from './results.js';

export interface Transfer {
  payer: string;
  payee: string;
  amount: number;
  /** Index of the rule that applied (plan.settlement.rules). */
  rule: number;
}

export const MAX_SETTLEMENT_AMOUNT = 1e12;

/** Per entity (results order): its transfer, or null. Empty when the plan has no settlement. */
export function settlements(results: Results): (Transfer | null)[] {
  const st = results.plan.settlement;
  if (!st) return [];
  const { plan, layout, columns: C, frame } = results;
  const listIndex = (id: string): number => plan.lists.findIndex((l) => l.id === id);
  const party = (p: SettlementParty, i: number): string | null => {
    if ('fixed' in p) return p.fixed;
    const v = C[layout.source.get(p.attribute)!][i];
    if (v !== v) return null;
    const dict = frame.dictionaries.get(p.attribute);
    const text = dict ? dict[v] : String(v);
    return text?.trim() ? text : null;
  };
  const amountOf = (a: SettlementAmount, i: number): number => {
    if ('fixed' in a) return a.fixed;
    if ('from' in a) return C[layout.source.get(a.from) ?? layout.derived.get(a.from)!][i];
    const score = results.score[i];
    const tier = a.tiers.find((t) => (t.min === null || score >= t.min) && (t.max === null || score < t.max));
    return tier ? tier.amount : NaN;
  };
  const problems: Problem[] = [];
  const out = frame.ids.map((id, i): Transfer | null => {
    for (let k = 0; k < st.rules.length; k++) {
      const r = st.rules[k];
      if (r.list !== null && results.lists[listIndex(r.list)][i] !== 1) continue;
      const where = `${id} settlement.rules[${k}]`;
      const payer = party(r.payer, i);
      const payee = party(r.payee, i);
      if (payer === null || payee === null) {
        const side = payer === null ? { zh: '付款方', en: 'payer' } : { zh: '收款方', en: 'payee' };
        problems.push({ where, zh: `结算没有${side.zh}：请在数据中填写它所取的属性`, en: `the settlement has no ${side.en}: fill in the attribute it is read from` });
        return null;
      }
      let amount = amountOf(r.amount, i);
      if (st.cap !== null && amount > st.cap) amount = st.cap;
      if (!Number.isFinite(amount) || amount < 0 || amount > MAX_SETTLEMENT_AMOUNT) {
        problems.push({ where, zh: `结算金额无效（${amount}）：应为 0 至 10¹² 之间的有限数`, en: `the settlement amount is not valid (${amount}): it must be a finite number from 0 to 10¹²` });
        return null;
      }
      return { payer, payee, amount, rule: k };
    }
    return null;
  });
  if (problems.length > 0) throw new KaoheError(problems.slice(0, 100));
  return out;
}
