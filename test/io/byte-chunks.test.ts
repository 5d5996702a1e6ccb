import { describe, expect, it } from 'vitest';
import { roundHalfEven } from '../../engine/index.js';
import { numberCell } from '../../io/csv-output.js';
import { ByteChunks, xmlText } from '../../io/xlsx/byte-chunks.js';
import { roundedText } from '../../io/xlsx/xlsx-writer.js';

function written(write: (b: ByteChunks) => void, size = 64): string {
  const b = new ByteChunks(size);
  write(b);
  return Buffer.concat(b.take()).toString('utf8');
}

/** A seeded stream of doubles (mulberry32), so a failure names a value that can be tried again. */
function stream(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('bytes written for a number', () => {
  it('are the text String() gives (the results CSV\'s), for every kind of double', () => {
    const next = stream(20261204);
    const values = [0, -0, 1, -1, 0.1, 0.2 + 0.1, 72.125, 99.995, 1e-7, 1.5e-6, 0.000001, 123456789.123456, 999999999.9999999, 1e9, 1e9 + 0.5, -1e9 - 0.25,
      2 ** 53, 2 ** 53 + 2, 1e15, 1e15 - 1, -1e15 + 1, 1e21, 1e22, 5e-324, Number.MAX_VALUE, -Number.MIN_VALUE, Infinity, -Infinity];
    for (let k = 0; k < 200_000; k++) {
      const u = next();
      const places = Math.floor(next() * 8);
      values.push(
        u * 100, // full precision
        Math.round(u * 10 ** places * 100) / 10 ** places, // a few decimals
        (u - 0.5) * 10 ** Math.floor(next() * 24 - 8), // any magnitude
        Math.round(u * 1e4) / 100 + Math.round(next() * 1e4) / 100, // sums of two-decimal scores
        (Math.round(u * 1e6) / 1e4) * 0.3, // products
      );
    }
    const wrong = values.filter((v) => written((b) => b.number(v)) !== numberCell(v));
    expect(wrong.map((v) => [v, written((b) => b.number(v))])).toEqual([]);
  });

  it('rounded to the scheme\'s decimals are roundedText\'s, whatever the buffer\'s size', () => {
    const next = stream(7);
    const wrong: [number, number, string][] = [];
    for (const size of [1, 5, 1 << 16]) {
      for (let k = 0; k < 20_000; k++) {
        const v = (next() - 0.3) * 10 ** Math.floor(next() * 12 - 2);
        for (const d of [0, 1, 2, 4]) {
          const text = written((b) => b.rounded(v, d), size);
          const r = roundHalfEven(v, d);
          if (text !== roundedText(v, d) || Number(text) !== (r === 0 ? 0 : r)) wrong.push([v, d, text]);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('bytes written for text', () => {
  it('are its XML escape in UTF-8, control characters dropped, across buffer boundaries', () => {
    const texts = ['plain', 'a&b<c>"d\'e', '中文 / English', '=SUM(A1)', 'tab\there\nline', 'bell\x07end', '😀 emoji', ''];
    for (const size of [1, 3, 64]) {
      const text = written((b) => { for (const t of texts) b.xml(t); }, size);
      expect(text).toBe(texts.map(xmlText).join(''));
    }
    expect(xmlText('a&b<c>"d\'e\x07')).toBe('a&amp;b&lt;c&gt;&quot;d&apos;e');
  });

  it('hands on whole buffers of at most the size asked, in order, and nothing twice', () => {
    const b = new ByteChunks(8);
    for (let k = 0; k < 100; k++) b.int(k);
    expect(b.length).toBe(190);
    const parts = b.take();
    expect(parts.every((p) => p.length <= 8)).toBe(true);
    expect(Buffer.concat(parts).toString()).toBe(Array.from({ length: 100 }, (_, k) => String(k)).join(''));
    expect(b.length).toBe(0);
    expect(b.take()).toEqual([]);
  });
});
