/**
 * One binary layout for columnar data kept in the store (snapshots, results):
 *
 *   8-byte magic · u32 LE header length · header (canonical JSON, UTF-8) · zero padding to a
 *   multiple of 8 · the columns, float64 little-endian, one after another in header order
 *   (the header says how long each is).
 *
 * Every NaN is written as the one canonical NaN, so equal data give equal bytes and equal
 * hashes whatever NaN payload a computation left behind.
 */
import { endianness } from 'node:os';
import { canonicalJson } from '../indicators/index.js';

if (endianness() !== 'LE') throw new Error('kaohe stores float64 columns little-endian and runs on little-endian machines only');

type Numbers = ArrayLike<number>;

export function encodeColumns(magic: string, header: unknown, columns: readonly Numbers[]): Buffer {
  if (magic.length !== 8) throw new Error('magic must be 8 characters');
  const head = Buffer.from(canonicalJson(header), 'utf8');
  const start = Math.ceil((12 + head.length) / 8) * 8;
  const total = columns.reduce((s, c) => s + c.length, 0);
  const out = Buffer.alloc(start + total * 8);
  out.write(magic, 0, 'latin1');
  out.writeUInt32LE(head.length, 8);
  head.copy(out, 12);
  const body = new Float64Array(out.buffer, out.byteOffset + start, total);
  let at = 0;
  for (const c of columns) {
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      body[at + i] = v === v ? v : NaN;
    }
    at += c.length;
  }
  return out;
}

/** The header and the columns, whose lengths `lengths(header)` gives in order. */
export function decodeColumns<H>(magic: string, blob: Uint8Array, lengths: (header: H) => number[]): { header: H; columns: Float64Array[] } {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== magic) throw new Error(`not a ${magic} blob`);
  const headLen = buf.readUInt32LE(8);
  const header = JSON.parse(buf.toString('utf8', 12, 12 + headLen)) as H;
  const start = Math.ceil((12 + headLen) / 8) * 8;
  const lens = lengths(header);
  const total = lens.reduce((s, l) => s + l, 0);
  if (buf.length !== start + total * 8) throw new Error(`${magic} blob has ${buf.length} bytes, expected ${start + total * 8}`);
  // A fresh, aligned copy: the blob's own offset need not be a multiple of 8.
  const all = new Float64Array(total);
  new Uint8Array(all.buffer).set(buf.subarray(start));
  let at = 0;
  const columns = lens.map((l) => {
    const c = all.subarray(at, at + l);
    at += l;
    return c;
  });
  return { header, columns };
}
