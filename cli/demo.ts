/** `kaohe demo` (and `npm start` until the service exists): score the bundled demo round. */
import { join } from 'node:path';
import { compile, evaluate } from '../engine/index.js';
import { loadSchemeFile, readDataFile } from '../io/index.js';
import { packageRoot } from './package-root.js';
import { planSummary, rankingTable } from './render.js';

export async function runDemo(): Promise<string> {
  const scheme = join(packageRoot(), 'templates', 'demo-green.yaml');
  const data = join(packageRoot(), 'templates', 'demo-green.csv');
  const compiled = compile(await loadSchemeFile(scheme));
  const results = evaluate(compiled, await readDataFile(data, compiled.plan));
  return [
    planSummary(compiled.plan, compiled.hash),
    '',
    '示例数据为合成数据，仅供演示 / The demo data are synthetic, for demonstration only.',
    '',
    rankingTable(results),
    '',
    `说明某市得分 Explain one city: npx kaohe explain templates/demo-green.yaml templates/demo-green.csv --id ${results.frame.ids[0]}`,
  ].join('\n');
}
