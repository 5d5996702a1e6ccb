/**
 * Text as GBK bytes, for tests of files saved by Chinese Excel and WPS: a table of every
 * two-byte GBK code, built by decoding each with Node's gb18030 decoder.
 */
let table: Map<string, number> | null = null;

function gbkTable(): Map<string, number> {
  if (table) return table;
  const decoder = new TextDecoder('gb18030');
  table = new Map();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(lead, trail));
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, (lead << 8) | trail);
    }
  }
  return table;
}

export function gbkBytes(text: string): Buffer {
  const codes = gbkTable();
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const code = codes.get(ch);
      if (code === undefined) throw new Error(`no GBK code for ${ch}`);
      out.push(code >> 8, code & 0xff);
    }
  }
  return Buffer.from(out);
}
