/**
 * A user's text file must be UTF-8. When it isn't, the error says what it most likely is: UTF-16
 * (what Excel saves as "Unicode Text", and some tools as CSV: a byte-order mark, or a zero
 * byte beside every ASCII character), else a legacy code page such as GBK — and how to save it
 * as UTF-8. A round's data CSV is read in those encodings too (dataCsvUtf8): UTF-16, and
 * GB18030 (which GBK is part of: what Chinese Excel and WPS save as "CSV").
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

/** UTF-16's byte order, by its byte-order mark or else by the side its zero bytes are on; null when not UTF-16. */
function utf16Order(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (!looksUtf16(bytes)) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  // ASCII in little-endian order: the zero is the second byte of each pair.
  return bytes[1] === 0 ? 'utf-16le' : 'utf-16be';
}

/**
 * A data CSV's bytes as UTF-8: UTF-8 (with or without a BOM) as they are; UTF-16 (either byte
 * order, with or without a BOM) and GB18030/GBK decoded; anything else (bytes valid in none of
 * them) refused with checkUtf8's advice.
 */
export function dataCsvUtf8(bytes: Buffer, where: string, kind: FileKind = FILE): Buffer {
  if (!looksUtf16(bytes) && isUtf8(bytes)) return bytes;
  const order = utf16Order(bytes);
  const decoded = decodeFatal(order ?? 'gb18030', bytes);
  if (decoded !== null) return Buffer.from(decoded, 'utf8');
  if (order !== null) throw utf16Error(where);
  throw new KaoheError([{
    where,
    zh: `${kind.zh}的编码无法识别（不是 UTF-8、UTF-16 或 GB18030/GBK）：请在 Excel/WPS 中另存为「CSV UTF-8」，或在编辑器中以 UTF-8 保存`,
    en: `the ${kind.en} is not UTF-8, UTF-16 or GB18030/GBK text: save it as "CSV UTF-8" in Excel/WPS, or as UTF-8 in an editor`,
  }]);
}

function decodeFatal(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
