/**
 * The largest round the documents promise: `kaohe synth` makes up to MAX_SYNTH_ROWS rows, and
 * `kaohe score` must read such a file — within the data file cap, and in a small heap (the
 * cells go into typed columns; only the ids are strings).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../engine/index.js';
import { loadSchemeFile, MAX_CSV_BYTES, MAX_SYNTH_ROWS, synthCsv } from '../../io/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CREDIT = join(root, 'bench/schemes/credit-bench.yaml');
const dir = mkdtempSync(join(tmpdir(), 'kaohe-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the largest data file', () => {
  it('synth at its maximum stays within the data file cap for the credit scheme', async () => {
    const plan = compile(await loadSchemeFile(CREDIT)).plan;
    const sample = 20_000;
    const body = Buffer.byteLength(synthCsv(plan, sample, 1).replace(/^.*\n/, ''));
    // Rows of the sample on average, with 10% to spare for longer values in other seeds.
    expect((body / sample) * MAX_SYNTH_ROWS * 1.1).toBeLessThan(MAX_CSV_BYTES);
  });

  it(`reads ${MAX_SYNTH_ROWS.toLocaleString('en')} credit rows within a 320 MB heap`, async () => {
    const dist = join(root, 'dist/io/index.js');
    expect(existsSync(dist), 'dist/ is missing: run `npm run build` (npm test does it first)').toBe(true);
    const plan = compile(await loadSchemeFile(CREDIT)).plan;
    // A block of synthetic rows repeated with fresh 18-character ids: the shape of synth's file, written fast.
    const block = synthCsv(plan, 1000, 3).split('\n');
    const header = block[0];
    const rows = block.slice(1).filter((l) => l !== '').map((l) => l.slice(l.indexOf(',')));
    const file = join(dir, 'credit-max.csv');
    const out = createWriteStream(file);
    out.write(`${header}\n`);
    for (let at = 0; at < MAX_SYNTH_ROWS; at += rows.length) {
      let chunk = '';
      for (let k = 0; k < rows.length && at + k < MAX_SYNTH_ROWS; k++) chunk += `91${String(at + k).padStart(16, '0')}${rows[k]}\n`;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'close');
    expect(statSync(file).size).toBeLessThan(MAX_CSV_BYTES);

    const column = plan.sources.findIndex((s) => s.type === 'number');
    const probe = [0, 1, 999, 4_321_987, MAX_SYNTH_ROWS - 1];
    const script = `
      import { compile } from ${JSON.stringify(join(root, 'dist/engine/index.js'))};
      import { loadSchemeFile, readDataFile } from ${JSON.stringify(dist)};
      const plan = compile(await loadSchemeFile(${JSON.stringify(CREDIT)})).plan;
      const frame = await readDataFile(${JSON.stringify(file)}, plan);
      const c = frame.columns.get(plan.sources[${column}].id);
      console.log(JSON.stringify({ n: frame.n, ids: ${JSON.stringify(probe)}.map((r) => frame.ids[r]), values: ${JSON.stringify(probe)}.map((r) => c[r]) }));
    `;
    const r = spawnSync(process.execPath, ['--max-old-space-size=320', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 300_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = JSON.parse(r.stdout) as { n: number; ids: string[]; values: (number | null)[] };
    expect(got.n).toBe(MAX_SYNTH_ROWS);
    expect(got.ids).toEqual(probe.map((i) => `91${String(i).padStart(16, '0')}`));
    // The cell as written in the block, read as Number() reads it (JSON writes NaN, a missing cell, as null).
    const written = probe.map((i) => rows[i % rows.length].split(',')[column + 1]);
    expect(got.values).toEqual(written.map((w) => (w === '' ? null : Number(w))));
  }, 300_000);
});
