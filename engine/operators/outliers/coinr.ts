import { code } from '../../code.js';
import { decideTreatment, type Treatment } from '../../outliers.js';
import type { OutlierOperator } from './operator.js';

const MODE = { none: 0, winsorise: 1, log: 2 } as const;

/** COINr's rule (outliers.ts): winsorised to [lo, hi], or ln(x − min + offset), or left as it is. */
export const coinr: OutlierOperator<'coinr'> = {
  params: ['mode', 'lo', 'hi', 'min', 'offset'],
  decide(def, imputed): { params: Readonly<Record<string, number>>; treatment: Treatment } {
    const t = decideTreatment(imputed, def);
    switch (t.mode) {
      case 'winsorise': return { params: { mode: MODE.winsorise, lo: t.lo, hi: t.hi }, treatment: t };
      case 'log': return { params: { mode: MODE.log, min: t.min, offset: t.offset }, treatment: t };
      case 'none': return { params: { mode: MODE.none }, treatment: t };
      default: throw new Error(`engine: unknown treatment ${JSON.stringify((t as { mode: unknown }).mode)}`);
    }
  },
  emit(_def, { param }) {
    const [mode, lo, hi, mn, off] = ['mode', 'lo', 'hi', 'min', 'offset'].map(param);
    return code`${mode} === ${MODE.winsorise} ? (x > ${hi} ? ${hi} : x < ${lo} ? ${lo} : x) : ${mode} === ${MODE.log} ? Math.log(x - ${mn} + ${off}) : x`;
  },
};
