/**
 * Bytes written straight into buffers of a fixed size, handed on whole when full: a sheet's
 * XML, the results CSV's lines hashed beside it. Numbers are written digit by digit where that
 * gives the same text as `String()`; text is XML-escaped and UTF-8 encoded on the way, with no
 * string made per cell.
 */
import { roundHalfEven } from '../../engine/index.js';

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/**
 * A score rounded half to even to `decimals` places, as a whole number of 10^-decimals
 * (72.10 → 7210), or NaN when that isn't a 31-bit integer (then the rounded double is written).
 */
export function roundedUnits(v: number, decimals: number): number {
  const p = POW10[decimals];
  if (p === undefined) return NaN;
  const k = Math.round(roundHalfEven(v, decimals) * p);
  return Number.isSafeInteger(k) && Math.abs(k) < 2 ** 31 ? k : NaN;
}

/** A whole number that `int` writes as `String` does (and whose digits it divides out exactly). */
function isShortInteger(v: number): boolean {
  return Number.isInteger(v) && v < 1e15 && v > -1e15;
}

// XML 1.0 can't hold these: & < > " ' are escaped, the control characters dropped (as exceljs did).
// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[&<>"'\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escape text for XML; characters XML 1.0 can't hold are dropped. */
export function xmlText(s: string): string {
  XML_SPECIAL.lastIndex = 0;
  return XML_SPECIAL.test(s) ? s.replace(XML_SPECIAL, (c) => XML_ESCAPES[c] ?? '') : s;
}

/** 1 for a UTF-16 code unit that is written as itself in XML text (printable ASCII but & < > " '). */
const PLAIN = new Uint8Array(128);
for (let c = 0x20; c < 0x7f; c++) PLAIN[c] = 1;
for (const c of '&<>"\'') PLAIN[c.charCodeAt(0)] = 0;
PLAIN[0x09] = PLAIN[0x0a] = PLAIN[0x0d] = 1;

export class ByteChunks {
  private buf: Buffer;
  private pos = 0;
  private held = 0;
  private readonly full: Buffer[] = [];
  /** Buffers given back (recycle) to be written again: fewer new ones, less for the collector. */
  private readonly free: Buffer[] = [];

  constructor(private readonly size = 1 << 20) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Bytes written and not yet taken. */
  get length(): number {
    return this.held + this.pos;
  }

  /** Everything written so far, in order; the buffers are the caller's from then on. */
  take(): Buffer[] {
    if (this.pos > 0) this.hand(this.fresh());
    this.held = 0;
    return this.full.splice(0);
  }

  /** A buffer `take` handed out, no longer read by whoever took it. */
  recycle(b: Buffer): void {
    if (b.byteOffset === 0 && b.buffer.byteLength === this.size && this.free.length < 16) this.free.push(Buffer.from(b.buffer, 0, this.size));
  }

  /** Text known to be ASCII and to need no escaping (markup, digits). */
  ascii(s: string): void {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.room(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Bytes as they are (pre-encoded markup). */
  bytes(src: Uint8Array): void {
    this.bytesOf(src, src.length);
  }

  /** The first n of `src`'s bytes. */
  bytesOf(src: Uint8Array, n: number): void {
    if (this.pos + n > this.buf.length) this.room(n);
    const b = this.buf;
    let p = this.pos;
    if (n < 32) for (let i = 0; i < n; i++) b[p++] = src[i];
    else {
      b.set(src, p);
      p += n;
    }
    this.pos = p;
  }

  /** Text as UTF-8, unescaped. */
  utf8(s: string): void {
    const max = s.length * 3;
    if (this.pos + max > this.buf.length) this.room(max);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** Text as XML character data (escaped, UTF-8). */
  xml(s: string): void {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.room(n);
    const b = this.buf;
    const start = this.pos;
    let p = start;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128 || PLAIN[c] === 0) {
        this.pos = start;
        this.utf8(xmlText(s));
        return;
      }
      b[p++] = c;
    }
    this.pos = p;
  }

  /** The decimal digits of a whole number below 10^15 in size. */
  int(v: number): void {
    if (this.pos + 17 > this.buf.length) this.room(17);
    const b = this.buf;
    let p = this.pos;
    if (v < 0) {
      b[p++] = 0x2d;
      v = -v;
    }
    if (v < 10) b[p++] = 0x30 + v;
    else {
      let digits = 1;
      for (let t = v; t >= 10; t = Math.floor(t / 10)) digits++;
      p += digits;
      for (let q = p - 1; q >= p - digits; q--) {
        const t = Math.floor(v / 10);
        b[q] = 0x30 + (v - t * 10);
        v = t;
      }
    }
    this.pos = p;
  }

  /** A number as the results CSV writes it (`numberCell`: 0 for −0), nothing for NaN. */
  number(v: number): void {
    if (v !== v) return;
    if (isShortInteger(v)) this.int(v === 0 ? 0 : v);
    else if (!this.shortDecimal(v)) this.ascii(String(v));
  }

  /** A number as `number` writes it, into this and into `also` (a cell and its CSV field). */
  numberTwice(v: number, also: ByteChunks): void {
    if (this.pos + 32 > this.buf.length) this.room(32);
    const start = this.pos;
    this.number(v);
    const n = this.pos - start;
    if (also.pos + n > also.buf.length) also.room(n);
    const from = this.buf;
    const to = also.buf;
    let p = also.pos;
    for (let i = start; i < this.pos; i++) to[p++] = from[i];
    also.pos = p;
  }

  /**
   * v as `String(v)` writes it when that is a decimal of at most 6 places below 10^9 in size:
   * the first d with round(v × 10^d) / 10^d === v gives the shortest decimal that reads back as
   * v (the division is correctly rounded), and below 10^9 no other of d places does. False
   * (nothing written) otherwise.
   */
  private shortDecimal(v: number): boolean {
    if (v >= 1e9 || v <= -1e9) return false;
    for (let d = 1; d <= 6; d++) {
      const p = POW10[d];
      const m = Math.round(v * p);
      if (m / p === v) {
        this.fixed(m, d);
        return true;
      }
    }
    return false;
  }

  /** k × 10^-decimals with exactly that many decimals (k a 31-bit or short integer). */
  private fixed(k: number, decimals: number): void {
    const p = POW10[decimals];
    let a = k;
    if (k < 0) {
      this.ascii('-');
      a = -k;
    }
    const whole = Math.floor(a / p);
    this.int(whole);
    if (this.pos + decimals + 1 > this.buf.length) this.room(decimals + 1);
    const b = this.buf;
    let frac = a - whole * p;
    const end = this.pos + decimals + 1;
    b[this.pos] = 0x2e;
    for (let q = end - 1; q > this.pos; q--) {
      const t = Math.floor(frac / 10);
      b[q] = 0x30 + (frac - t * 10);
      frac = t;
    }
    this.pos = end;
  }

  /** A number rounded half to even to `decimals` places, with exactly that many decimals ("72.10"). */
  rounded(v: number, decimals: number): void {
    const k = roundedUnits(v, decimals);
    if (k !== k) {
      this.number(roundHalfEven(v, decimals));
      return;
    }
    if (decimals === 0) this.int(k === 0 ? 0 : k);
    else this.fixed(k, decimals);
  }

  /** Room for n more bytes: the current buffer is handed on and a new one begun. */
  private room(n: number): void {
    this.hand(n <= this.size ? this.fresh() : Buffer.allocUnsafe(n));
  }

  private fresh(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafe(this.size);
  }

  private hand(next: Buffer): void {
    if (this.pos > 0) {
      this.full.push(this.buf.subarray(0, this.pos));
      this.held += this.pos;
    }
    this.buf = next;
    this.pos = 0;
  }
}
