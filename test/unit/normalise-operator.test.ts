/**
 * A normalisation method is its operator: the layout, the kernels and the statistics' parameters
 * follow from the operator's declarations alone. A fixture method, `share` (x / mean × scale), is
 * registered in a copy of the table and run through the real layout and code generation.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/compile.js';
import { code } from '../../engine/code.js';
import { generateKernels } from '../../engine/codegen.js';
import type { Kernel } from '../../engine/kernels.js';
import { buildLayout } from '../../engine/layout.js';
import { NORMALISE_OPERATORS, statParam, type EmitContext, type NormaliseTable } from '../../engine/operators/normalise/index.js';
import type { ScoringPlan } from '../../engine/plan.js';
import { close, indicator, L, load, schemeWith } from '../helpers.js';

interface ShareDef { method: 'share'; scale: number }
const share = {
  stats: ['mean'] as const,
  emit: (def: ShareDef, { stat }: EmitContext) => code`(x / ${stat('mean')} * ${def.scale})`,
};

/** The table with one more method; the cast is what a method outside the scheme language needs. */
const withExtra = (name: string, op: object): NormaliseTable => ({ ...NORMALISE_OPERATORS, [name]: op }) as unknown as NormaliseTable;

/** A plan with one indicator over x whose normalisation is replaced by `def`. */
function planWith(def: object): { plan: ScoringPlan; j: number } {
  const scheme = load(schemeWith(['x'], { tree: { id: 'root', label: L('Root'), children: [indicator('x', { method: 'minmax' })] } }));
  const { plan } = compile(scheme);
  const j = plan.nodes.findIndex((n) => n.kind === 'indicator');
  const node = plan.nodes[j];
  if (node.kind !== 'indicator') throw new Error('no indicator');
  (node as { normalise: unknown }).normalise = def;
  return { plan, j };
}

describe('a normalisation method is one operator', () => {
  it('a fixture operator gets its statistic a parameter and scores through the generated kernel', () => {
    const table = withExtra('share', share);
    const { plan, j } = planWith({ method: 'share', scale: 10 });
    const layout = buildLayout(plan, table);
    expect(layout.pStats[j]).toBeGreaterThanOrEqual(0);
    expect(layout.rank[j]).toBe(-1);
    const sources = generateKernels(plan, layout, table);
    // oxlint-disable-next-line typescript/no-implied-eval -- the test compiles the generated kernel as the engine does
    const score = new Function('C', 'P', 'G', 'E', 'start', 'end', sources.score) as Kernel;

    const values = [1, 2, 5, NaN];
    const C = Array.from({ length: layout.slotCount }, () => new Float64Array(values.length));
    C[layout.treated[j]].set(values);
    const P = new Float64Array(layout.paramCount);
    P[statParam(layout.pStats[j], 'mean')] = 4; // as the reduction would leave it; the kernel reads only P
    score(C, P, [], new Int32Array(3), 0, values.length);
    // x / 4 × 10, by hand; a missing value stays missing.
    close(Array.from(C[layout.score[j]]), [2.5, 5, 12.5, NaN]);
  });

  it('an emitter that reads a statistic it did not declare is refused when the kernel is generated', () => {
    const sneaky = { stats: ['mean'], emit: (_def: unknown, { stat }: EmitContext) => code`(x / ${stat('max')})` };
    const table = withExtra('sneaky', sneaky);
    const { plan } = planWith({ method: 'sneaky' });
    expect(() => generateKernels(plan, buildLayout(plan, table), table)).toThrow(/sneaky reads max, which its operator does not declare/);
  });

  it('a rank-based operator scores the rank column', () => {
    const table = withExtra('place', { stats: [], ranks: true, emit: () => code`x` });
    const { plan, j } = planWith({ method: 'place' });
    const layout = buildLayout(plan, table);
    expect(layout.rank[j]).toBeGreaterThanOrEqual(0);
    expect(generateKernels(plan, layout, table).score).toContain(`const x = c${layout.rank[j]}[i];`);
  });

  it('a method with no operator in the table is an error naming it', () => {
    const { plan } = planWith({ method: 'share', scale: 10 });
    expect(() => buildLayout(plan)).toThrow(/no operator for normalisation "share"/);
  });
});
