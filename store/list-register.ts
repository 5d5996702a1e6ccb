/**
 * The list register of a scheme (红/黑名单公示): who is on each of its lists on a date, since when
 * and until when, with the rule and the records behind each entry, and the history of entries
 * and exits across its rounds. Each round contributes the run its reader may see (published,
 * or the latest finished one); entry dates come from engine/list-dates.ts on that run's results.
 * On a date D an entity is on a list when the latest round scored as of D or before listed it
 * and its entry's known last day (until) is not before D.
 */
import { expressionText, formatDay, type Label } from '../indicators/index.js';
import { entityRecordsInForce, listConsequences, listDates, parseDay, type ListConsequence, type RecordInForce } from '../engine/index.js';
import type { Db } from './db.js';
import type { Round } from './rounds.js';
import type { Run } from './runs.js';
import { runResults } from './results-cache.js';

export interface ListEntry {
  entity: string;
  name: string | null;
  since: string | null;
  until: string | null;
  roundId: number;
  runId: number;
  asOf: string;
  /** The list's rule as the scheme wrote it. */
  rule: string;
  /** The records in force for the entity on the run's as-of date: the evidence. */
  records: RecordInForce[];
  /** What being on the list costs in the following period (the scheme's `consequence`), or null. */
  consequence: ListConsequence | null;
}

export interface ListView {
  id: string;
  label: Label;
  entries: ListEntry[];
}

export interface ListStint {
  list: string;
  entity: string;
  name: string | null;
  since: string | null;
  /** The entry's last day as known at its latest round, or null. */
  until: string | null;
  /** The as-of date of the first later round that no longer listed it (the exit), or null. */
  exitSeenAt: string | null;
  rounds: number[];
}

export interface ListRegister {
  scheme: string;
  date: string;
  lists: ListView[];
  history: ListStint[];
}

/** Every list entry of one round's run (ordered by list, then by the results' entity order). */
interface RoundEntries {
  round: Round;
  run: Run;
  plan: { lists: { id: string; label: Label }[] };
  entries: Map<string, ListEntry[]>;
}

async function runEntries(db: Db, round: Round, run: Run): Promise<RoundEntries> {
  const results = await runResults(db, run.id);
  const { plan, frame } = results;
  const dates = listDates(results);
  const consequences = listConsequences(results);
  const day = (v: number): string | null => (v === v ? formatDay(v) : null);
  const entries = new Map<string, ListEntry[]>();
  plan.lists.forEach((l, k) => {
    const out: ListEntry[] = [];
    for (let i = 0; i < frame.n; i++) {
      if (results.lists[k][i] !== 1) continue;
      out.push({
        entity: frame.ids[i], name: frame.names?.[i] ?? null, since: day(dates.since[k][i]), until: day(dates.until[k][i]),
        roundId: round.id, runId: run.id, asOf: run.asOf, rule: expressionText(l.when),
        records: entityRecordsInForce(results, i), consequence: consequences[k][i],
      });
    }
    entries.set(l.id, out);
  });
  return { round, run, plan, entries };
}

/** The register of one scheme as of `date`, from these rounds and the run of each the reader may see. */
export async function listRegister(db: Db, schemeId: string, rounds: { round: Round; run: Run }[], date: string): Promise<ListRegister> {
  const scored = [...rounds].sort((a, b) => (a.run.asOf < b.run.asOf ? -1 : a.run.asOf > b.run.asOf ? 1 : a.round.id - b.round.id));
  const perRound: RoundEntries[] = [];
  for (const r of scored) perRound.push(await runEntries(db, r.round, r.run));
  const labels = new Map<string, Label>();
  for (const r of perRound) for (const l of r.plan.lists) if (!labels.has(l.id)) labels.set(l.id, l.label);

  // On the date: per list and entity, the latest round scored on or before it decides.
  const d = parseDay(date);
  const lists: ListView[] = [...labels].map(([id, label]) => {
    const latest = new Map<string, ListEntry | null>();
    for (const r of perRound) {
      if (parseDay(r.run.asOf) > d) continue;
      for (const e of latest.keys()) if (!r.entries.get(id)?.some((x) => x.entity === e)) latest.set(e, null);
      for (const e of r.entries.get(id) ?? []) latest.set(e.entity, e);
    }
    const entries = [...latest.values()].filter((e): e is ListEntry => e !== null && (e.until === null || e.until >= date));
    return { id, label, entries: entries.sort((a, b) => (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0)) };
  });

  // History: consecutive rounds that list an entity with the same start are one stint.
  const history: ListStint[] = [];
  for (const id of labels.keys()) {
    const open = new Map<string, ListStint>();
    for (const r of perRound) {
      const here = new Map((r.entries.get(id) ?? []).map((e) => [e.entity, e]));
      for (const [entity, stint] of open) {
        const e = here.get(entity);
        if (e && e.since === stint.since) {
          stint.until = e.until;
          stint.rounds.push(r.round.id);
          here.delete(entity);
        } else {
          if (!e) stint.exitSeenAt = r.run.asOf;
          open.delete(entity);
        }
      }
      for (const e of here.values()) {
        const stint: ListStint = { list: id, entity: e.entity, name: e.name, since: e.since, until: e.until, exitSeenAt: null, rounds: [r.round.id] };
        history.push(stint);
        open.set(e.entity, stint);
      }
    }
  }
  return { scheme: schemeId, date, lists, history };
}
