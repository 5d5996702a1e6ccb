/**
 * A minimal zip writer (PKWARE APPNOTE 4.3: local headers, central directory, end record; no
 * zip64, no encryption): every entry deflated with node:zlib (crc32 needs Node ≥ 20.15), whole
 * in memory. Written here because none of our declared dependencies writes zips (jszip and
 * archiver are only exceljs's own dependencies); yauzl reads what it writes like any zip. Names
 * are UTF-8 (general purpose bit 11); times a fixed 1980-01-01, so the same files give the same bytes.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntryInput {
  name: string;
  data: Uint8Array;
}

/** Past these, a zip needs zip64, which this writer doesn't write. */
const MAX_ENTRIES = 0xffff;
const MAX_BYTES = 0xffffffff;
const UTF8_NAMES = 0x0800;
const DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1;

export function zipBuffer(entries: readonly ZipEntryInput[]): Buffer {
  if (entries.length > MAX_ENTRIES) throw new Error(`zip: ${entries.length} entries, more than ${MAX_ENTRIES}`);
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const deflated = deflateRawSync(e.data, { level: 6 });
    if (e.data.length > MAX_BYTES || offset > MAX_BYTES) throw new Error(`zip: ${e.name} is past the 4 GB a zip without zip64 holds`);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE_1980, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(UTF8_NAMES, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt16LE(0, 12);
    dir.writeUInt16LE(DOS_DATE_1980, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(deflated.length, 20);
    dir.writeUInt32LE(e.data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, deflated);
    central.push(dir, name);
    offset += local.length + name.length + deflated.length;
  }
  const dirBytes = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}
