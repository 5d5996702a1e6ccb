// Child of crash.test.ts: starts a real import (store submitFile) and stops inside its
// transaction, after the submission and snapshot rows are written and before it commits,
// telling the parent "paused" — which then kills it with SIGKILL. Runs the built store (dist/).
import { readFileSync, writeSync } from 'node:fs';
import { openStore, submitFile } from '../../dist/store/index.js';

const [dbPath, roundId, csvPath] = process.argv.slice(2);
const db = openStore(dbPath);
// A tiny page cache: the open transaction spills its pages into the WAL file before commit.
db.pragma('cache_size = 4');
db.function('kaohe_pause', () => {
  writeSync(1, 'paused\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  return 0;
});
db.exec('CREATE TEMP TRIGGER pause_in_import AFTER INSERT ON round_snapshots BEGIN SELECT kaohe_pause(); END;');
await submitFile(db, { id: null, label: 'crash-test' }, Number(roundId), { fileName: 'big.csv', bytes: readFileSync(csvPath) });
writeSync(1, 'finished\n');
