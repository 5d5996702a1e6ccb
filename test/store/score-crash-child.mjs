// Child of large-runs.test.ts: requests a run of a large round (telling the parent its id) and
// scores it with the built store (dist/), then tells the parent "paused", which kills it with
// SIGKILL:
//   saving — as the run starts saving its results, so the kill lands while the store's worker
//            encodes, hashes or writes the results row, or at the final transaction below;
//   flip   — inside the run's final transaction, after the results row is written and the run
//            row updated to done, before the commit.
// Either way the final transaction never commits: a temp trigger stops inside it and waits.
import { writeSync } from 'node:fs';
import { openStore, requestRun, scoreRun } from '../../dist/store/index.js';

const [dbPath, roundId, when] = process.argv.slice(2);
const db = openStore(dbPath);
const queued = requestRun(db, { id: null, label: 'crash-test' }, Number(roundId));
writeSync(1, `run ${queued.id}\n`);
db.function('kaohe_pause', () => {
  writeSync(1, 'paused\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  return 0;
});
db.exec(`CREATE TEMP TRIGGER pause_in_flip AFTER UPDATE OF status ON runs WHEN NEW.status = 'done' BEGIN SELECT kaohe_pause(); END;`);
const run = await scoreRun(db, queued.id, {
  threads: 2,
  onPhase: (phase) => { if (phase === 'saving' && when === 'saving') writeSync(1, 'paused\n'); },
});
writeSync(1, `finished ${run.status}\n`);
