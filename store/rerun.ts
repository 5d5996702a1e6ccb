/**
 * An audit's rerun of one run: evaluated again from its stored plan and snapshot, checked
 * against everything stored (results-check.ts), and the check written to the round's audit log.
 * The API's rerun and the run page's rerun form both call this.
 */
import { appendAudit, type Actor } from './audit.js';
import type { Db } from './db.js';
import { checkRerun, type ResultsFinding } from './results-check.js';
import { getRound } from './rounds.js';
import { getRun } from './runs.js';
import { reproduceRun } from './scoring.js';

export interface RerunCheck {
  runId: number;
  storedResultsHash: string | null;
  resultsHash: string;
  identical: boolean;
  findings: ResultsFinding[];
}

export async function rerunAndCheck(db: Db, actor: Actor, runId: number): Promise<RerunCheck> {
  const run = getRun(db, runId);
  const round = getRound(db, run.roundId);
  const r = await reproduceRun(db, run.id);
  const { identical, findings } = checkRerun(db, run, r.results, r.resultsHash);
  appendAudit(db, actor, { action: 'run.verify', target: `round:${round.id}`, detail: { runId: run.id, storedResultsHash: run.resultsHash, resultsHash: r.resultsHash, identical, findings: findings.length } });
  return { runId: run.id, storedResultsHash: run.resultsHash, resultsHash: r.resultsHash, identical, findings };
}
