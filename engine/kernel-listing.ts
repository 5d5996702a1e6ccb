/**
 * A plan's generated kernels as one readable listing (`kaohe check SCHEME --kernels`): each
 * kernel with the phase it runs in, re-indented by its braces, ending with the source URL that
 * names it in stack traces. Printing only: the kernels run from the unindented sources.
 */
import type { CompiledPlan } from './compile.js';
import { sourceUrl } from './code.js';
import { KERNEL_NAMES, kernelsFor } from './kernels.js';

const PHASE: Record<(typeof KERNEL_NAMES)[number], string> = {
  prepare: 'row-wise: derived indicators, applicability, denomination',
  impute: 'row-wise: fill missing values (mean, median, group mean)',
  treat: 'row-wise: outlier treatment (winsorise or log), as the outlier step decided',
  score: 'row-wise: normalise, aggregate up the tree, adjust, grade, veto, list',
};

/** Indent by brace depth; generated code holds no string or regular-expression literal with braces. */
function indent(source: string): string {
  let depth = 0;
  const out: string[] = [];
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const opens = line.split('{').length - 1;
    const closes = line.split('}').length - 1;
    const lead = line.startsWith('}') ? Math.max(depth - 1, 0) : depth;
    out.push(`${'  '.repeat(lead)}${line}`);
    depth = Math.max(depth + opens - closes, 0);
  }
  return out.join('\n');
}

export function kernelListing(compiled: CompiledPlan): string {
  const k = kernelsFor(compiled);
  const parts = [
    `// kaohe kernels of plan ${compiled.hash}`,
    `// arguments: C (columns by slot), P (statistics by index), G (group-mean tables), E (first error per chunk), start, end`,
  ];
  for (const name of KERNEL_NAMES) {
    parts.push('', `// ===== ${name}: ${PHASE[name]}`, indent(k.sources[name]), sourceUrl(compiled.hash, name));
  }
  for (const f of k.filters.sources) {
    parts.push('', `// ===== ${f.name}: ${f.about}`, '// arguments: F (the type\'s fields), S (start days), AM (age in months), T (types), ti, d (as-of day), n, M (mask out)',
      indent(f.source), sourceUrl(compiled.hash, f.name));
  }
  return `${parts.join('\n')}\n`;
}
