/** Reading an uncertainty-analysis spec file (YAML) against its scheme. */
import { KaoheError, loadUncertaintySpec, type Scheme, type UncertaintySpec } from '../indicators/index.js';
import { readTextFile } from './read-text-file.js';

export const MAX_SPEC_BYTES = 1024 * 1024;

export async function loadUncertaintySpecFile(path: string, scheme: Scheme): Promise<UncertaintySpec> {
  const text = await readTextFile(path, { zh: '不确定性分析规格文件', en: 'uncertainty spec file' }, MAX_SPEC_BYTES);
  try {
    return loadUncertaintySpec(text, scheme);
  } catch (e) {
    if (e instanceof KaoheError) throw new KaoheError(e.problems.map((p) => ({ ...p, where: `${path} › ${p.where}` })));
    throw e;
  }
}
