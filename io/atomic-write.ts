/**
 * Write a file whole or not at all: write a temporary file beside it, then rename. The data may
 * be given in pieces (an iterable of strings or buffers, each written before the next is made),
 * for files too big for one string.
 */
import { rename, rm, writeFile } from 'node:fs/promises';

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
    throw e;
  }
}
