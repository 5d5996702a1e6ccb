/** `kaohe template SCHEME [--roster FILE] [--traditional] -o OUT.xlsx`: the fill-in workbook for a round, in Simplified or Traditional characters. */
import { resolve } from 'node:path';
import { compile } from '../engine/index.js';
import { loadSchemeFile, readRosterFile, writeTemplate } from '../io/index.js';

export async function runTemplate(scheme: string, out: string, roster?: string, traditional = false): Promise<string> {
  const compiled = compile(await loadSchemeFile(scheme));
  const entries = roster ? await readRosterFile(roster, compiled.plan) : undefined;
  await writeTemplate(compiled, { roster: entries, traditional }, resolve(out));
  return entries
    ? `已生成填报模板 ${out}（${entries.length} 个实体）/ fill-in workbook written to ${out} (${entries.length} entities)`
    : `已生成填报模板 ${out}（未给名单，可填写任意实体）/ fill-in workbook written to ${out} (no roster: any entities)`;
}
