/**
 * Write a file whole or not at all: write a temporary file beside it, then rename. The data may
 * be given in pieces (an iterable of strings or buffers, each written before the next is made),
 * for files too big for one string.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { KaoheError } from '../indicators/index.js';

export async function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): Promise<void> {
  return writeFileAtomicWith(path, (tmp) => writeFile(tmp, data));
}

/** The same for a writer that wants a path of its own (a streaming workbook writer): `write` fills `tmp`. */
export async function writeFileAtomicWith(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw cannotWrite(e, path);
  }
}

/** What the file system says when a path can't be written: the user's to fix, so said as such (not an internal error). */
const USER_FIXABLE = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOSPC', 'EDQUOT', 'ENAMETOOLONG']);

function cannotWrite(e: unknown, path: string): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === undefined || !USER_FIXABLE.has(code)) return e;
  return new KaoheError([{
    where: path,
    zh: `无法写入此文件（${code}）：请确认所在文件夹存在且可写、磁盘有空余；没有写出任何内容`,
    en: `cannot write this file (${code}): check that its folder exists and is writable and that the disk has room; nothing was written`,
  }]);
}
