/**
 * Reading a user's text file whole: the size is checked before anything is read, and the
 * bytes of a text file must be UTF-8 (text-encoding.ts says what they are when not). Every failure is a KaoheError naming the file.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { KaoheError } from '../indicators/index.js';
import { utf8Text } from './text-encoding.js';

export interface FileKind {
  zh: string;
  en: string;
}

export async function readTextFile(path: string, kind: FileKind, maxBytes: number): Promise<string> {
  return utf8Text(await readFileCapped(path, kind, maxBytes), path, kind);
}

/** A file's bytes, its size checked first; a file of `sharedFrom` bytes or more is read into shared memory (for worker threads to read too). */
export async function readFileCapped(path: string, kind: FileKind, maxBytes: number, sharedFrom = Infinity): Promise<Buffer> {
  const fail = (zh: string, en: string): never => {
    throw new KaoheError([{ where: path, zh, en }]);
  };
  let buf: Buffer;
  try {
    const { size } = await stat(path);
    if (size > maxBytes) fail(`${kind.zh}过大（${size} 字节，上限 ${maxBytes}）`, `${kind.en} too large (${size} bytes, limit ${maxBytes})`);
    buf = size >= sharedFrom ? await readShared(path, size) : await readFile(path);
  } catch (e) {
    if (e instanceof KaoheError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? fail(`找不到${kind.zh}`, `${kind.en} not found`)
      : fail(`无法读取${kind.zh}（${code}）`, `cannot read the ${kind.en} (${code})`);
  }
  return buf;
}

async function readShared(path: string, size: number): Promise<Buffer> {
  const buf = Buffer.from(new SharedArrayBuffer(size));
  const file = await open(path, 'r');
  try {
    let at = 0;
    while (at < size) {
      const { bytesRead } = await file.read(buf, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    // A file that shrank while read is read as what it held.
    return at === size ? buf : buf.subarray(0, at);
  } finally {
    await file.close();
  }
}
