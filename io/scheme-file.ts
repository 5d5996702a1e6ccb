/** Reading a scheme file from disk (YAML). */
import { readTextFile } from './read-text-file.js';
import { KaoheError, loadSchemeText, SCHEME_LIMITS, type Scheme } from '../indicators/index.js';

export async function loadSchemeFile(path: string): Promise<Scheme> {
  const text = await readTextFile(path, { zh: '方案文件', en: 'scheme file' }, SCHEME_LIMITS.bytes);
  try {
    return loadSchemeText(text);
  } catch (e) {
    if (e instanceof KaoheError) {
      throw new KaoheError(e.problems.map((p) => ({ ...p, where: `${path} › ${p.where}` })));
    }
    throw e;
  }
}
