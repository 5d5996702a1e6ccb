/**
 * One binary layout for columnar data kept in the store (snapshots, results):
 *
 *   8-byte magic · u32 LE header length · header (canonical JSON, UTF-8) · zero padding to a
 *   multiple of 8 · the columns, float64 little-endian, one after another in header order
 *   (the header says how long each is).
 *
 * Every NaN is written as the one canonical NaN, so equal data give equal bytes and equal
 * hashes whatever NaN payload a computation left behind.
 *
 * A header holds the entity ids (and names): a million strings. Their canonical JSON is what
 * JSON.stringify gives for an array of strings, several times faster than canonicalJson's walk,
 * and is remembered per array (rememberJson), so a snapshot decoded off the main thread hands
 * its ids' JSON to the results of every run on it.
 */
import { endianness } from 'node:os';
import { canonicalJson } from '../indicators/index.js';

if (endianness() !== 'LE') throw new Error('kaohe stores float64 columns little-endian and runs on little-endian machines only');

type Numbers = ArrayLike<number>;

const jsonOfArray = new WeakMap<readonly unknown[], string>();

/** Remember `json` as the canonical JSON of `array` (which must not change afterwards). */
export function rememberJson(array: readonly unknown[], json: string): void {
  jsonOfArray.set(array, json);
}

const isStringArray = (v: unknown): v is readonly (string | null)[] => Array.isArray(v) && v.every((x) => typeof x === 'string' || x === null);

/** canonicalJson(value), faster for arrays of strings (and nulls): the same text. */
export function fastCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    const known = jsonOfArray.get(value);
    if (known !== undefined) return known;
    if (isStringArray(value)) return JSON.stringify(value);
  }
  return canonicalJson(value);
}

/** canonicalJson of a header object, its top-level values by fastCanonicalJson: the same text. */
export function headerJson(header: object): string {
  const entries = Object.entries(header as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${fastCanonicalJson(v)}`).join(',')}}`;
}

/** Where the columns start, for a header of `headBytes` UTF-8 bytes. */
const bodyStart = (headBytes: number): number => Math.ceil((12 + headBytes) / 8) * 8;

/** The encoding of `columns` under the header text `head` (headerJson's output). */
export function encodeColumnsWithHead(magic: string, head: string, columns: readonly Numbers[]): Buffer {
  if (magic.length !== 8) throw new Error('magic must be 8 characters');
  const headBytes = Buffer.byteLength(head, 'utf8');
  const start = bodyStart(headBytes);
  const total = columns.reduce((s, c) => s + c.length, 0);
  // Not from Buffer's shared pool: its own ArrayBuffer, which can be moved to another thread.
  const out = Buffer.from(new ArrayBuffer(start + total * 8));
  out.write(magic, 0, 'latin1');
  out.writeUInt32LE(headBytes, 8);
  out.write(head, 12, 'utf8');
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

export function encodeColumns(magic: string, header: object, columns: readonly Numbers[]): Buffer {
  return encodeColumnsWithHead(magic, headerJson(header), columns);
}

/** A blob's header text and where its columns start, without decoding anything else. */
export function readHead(magic: string, blob: Uint8Array): { head: string; start: number } {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== magic) throw new Error(`not a ${magic} blob`);
  const headLen = buf.readUInt32LE(8);
  return { head: buf.toString('utf8', 12, 12 + headLen), start: bodyStart(headLen) };
}

export interface DecodeOptions {
  /** Copy the columns into one SharedArrayBuffer (for a frame the worker pool reads in place). */
  shared?: boolean;
}

/** The header and the columns, whose lengths `lengths(header)` gives in order. */
export function decodeColumns<H>(magic: string, blob: Uint8Array, lengths: (header: H) => number[], options: DecodeOptions = {}): { header: H; columns: Float64Array[] } {
  const { head, start } = readHead(magic, blob);
  const header = JSON.parse(head) as H;
  return { header, columns: decodeBody(magic, blob, start, lengths(header), options) };
}

/** The columns of a blob whose body starts at `start`, of the lengths given. */
export function decodeBody(magic: string, blob: Uint8Array, start: number, lens: number[], options: DecodeOptions = {}): Float64Array[] {
  const total = lens.reduce((s, l) => s + l, 0);
  if (blob.byteLength !== start + total * 8) throw new Error(`${magic} blob has ${blob.byteLength} bytes, expected ${start + total * 8}`);
  // A fresh, aligned copy: the blob's own offset need not be a multiple of 8.
  const all = new Float64Array(options.shared ? new SharedArrayBuffer(total * 8) : new ArrayBuffer(total * 8));
  new Uint8Array(all.buffer).set(blob.subarray(start));
  let at = 0;
  return lens.map((l) => {
    const c = all.subarray(at, at + l);
    at += l;
    return c;
  });
}
