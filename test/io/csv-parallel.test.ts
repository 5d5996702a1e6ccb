/**
 * A large data CSV read on the pool's threads gives the frame of the single-thread read to the
 * bit — ids, names, category codes in order of first appearance, blank rows skipped — and, for
 * a file with problems, the same problems in the same order. Its columns are in shared memory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, shutdownPool, type Frame } from '../../engine/index.js';
import { KaoheError, parseSchemeObject } from '../../indicators/index.js';
import { readDataFile, Rng } from '../../io/index.js';
import { PARALLEL_READ_FROM_BYTES } from '../../io/csv-parallel.js';
import { L } from '../helpers.js';

const plan = compile(parseSchemeObject({
  id: 'par', version: '1', name: L('Par'), subject: 'region', missingValues: ['—'],
  attributes: [{ id: 'kind', label: L('kind') }],
  inputs: [
    { id: 'cover', label: { zh: '森林覆盖率', en: 'forest cover' }, unit: '%', range: [0, 100], required: true },
    { id: 'gdp', label: L('gdp'), range: [0, null] },
    { id: 'fraud', label: L('fraud'), type: 'boolean' },
    { id: 'opened', label: L('opened'), type: 'date' },
  ],
  tree: { id: 'root', label: L('Root'), children: [{ id: 'f', input: 'cover', label: L('f'), normalise: { method: 'none' } }] },
})).plan;

const dir = mkdtempSync(join(tmpdir(), 'kaohe-par-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await shutdownPool();
});

/** A file past the parallel threshold; with `faults`, a few cells are wrong (and a duplicate id). */
function bigCsv(rng: Rng, faults: boolean, eol: string): string {
  const kinds = ['工业', '服务', '农业', '"a, b"', ''];
  const lines = ['id,name,kind,cover,gdp,fraud,opened'];
  let bytes = 0;
  for (let i = 0; bytes < PARALLEL_READ_FROM_BYTES * 1.5; i++) {
    const u = rng.uniform();
    let line: string;
    if (u < 0.002) line = '';
    else if (u < 0.004) line = ',,,,,,';
    else {
      const cover = u < 0.01 ? '0' : u < 0.02 ? '４５．５' : u < 0.03 ? '45%' : (rng.uniform() * 100).toFixed(2);
      const gdp = u < 0.05 ? '—' : u < 0.06 ? '"12,345.6"' : (rng.uniform() * 1e5).toFixed(3);
      const fraud = u < 0.5 ? '0' : u < 0.9 ? '1' : '是';
      const opened = u < 0.3 ? '2024-02-29' : u < 0.6 ? '' : '1999-12-31';
      line = `c${i},城市${i % 97},${kinds[i % kinds.length]},${cover},${gdp},${fraud},${opened}`;
      if (faults && u > 0.99996) line = `c${i},,x,${i % 2 ? '约45%' : ''},-1,maybe,2024-02-30`;
      if (faults && i === 250_000) line = 'c7,,,1,1,1,';
    }
    lines.push(line);
    bytes += line.length + eol.length;
  }
  return `${lines.join(eol)}${eol}`;
}

function outcome(frame: Promise<Frame>): Promise<unknown> {
  return frame.then(
    (f) => ({ n: f.n, ids: f.ids, names: f.names, columns: [...f.columns].map(([k, c]) => [k, Array.from(c)]), dictionaries: [...f.dictionaries] }),
    (e: unknown) => {
      if (e instanceof KaoheError) return { problems: e.problems };
      throw e;
    },
  );
}

describe('reading a large CSV on the pool', () => {
  for (const [label, faults, eol] of [['a good file', false, '\n'], ['a good file with CRLF', false, '\r\n'], ['a file with problems', true, '\n']] as const) {
    it(`reads ${label} as on one thread`, async () => {
      const file = join(dir, `${label}.csv`);
      writeFileSync(file, bigCsv(new Rng(label.length), faults, eol));
      const one = await outcome(readDataFile(file, plan, { threads: 1 }));
      const read = readDataFile(file, plan, { threads: 2 });
      const two = await outcome(read);
      expect('problems' in (one as object), JSON.stringify(one).slice(0, 300)).toBe(faults);
      expect(two).toEqual(one);
      // Its columns are in shared memory already: the pool scores them without a copy.
      if (!faults) expect([...(await read).columns.values()].every((c) => c.buffer instanceof SharedArrayBuffer)).toBe(true);
    }, 120_000);
  }
});
