/**
 * A streaming zip writer (PKWARE APPNOTE 4.3, as zip-writer.ts but entry by entry): each entry
 * is deflated as its bytes come, a piece at a time in parallel (node:zlib on libuv's thread pool,
 * so deflating runs beside the code that makes the bytes, on every core) and followed by a data
 * descriptor with its CRC-32 and sizes, then
 * the central directory at the end. Nothing is kept but the directory. No zip64: an entry or an
 * archive past 4 GB is an error. Names UTF-8, times 1980-01-01 (the same bytes give the same zip).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, type ZlibOptions } from 'node:zlib';

const MAX_BYTES = 0xffffffff;
const MAX_ENTRIES = 0xffff;
/** Bit 3: sizes and CRC in a data descriptor after the data; bit 11: UTF-8 names. */
const FLAGS = 0x0008 | 0x0800;
const DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1;
const CLOSED = 'zip: the output was closed before the zip was written';
/** Pieces being deflated at once: enough to keep both cores and libuv's four threads busy. */
const IN_FLIGHT = 6;
const MIN_CHUNK = 64 * 1024;
/** A final, empty fixed-Huffman block: ends a stream of sync-flushed pieces. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);
const deflatePiece = promisify<Uint8Array, ZlibOptions, Buffer>(deflateRaw);

interface Written {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

export class ZipStream {
  private offset = 0;
  private readonly entries: Written[] = [];
  private open = false;

  /** `level`: the deflate level (1 is fast and, for XML, within a few percent of 6). */
  constructor(private readonly out: Writable, private readonly level = 1) {}

  /**
   * Start an entry; write its bytes with `write`, then `end` it. One entry at a time.
   * Each write is deflated on its own (libuv's threads, several at once, as pigz does): each
   * piece ends with a sync flush, so the pieces joined in order and a final empty block are one
   * deflate stream. A caller hands over its buffer with `write` and must not change it after.
   */
  entry(fileName: string): ZipEntryWriter {
    if (this.open) throw new Error('zip: an entry is still open');
    if (this.entries.length === MAX_ENTRIES) throw new Error(`zip: more than ${MAX_ENTRIES} entries`);
    this.open = true;
    const name = Buffer.from(fileName, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(FLAGS, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(DOS_DATE_1980, 12);
    local.writeUInt16LE(name.length, 26);
    const offset = this.offset;
    this.raw(local);
    this.raw(name);
    // memLevel 9: a larger hash table, a little faster here at the same size.
    const options = { level: this.level, memLevel: 9, finishFlush: constants.Z_SYNC_FLUSH };
    const pending: { piece: Promise<Buffer>; release?: () => void }[] = [];
    let crc = 0;
    let size = 0;
    let compressed = 0;
    const emit = async (b: Buffer): Promise<void> => {
      compressed += b.length;
      if (!this.raw(b)) await this.drained();
    };
    return {
      write: async (data: Uint8Array, release?: () => void) => {
        if (data.length === 0) return;
        crc = crc32(data, crc);
        size += data.length;
        if (size > MAX_BYTES) throw new Error(`zip: ${fileName} is past the 4 GB a zip without zip64 holds`);
        if (this.out.destroyed) throw new Error(CLOSED);
        // One round trip to libuv's thread per piece: an output buffer that holds it whole.
        const piece = deflatePiece(data, { ...options, chunkSize: Math.max(MIN_CHUNK, data.length + 1024) });
        piece.catch(() => undefined); // awaited in order below; a failure is raised there
        pending.push({ piece, release });
        while (pending.length > IN_FLIGHT) await emit(await settled(pending.shift()!));
      },
      end: async () => {
        while (pending.length > 0) await emit(await settled(pending.shift()!));
        await emit(FINAL_BLOCK);
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(crc >>> 0, 4);
        descriptor.writeUInt32LE(compressed, 8);
        descriptor.writeUInt32LE(size, 12);
        this.entries.push({ name, crc: crc >>> 0, compressed, size, offset });
        this.open = false;
        if (!this.raw(descriptor)) await this.drained();
      },
    };
  }

  /** A whole entry at once. */
  async add(fileName: string, data: Uint8Array | string): Promise<void> {
    const e = this.entry(fileName);
    await e.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    await e.end();
  }

  /** Write the central directory and the end record, and end `out`. */
  async finish(): Promise<void> {
    if (this.open) throw new Error('zip: an entry is still open');
    const start = this.offset;
    for (const e of this.entries) {
      const dir = Buffer.alloc(46);
      dir.writeUInt32LE(0x02014b50, 0);
      dir.writeUInt16LE(20, 4);
      dir.writeUInt16LE(20, 6);
      dir.writeUInt16LE(FLAGS, 8);
      dir.writeUInt16LE(8, 10);
      dir.writeUInt16LE(DOS_DATE_1980, 14);
      dir.writeUInt32LE(e.crc, 16);
      dir.writeUInt32LE(e.compressed, 20);
      dir.writeUInt32LE(e.size, 24);
      dir.writeUInt16LE(e.name.length, 28);
      dir.writeUInt32LE(e.offset, 42);
      this.raw(dir);
      this.raw(e.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.raw(end);
    this.out.end();
    await this.until('finish');
  }

  private drained(): Promise<void> {
    return this.until('drain');
  }

  /** Resolves on `event` of the output; fails if the output closes first. */
  private async until(event: 'drain' | 'finish'): Promise<void> {
    if (this.out.destroyed) throw new Error(CLOSED);
    const ac = new AbortController();
    try {
      await Promise.race([
        once(this.out, event, { signal: ac.signal }),
        once(this.out, 'close', { signal: ac.signal }).then(() => { throw new Error(CLOSED); }),
      ]);
    } finally {
      ac.abort();
    }
  }

  private raw(b: Buffer): boolean {
    if (this.out.destroyed) throw new Error(CLOSED);
    if (this.offset + b.length > MAX_BYTES) throw new Error('zip: the archive is past the 4 GB a zip without zip64 holds');
    this.offset += b.length;
    return this.out.write(b);
  }
}

/** A piece's deflated bytes, its input given back once deflated. */
async function settled(p: { piece: Promise<Buffer>; release?: () => void }): Promise<Buffer> {
  const out = await p.piece;
  p.release?.();
  return out;
}

export interface ZipEntryWriter {
  /** `release` is called when `data` is no longer read (its buffer may then be written again). */
  write(data: Uint8Array, release?: () => void): Promise<void>;
  end(): Promise<void>;
}
