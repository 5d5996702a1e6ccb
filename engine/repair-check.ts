/**
 * What a credit repair dated `day` would do for one entity, before it is entered: applied (it
 * would end the records named), refused (the records it would end are not repairable under the
 * scheme's `repairable`), or not applicable (no record it repairs is valid that day). The same
 * rule as scoring (records.ts), on the entity's records plus the hypothetical repair.
 */
import type { CompiledPlan } from './compile.js';
import type { Frame, RecordTable } from './frame.js';
import { kernelsFor } from './kernels.js';
import { repairOutcomes, type RepairOutcome } from './records.js';

/** The scheme's repair record type: the one its record types name as `repairedBy`, or null. */
export function repairTypeOf(compiled: CompiledPlan): string | null {
  return (compiled.plan.records ?? []).find((t) => t.repairedBy !== null)?.repairedBy ?? null;
}

export function repairOutcomeOn(compiled: CompiledPlan, frame: Frame, row: number, day: number, origin: string): RepairOutcome | null {
  const repairType = repairTypeOf(compiled);
  if (repairType === null) return null;
  const types = compiled.plan.records ?? [];
  const t = types.findIndex((x) => x.id === repairType);
  const table = frame.records ?? { n: 0, entity: new Int32Array(0), type: new Int32Array(0), start: new Float64Array(0), fields: new Map(), origin: [] };
  const grow = <T extends Float64Array | Int32Array>(a: T, v: number): T => {
    const out = new (a.constructor as new (n: number) => T)(a.length + 1);
    out.set(a);
    out[a.length] = v;
    return out;
  };
  const withRepair: RecordTable = {
    n: table.n + 1, entity: grow(table.entity, row), type: grow(table.type, t), start: grow(table.start, day),
    fields: new Map([...table.fields].map(([k, col]) => [k, grow(col, NaN)])), origin: [...table.origin, origin],
  };
  const outcomes = repairOutcomes(compiled.plan, kernelsFor(compiled).filters, { ...frame, records: withRepair }, row, day);
  return outcomes.find((o) => o.origin === origin) ?? null;
}
