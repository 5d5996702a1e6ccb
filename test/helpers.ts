/** Small schemes and data for tests: build a scheme object, score CSV text, read node columns. */
import { compile, evaluate, type EvaluateOptions, type Results } from '../engine/index.js';
import { KaoheError, parseSchemeObject, type Scheme } from '../indicators/index.js';
import { readCsvText } from '../io/index.js';

export const L = (en: string): { zh: string; en: string } => ({ zh: `${en}（中）`, en });

/** A scheme with one input per name in `inputs` and, unless a tree is given, one indicator per input under a mean root. */
export function schemeWith(inputs: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'test-scheme',
    version: '1',
    name: L('Test'),
    subject: 'region',
    inputs: inputs.map((id) => ({ id, label: L(id) })),
    tree: {
      id: 'root',
      label: L('Root'),
      children: inputs.map((id) => ({ id: `n_${id}`, input: id, label: L(id), normalise: { method: 'none' } })),
    },
    ...extra,
  };
}

export function indicator(input: string, normalise: Record<string, unknown>, more: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: `n_${input}`, input, label: L(input), normalise, ...more };
}

export function load(obj: Record<string, unknown>): Scheme {
  return parseSchemeObject(obj);
}

export function run(obj: Record<string, unknown>, csv: string, options?: EvaluateOptions): Results {
  const compiled = compile(parseSchemeObject(obj));
  return evaluate(compiled, readCsvText(csv, compiled.plan), options);
}

/** CSV text from column arrays: `table({ id: ['a','b'], x: [1, NaN] })`. NaN → empty cell. */
export function table(cols: Record<string, (string | number)[]>): string {
  const names = Object.keys(cols);
  const n = cols[names[0]].length;
  const rows = [names.join(',')];
  for (let i = 0; i < n; i++) {
    rows.push(names.map((c) => {
      const v = cols[c][i];
      return typeof v === 'number' && Number.isNaN(v) ? '' : String(v);
    }).join(','));
  }
  return `${rows.join('\n')}\n`;
}

export function node(results: Results, id: string): number[] {
  const j = results.plan.nodes.findIndex((n) => n.id === id);
  if (j < 0) throw new Error(`no node ${id}`);
  return Array.from(results.nodeScores[j]);
}

/** The problems a bad scheme produces (fails the test if it is accepted). */
export function schemeProblems(obj: Record<string, unknown>): { where: string; zh: string; en: string }[] {
  try {
    parseSchemeObject(obj);
  } catch (e) {
    if (e instanceof KaoheError) return e.problems;
    throw e;
  }
  throw new Error('scheme was accepted but should have been refused');
}

export function close(actual: number[], expected: number[], digits = 10): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  actual.forEach((a, i) => {
    const e = expected[i];
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) throw new Error(`[${i}] expected missing, got ${a}`);
    } else if (!(Math.abs(a - e) <= 10 ** -digits * Math.max(1, Math.abs(e)))) {
      throw new Error(`[${i}] expected ${e}, got ${a}`);
    }
  });
}
