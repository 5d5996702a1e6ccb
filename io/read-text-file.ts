/**
 * Reading a user's text file whole: the size is checked before anything is read, and the
 * bytes must be UTF-8. Every failure is a KaoheError naming the file.
 */
import { readFile, stat } from 'node:fs/promises';
import { KaoheError } from '../indicators/index.js';

export interface FileKind {
  zh: string;
  en: string;
}

export async function readTextFile(path: string, kind: FileKind, maxBytes: number): Promise<string> {
  const fail = (zh: string, en: string): never => {
    throw new KaoheError([{ where: path, zh, en }]);
  };
  let buf: Buffer;
  try {
    const { size } = await stat(path);
    if (size > maxBytes) fail(`${kind.zh}过大（${size} 字节，上限 ${maxBytes}）`, `${kind.en} too large (${size} bytes, limit ${maxBytes})`);
    buf = await readFile(path);
  } catch (e) {
    if (e instanceof KaoheError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? fail(`找不到${kind.zh}`, `${kind.en} not found`)
      : fail(`无法读取${kind.zh}（${code}）`, `cannot read the ${kind.en} (${code})`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return fail(
      `${kind.zh}不是 UTF-8 编码（可能是 GBK）：请在 Excel/WPS 或编辑器中另存为 UTF-8`,
      `the ${kind.en} is not UTF-8 (perhaps GBK): save it as UTF-8 (in Excel/WPS, "CSV UTF-8")`,
    );
  }
}
