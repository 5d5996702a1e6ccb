/**
 * The golden corpus (cases/*): every case is scored again by this engine and must give the same
 * bits as the engine that wrote it: the plan hash, the snapshot hash, the results hash of a
 * stored run and the results CSV, byte for byte, inline and, for a pool case, on each of its
 * thread counts. A failure names the first cell that changed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shutdownPool } from '../../engine/index.js';
import { caseInputs, GOLDEN, readText, scoreCase, sha256, type CaseFile, type Scored } from './golden-case.js';

const CASES = join(GOLDEN, 'cases');
const cases = readdirSync(CASES).sort().map((id) => ({ dir: join(CASES, id), c: JSON.parse(readFileSync(join(CASES, id, 'case.json'), 'utf8')) as CaseFile }));

/** The first line and column where two results CSVs differ, or null when they are equal. */
function firstDifference(golden: string, now: string): string | null {
  if (golden === now) return null;
  const [g, n] = [golden.split('\n'), now.split('\n')];
  const header = g[0].split(',');
  for (let k = 0; k < Math.max(g.length, n.length); k++) {
    if (g[k] === n[k]) continue;
    const [gc, nc] = [(g[k] ?? '').split(','), (n[k] ?? '').split(',')];
    const j = gc.findIndex((v, x) => v !== nc[x]);
    return `line ${k + 1} (${gc[0]}), column ${header[j < 0 ? gc.length : j]}: golden「${gc[j] ?? ''}」, now「${nc[j] ?? ''}」`;
  }
  return 'the files differ in their line endings';
}

function expectGolden(dir: string, c: CaseFile, scored: Scored): void {
  expect(scored.planHash, 'plan hash').toBe(c.planHash);
  expect(scored.snapshotHash, 'snapshot hash').toBe(c.snapshotHash);
  if (c.results !== null) expect(firstDifference(readText(dir, c.results), scored.resultsCsv)).toBeNull();
  else expect(scored.resultsCsv.split('\n').slice(0, c.resultsHead!.length)).toEqual(c.resultsHead);
  expect(sha256(scored.resultsCsv), 'results CSV SHA-256').toBe(c.resultsCsvSha256);
  expect(scored.resultsHash, 'results hash').toBe(c.resultsHash);
}

afterAll(shutdownPool);

describe('the golden corpus', () => {
  it('holds the built-in template rounds, both conformance rounds, a pool round and the edge fixtures', () => {
    const ids = cases.map(({ c }) => c.id);
    for (const t of ['eco-civ-assessment', 'enterprise-credit-2013', 'gdi-2016', 'xinan-compensation']) {
      for (const year of ['2023', '2024', '2025']) expect(ids).toContain(`${t}-${year}`);
    }
    expect(ids).toEqual(expect.arrayContaining(['demo-green-2025', 'coinr-asem', 'epi-2020', 'edges', 'gdi-2016-synth-20000']));
    expect(cases.filter(({ c }) => c.records !== null).length).toBeGreaterThanOrEqual(4);
    expect(cases.filter(({ c }) => c.threads.length > 0 && c.entities >= 20_000)).not.toHaveLength(0);
  });

  describe.each(cases)('$c.id', ({ dir, c }) => {
    const inputs = caseInputs(dir, c);

    it('reads the same data and records', () => {
      expect(sha256(inputs.data), 'data SHA-256').toBe(c.dataSha256);
      expect(inputs.records === null ? null : sha256(inputs.records), 'records SHA-256').toBe(c.recordsSha256);
    });

    it('reproduces every hash and the results CSV inline', async () => {
      expectGolden(dir, c, await scoreCase(inputs));
    });

    it.each(c.threads)('reproduces them with evaluateParallel on %i thread(s)', async (threads) => {
      expectGolden(dir, c, await scoreCase(inputs, threads));
    });
  });
});
