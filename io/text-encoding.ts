/**
 * A user's text file must be UTF-8. When it isn't, the error says what it most likely is: UTF-16
 * (what Excel saves as "Unicode Text", and some tools as CSV: a byte-order mark, or a zero
 * byte beside every ASCII character), else a legacy code page such as GBK — and how to save it
 * as UTF-8.
 */
import { isUtf8 } from 'node:buffer';
import { KaoheError } from '../indicators/index.js';

/** Bytes looked at to tell UTF-16 by its zero bytes. */
const SNIFF_BYTES = 512;

export function looksUtf16(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return true;
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  // ASCII text in UTF-16: a zero in (nearly) every pair, always on the same side.
  const pairs = n / 2;
  return (odd >= pairs / 2 && even === 0) || (even >= pairs / 2 && odd === 0);
}

export function utf16Error(where: string): KaoheError {
  return new KaoheError([{
    where,
    zh: '文件是 UTF-16 编码（Excel 的「Unicode 文本」）：请在 Excel/WPS 中另存为「CSV UTF-8（逗号分隔）」，或在编辑器中以 UTF-8 保存',
    en: 'the file is UTF-16 (Excel\'s "Unicode Text"): save it as "CSV UTF-8 (Comma delimited)" in Excel/WPS, or as UTF-8 in an editor',
  }]);
}

type FileKind = { zh: string; en: string };
const FILE: FileKind = { zh: '文件', en: 'file' };

/** The bytes as text (a BOM dropped), or checkUtf8's error. */
export function utf8Text(bytes: Uint8Array, where: string, kind: FileKind = FILE): string {
  checkUtf8(bytes, where, kind);
  return new TextDecoder('utf-8').decode(bytes);
}

/** Nothing, or a KaoheError at `where` saying which encoding the bytes seem to be in and how to save them as UTF-8. */
export function checkUtf8(bytes: Uint8Array, where: string, kind: FileKind = FILE): void {
  if (looksUtf16(bytes)) throw utf16Error(where);
  if (isUtf8(bytes)) return;
  throw new KaoheError([{
    where,
    zh: `${kind.zh}不是 UTF-8 编码（可能是 GBK）：请在 Excel/WPS 中另存为「CSV UTF-8」，或在编辑器中以 UTF-8 保存`,
    en: `the ${kind.en} is not UTF-8 (perhaps GBK): save it as "CSV UTF-8" in Excel/WPS, or as UTF-8 in an editor`,
  }]);
}
