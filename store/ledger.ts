/**
 * The settlement ledger of a scheme (生态补偿账户): one transfer per entity per round that a
 * settlement rule applied to — from, to, amount, the rule, the round, run and as-of — from the run
 * of each round the reader may see (published, or the latest finished one); and, for a scheme
 * with a multi-year term, each term's balance between every two parties (what each owes the
 * other on net, settled at the term's end). Computed from stored runs, which never change.
 */
import { settlements } from '../engine/index.js';
import type { Db } from './db.js';
import { runResults } from './results-cache.js';
import type { Round } from './rounds.js';
import type { Run } from './runs.js';

export interface LedgerTransfer {
  roundId: number;
  runId: number;
  asOf: string;
  entity: string;
  name: string | null;
  from: string;
  to: string;
  amount: number;
  /** The rule that applied: its list, or its position when it has none. */
  rule: string;
  /** The term the transfer belongs to (`2012–2014`), or null for periodic accounting. */
  term: string | null;
}

export interface TermBalance {
  term: string;
  /** Net owed: `from` pays `to` this much over the term. */
  from: string;
  to: string;
  amount: number;
  transfers: number;
}

export interface Ledger {
  scheme: string;
  unit: string | null;
  transfers: LedgerTransfer[];
  balances: TermBalance[];
}

export async function schemeLedger(db: Db, schemeId: string, rounds: { round: Round; run: Run }[]): Promise<Ledger> {
  const transfers: LedgerTransfer[] = [];
  let unit: string | null = null;
  const ordered = [...rounds].sort((a, b) => (a.run.asOf < b.run.asOf ? -1 : a.run.asOf > b.run.asOf ? 1 : a.round.id - b.round.id));
  for (const { round, run } of ordered) {
    const results = await runResults(db, run.id);
    const st = results.plan.settlement;
    if (!st) continue;
    unit = st.unit;
    const year = Number(run.asOf.slice(0, 4));
    const term = st.term ? termOf(year, st.term) : null;
    settlements(results).forEach((t, i) => {
      if (!t) return;
      const rule = st.rules[t.rule];
      transfers.push({
        roundId: round.id, runId: run.id, asOf: run.asOf, entity: results.frame.ids[i], name: results.frame.names?.[i] ?? null,
        from: t.payer, to: t.payee, amount: t.amount, rule: rule.list ?? `rules[${t.rule}]`, term,
      });
    });
  }
  return { scheme: schemeId, unit, transfers, balances: balances(transfers) };
}

function termOf(year: number, term: { years: number; from: number }): string {
  const start = term.from + Math.floor((year - term.from) / term.years) * term.years;
  return `${start}–${start + term.years - 1}`;
}

/** Per term and pair of parties, the net of what each paid the other. */
function balances(transfers: LedgerTransfer[]): TermBalance[] {
  const net = new Map<string, { term: string; a: string; b: string; amount: number; transfers: number }>();
  for (const t of transfers) {
    if (t.term === null) continue;
    const [a, b] = t.from < t.to ? [t.from, t.to] : [t.to, t.from];
    const key = JSON.stringify([t.term, a, b]);
    const e = net.get(key) ?? { term: t.term, a, b, amount: 0, transfers: 0 };
    e.amount += t.from === a ? t.amount : -t.amount;
    e.transfers++;
    net.set(key, e);
  }
  return [...net.values()].map((e) => (e.amount >= 0
    ? { term: e.term, from: e.a, to: e.b, amount: e.amount, transfers: e.transfers }
    : { term: e.term, from: e.b, to: e.a, amount: -e.amount, transfers: e.transfers }));
}
