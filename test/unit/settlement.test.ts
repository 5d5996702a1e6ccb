/**
 * Settlements from results: the first rule whose list applies, payer and payee from attributes or
 * fixed, fixed / tiered / read amounts, the cap; bad settlement blocks refused at check with their
 * path; an empty payer or an amount past 10¹² refused naming the entity; a plan without a
 * settlement has no such field (so its hash is unchanged).
 */
import { describe, expect, it } from 'vitest';
import { compile, evaluate, settlements } from '../../engine/index.js';
import { KaoheError, parseSchemeObject } from '../../indicators/index.js';
import { readCsvText } from '../../io/index.js';
import { L, schemeProblems } from '../helpers.js';

function scheme(settlement: unknown): Record<string, unknown> {
  return {
    id: 'settle-test', version: '1', name: L('Settle'), subject: 'section',
    attributes: [{ id: 'up', label: L('up') }, { id: 'down', label: L('down') }],
    inputs: [{ id: 'p', label: L('p') }, { id: 'fund', label: L('fund'), range: [0, null] }],
    tree: { id: 'P', label: L('P'), input: 'p', normalise: 'none' },
    ranking: { order: 'ascending' },
    lists: [{ id: 'clean', label: L('clean'), when: 'score <= 1' }, { id: 'dirty', label: L('dirty'), when: 'score > 1' }],
    settlement,
  };
}
const DATA = 'id,up,down,p,fund\ns1,安徽,浙江,0.8,100\ns2,广西,广东,1.2,5000\ns3,河北,天津,1.0,30\n';
const run = (settlement: unknown, data = DATA) => {
  const compiled = compile(parseSchemeObject(scheme(settlement)));
  return settlements(evaluate(compiled, readCsvText(data, compiled.plan)));
};

describe('settlements', () => {
  it('payer and payee follow the list; fixed, tiered and read amounts; the cap', () => {
    const rules = (amount: unknown) => ({ label: L('comp'), unit: '万元', rules: [
      { list: 'clean', payer: 'down', payee: 'up', amount },
      { list: 'dirty', payer: 'up', payee: { fixed: '中央财政' }, amount },
    ] });
    expect(run(rules(10000))).toEqual([
      { payer: '浙江', payee: '安徽', amount: 10000, rule: 0 },
      { payer: '广西', payee: '中央财政', amount: 10000, rule: 1 },
      { payer: '天津', payee: '河北', amount: 10000, rule: 0 },
    ]);
    // Tiers on the score, [min, max): 0.8 → 3, 1.2 → 1, 1.0 → 2.
    expect(run(rules({ tiers: [{ max: 0.9, amount: 3 }, { min: 0.9, max: 1.1, amount: 2 }, { min: 1.1, amount: 1 }] })).map((t) => t!.amount)).toEqual([3, 1, 2]);
    expect(run({ ...rules({ from: 'fund' }), cap: 1000 }).map((t) => t!.amount)).toEqual([100, 1000, 30]);
  });

  it('an entity no rule applies to has no transfer; a plan without settlement has no field', () => {
    expect(run({ label: L('c'), unit: '万元', rules: [{ list: 'dirty', payer: 'up', payee: 'down', amount: 1 }] }).map((t) => t?.payer ?? null)).toEqual([null, '广西', null]);
    const plain = scheme(undefined);
    delete plain.settlement;
    expect('settlement' in compile(parseSchemeObject(plain)).plan).toBe(false);
  });

  it('an empty payer or an amount past 10¹² is refused naming the entity and rule', () => {
    const s = { label: L('c'), unit: '万元', rules: [{ payer: 'up', payee: 'down', amount: { from: 'fund' } }] };
    const problems = (data: string): string[] => {
      try {
        run(s, data);
      } catch (e) {
        if (e instanceof KaoheError) return e.problems.map((p) => `${p.where}: ${p.en}`);
        throw e;
      }
      throw new Error('accepted');
    };
    expect(problems('id,up,down,p,fund\ns1,,浙江,0.8,1\ns2,广西,广东,1.2,2000000000000\n')).toEqual([
      's1 settlement.rules[0]: the settlement has no payer: fill in the attribute it is read from',
      's2 settlement.rules[0]: the settlement amount is not valid (2000000000000): it must be a finite number from 0 to 10¹²',
    ]);
  });

  it('a settlement naming unknown attributes, lists or values, or disordered tiers, is refused at check', () => {
    const msgs = schemeProblems(scheme({ label: L('c'), unit: '万元', rules: [
      { list: 'gold', payer: 'nobody', payee: 'down', amount: { from: 'nothing' } },
      { payer: 'up', payee: 'down', amount: { tiers: [{ min: 2, max: 1, amount: 1 }] } },
    ] })).map((p) => `${p.where}: ${p.en}`);
    expect(msgs).toEqual([
      expect.stringContaining('settlement.rules[0].list'),
      expect.stringContaining('settlement.rules[0].payer'),
      expect.stringContaining('settlement.rules[0].amount.from'),
      expect.stringContaining('settlement.rules[1].amount.tiers[0]'),
    ]);
    expect(schemeProblems(scheme({ label: L('c'), unit: '万元', rules: [] })).length).toBeGreaterThan(0);
  });
});
