/**
 * Checks on an .xlsx file before exceljs sees it, read from the zip's central directory with
 * yauzl (nothing is inflated, so a zip bomb is refused in milliseconds): the file's size, that
 * it is a zip at all (an old .xls renamed .xlsx is an OLE2 file), that it is whole, and caps on
 * entries, total uncompressed size, compression ratios and worksheets. The parse itself reads
 * the entries through the same directory (openXlsxZip), and yauzl stops any entry that
 * inflates to more than the directory says, so these checks bound what exceljs is given.
 * Other zips we read (an audit bundle) go through the same checks, named as what they are
 * (ZipKind), with openGuardedZip and readZipEntries.
 */
import { open, stat } from 'node:fs/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { KaoheError } from '../../indicators/index.js';

export interface ZipLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  maxEntries: number;
  /** Sum of the entries' uncompressed sizes, in bytes. */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed size of one entry (checked for entries over 1 MiB uncompressed). */
  maxEntryRatio: number;
  /** The same over the whole file (checked when it inflates to more than 10 MiB). */
  maxTotalRatio: number;
  /** Worksheets (xl/worksheets/*.xml). */
  maxSheets: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxBytes: 100 * MiB,
  maxEntries: 10_000,
  maxUncompressedBytes: 1024 * MiB,
  maxEntryRatio: 200,
  maxTotalRatio: 100,
  maxSheets: 100,
};

export interface ZipSummary {
  entries: number;
  compressedBytes: number;
  uncompressedBytes: number;
  sheets: number;
}

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const SHEET = /^xl\/worksheets\/[^/]+\.xml$/;

type Text = { zh: string; en: string };

/** A kind of zip file: what the messages call it and advise, and what it must hold. */
export interface ZipKind {
  /** Its name in messages: 工作簿 / workbook. */
  name: Text;
  /** After "too large (size, limit)": what to do instead. */
  tooLarge: Text;
  /** After "unsupported compression method (n)": how to get a readable file. */
  resave: Text;
  encrypted: Text;
  /** Not a zip at all (`text`: its first bytes look like text). */
  notZip: (text: boolean) => Text;
  /** Refuse, from the first 8 bytes, a known other kind of file before the zip check. */
  signature?: (head: Buffer, where: string) => void;
  /** Worksheets are counted and capped (maxSheets). */
  sheets: boolean;
  /** With every entry name seen: refuse a zip that lacks what this kind must hold. */
  complete: (names: ReadonlySet<string>, where: string) => void;
}

const XLSX_KIND: ZipKind = {
  name: { zh: '工作簿', en: 'workbook' },
  tooLarge: { zh: '：请拆分，或改用 CSV 导入大批数据', en: ': split it, or import a large round as CSV' },
  resave: { zh: '：请在 Excel 或 WPS 中重新保存', en: ': save the workbook again in Excel or WPS' },
  encrypted: { zh: '工作簿已加密：请去掉密码后另存为 .xlsx', en: 'the workbook is encrypted: remove the password and save it as .xlsx' },
  notZip: (text) => ({
    zh: `不是 .xlsx 工作簿（文件不是 zip 格式${text ? '，看起来是文本或 CSV 文件：CSV 请以 .csv 为扩展名' : ''}）`,
    en: `not an .xlsx workbook (the file is not a zip${text ? '; it looks like text or CSV: name a CSV file .csv' : ''})`,
  }),
  signature: (head, where) => {
    if (head.length >= 8 && head.subarray(0, 8).equals(OLE2)) {
      refuse(
        where,
        '这是旧版 .xls 工作簿（或设置了打开密码的工作簿）：请在 Excel 或 WPS 中“另存为” .xlsx 格式（不设密码）后再导入',
        'this is an old .xls workbook (or a password-protected one): save it as .xlsx (without a password) in Excel or WPS and import that',
      );
    }
  },
  sheets: true,
  complete: (seen, where) => {
    if (!seen.has('xl/workbook.xml')) {
      const ods = seen.has('content.xml') && seen.has('mimetype');
      refuse(
        where,
        `这是 zip 文件，但不是 Excel 工作簿（缺少 xl/workbook.xml${ods ? '；看起来是 OpenDocument .ods 表格：请另存为 .xlsx' : ''}）`,
        `this is a zip file but not an Excel workbook (no xl/workbook.xml${ods ? '; it looks like an OpenDocument .ods spreadsheet: save it as .xlsx' : ''})`,
      );
    }
  },
};

/** A checked workbook zip, open: its entries by name (the caller closes it). */
export interface CheckedZip {
  zip: ZipFile;
  entries: Map<string, Entry>;
  summary: ZipSummary;
}

/** Check a file or bytes from the directory and leave the zip open for reading. */
export async function openXlsxZip(input: string | Uint8Array, limits: Partial<ZipLimits> = {}, where = typeof input === 'string' ? input : 'workbook.xlsx'): Promise<CheckedZip> {
  const lim = { ...DEFAULT_ZIP_LIMITS, ...limits };
  if (typeof input !== 'string') {
    const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    return openGuardedZip(buf, XLSX_KIND, lim, where);
  }
  const head = Buffer.alloc(8);
  let size: number;
  try {
    size = (await stat(input)).size;
    checkSize(size, lim, where, XLSX_KIND);
    const fh = await open(input, 'r');
    try {
      await fh.read(head, 0, Math.min(8, size), 0);
    } finally {
      await fh.close();
    }
  } catch (e) {
    if (e instanceof KaoheError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new KaoheError([code === 'ENOENT'
      ? { where, zh: '找不到工作簿文件', en: 'workbook file not found' }
      : { where, zh: `无法读取工作簿文件（${code}）`, en: `cannot read the workbook file (${code})` }]);
  }
  checkSignature(head.subarray(0, Math.min(8, size)), where, XLSX_KIND);
  return checkDirectory(() => yauzl.openPromise(input, { lazyEntries: true, autoClose: false, validateEntrySizes: true }), lim, where, XLSX_KIND);
}

/** Check zip bytes of `kind` from the directory and leave the zip open for reading. */
export async function openGuardedZip(bytes: Buffer, kind: ZipKind, limits: Partial<ZipLimits>, where: string): Promise<CheckedZip> {
  const lim = { ...DEFAULT_ZIP_LIMITS, ...limits };
  checkSize(bytes.length, lim, where, kind);
  checkSignature(bytes.subarray(0, 8), where, kind);
  return checkDirectory(() => yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true }), lim, where, kind);
}

/** Every entry of checked zip bytes, inflated (yauzl stops an entry larger than the directory says). */
export async function readZipEntries(bytes: Buffer, kind: ZipKind, limits: Partial<ZipLimits>, where: string): Promise<Map<string, Buffer>> {
  const { zip, entries } = await openGuardedZip(bytes, kind, limits, where);
  const out = new Map<string, Buffer>();
  try {
    for (const [name, e] of entries) {
      if (e.fileName.endsWith('/')) continue;
      const stream = await zip.openReadStreamPromise(e);
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      out.set(name, Buffer.concat(chunks));
    }
  } catch (e) {
    if (e instanceof KaoheError) throw e;
    return damaged(where, (e as Error).message, kind);
  } finally {
    zip.close();
  }
  return out;
}

/** Check a workbook file from its zip directory; throws a KaoheError saying what is wrong. */
export async function checkXlsxFile(path: string, limits: Partial<ZipLimits> = {}, where = path): Promise<ZipSummary> {
  const { zip, summary } = await openXlsxZip(path, limits, where);
  zip.close();
  return summary;
}

export async function checkXlsxBuffer(bytes: Uint8Array, limits: Partial<ZipLimits> = {}, where = 'workbook.xlsx'): Promise<ZipSummary> {
  const { zip, summary } = await openXlsxZip(bytes, limits, where);
  zip.close();
  return summary;
}

function refuse(where: string, zh: string, en: string): never {
  throw new KaoheError([{ where, zh, en }]);
}

const mb = (bytes: number): string => (bytes < MiB ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / MiB).toFixed(1)} MB`);

function checkSize(size: number, lim: ZipLimits, where: string, k: ZipKind): void {
  if (size === 0) refuse(where, `${k.name.zh}文件为空（0 字节）`, `the ${k.name.en} file is empty (0 bytes)`);
  if (size > lim.maxBytes) {
    refuse(where, `${k.name.zh}文件过大（${mb(size)}，上限 ${mb(lim.maxBytes)}）${k.tooLarge.zh}`, `the ${k.name.en} is too large (${mb(size)}, limit ${mb(lim.maxBytes)})${k.tooLarge.en}`);
  }
}

function checkSignature(head: Buffer, where: string, k: ZipKind): void {
  k.signature?.(head, where);
  const zip = head.length >= 4 && (head.subarray(0, 4).equals(LOCAL_HEADER) || head.subarray(0, 4).equals(EMPTY_ZIP));
  if (!zip) {
    const text = head.length > 0 && [...head].every((b) => b === 0x09 || b === 0x0a || b === 0x0d || b >= 0x20);
    const m = k.notZip(text);
    refuse(where, m.zh, m.en);
  }
}

function damaged(where: string, detail: string, k: ZipKind): never {
  refuse(
    where,
    `${k.name.zh}文件已损坏或不完整（可能下载或复制中断）：请重新保存或重新获取该文件（${detail}）`,
    `the ${k.name.en} file is damaged or incomplete (an interrupted download or copy?): save or fetch it again (${detail})`,
  );
}

async function checkDirectory(openZip: () => Promise<ZipFile>, lim: ZipLimits, where: string, k: ZipKind): Promise<CheckedZip> {
  let zip: ZipFile;
  try {
    zip = await openZip();
  } catch (e) {
    return damaged(where, (e as Error).message, k);
  }
  let ok = false;
  try {
    if (zip.entryCount > lim.maxEntries) {
      refuse(where, `${k.name.zh}包含 ${zip.entryCount} 个压缩条目，超过上限 ${lim.maxEntries}：不是正常的${k.name.zh}`, `the ${k.name.en} holds ${zip.entryCount} zip entries, more than the limit of ${lim.maxEntries}: not an ordinary ${k.name.en}`);
    }
    const entries: Entry[] = [];
    let compressed = 0;
    let uncompressed = 0;
    let sheets = 0;
    const seen = new Set<string>();
    try {
      for await (const e of zip.eachEntry()) {
        checkEntry(e, lim, where, k);
        if (seen.has(e.fileName)) damaged(where, `two entries named ${e.fileName}`, k);
        seen.add(e.fileName);
        entries.push(e);
        compressed += e.compressedSize;
        uncompressed += e.uncompressedSize;
        if (uncompressed > lim.maxUncompressedBytes) {
          refuse(where, `${k.name.zh}解压后超过 ${mb(lim.maxUncompressedBytes)}（压缩炸弹？）：已拒绝`, `the ${k.name.en} inflates to more than ${mb(lim.maxUncompressedBytes)} (a zip bomb?): refused`);
        }
        if (k.sheets && SHEET.test(e.fileName) && ++sheets > lim.maxSheets) {
          refuse(where, `工作簿的工作表超过 ${lim.maxSheets} 个：请只保留填报所需的工作表`, `the workbook has more than ${lim.maxSheets} worksheets: keep only the sheets the round needs`);
        }
      }
    } catch (e) {
      if (e instanceof KaoheError) throw e;
      return damaged(where, (e as Error).message, k);
    }
    if (uncompressed > 10 * MiB && uncompressed > lim.maxTotalRatio * Math.max(1, compressed)) {
      refuse(where, `${k.name.zh}压缩比异常（${Math.round(uncompressed / Math.max(1, compressed))} 倍，上限 ${lim.maxTotalRatio}，压缩炸弹？）：已拒绝`, `the ${k.name.en}'s compression ratio is abnormal (${Math.round(uncompressed / Math.max(1, compressed))}×, limit ${lim.maxTotalRatio}; a zip bomb?): refused`);
    }
    k.complete(seen, where);
    ok = true;
    return { zip, entries: new Map(entries.map((e) => [e.fileName, e])), summary: { entries: entries.length, compressedBytes: compressed, uncompressedBytes: uncompressed, sheets } };
  } finally {
    if (!ok) zip.close();
  }
}

function checkEntry(e: Entry, lim: ZipLimits, where: string, k: ZipKind): void {
  const at = `${where}: ${e.fileName}`;
  if (e.isEncrypted()) refuse(at, k.encrypted.zh, k.encrypted.en);
  if (e.compressionMethod !== 0 && e.compressionMethod !== 8) {
    refuse(at, `不支持的压缩方式（${e.compressionMethod}）${k.resave.zh}`, `unsupported compression method (${e.compressionMethod})${k.resave.en}`);
  }
  const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
  if (e.uncompressedSize > MiB && ratio > lim.maxEntryRatio) {
    refuse(at, `压缩比异常（${Math.round(ratio)} 倍，上限 ${lim.maxEntryRatio}，压缩炸弹？）：已拒绝`, `abnormal compression ratio (${Math.round(ratio)}×, limit ${lim.maxEntryRatio}; a zip bomb?): refused`);
  }
}
