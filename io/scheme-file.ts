/** Reading a scheme file from disk (YAML). */
import { readFile } from 'node:fs/promises';
import { KaoheError, loadSchemeText, type Scheme } from '../indicators/index.js';

export const MAX_SCHEME_BYTES = 4 * 1024 * 1024;

export async function loadSchemeFile(path: string): Promise<Scheme> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new KaoheError([{ where: path, zh: code === 'ENOENT' ? '找不到方案文件' : `无法读取方案文件（${code}）`, en: code === 'ENOENT' ? 'scheme file not found' : `cannot read the scheme file (${code})` }]);
  }
  if (buf.length > MAX_SCHEME_BYTES) {
    throw new KaoheError([{ where: path, zh: '方案文件过大（上限 4 MB）', en: 'scheme file too large (limit 4 MB)' }]);
  }
  try {
    return loadSchemeText(buf.toString('utf8'));
  } catch (e) {
    if (e instanceof KaoheError) {
      throw new KaoheError(e.problems.map((p) => ({ ...p, where: `${path} › ${p.where}` })));
    }
    throw e;
  }
}
